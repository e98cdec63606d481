// Why the bot said what it did in a conversation: each bot turn's stage, the rule, entry or flow
// that decided, the best scores as bars against the thresholds, the decision and the latency.
import { useEffect, useState } from 'react';
import type { MessageKey } from '../lib/i18n.js';
import { AdminApi, type BotTurn, type Scored } from '../admin/admin-api.js';
import { loadSession } from '../state/session.js';
import { useI18n } from './context.js';
import '../admin/admin.css';

export const DECISION_LABEL: Record<string, MessageKey> = {
  answer: 'traceAnswer',
  clarify: 'traceClarify',
  fallback: 'traceFallback',
  handoff: 'traceHandoff',
  flow: 'traceFlow',
};
export const STAGE_LABEL: Record<string, MessageKey> = { handoff: 'traceStageHandoff', rule: 'traceStageRule', semantic: 'traceStageSemantic', flow: 'traceStageFlow' };

interface Thresholds {
  answer: number;
  clarify: number;
  /** Top score ÷ second needed to answer (newer engines only). */
  ratio?: number;
  margin: number;
}

/** The best scores as horizontal bars, with the answer and clarify thresholds marked. */
export function ScoreBars({ scores, thresholds, max = 5 }: { scores: readonly Scored[]; thresholds: Thresholds; max?: number }) {
  const { t } = useI18n();
  if (scores.length === 0) return <p className="muted small">{t('traceNoScores')}</p>;
  const pct = (v: number) => `${Math.max(0, Math.min(1, v)) * 100}%`;
  return (
    <ul className="score-bars" aria-label={t('traceScores')}>
      {scores.slice(0, max).map((s) => (
        <li key={s.entryId} data-entry={s.entryId}>
          <span className="score-name" title={s.entryId}>
            {s.entryId}
          </span>
          <span className="score-track">
            <span className={`score-fill${s.score >= thresholds.answer ? ' over-answer' : s.score >= thresholds.clarify ? ' over-clarify' : ''}`} style={{ width: pct(s.score) }} />
            <span className="score-mark mark-answer" style={{ left: pct(thresholds.answer) }} title={t('traceAnswerThreshold', { value: thresholds.answer })} />
            <span className="score-mark mark-clarify" style={{ left: pct(thresholds.clarify) }} title={t('traceClarifyThreshold', { value: thresholds.clarify })} />
          </span>
          <span className="score-value">{s.score.toFixed(2)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ThresholdLine({ thresholds }: { thresholds: Thresholds }) {
  const { t } = useI18n();
  return (
    <p className="muted small">
      {t('traceThresholds', { answer: thresholds.answer, clarify: thresholds.clarify, margin: thresholds.margin })}
      {thresholds.ratio !== undefined && ` · ${t('traceRatio', { ratio: thresholds.ratio })}`}
    </p>
  );
}

function TurnCard({ turn }: { turn: BotTurn }) {
  const { t, lang } = useI18n();
  const parts: Array<[MessageKey, string | null]> = [
    ['traceRule', turn.ruleId],
    ['traceEntry', turn.entryId],
    ['traceFlowId', turn.flowId],
  ];
  const decided = parts.flatMap(([k, id]) => (id ? [`${t(k)} ${id}`] : [])).join(' · ') || null;
  const reason = typeof turn.detail.reason === 'string' ? turn.detail.reason : null;
  return (
    <li className="turn" data-decision={turn.decision}>
      <div className="turn-head">
        <span className={`decision decision-${turn.decision}`}>{t(DECISION_LABEL[turn.decision] ?? 'traceAnswer')}</span>
        <span className="muted small">{t(STAGE_LABEL[turn.stage] ?? 'traceStageSemantic')}</span>
        <span className="muted small turn-time">
          {new Date(turn.createdAt).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' })} · {Math.round(turn.latencyMs)} ms
        </span>
      </div>
      {decided && <div className="small break">{decided}</div>}
      {reason && <div className="small muted break">{t('traceReason', { reason })}</div>}
      <ScoreBars scores={turn.scores} thresholds={turn.thresholds} max={3} />
      <ThresholdLine thresholds={turn.thresholds} />
      <div className="muted small">{t('traceVersion', { version: turn.botVersion })}</div>
    </li>
  );
}

/** The conversation's bot turns, newest first; nothing at all when the bot never answered in it. */
export function BotTrace({ conv, lastSeq }: { conv: string; lastSeq: number }) {
  const { t } = useI18n();
  const [turns, setTurns] = useState<BotTurn[] | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    new AdminApi(loadSession()?.token ?? '').botTurns(conv).then(
      (r) => live && setTurns(r.turns),
      () => live && setTurns([]),
    );
    return () => {
      live = false;
    };
  }, [conv, lastSeq]);
  if (!turns || turns.length === 0) return null;
  const shown = open ? [...turns].reverse() : turns.slice(-1);
  return (
    <section className="card bot-trace" aria-label={t('traceTitle')}>
      <h3>
        {t('traceTitle')} <span className="muted">({turns.length})</span>
      </h3>
      <ol className="turns">
        {shown.map((turn) => (
          <TurnCard key={`${turn.messageEntryId}-${turn.createdAt}`} turn={turn} />
        ))}
      </ol>
      {turns.length > 1 && (
        <button className="link small" onClick={() => setOpen(!open)}>
          {open ? t('traceShowLast') : t('traceShowAll', { n: turns.length })}
        </button>
      )}
    </section>
  );
}
