import { describe, expect, it } from 'vitest';
import type { ConversationRecord } from './conversation-record.js';
import { belongsTo, listCounts, listOf, mergeConversations, neighbour, noteActivity, type ConversationMap } from './lists.js';

const ME = 'agent-me';

function conv(id: string, over: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    id,
    status: 'open',
    assignee: ME,
    team: null,
    lastSeq: 1,
    inbox: 'i1',
    contact: `c-${id}`,
    priority: 'normal',
    pendingTransferTo: null,
    labels: [],
    queuedAt: '2024-01-01T10:00:00.000Z',
    assignedAt: null,
    createdAt: '2024-01-01T10:00:00.000Z',
    updatedAt: '2024-01-01T10:00:00.000Z',
    lastMessageAt: null,
    ...over,
  };
}

const empty: ConversationMap = new Map();

describe('mergeConversations', () => {
  it('adds, replaces with newer state, and answers the same map when nothing changed', () => {
    const a = mergeConversations(empty, [conv('a')]);
    expect(a.get('a')?.status).toBe('open');
    expect(mergeConversations(a, [conv('a')])).toBe(a);
    const b = mergeConversations(a, [conv('a', { status: 'resolved', updatedAt: '2024-01-01T11:00:00.000Z' })]);
    expect(b.get('a')?.status).toBe('resolved');
    expect(a.get('a')?.status).toBe('open');
  });

  it('does not let an older copy (a slow REST page) roll a live change back', () => {
    const live = mergeConversations(empty, [conv('a', { assignee: 'other', updatedAt: '2024-01-01T11:00:00.000Z' })]);
    const after = mergeConversations(live, [conv('a', { assignee: null, updatedAt: '2024-01-01T10:00:00.000Z' })]);
    expect(after.get('a')?.assignee).toBe('other');
  });

  it('keeps the highest lastSeq and lastMessageAt whichever copy wins', () => {
    const m = mergeConversations(empty, [conv('a', { lastSeq: 9, lastMessageAt: '2024-01-01T12:00:00.000Z' })]);
    const n = mergeConversations(m, [conv('a', { lastSeq: 3, status: 'resolved', updatedAt: '2024-01-01T11:00:00.000Z' })]);
    expect(n.get('a')).toMatchObject({ status: 'resolved', lastSeq: 9, lastMessageAt: '2024-01-01T12:00:00.000Z' });
  });

  it('notes message activity without a conv frame', () => {
    const m = mergeConversations(empty, [conv('a')]);
    const n = noteActivity(m, 'a', 5, '2024-01-02T00:00:00.000Z');
    expect(n.get('a')).toMatchObject({ lastSeq: 5, lastMessageAt: '2024-01-02T00:00:00.000Z' });
    expect(noteActivity(n, 'a', 4, '2024-01-01T00:00:00.000Z')).toBe(n);
    expect(noteActivity(n, 'unknown', 4, '2024-01-01T00:00:00.000Z')).toBe(n);
  });
});

describe('lists', () => {
  it('puts each conversation where an agent looks for it', () => {
    expect(belongsTo('mine', conv('a'), ME)).toBe(true);
    expect(belongsTo('mine', conv('a', { assignee: 'x', pendingTransferTo: ME }), ME)).toBe(true);
    expect(belongsTo('mine', conv('a', { status: 'resolved' }), ME)).toBe(false);
    expect(belongsTo('queue', conv('a', { status: 'queued', assignee: null }), ME)).toBe(true);
    expect(belongsTo('queue', conv('a', { status: 'bot', assignee: null }), ME)).toBe(false);
    expect(belongsTo('open', conv('a', { status: 'bot', assignee: null }), ME)).toBe(true);
    expect(belongsTo('resolved', conv('a', { status: 'resolved' }), ME)).toBe(true);
  });

  it("shows the unresolved conversations of the agent's teams in the team list, whoever holds them", () => {
    const teams = new Set(['t-sales']);
    const map = mergeConversations(empty, [
      conv('sales-queued', { team: 't-sales', status: 'queued', assignee: null }),
      conv('sales-colleague', { team: 't-sales', assignee: 'someone-else' }),
      conv('sales-done', { team: 't-sales', status: 'resolved' }),
      conv('support', { team: 't-support', assignee: null, status: 'queued' }),
      conv('no-team', { assignee: null, status: 'queued' }),
    ]);
    expect(listOf('team', map, ME, teams).map((c) => c.id).sort()).toEqual(['sales-colleague', 'sales-queued']);
    expect(listCounts(map, ME, teams).team).toBe(2);
    expect(listOf('team', map, ME).length).toBe(0);
  });

  it('moves a conversation between lists when a conv frame changes it', () => {
    let m = mergeConversations(empty, [conv('a', { status: 'queued', assignee: null })]);
    expect(listCounts(m, ME)).toEqual({ mine: 0, queue: 1, team: 0, open: 1, resolved: 0 });
    m = mergeConversations(m, [conv('a', { status: 'open', assignee: ME, updatedAt: '2024-01-01T10:05:00.000Z' })]);
    expect(listCounts(m, ME)).toEqual({ mine: 1, queue: 0, team: 0, open: 1, resolved: 0 });
    m = mergeConversations(m, [conv('a', { status: 'resolved', assignee: ME, updatedAt: '2024-01-01T10:06:00.000Z' })]);
    expect(listCounts(m, ME)).toEqual({ mine: 0, queue: 0, team: 0, open: 0, resolved: 1 });
  });

  it('orders the queue as it is served, and the others liveliest first', () => {
    const m = mergeConversations(empty, [
      conv('late', { status: 'queued', assignee: null, queuedAt: '2024-01-01T10:03:00.000Z' }),
      conv('early', { status: 'queued', assignee: null, queuedAt: '2024-01-01T10:01:00.000Z' }),
      conv('urgent', { status: 'queued', assignee: null, priority: 'urgent', queuedAt: '2024-01-01T10:09:00.000Z' }),
      conv('quiet', { lastMessageAt: '2024-01-01T10:00:00.000Z' }),
      conv('busy', { lastMessageAt: '2024-01-01T12:00:00.000Z' }),
    ]);
    expect(listOf('queue', m, ME).map((c) => c.id)).toEqual(['urgent', 'early', 'late']);
    expect(listOf('mine', m, ME).map((c) => c.id)).toEqual(['busy', 'quiet']);
  });

  it('steps to the next and previous conversation, staying at the ends', () => {
    const list = [conv('a'), conv('b'), conv('c')];
    expect(neighbour(list, null, 1)).toBe('a');
    expect(neighbour(list, 'a', 1)).toBe('b');
    expect(neighbour(list, 'c', 1)).toBe('c');
    expect(neighbour(list, 'a', -1)).toBe('a');
    expect(neighbour(list, 'gone', -1)).toBe('a');
    expect(neighbour([], 'a', 1)).toBeNull();
  });
});
