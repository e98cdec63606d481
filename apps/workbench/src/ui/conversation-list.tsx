// The middle column: one list's conversations with contact, state, unread count and waiting time.
import { useEffect, useState } from 'react';
import type { MessageKey } from '../lib/i18n.js';
import { shortDuration } from '../lib/format.js';
import type { ConversationRecord } from '../state/conversation-record.js';
import type { ListKey } from '../state/lists.js';
import type { Workbench } from '../state/workbench.js';
import { contactName } from './contact-name.js';
import { useI18n, useWorkbench } from './context.js';

/** The name of each list, in the nav and above the list. */
export const LIST_LABEL: Record<ListKey, MessageKey> = { mine: 'listMine', queue: 'listQueue', team: 'listTeam', open: 'listOpen', resolved: 'listResolved' };
export const STATE_LABEL: Record<ConversationRecord['status'], MessageKey> = { bot: 'stateBot', queued: 'stateQueued', open: 'stateOpen', resolved: 'stateResolved' };

interface Props {
  list: ListKey;
  items: ConversationRecord[];
  selected: string | null;
  onSelect: (id: string) => void;
}

/** Re-renders every 30 s so that waiting times move. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Since when the visitor waits: for a queued conversation its time in the queue, else since their last unanswered message. */
function waitingSince(wb: Workbench, c: ConversationRecord): string | null {
  if (c.status === 'resolved') return null;
  if (c.status === 'queued' || c.assignee === null) return c.queuedAt ?? c.createdAt;
  const items = wb.client.timeline(c.id);
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.state !== 'stored') return null;
    if (item.kind === 'event' || item.kind === 'hidden' || item.kind === 'note') continue;
    return item.from.role === 'visitor' ? item.at : null;
  }
  return null;
}

function preview(wb: Workbench, c: ConversationRecord): string {
  const items = wb.client.timeline(c.id);
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind === 'event' || item.kind === 'hidden') continue;
    return item.text;
  }
  return '';
}

interface Summary {
  key: string;
  preview: string;
  since: string | null;
}
const summaries = new WeakMap<Workbench, Map<string, Summary>>();

/** Preview and waiting time, computed again only when the timeline or the state changed. */
function summary(wb: Workbench, c: ConversationRecord): Summary {
  let byConv = summaries.get(wb);
  if (!byConv) summaries.set(wb, (byConv = new Map<string, Summary>()));
  const key = `${wb.timelineVersion(c.id)}:${c.status}:${c.assignee ?? ''}:${c.queuedAt ?? ''}`;
  const held = byConv.get(c.id);
  if (held?.key === key) return held;
  const fresh = { key, preview: preview(wb, c), since: waitingSince(wb, c) };
  byConv.set(c.id, fresh);
  return fresh;
}

export function ConversationList({ list, items, selected, onSelect }: Props) {
  const wb = useWorkbench();
  const { t } = useI18n();
  const now = useNow();

  return (
    <section className="list-column" aria-label={t(LIST_LABEL[list])}>
      <header className="column-header">
        <h1>{t(LIST_LABEL[list])}</h1>
        <span className="muted">{items.length}</span>
      </header>
      {items.length === 0 && wb.loaded && <p className="empty">{t('noConversations')}</p>}
      <ul className="conv-list" role="listbox" aria-label={t('conversations')}>
        {items.map((c) => {
          const state = wb.state(c.id);
          const unread = state?.unread ?? 0;
          const { since, preview: text } = summary(wb, c);
          const typing = (state?.typing.length ?? 0) > 0;
          return (
            <li
              key={c.id}
              role="option"
              aria-selected={c.id === selected}
              data-conv={c.id}
              className={`conv-item${c.id === selected ? ' selected' : ''}${unread > 0 ? ' has-unread' : ''}`}
              onClick={() => onSelect(c.id)}
            >
              <div className="conv-line">
                <span className={`prio prio-${c.priority}`} title={c.priority} />
                <span className="conv-name">{contactName(wb, c.contact, t)}</span>
                {unread > 0 && (
                  <span className="badge" data-unread={unread} aria-label={t('unread', { count: unread })}>
                    {unread}
                  </span>
                )}
              </div>
              <div className="conv-preview">{typing ? <em>{t('typing', { name: t('visitor') })}</em> : text}</div>
              <div className="conv-meta">
                <span className={`state state-${c.status}`}>{t(STATE_LABEL[c.status])}</span>
                {c.pendingTransferTo === wb.me.id && <span className="tag tag-offer">{t('transfer')}</span>}
                {c.assignee && c.assignee !== wb.me.id && list !== 'mine' && <span className="muted">{wb.agentName(c.assignee)}</span>}
                {since && (
                  <span className="waiting" data-waiting>
                    {t('waiting', { time: shortDuration(now - Date.parse(since), t) })}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
