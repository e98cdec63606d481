// Questions the bot could not answer, grouped by likeness: make an entry from a group (its
// wordings become the entry's similar questions) or dismiss it.
import { useState } from 'react';
import { useI18n } from '../ui/context.js';
import type { UnansweredGroup } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { LoadError, OutcomeNote, useAction, useLoad } from './admin-kit.js';
import { KbEntryForm, suggestId } from './kb-entry-form.js';

export function UnansweredList({ onChanged }: { onChanged: () => void }) {
  const { t, lang } = useI18n();
  const api = useAdminApi();
  const groups = useLoad(() => api.unanswered().then((r) => r.groups));
  const action = useAction();
  const [making, setMaking] = useState<UnansweredGroup | null>(null);
  const done = () => {
    groups.reload();
    onChanged();
  };

  return (
    <section className="admin-card" aria-label={t('botUnanswered')}>
      <div className="card-title">
        <h2>{t('botUnanswered')}</h2>
        <button className="link" onClick={groups.reload}>
          {t('adminRefresh')}
        </button>
      </div>
      <LoadError error={groups.error} />
      <OutcomeNote outcome={action.outcome} />
      {groups.data?.length === 0 && <p className="muted">{t('botNoUnanswered')}</p>}
      <ul className="unanswered">
        {(groups.data ?? []).map((g) => (
          <li key={g.questionIds[0]} data-unanswered={g.text}>
            <div className="unanswered-text">
              <span className="break">{g.text}</span>
              <span className="count-pill">×{g.count}</span>
            </div>
            {g.variants.length > 1 && <div className="muted small break">{g.variants.slice(1, 4).join(' · ')}</div>}
            <div className="muted small">
              {new Date(g.lastAskedAt).toLocaleString(lang)}
              {g.bestGuess && ` · ${t('botBestGuess', { entry: g.bestGuess.entryId, score: g.bestGuess.score.toFixed(2) })}`}
            </div>
            <div className="row-actions">
              <button className="btn" onClick={() => setMaking(g)}>
                {t('botMakeEntry')}
              </button>
              <button className="btn" onClick={() => void action.run(() => api.dismissUnanswered(g.questionIds), 'botDismissed').then(groups.reload)}>
                {t('botDismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {making && (
        <KbEntryForm
          title={t('botMakeEntry')}
          isNew
          initial={{ id: suggestId(making.text), question: making.text, similar: making.variants.filter((v) => v !== making.text), answer: '', enabled: true }}
          onSave={(entry) => api.convertUnanswered(making.questionIds, entry)}
          onClose={() => {
            setMaking(null);
            done();
          }}
        />
      )}
    </section>
  );
}
