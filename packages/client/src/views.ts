// Read-only views the app renders: timeline items and conversation states, built on demand.
import type { HeldConversation } from './conversation.js';
import type { HeldEntry, Identity, OutboxRecord } from './storage.js';
import type { ConversationState, PendingItem, StoredItem } from './types.js';

/** Where a visitor's sends without a conversation show while no conversation is open. */
export const PENDING_CONV = 'pending';

export function isMine(entry: HeldEntry, me: Identity | undefined): boolean {
  return me !== undefined && entry.from.role === me.role && entry.from.id === me.id;
}

export function storedItem(conv: HeldConversation, entry: HeldEntry, me: Identity | undefined): StoredItem {
  const item: StoredItem = {
    state: 'stored',
    conv: conv.id,
    seq: entry.seq,
    msgId: entry.msgId,
    at: entry.at,
    from: entry.from,
    kind: entry.kind,
    text: entry.text,
    mine: isMine(entry, me),
    readByOthers: entry.seq <= conv.readByOthersSeq,
  };
  if (entry.data !== undefined) item.data = entry.data;
  return item;
}

export function pendingItem(record: OutboxRecord): PendingItem {
  const item: PendingItem = {
    state: record.state,
    conv: record.conv,
    id: record.id,
    text: record.text,
    kind: record.kind,
    createdAt: record.createdAt,
  };
  if (record.attachments !== undefined) item.attachments = [...record.attachments];
  if (record.error !== undefined) item.error = record.error;
  return item;
}

export function conversationState(conv: HeldConversation, me: Identity | undefined, nowMs: number): ConversationState {
  let unread = 0;
  for (const e of conv.all()) {
    if (e.seq > conv.readSeq && e.kind !== 'hidden' && !isMine(e, me)) unread += 1;
  }
  const state: ConversationState = {
    id: conv.id,
    status: conv.status,
    lastSeq: Math.max(conv.lastSeq, conv.highestHeld),
    heldSeq: conv.top,
    hasOlder: conv.hasOlder,
    readSeq: conv.readSeq,
    unread,
    typing: conv.typingNow(nowMs),
    readByOthersSeq: conv.readByOthersSeq,
  };
  if (conv.queue !== undefined) state.queue = { ...conv.queue };
  if (conv.assignee !== undefined) state.assignee = conv.assignee;
  if (conv.team !== undefined) state.team = conv.team;
  if (conv.view !== undefined) state.view = conv.view;
  return state;
}

/** The time of a conversation's latest held entry, for ordering; '' when none is held. */
export function lastActivity(conv: HeldConversation): string {
  const all = conv.all();
  for (let i = all.length - 1; i >= 0; i--) {
    const at = all[i]!.at;
    if (at !== '') return at;
  }
  return '';
}

/** Conversation states, most recent activity first. */
export function conversationStates(convs: Iterable<HeldConversation>, me: Identity | undefined, nowMs: number): ConversationState[] {
  return [...convs]
    .map((c) => ({ c, at: lastActivity(c) }))
    .sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1))
    .map(({ c }) => conversationState(c, me, nowMs));
}

/** Where a visitor's send without `conv` goes: its latest conversation that is not resolved. */
export function latestUnresolved(convs: Iterable<HeldConversation>): string | undefined {
  let best: { id: string; at: string } | undefined;
  for (const c of convs) {
    if (c.status === 'resolved') continue;
    const at = lastActivity(c);
    if (!best || at > best.at) best = { id: c.id, at };
  }
  return best?.id;
}
