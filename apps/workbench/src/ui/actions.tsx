// What an agent does with a conversation: claim, assign, transfer, resolve or reopen, priority
// and labels. Each button answers with the server's state; a refusal is shown, not swallowed.
import { useState } from 'react';
import type { MessageKey } from '../lib/i18n.js';
import { ApiError } from '../state/api.js';
import type { ConversationRecord, Priority } from '../state/conversation-record.js';
import { useI18n, useWorkbench } from './context.js';
import { TransferDialog } from './transfer-dialog.js';

const PRIORITY_LABEL: Record<Priority, MessageKey> = { low: 'priorityLow', normal: 'priorityNormal', high: 'priorityHigh', urgent: 'priorityUrgent' };

export function Actions({ conv }: { conv: ConversationRecord }) {
  const wb = useWorkbench();
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const [transfer, setTransfer] = useState(false);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const me = wb.me.id;
  const run = (action: () => Promise<unknown>) => {
    setNotice(null);
    action().catch(async (error: unknown) => {
      if (error instanceof ApiError && error.status === 409) {
        // Someone else was faster: show who holds it now.
        const fresh = await wb.api.conversation(conv.id).catch(() => null);
        if (fresh?.assignee) return setNotice(t('takenBy', { name: wb.agentName(fresh.assignee) ?? fresh.assignee }));
      }
      setNotice(t('actionFailed', { message: error instanceof Error ? error.message : String(error) }));
    });
  };
  const resolved = conv.status === 'resolved';
  const offeredToMe = conv.pendingTransferTo === me;
  const others = wb.agents.filter((a) => a.id !== conv.assignee);

  return (
    <div className="actions">
      {offeredToMe && (
        <span className="offer">
          {t('offeredToYou', { name: wb.agentName(conv.assignee) ?? '' })}
          <button className="btn btn-primary" onClick={() => run(() => wb.acceptTransfer(conv.id))}>
            {t('accept')}
          </button>
          <button className="btn" onClick={() => run(() => wb.declineTransfer(conv.id))}>
            {t('decline')}
          </button>
        </span>
      )}
      {conv.pendingTransferTo && !offeredToMe && <span className="tag tag-offer">{t('transferOffered', { name: wb.agentName(conv.pendingTransferTo) ?? '' })}</span>}
      {!resolved && conv.assignee === null && (
        <button className="btn btn-primary" data-action="claim" onClick={() => run(() => wb.claim(conv.id))}>
          {t('claim')}
        </button>
      )}
      {!resolved && (
        <select
          className="select-compact"
          aria-label={t('assign')}
          value=""
          onChange={(e) => {
            const agentId = e.target.value;
            if (agentId) run(() => wb.assign(conv.id, agentId));
          }}
        >
          <option value="">{t('assignTo')}</option>
          {others.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} · {a.availability} · {a.open}/{a.capacity}
            </option>
          ))}
        </select>
      )}
      {!resolved && (
        <button className="btn" data-action="transfer" onClick={() => setTransfer(true)}>
          {t('transfer')}
        </button>
      )}
      <select className="select-compact" aria-label={t('priority')} value={conv.priority} onChange={(e) => run(() => wb.setPriority(conv.id, e.target.value as Priority))}>
        {(Object.keys(PRIORITY_LABEL) as Priority[]).map((p) => (
          <option key={p} value={p}>
            {t('priority')}: {t(PRIORITY_LABEL[p])}
          </option>
        ))}
      </select>
      <div className="labels-menu">
        <button className="btn" aria-expanded={labelsOpen} onClick={() => setLabelsOpen((o) => !o)}>
          {t('labels')}
          {conv.labels.length > 0 ? ` (${conv.labels.length})` : ''}
        </button>
        {labelsOpen && (
          <div className="popover" role="group" aria-label={t('editLabels')}>
            {wb.labels.length === 0 && <p className="muted">{t('noLabels')}</p>}
            {wb.labels.map((l) => (
              <label key={l.name} className="check">
                <input
                  type="checkbox"
                  checked={conv.labels.includes(l.name)}
                  onChange={(e) => run(() => wb.setLabels(conv.id, e.target.checked ? [...conv.labels, l.name] : conv.labels.filter((x) => x !== l.name)))}
                />
                <span className="label-dot" style={{ background: l.color ?? '#9ca3af' }} />
                {l.name}
              </label>
            ))}
          </div>
        )}
      </div>
      {resolved ? (
        <button className="btn" data-action="reopen" onClick={() => run(() => wb.reopen(conv.id))}>
          {t('reopen')}
        </button>
      ) : (
        <button className="btn btn-success" data-action="resolve" onClick={() => run(() => wb.resolve(conv.id))}>
          {t('resolve')}
        </button>
      )}
      {conv.labels.length > 0 && (
        <div className="label-chips">
          {conv.labels.map((l) => (
            <span key={l} className="chip">
              {l}
            </span>
          ))}
        </div>
      )}
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {transfer && <TransferDialog conv={conv} onClose={() => setTransfer(false)} onError={setNotice} />}
    </div>
  );
}
