// The live overview for the admins' dashboard: conversations by status, the queue, who is online,
// and first-response time, resolution time and satisfaction over the last hours, hour by hour.
import { availabilityOf, type Availability } from '../domain/availability.js';
import { AppError } from '../domain/app-error.js';
import type { Conversation, ConversationStatus, Entry } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { CsatSummary } from '../ports/agent-tools-store.js';
import type { ConversationFilter } from '../ports/conversation-store.js';
import type { Presence } from '../ports/presence.js';
import type { CommandContext } from './context.js';

/** Longest window the report covers, hours: a week keeps the scan of conversations bounded. */
export const OVERVIEW_MAX_HOURS = 168;
/** Conversations read per status or per window; past it the report says `truncated`. */
const SCAN_LIMIT = 5_000;
const PAGE = 500;
/** Entries of a timeline read to find the first reply; a reply later than this is not counted. */
const FIRST_REPLY_SCAN = 200;

export interface DurationStats {
  count: number;
  averageMs: number | null;
  medianMs: number | null;
}

export interface OverviewBucket {
  /** Start of the hour, ISO 8601. */
  from: string;
  created: number;
  resolved: number;
  firstResponseAvgMs: number | null;
  csatAvg: number | null;
}

export interface OverviewReport {
  from: string;
  to: string;
  hours: number;
  /** Conversations now in each status that is not resolved. */
  active: Record<Exclude<ConversationStatus, 'resolved'>, number>;
  queue: { length: number; longestWaitMs: number | null };
  agents: Record<Availability, number> & { total: number };
  /** Conversations created in the window. */
  created: number;
  /** From the visitor's first message to the first reply by a person, of conversations created in the window. */
  firstResponse: DurationStats;
  /** From creation to resolution, of conversations resolved in the window. */
  resolution: DurationStats;
  csat: CsatSummary;
  series: OverviewBucket[];
  /** True when a scan stopped at its limit: the counts are lower bounds. */
  truncated: boolean;
}

type OverviewContext = Pick<CommandContext, 'store' | 'clock'> & { presence: Presence };

/**
 * First-response times already found, by conversation id. A first reply never changes once
 * written, so a dashboard refreshed every few seconds reads each timeline once, not every time.
 * Bounded: past `FIRST_RESPONSE_CACHE_MAX` entries it starts again.
 */
export class FirstResponseCache {
  private readonly known = new Map<string, number>();
  get(conversationId: string): number | undefined {
    return this.known.get(conversationId);
  }
  set(conversationId: string, ms: number): void {
    if (this.known.size >= FIRST_RESPONSE_CACHE_MAX) this.known.clear();
    this.known.set(conversationId, ms);
  }
}
const FIRST_RESPONSE_CACHE_MAX = 100_000;

/** Admins only. `hours` is 1 to OVERVIEW_MAX_HOURS. */
export async function overviewReport(ctx: OverviewContext, actor: AgentPrincipal, hours: number, cache = new FirstResponseCache()): Promise<OverviewReport> {
  if (actor.agentRole !== 'admin') throw new AppError('forbidden', 'reports are for admins');
  if (!Number.isInteger(hours) || hours < 1 || hours > OVERVIEW_MAX_HOURS) throw new AppError('invalid', `hours must be 1 to ${OVERVIEW_MAX_HOURS}`);
  const tenantId = actor.tenantId;
  const nowMs = ctx.clock.now();
  const fromMs = nowMs - hours * 3_600_000;
  const range = { fromIso: new Date(fromMs).toISOString(), toIso: new Date(nowMs).toISOString() };

  const [tenant, agents, live, csat, csatList, activeScan, recentScan] = await Promise.all([
    ctx.store.getTenant(tenantId),
    ctx.store.listAgents(tenantId),
    ctx.presence.agentsOf(tenantId),
    ctx.store.summarizeCsat(tenantId, range),
    ctx.store.listCsat(tenantId, { ...range, limit: 100 }),
    scan(ctx, tenantId, { status: ['bot', 'queued', 'open'] }, () => true),
    scan(ctx, tenantId, {}, (c) => Date.parse(c.updatedAt) >= fromMs),
  ]);
  if (!tenant) throw new AppError('not_found', 'no such tenant');

  const active = { bot: 0, queued: 0, open: 0 };
  let oldestQueuedMs: number | null = null;
  for (const c of activeScan.conversations) {
    if (c.status === 'resolved') continue;
    active[c.status]++;
    if (c.status === 'queued' && c.assigneeId === null) {
      const at = Date.parse(c.queuedAt ?? c.createdAt);
      if (oldestQueuedMs === null || at < oldestQueuedMs) oldestQueuedMs = at;
    }
  }

  const liveById = new Map(live.map((p) => [p.agentId, p]));
  const byAvailability = { online: 0, away: 0, offline: 0 };
  for (const a of agents) byAvailability[availabilityOf(a, liveById.get(a.id), tenant.settings, nowMs)]++;

  const created = recentScan.conversations.filter((c) => Date.parse(c.createdAt) >= fromMs);
  const resolved = recentScan.conversations.filter((c) => c.status === 'resolved');
  const replied = await Promise.all(
    created
      .filter((c) => c.lastAgentMessageAt !== null)
      .map(async (c) => {
        const known = cache.get(c.id);
        if (known !== undefined) return { c, ms: known };
        const ms = firstResponseMs(await ctx.store.readTimeline(tenantId, c.id, 0, FIRST_REPLY_SCAN), c.createdAt);
        if (ms !== null) cache.set(c.id, ms);
        return { c, ms };
      }),
  );
  const firstResponses = replied.flatMap((r) => (r.ms === null ? [] : [{ atMs: Date.parse(r.c.createdAt), ms: r.ms }]));
  const resolutions = resolved.map((c) => ({ atMs: Date.parse(c.updatedAt), ms: Date.parse(c.updatedAt) - Date.parse(c.createdAt) }));

  return {
    from: range.fromIso,
    to: range.toIso,
    hours,
    active,
    queue: { length: active.queued, longestWaitMs: oldestQueuedMs === null ? null : Math.max(0, nowMs - oldestQueuedMs) },
    agents: { ...byAvailability, total: agents.length },
    created: created.length,
    firstResponse: durationStats(firstResponses.map((r) => r.ms)),
    resolution: durationStats(resolutions.map((r) => r.ms)),
    csat,
    series: hourlySeries(fromMs, hours, {
      created: created.map((c) => Date.parse(c.createdAt)),
      resolved: resolutions.map((r) => r.atMs),
      firstResponses,
      ratings: csatList.map((r) => ({ atMs: Date.parse(r.createdAt), rating: r.rating })),
    }),
    truncated: activeScan.truncated || recentScan.truncated,
  };
}

/** Pages through `listConversations` (newest change first) while `keep` holds, up to SCAN_LIMIT. */
async function scan(
  ctx: Pick<CommandContext, 'store'>,
  tenantId: AgentPrincipal['tenantId'],
  filter: Omit<ConversationFilter, 'limit' | 'before'>,
  keep: (c: Conversation) => boolean,
): Promise<{ conversations: Conversation[]; truncated: boolean }> {
  const out: Conversation[] = [];
  let before: ConversationFilter['before'];
  for (;;) {
    const page = await ctx.store.listConversations(tenantId, { ...filter, limit: PAGE, ...(before ? { before } : {}) });
    for (const c of page) {
      if (!keep(c)) return { conversations: out, truncated: false };
      out.push(c);
      if (out.length >= SCAN_LIMIT) return { conversations: out, truncated: true };
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return { conversations: out, truncated: false };
    before = { updatedAt: last.updatedAt, id: last.id };
  }
}

/**
 * Milliseconds from the visitor's first message (or the conversation's creation, if the first
 * entry is not theirs) to the first text or file written by an agent; null when no agent wrote.
 * Bot answers do not count: the figure is how long a visitor waits for a person.
 */
export function firstResponseMs(entries: readonly Pick<Entry, 'kind' | 'sender' | 'createdAt'>[], createdAt: string): number | null {
  const asked = entries.find((e) => e.sender.role === 'visitor' && (e.kind === 'text' || e.kind === 'file'));
  const reply = entries.find((e) => e.sender.role === 'agent' && (e.kind === 'text' || e.kind === 'file'));
  if (!reply) return null;
  const start = Date.parse(asked && asked.createdAt <= reply.createdAt ? asked.createdAt : createdAt);
  return Math.max(0, Date.parse(reply.createdAt) - start);
}

export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { count: 0, averageMs: null, medianMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: values.length, averageMs: Math.round(sorted.reduce((s, v) => s + v, 0) / values.length), medianMs: Math.round(median) };
}

/** One bucket per hour from `fromMs`; a point belongs to the hour it falls in. */
export function hourlySeries(
  fromMs: number,
  hours: number,
  points: {
    created: readonly number[];
    resolved: readonly number[];
    firstResponses: ReadonlyArray<{ atMs: number; ms: number }>;
    ratings: ReadonlyArray<{ atMs: number; rating: number }>;
  },
): OverviewBucket[] {
  const buckets = Array.from({ length: hours }, (_, i) => ({ created: 0, resolved: 0, frSum: 0, frCount: 0, csatSum: 0, csatCount: 0, from: fromMs + i * 3_600_000 }));
  const at = (ms: number) => buckets[Math.min(hours - 1, Math.floor((ms - fromMs) / 3_600_000))] ?? null;
  for (const ms of points.created) if (ms >= fromMs) at(ms)!.created++;
  for (const ms of points.resolved) if (ms >= fromMs) at(ms)!.resolved++;
  for (const r of points.firstResponses) {
    const b = r.atMs >= fromMs ? at(r.atMs) : null;
    if (b) {
      b.frSum += r.ms;
      b.frCount++;
    }
  }
  for (const r of points.ratings) {
    const b = r.atMs >= fromMs ? at(r.atMs) : null;
    if (b) {
      b.csatSum += r.rating;
      b.csatCount++;
    }
  }
  return buckets.map((b) => ({
    from: new Date(b.from).toISOString(),
    created: b.created,
    resolved: b.resolved,
    firstResponseAvgMs: b.frCount ? Math.round(b.frSum / b.frCount) : null,
    csatAvg: b.csatCount ? Math.round((b.csatSum / b.csatCount) * 100) / 100 : null,
  }));
}
