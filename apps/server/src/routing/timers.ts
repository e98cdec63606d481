// The clocks of routing, checked on every routing tick: an assignment nobody answers, an agent
// who stays offline, and a visitor who went quiet. Each acts through an atomic transition, so two
// nodes checking at once change a conversation once.
import { applyTransition } from '../commands/apply-transition.js';
import { postEntry } from '../commands/post-entry.js';
import type { AgentId, TenantId } from '../domain/ids.js';
import type { Conversation, Participant, Tenant } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Transition } from '../ports/conversation-store.js';
import type { Presence } from '../ports/presence.js';
import type { Store } from '../ports/store.js';

const SYSTEM: Participant = { role: 'system', id: 'routing' };
/** Conversations handled per timer per tick; the rest wait for the next tick. */
const BATCH = 100;

export interface TimerDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  presence: Presence;
  log: Logger;
}

export class RoutingTimers {
  /** Agents never seen connected since this node started count as offline since then. */
  private readonly startedMs: number;

  constructor(private readonly deps: TimerDeps) {
    this.startedMs = deps.clock.now();
  }

  async run(tenant: Tenant): Promise<void> {
    const s = tenant.settings;
    if (s.unansweredTimeoutMs !== null) await this.rerouteUnanswered(tenant, s.unansweredTimeoutMs);
    if (s.offlineRequeueMs !== null) await this.requeueOfOfflineAgents(tenant, s.offlineRequeueMs);
    if (s.autoResolveMs !== null) await this.resolveQuiet(tenant, s.autoResolveMs);
  }

  private iso(msAgo: number): string {
    return new Date(this.deps.clock.now() - msAgo).toISOString();
  }

  private async apply(tenantId: TenantId, conversation: Conversation, transition: Transition): Promise<boolean> {
    return (await applyTransition(this.deps, tenantId, conversation.id, transition)).kind === 'applied';
  }

  /** No reply from the assignee within the timeout: back to the queue (and the agent marked away, if so configured). */
  private async rerouteUnanswered(tenant: Tenant, timeoutMs: number): Promise<void> {
    const stale = await this.deps.store.listConversations(tenant.id, {
      status: ['open'],
      unanswered: true,
      assignedBefore: this.iso(timeoutMs),
      limit: BATCH,
    });
    for (const c of stale) {
      const agentId = c.assigneeId!;
      const moved = await this.apply(tenant.id, c, {
        from: { statuses: ['open'], assigneeId: agentId },
        to: { status: 'queued', assigneeId: null },
        event: { actor: SYSTEM, name: 'unanswered', text: 'No reply from the agent in time; routing again', data: { agentId, timeoutMs } },
      });
      if (moved && tenant.settings.unansweredMarksAway) await this.markAway(tenant.id, agentId);
    }
  }

  private async markAway(tenantId: TenantId, agentId: AgentId): Promise<void> {
    const agent = await this.deps.store.updateAgent(tenantId, agentId, { manualStatus: 'away' });
    if (agent) this.deps.bus.publish({ type: 'agent.updated', tenantId, agent });
  }

  /** An agent offline longer than allowed gives their open conversations back to the queue. */
  private async requeueOfOfflineAgents(tenant: Tenant, afterMs: number): Promise<void> {
    const now = this.deps.clock.now();
    const live = new Map((await this.deps.presence.agentsOf(tenant.id)).map((p) => [p.agentId, p]));
    for (const agent of await this.deps.store.listAgents(tenant.id)) {
      const p = live.get(agent.id);
      if (p && p.connections > 0) continue;
      const offlineSince = p?.offlineSinceMs ?? this.startedMs;
      if (now - offlineSince < afterMs) continue;
      const held = await this.deps.store.listConversations(tenant.id, { status: ['open'], assigneeId: agent.id, limit: BATCH });
      for (const c of held) {
        await this.apply(tenant.id, c, {
          from: { statuses: ['open'], assigneeId: agent.id },
          to: { status: 'queued', assigneeId: null },
          event: { actor: SYSTEM, name: 'requeued', text: `${agent.name} is offline; routing again`, data: { agentId: agent.id, reason: 'agent_offline' } },
        });
      }
    }
  }

  /** A visitor quiet for too long: a closing message, then resolved. Their next message reopens it. */
  private async resolveQuiet(tenant: Tenant, afterMs: number): Promise<void> {
    const quiet = await this.deps.store.listConversations(tenant.id, {
      status: ['bot', 'queued', 'open'],
      visitorQuietSince: this.iso(afterMs),
      limit: BATCH,
    });
    for (const c of quiet) {
      // Keyed by the seq it closes after: a retry after a crash stores the message once.
      await postEntry(this.deps, {
        tenantId: tenant.id,
        conversationId: c.id,
        sender: SYSTEM,
        clientMsgId: `auto-resolve:${c.id}:${c.lastSeq}`,
        kind: 'text',
        text: tenant.settings.closingMessage,
      });
      await this.apply(tenant.id, c, {
        from: { statuses: ['bot', 'queued', 'open'] },
        to: { status: 'resolved', pendingTransferTo: null },
        event: { actor: SYSTEM, name: 'resolved', text: 'Resolved after the visitor went quiet', data: { by: 'inactivity', afterMs } },
      });
    }
  }
}
