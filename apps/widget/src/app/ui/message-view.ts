// One row of the log as DOM: a message bubble with its extras and delivery status, or an event line.
import { h, icon, type IconName } from '../dom.js';
import type { Translate } from '../i18n.js';
import { richText } from '../rich-text.js';
import type { DeliveryStatus, Row } from '../rows.js';
import { avatar } from './avatar.js';
import { attachmentsOf, attachmentView, cardView, type Attachment } from './rich-content.js';

export interface RowActions {
  reply: (text: string) => void;
  retry: (id: string) => void;
  /** Uploads this tab made, by id: what a message still in the outbox shows of its files. */
  upload: (id: string) => Attachment | undefined;
}

const STATUS_ICON: Record<DeliveryStatus, IconName> = { sending: 'clock', sent: 'check', read: 'checks', failed: 'alert' };

function statusView(status: DeliveryStatus, id: string | null, t: Translate, actions: RowActions): HTMLElement {
  const label = t(status);
  const el = h('div', { class: 'kf-status', 'data-status': status }, icon(STATUS_ICON[status]), h('span', {}, label));
  if (status === 'failed' && id) el.appendChild(h('button', { type: 'button', onclick: () => actions.retry(id) }, t('retry')));
  return el;
}

function timeOf(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A cheap fingerprint of what a row shows, to reuse its element while it does not change. */
export function rowSignature(row: Row): string {
  if (row.type !== 'message') return row.type === 'event' ? `${row.key}|${row.text}` : row.key;
  return `${row.key}|${row.status ?? ''}|${row.first}|${row.sender ?? ''}|${row.quickReplies.length}`;
}

export function rowView(row: Row, t: Translate, actions: RowActions, csat: (conv: string) => HTMLElement): HTMLElement {
  if (row.type === 'event') return h('p', { class: 'kf-event' }, row.text);
  if (row.type === 'csat') return csat(row.conv);
  const { item } = row;
  const data = item.state === 'stored' ? item.data : undefined;
  const files =
    item.state === 'stored' ? attachmentsOf(data) : (item.attachments ?? []).map((id) => actions.upload(id)).filter((a): a is Attachment => a !== undefined);
  const stack = h(
    'div',
    { class: 'kf-stack' },
    row.sender ? h('span', { class: 'kf-sender' }, row.sender) : null,
    item.text ? h('div', { class: 'kf-bubble', title: item.state === 'stored' ? timeOf(item.at) : null }, richText(item.text)) : null,
    ...files.map((f) => attachmentView(f, t)),
    data?.card ? cardView(data.card, actions.reply) : null,
    row.quickReplies.length
      ? h('div', { class: 'kf-quick' }, ...row.quickReplies.map((q) => h('button', { type: 'button', onclick: () => actions.reply(q.text) }, q.label)))
      : null,
    row.status ? statusView(row.status, item.state === 'stored' ? null : item.id, t, actions) : null,
  );
  const classes = ['kf-row', row.mine ? 'kf-mine' : '', row.first ? 'kf-first' : '', row.status === 'failed' ? 'kf-failed' : ''];
  const name = item.state === 'stored' ? (item.from.name ?? '') : '';
  return h('div', { class: classes.filter(Boolean).join(' '), 'data-key': row.key }, row.mine ? null : avatar(name || '?', true), stack);
}
