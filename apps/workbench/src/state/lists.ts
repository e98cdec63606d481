// The five conversation lists, derived from one map of conversations that REST pages and live
// `conv` frames both feed. Pure: the tests drive it with plain records.
import type { ConversationRecord, Priority } from './conversation-record.js';

export type ListKey = 'mine' | 'queue' | 'team' | 'open' | 'resolved';
export const LIST_KEYS: ListKey[] = ['mine', 'queue', 'team', 'open', 'resolved'];

/** The teams the agent belongs to; the team list shows their conversations. */
export type MyTeams = ReadonlySet<string>;
const NO_TEAMS: MyTeams = new Set();

/** The REST filters that load each list's first page. */
export const LIST_QUERIES: Record<ListKey, { status: string; assignee?: string }> = {
  mine: { status: 'queued,open', assignee: 'me' },
  queue: { status: 'queued,open', assignee: 'none' },
  // Every unresolved conversation is loaded for `open`; the team list is derived from the same map.
  team: { status: 'bot,queued,open' },
  open: { status: 'bot,queued,open' },
  resolved: { status: 'resolved' },
};

export type ConversationMap = ReadonlyMap<string, ConversationRecord>;

/**
 * Merges what arrived (a REST page or a `conv` frame) into the map and returns a new map, or the
 * same map when nothing changed. A copy older than the one held (by `updatedAt`) does not roll
 * state back: a REST page answered before a live frame must not undo it. Message activity does
 * not move `updatedAt`, so `lastSeq` and `lastMessageAt` only ever grow.
 */
export function mergeConversations(map: ConversationMap, incoming: readonly ConversationRecord[]): ConversationMap {
  let next: Map<string, ConversationRecord> | null = null;
  for (const c of incoming) {
    const held = (next ?? map).get(c.id);
    let merged = c;
    if (held) {
      const base = held.updatedAt > c.updatedAt ? held : c;
      merged = {
        ...base,
        lastSeq: Math.max(held.lastSeq, c.lastSeq),
        lastMessageAt: maxTime(held.lastMessageAt, c.lastMessageAt),
      };
      if (sameRecord(held, merged)) continue;
    }
    next ??= new Map(map);
    next.set(c.id, merged);
  }
  return next ?? map;
}

/** Moves a conversation's message activity forward (a `msg` arrived), without a `conv` frame. */
export function noteActivity(map: ConversationMap, id: string, seq: number, at: string): ConversationMap {
  const held = map.get(id);
  if (!held || (held.lastSeq >= seq && (held.lastMessageAt ?? '') >= at)) return map;
  const next = new Map(map);
  next.set(id, { ...held, lastSeq: Math.max(held.lastSeq, seq), lastMessageAt: maxTime(held.lastMessageAt, at) });
  return next;
}

/** Whether a conversation shows in a list, for the agent `me` in the teams `teams`. */
export function belongsTo(list: ListKey, c: ConversationRecord, me: string, teams: MyTeams = NO_TEAMS): boolean {
  switch (list) {
    case 'mine':
      return c.status !== 'resolved' && (c.assignee === me || c.pendingTransferTo === me);
    case 'queue':
      return (c.status === 'queued' || c.status === 'open') && c.assignee === null;
    case 'team':
      return c.status !== 'resolved' && c.team !== null && teams.has(c.team);
    case 'open':
      return c.status !== 'resolved';
    case 'resolved':
      return c.status === 'resolved';
  }
}

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/**
 * A list's conversations in the order an agent works them: the queue as it will be served
 * (priority, then arrival), resolved ones by the time of resolution, the others liveliest first.
 */
export function listOf(list: ListKey, map: ConversationMap, me: string, teams: MyTeams = NO_TEAMS): ConversationRecord[] {
  const items = [...map.values()].filter((c) => belongsTo(list, c, me, teams));
  const activity = (c: ConversationRecord) => c.lastMessageAt ?? c.updatedAt;
  switch (list) {
    case 'queue':
      return items.sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || cmp(a.queuedAt ?? a.createdAt, b.queuedAt ?? b.createdAt) || cmp(a.id, b.id));
    case 'resolved':
      return items.sort((a, b) => cmp(b.updatedAt, a.updatedAt) || cmp(a.id, b.id));
    default:
      return items.sort((a, b) => cmp(activity(b), activity(a)) || cmp(a.id, b.id));
  }
}

export function listCounts(map: ConversationMap, me: string, teams: MyTeams = NO_TEAMS): Record<ListKey, number> {
  const counts: Record<ListKey, number> = { mine: 0, queue: 0, team: 0, open: 0, resolved: 0 };
  for (const c of map.values()) for (const key of LIST_KEYS) if (belongsTo(key, c, me, teams)) counts[key] += 1;
  return counts;
}

/** The conversation `step` places after (1) or before (-1) `current` in a list; the first when none is current. */
export function neighbour(list: readonly ConversationRecord[], current: string | null, step: 1 | -1): string | null {
  if (list.length === 0) return null;
  const i = current === null ? -1 : list.findIndex((c) => c.id === current);
  if (i === -1) return list[0]!.id;
  return list[Math.min(list.length - 1, Math.max(0, i + step))]!.id;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function maxTime(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function sameRecord(a: ConversationRecord, b: ConversationRecord): boolean {
  for (const key of Object.keys(a) as Array<keyof ConversationRecord>) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y) ? x.join('\u0000') !== y.join('\u0000') : x !== y) return false;
  }
  return true;
}
