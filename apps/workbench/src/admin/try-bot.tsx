// "Try it": ask the live bot a question as a new visitor would; shows the decision, the answer and
// the trace. Nothing is stored.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import { DECISION_LABEL, ScoreBars, STAGE_LABEL, ThresholdLine } from '../ui/bot-trace.js';
import type { TryResult } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { errorText } from './admin-kit.js';

export function TryBot() {
  const { t } = useI18n();
  const api = useAdminApi();
  const [text, setText] = useState('');
  const [result, setResult] = useState<TryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    api.tryBot(text.trim()).then(
      (r) => {
        setResult(r);
        setBusy(false);
      },
      (err: unknown) => {
        setError(errorText(err));
        setResult(null);
        setBusy(false);
      },
    );
  };

  const d = result?.decision;
  return (
    <section className="admin-card try-bot" aria-label={t('botTry')}>
      <h2>{t('botTry')}</h2>
      <form className="form-row" onSubmit={submit}>
        <input className="grow" name="try" aria-label={t('botTryQuestion')} placeholder={t('botTryQuestion')} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {t('botAsk')}
        </button>
      </form>
      {error && (
        <p className="outcome outcome-error break" role="alert">
          {error}
        </p>
      )}
      {result && d && (
        <div className="try-result" data-decision={d.kind}>
          <div className="turn-head">
            <span className={`decision decision-${d.kind}`}>{t(DECISION_LABEL[d.kind] ?? 'traceAnswer')}</span>
            <span className="muted small">{t(STAGE_LABEL[result.trace.stage] ?? 'traceStageSemantic')}</span>
            {result.trace.ruleId && <span className="muted small">{`${t('traceRule')} ${result.trace.ruleId}`}</span>}
            <span className="muted small turn-time">
              {t('traceVersion', { version: result.version })} · {Math.round(result.trace.latencyMs)} ms
            </span>
          </div>
          {d.kind === 'answer' && result.entry && (
            <div className="try-answer">
              <div className="small muted">
                {`${t('traceEntry')} ${result.entry.id}`} · {result.entry.question}
              </div>
              <div className="bubble break" data-answer>
                {result.answer}
              </div>
            </div>
          )}
          {d.kind === 'clarify' && (
            <ul className="small">
              {(d.options ?? []).map((o) => (
                <li key={o.entryId}>
                  {o.entryId} ({o.score.toFixed(2)})
                </li>
              ))}
            </ul>
          )}
          {d.kind === 'handoff' && d.reason && <p className="small muted">{t('traceReason', { reason: d.reason })}</p>}
          <p className="small muted">{t('botNormalized', { text: result.trace.normalized })}</p>
          <ScoreBars scores={result.trace.scores} thresholds={result.trace.thresholds} />
          <ThresholdLine thresholds={result.trace.thresholds} />
        </div>
      )}
    </section>
  );
}
