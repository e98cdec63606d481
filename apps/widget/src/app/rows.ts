// What the message log shows, computed from the client's conversations and timelines: one list
// of rows across the visitor's conversations, oldest first, with per-message delivery status.
import type { ConversationState, TimelineItem } from '@kefu/client';
import type { Translate } from './i18n.js';

export type DeliveryStatus = 'sending' | 'failed' | 'sent' | 'read';

export interface QuickReply {
  label: string;
  text: string;
}

export type Row =
  | {
      type: 'message';
      key: string;
      item: TimelineItem;
      mine: boolean;
      status: DeliveryStatus | null;
      /** First of a run of messages from one sender: it shows the sender's avatar and name. */
      first: boolean;
      /** The sender's name on the first row of a run, when the sender is not the visitor. */
      sender: string | null;
      quickReplies: QuickReply[];
    }
  | { type: 'event'; key: string; text: string }
  | { type: 'csat'; key: string; conv: string };

/** What the log needs of a client. */
export interface TimelineSource {
  conversations(): ConversationState[];
  timeline(conv: string): TimelineItem[];
}

const eventName = (item: TimelineItem) => (item.state === 'stored' && item.kind === 'event' ? (item.data?.event as string | undefined) : undefined);

/** The line a visitor is shown for an event; null for the agents' own (labels, priority…). */
function eventText(item: TimelineItem & { state: 'stored' }, t: Translate): string | null {
  switch (eventName(item)) {
    case 'assigned':
      return item.from.role === 'agent' && item.from.name ? t('joined', { name: item.from.name }) : null;
    case 'resolved':
      return t('resolvedEvent');
    case 'reopened':
      return t('reopenedEvent');
    case 'transferred':
      return t('transferredEvent');
    case 'csat_submitted':
      return item.mine ? t('csatThanks') : null;
    case 'offline':
      return item.text;
    default:
      return null;
  }
}

export function quickReplies(data: Record<string, unknown> | undefined): QuickReply[] {
  const list = data?.quickReplies;
  if (!Array.isArray(list)) return [];
  return list
    .filter((q): q is QuickReply => typeof q === 'object' && q !== null && typeof (q as QuickReply).label === 'string' && typeof (q as QuickReply).text === 'string')
    .slice(0, 10);
}

/** A conversation waits for a rating when it was last resolved, and not rated or reopened since. */
export function needsRating(items: TimelineItem[], status: ConversationState['status']): boolean {
  for (let i = items.length - 1; i >= 0; i--) {
    const name = eventName(items[i]!);
    if (name === 'csat_submitted' || name === 'reopened' || name === 'assigned') return false;
    if (name === 'resolved') return true;
  }
  return status === 'resolved' && items.length > 0;
}

const firstAt = (items: TimelineItem[]) => {
  const first = items[0];
  return first ? (first.state === 'stored' ? first.at : first.createdAt) : '';
};

function deliveryStatus(item: TimelineItem): DeliveryStatus {
  if (item.state !== 'stored') return item.state;
  return item.readByOthers ? 'read' : 'sent';
}

/** Conversations in the order they began, each with its held entries and outbox items. */
export function orderedTimelines(source: TimelineSource, pendingConv: string): Array<{ conv: ConversationState | null; items: TimelineItem[] }> {
  const convs: Array<{ conv: ConversationState | null; items: TimelineItem[] }> = source.conversations().map((conv) => ({ conv, items: source.timeline(conv.id) }));
  convs.sort((a, b) => firstAt(a.items).localeCompare(firstAt(b.items)));
  const pending = source.timeline(pendingConv);
  if (pending.length > 0) convs.push({ conv: null, items: pending });
  return convs;
}

export function buildRows(source: TimelineSource, pendingConv: string, t: Translate): Row[] {
  const rows: Row[] = [];
  const timelines = orderedTimelines(source, pendingConv);
  let lastSender = '';
  for (const { conv, items } of timelines) {
    for (const item of items) {
      if (item.state === 'stored' && item.kind === 'hidden') continue;
      if (item.state === 'stored' && item.kind === 'event') {
        const text = eventText(item, t);
        if (text) rows.push({ type: 'event', key: `e:${item.conv}:${item.seq}`, text });
        lastSender = '';
        continue;
      }
      const mine = item.state !== 'stored' || item.mine;
      const senderId = item.state === 'stored' ? `${item.from.role}:${item.from.id}` : 'me';
      const name = item.state === 'stored' && !mine ? (item.from.name ?? null) : null;
      const first = senderId !== lastSender;
      rows.push({
        type: 'message',
        key: item.state === 'stored' ? `m:${item.conv}:${item.seq}` : `o:${item.id}`,
        item,
        mine,
        status: mine ? deliveryStatus(item) : null,
        first,
        sender: first ? name : null,
        quickReplies: [],
      });
      lastSender = senderId;
    }
    if (conv && conv === timelines[timelines.length - 1]?.conv && needsRating(items, conv.status)) {
      rows.push({ type: 'csat', key: `c:${conv.id}`, conv: conv.id });
    }
  }
  // Quick replies are offered by the last message only: once the visitor has answered, they go.
  const last = rows[rows.length - 1];
  if (last?.type === 'message' && !last.mine && last.item.state === 'stored') last.quickReplies = quickReplies(last.item.data);
  return rows;
}

/** The conversation the visitor is in now: the latest that is not resolved, if any. */
export function currentConversation(source: TimelineSource, pendingConv: string): ConversationState | null {
  const timelines = orderedTimelines(source, pendingConv);
  for (let i = timelines.length - 1; i >= 0; i--) {
    const conv = timelines[i]!.conv;
    if (conv && conv.status !== 'resolved') return conv;
  }
  return null;
}

/** The agent the visitor talks to now: the sender of the latest agent message or join. */
export function currentAgent(source: TimelineSource, pendingConv: string): string | null {
  const conv = currentConversation(source, pendingConv);
  if (!conv) return null;
  const items = source.timeline(conv.id);
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.state === 'stored' && item.from.role === 'agent' && item.from.name) return item.from.name;
  }
  return null;
}
