// Transfer to an agent (who accepts or declines) or to a team's queue, with a private note.
import { useState, type FormEvent } from 'react';
import type { ConversationRecord } from '../state/conversation-record.js';
import { useI18n, useWorkbench } from './context.js';

interface Props {
  conv: ConversationRecord;
  onClose: () => void;
  onError: (message: string) => void;
}

export function TransferDialog({ conv, onClose, onError }: Props) {
  const wb = useWorkbench();
  const { t } = useI18n();
  const [to, setTo] = useState<'agent' | 'team'>('agent');
  const agents = wb.agents.filter((a) => a.id !== conv.assignee);
  const [agentId, setAgentId] = useState(agents[0]?.id ?? '');
  const [teamId, setTeamId] = useState(wb.teams[0]?.id ?? '');
  const [note, setNote] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = to === 'agent' ? { agentId } : { teamId };
    wb.transfer(conv.id, { ...target, ...(note.trim() ? { note: note.trim() } : {}) }).then(onClose, (err: unknown) => {
      onError(t('actionFailed', { message: err instanceof Error ? err.message : String(err) }));
      onClose();
    });
  };

  return (
    <div className="overlay" onClick={onClose}>
      <form className="dialog" role="dialog" aria-modal="true" aria-label={t('transferTitle')} onSubmit={submit} onClick={(e) => e.stopPropagation()}>
        <h2>{t('transferTitle')}</h2>
        <div className="segmented">
          <label>
            <input type="radio" name="to" checked={to === 'agent'} onChange={() => setTo('agent')} /> {t('transferToAgent')}
          </label>
          <label>
            <input type="radio" name="to" checked={to === 'team'} onChange={() => setTo('team')} disabled={wb.teams.length === 0} /> {t('transferToTeam')}
          </label>
        </div>
        {to === 'agent' ? (
          <select aria-label={t('transferToAgent')} value={agentId} onChange={(e) => setAgentId(e.target.value)} required>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} · {a.availability}
              </option>
            ))}
          </select>
        ) : (
          <select aria-label={t('transferToTeam')} value={teamId} onChange={(e) => setTeamId(e.target.value)} required>
            {wb.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        )}
        <textarea rows={3} placeholder={t('transferNote')} aria-label={t('transferNote')} value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={to === 'agent' ? !agentId : !teamId}>
            {t('transfer')}
          </button>
        </div>
      </form>
    </div>
  );
}
