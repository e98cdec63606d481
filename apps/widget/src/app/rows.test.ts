import type { ConversationState, TimelineItem } from '@kefu/client';
import { describe, expect, it } from 'vitest';
import { translator } from './i18n.js';
import { buildRows, currentAgent, needsRating, type TimelineSource } from './rows.js';

const t = translator('en');
let seq = 0;
const stored = (conv: string, over: Partial<TimelineItem & { state: 'stored' }>): TimelineItem => ({
  state: 'stored',
  conv,
  seq: ++seq,
  msgId: `m${seq}`,
  at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
  from: { role: 'agent', id: 'a1', name: 'Alice' },
  kind: 'text',
  text: '',
  mine: false,
  readByOthers: false,
  ...over,
});
const state = (id: string, status: ConversationState['status']): ConversationState => ({
  id,
  status,
  lastSeq: 0,
  heldSeq: 0,
  hasOlder: false,
  readSeq: 0,
  unread: 0,
  typing: [],
  readByOthersSeq: 0,
});

function source(convs: Array<[ConversationState, TimelineItem[]]>, pending: TimelineItem[] = []): TimelineSource {
  return {
    conversations: () => convs.map(([c]) => c),
    timeline: (id) => (id === 'pending' ? pending : (convs.find(([c]) => c.id === id)?.[1] ?? [])),
  };
}

describe('buildRows', () => {
  it('orders conversations by their first entry and shows delivery status on the visitor’s messages', () => {
    const older = [stored('c1', { from: { role: 'visitor', id: 'v' }, mine: true, text: 'hi', readByOthers: true }), stored('c1', { text: 'hello' })];
    const newer = [stored('c2', { from: { role: 'visitor', id: 'v' }, mine: true, text: 'again' })];
    const pending: TimelineItem = { state: 'sending', conv: null, id: 'x1', text: 'typed offline', kind: 'text', createdAt: '2026-01-02T00:00:00Z' };
    const rows = buildRows(source([[state('c2', 'open'), newer], [state('c1', 'resolved'), older]], [pending]), 'pending', t);
    expect(rows.map((r) => (r.type === 'message' ? [r.item.text, r.status] : [r.type]))).toEqual([
      ['hi', 'read'],
      ['hello', null],
      ['again', 'sent'],
      ['typed offline', 'sending'],
    ]);
  });

  it('shows the visitor the events that concern them, and hides hidden entries', () => {
    const items = [
      stored('c1', { kind: 'event', data: { event: 'assigned' }, from: { role: 'agent', id: 'a1', name: 'Alice' } }),
      stored('c1', { kind: 'event', data: { event: 'labels_changed' } }),
      stored('c1', { kind: 'hidden' }),
      stored('c1', { kind: 'event', data: { event: 'resolved' } }),
    ];
    const rows = buildRows(source([[state('c1', 'resolved'), items]]), 'pending', t);
    expect(rows.map((r) => (r.type === 'event' ? r.text : r.type))).toEqual(['Alice joined the conversation', 'The conversation was resolved', 'csat']);
  });

  it('offers quick replies on the last message only', () => {
    const quick = { quickReplies: [{ label: 'Yes', text: 'yes please' }, { label: 'bad' }] };
    const items = [stored('c1', { from: { role: 'bot', id: 'b' }, text: 'Track it?', data: quick })];
    expect(buildRows(source([[state('c1', 'bot'), items]]), 'pending', t).at(-1)).toMatchObject({ quickReplies: [{ label: 'Yes', text: 'yes please' }] });
    items.push(stored('c1', { from: { role: 'visitor', id: 'v' }, mine: true, text: 'yes please' }));
    const rows = buildRows(source([[state('c1', 'bot'), items]]), 'pending', t);
    expect(rows.every((r) => r.type !== 'message' || r.quickReplies.length === 0)).toBe(true);
  });
});

describe('needsRating', () => {
  it('asks after a resolution until rated or reopened', () => {
    const resolved = stored('c1', { kind: 'event', data: { event: 'resolved' } });
    expect(needsRating([resolved], 'resolved')).toBe(true);
    expect(needsRating([resolved, stored('c1', { kind: 'event', data: { event: 'csat_submitted' }, mine: true })], 'resolved')).toBe(false);
    expect(needsRating([resolved, stored('c1', { kind: 'event', data: { event: 'reopened' } })], 'open')).toBe(false);
    expect(needsRating([], 'resolved')).toBe(false);
  });
});

describe('currentAgent', () => {
  it('is the sender of the latest agent message in the conversation that is not resolved', () => {
    const items = [stored('c1', { from: { role: 'agent', id: 'a1', name: 'Alice' } }), stored('c1', { from: { role: 'agent', id: 'a2', name: 'Bo' } })];
    expect(currentAgent(source([[state('c1', 'open'), items]]), 'pending')).toBe('Bo');
    expect(currentAgent(source([[state('c1', 'resolved'), items]]), 'pending')).toBeNull();
  });
});
