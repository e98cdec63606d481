// The open conversation: who and what state, the actions, the timeline, who is typing, the composer.
import { useEffect } from 'react';
import type { ConversationRecord } from '../state/conversation-record.js';
import { Actions } from './actions.js';
import { Composer } from './composer.js';
import { contactName } from './contact-name.js';
import { useI18n, useWorkbench } from './context.js';
import { STATE_LABEL } from './conversation-list.js';
import { Timeline } from './timeline.js';

export function ConversationPane({ conv }: { conv: ConversationRecord }) {
  const wb = useWorkbench();
  const { t } = useI18n();
  useEffect(() => wb.follow(conv.id), [wb, conv.id]);
  const state = wb.state(conv.id);
  const details = wb.contactDetails(conv.contact);
  const contact = typeof details === 'object' ? details.contact : {};
  const typing = state?.typing ?? [];
  const assignee = wb.agentName(conv.assignee);

  return (
    <main className="pane" aria-label={contactName(wb, conv.contact, t)}>
      <header className="pane-header">
        <div className="pane-title">
          <h2>{contactName(wb, conv.contact, t)}</h2>
          <div className="pane-sub">
            <span className={`state state-${conv.status}`} data-status={conv.status}>
              {t(STATE_LABEL[conv.status])}
            </span>
            <span className="muted" data-assignee={conv.assignee ?? ''}>
              {assignee ? t('assignedTo', { name: conv.assignee === wb.me.id ? t('you') : assignee }) : t('unassigned')}
            </span>
          </div>
        </div>
        <Actions conv={conv} />
      </header>
      <Timeline conv={conv.id} />
      <div className="typing-line" aria-live="polite">
        {typing.length > 0 && t('typing', { name: typing.map((s) => s.name ?? (s.role === 'visitor' ? t('visitor') : s.role)).join(', ') })}
      </div>
      <Composer conv={conv.id} contact={contact} />
    </main>
  );
}
