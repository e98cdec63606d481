// Routing: gives queued conversations to available agents, per team policy, whenever the queue,
// an agent's availability or someone's capacity changes. Every assignment is an atomic claim in
// the store (capacity checked in the same step), so routers on several nodes may race safely.
import { applyTransition } from '../commands/apply-transition.js';
import { rankCandidates, type Candidate, type RoutingPolicy } from '../domain/agent-selection.js';
import { availabilityOf, effectiveCapacity } from '../domain/availability.js';
import { isOpen } from '../domain/business-hours.js';
import type { AgentId, TeamId, TenantId } from '../domain/ids.js';
import type { Agent, Conversation, Team, Tenant } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Bus, BusEvent } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Presence } from '../ports/presence.js';
import type { Store } from '../ports/store.js';
import { RoutingTimers } from './timers.js';
import { WaitStats } from './wait-stats.js';

export interface RouterDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  presence: Presence;
  log: Logger;
}

const MIN_REAL_WAIT_MS = 1_000;
const PASS_DEBOUNCE_MS = 20;

/** Queued conversations looked at per pass; the rest wait for the next pass. */
const QUEUE_WINDOW = 500;

interface Snapshot {
  tenant: Tenant;
  teams: Map<TeamId, Team>;
  members: Map<TeamId, AgentId[]>;
  /** The agents with a live connection: nobody else can be available. */
  connected: Map<AgentId, Agent>;
  available: Set<AgentId>;
  openCount: Map<AgentId, number>;
}

export class Router {
  readonly waits = new WaitStats();
  private readonly running = new Map<TenantId, Promise<void>>();
  private readonly dirty = new Set<TenantId>();
  /** Last position and eta sent per queued conversation, so unchanged ones are not resent. */
  private readonly announced = new Map<string, string>();
  private readonly unsubscribe: Array<() => void> = [];
  private ticker: NodeJS.Timeout | null = null;
  private ticking = false;
  private stopped = false;
  private readonly timers: RoutingTimers;

  constructor(private readonly deps: RouterDeps) {
    this.timers = new RoutingTimers(deps);
  }

  /**
   * Listens for what changes routing, and every `tickMs` looks at every tenant anyway: business
   * hours open and agents go idle without any event.
   */
  start(tickMs: number): void {
    this.unsubscribe.push(this.deps.bus.subscribe((event) => this.onEvent(event)));
    this.unsubscribe.push(this.deps.presence.onChange((tenantId) => this.schedule(tenantId)));
    this.ticker = setInterval(() => void this.tick(), tickMs);
    this.ticker.unref();
  }

  /** Stops listening and ticking, and waits for the passes under way, so none runs after the store closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await Promise.all([...this.running.values()]);
  }

  /** Runs the timers of every tenant, then a pass. A tick still running when the next is due is not doubled. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const tenant of await this.deps.store.listTenants()) {
        await this.timers.run(tenant);
        this.schedule(tenant.id);
      }
    } catch (error) {
      this.deps.log.error('routing tick failed', { error });
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Runs a pass for the tenant soon. Requests within `PASS_DEBOUNCE_MS` coalesce into one pass
   * (a reconnect storm of agents makes one pass, not hundreds), and passes of one tenant never overlap.
   */
  schedule(tenantId: TenantId): void {
    if (this.stopped) return;
    if (this.running.has(tenantId)) {
      this.dirty.add(tenantId);
      return;
    }
    const run = (async () => {
      await new Promise((resolve) => setTimeout(resolve, PASS_DEBOUNCE_MS));
      if (this.stopped) return;
      do {
        this.dirty.delete(tenantId);
        try {
          await this.pass(tenantId);
        } catch (error) {
          this.deps.log.error('routing pass failed', { tenantId, error });
        }
      } while (this.dirty.has(tenantId));
    })();
    this.running.set(tenantId, run);
    void run.finally(() => this.running.delete(tenantId));
  }

  /** Resolves when no pass is running or due for the tenant; for tests and drains. */
  async idle(tenantId: TenantId): Promise<void> {
    while (this.running.has(tenantId)) await this.running.get(tenantId);
  }

  private onEvent(event: BusEvent): void {
    if (event.type === 'agent.updated' || event.type === 'routing.changed') return this.schedule(event.tenantId);
    if (event.type !== 'conversation.updated') return;
    const c = event.conversation;
    if (c.status === 'open' && c.assigneeId && c.assignedAt && c.queuedAt) {
      const waitMs = Date.parse(c.assignedAt) - Date.parse(c.queuedAt);
      // Only conversations that really waited tell how long the queue takes; one assigned at once would say "0 s".
      if (waitMs >= MIN_REAL_WAIT_MS) this.waits.record(event.tenantId, waitMs);
    }
    if (c.status !== 'queued') this.announced.delete(c.id);
    // A new or re-queued conversation, or capacity freed by a resolve or a reassignment.
    this.schedule(event.tenantId);
  }

  private async snapshot(tenantId: TenantId): Promise<Snapshot | null> {
    const { store, presence, clock } = this.deps;
    const tenant = await store.getTenant(tenantId);
    if (!tenant) return null;
    // Only connected agents are read: a tenant may have many more agents than are at work, and a
    // pass runs for every new conversation (bench/FINDINGS.md, "Routing read every agent per pass").
    const live = (await presence.agentsOf(tenantId)).filter((p) => p.connections > 0);
    const [teamList, agents] = await Promise.all([store.listTeams(tenantId), store.listAgentsByIds(tenantId, live.map((p) => p.agentId))]);
    const liveById = new Map(live.map((p) => [p.agentId, p]));
    const now = clock.now();
    const available = new Set(
      agents.filter((a) => availabilityOf(a, liveById.get(a.id), tenant.settings, now) === 'online').map((a) => a.id),
    );
    const members = new Map<TeamId, AgentId[]>();
    await Promise.all(teamList.map(async (t) => members.set(t.id, await store.listTeamMembers(tenantId, t.id))));
    const openCount = await store.countOpenByAgent(tenantId, [...available]);
    return { tenant, teams: new Map(teamList.map((t) => [t.id, t])), members, connected: new Map(agents.map((a) => [a.id, a])), available, openCount };
  }

  private async pass(tenantId: TenantId): Promise<void> {
    // Most passes find nobody waiting: the queue is read first, from its index, and the
    // snapshot of agents and teams is built only when there is something to route.
    const queue = await this.deps.store.listQueue(tenantId, { limit: QUEUE_WINDOW });
    if (queue.length === 0) return;
    const snap = await this.snapshot(tenantId);
    if (!snap) return;
    const stillQueued: Conversation[] = [];
    for (const conversation of queue) {
      const assigned = snap.available.size > 0 && (await this.tryAssign(snap, conversation));
      if (!assigned) stillQueued.push(conversation);
    }
    this.announce(snap, stillQueued);
  }

  private policyOf(snap: Snapshot, teamId: TeamId | null): RoutingPolicy {
    return teamId ? (snap.teams.get(teamId)?.policy ?? snap.tenant.settings.poolPolicy) : snap.tenant.settings.poolPolicy;
  }

  private async tryAssign(snap: Snapshot, conversation: Conversation): Promise<boolean> {
    const { clock } = this.deps;
    // Offered to someone by a transfer: theirs to accept or decline, not routing's to give away.
    if (conversation.pendingTransferTo) return false;
    const team = conversation.teamId ? snap.teams.get(conversation.teamId) : undefined;
    if (team?.businessHours && !isOpen(team.businessHours, clock.now())) return false;
    const policy = this.policyOf(snap, conversation.teamId);
    const candidates: Candidate[] = availableFor(snap, team?.id ?? null).map((id) => {
      const agent = snap.connected.get(id)!;
      return {
        agentId: id,
        openCount: snap.openCount.get(id) ?? 0,
        capacity: effectiveCapacity(agent, snap.tenant.settings),
        lastAssignedAtMs: agent.lastAssignedAt ? Date.parse(agent.lastAssignedAt) : null,
      };
    });
    const sticky = await this.stickyAgent(snap, conversation);
    for (const agentId of rankCandidates(policy, candidates, sticky)) {
      const agent = snap.connected.get(agentId)!;
      const result = await applyTransition(this.deps, snap.tenant.id, conversation.id, {
        from: { statuses: ['queued'], unassigned: true, capacityOf: { agentId, capacity: effectiveCapacity(agent, snap.tenant.settings) } },
        to: { status: 'open', assigneeId: agentId },
        event: { actor: { role: 'system', id: 'routing' }, name: 'assigned', text: `Assigned to ${agent.name}`, data: { agentId, by: 'routing', policy } },
      });
      if (result.kind === 'applied') {
        snap.openCount.set(agentId, (snap.openCount.get(agentId) ?? 0) + 1);
        agent.lastAssignedAt = new Date(clock.now()).toISOString();
        return true;
      }
      if (result.kind === 'not_found' || result.conversation.status !== 'queued' || result.conversation.assigneeId) return true;
      // Refused with the conversation still queued: this agent filled up meanwhile (another node); try the next.
      snap.openCount.set(agentId, effectiveCapacity(agent, snap.tenant.settings));
    }
    return false;
  }

  private async stickyAgent(snap: Snapshot, conversation: Conversation): Promise<AgentId | null> {
    const windowMs = snap.tenant.settings.stickyWindowMs;
    if (windowMs <= 0) return null;
    const since = new Date(this.deps.clock.now() - windowMs).toISOString();
    return this.deps.store.lastAssigneeOfContact(snap.tenant.id, conversation.contactId, since);
  }

  /** Tells each waiting visitor their place in their team's queue and the estimated wait, when it changed. */
  private announce(snap: Snapshot, queued: Conversation[]): void {
    const positions = new Map<string, number>();
    const serversOf = new Map<string, number>();
    for (const conversation of queued) {
      const key = conversation.teamId ?? '';
      const position = (positions.get(key) ?? 0) + 1;
      positions.set(key, position);
      let servers = serversOf.get(key);
      if (servers === undefined) {
        servers = availableFor(snap, conversation.teamId).length;
        serversOf.set(key, servers);
      }
      const etaMs = this.waits.estimateMs(snap.tenant.id, position, servers);
      const said = `${position}:${Math.ceil(etaMs / 1000)}`;
      if (this.announced.get(conversation.id) === said) continue;
      this.announced.set(conversation.id, said);
      this.deps.bus.publish({ type: 'queue.updated', tenantId: snap.tenant.id, conversation, position, etaMs });
    }
  }
}

/** The available agents a conversation may go to: its team's, or anyone's when it has no team. */
function availableFor(snap: Snapshot, teamId: TeamId | null): AgentId[] {
  return teamId ? (snap.members.get(teamId) ?? []).filter((id) => snap.available.has(id)) : [...snap.available];
}
