// Small pieces every admin page uses: loading data, running a change with its outcome shown, and
// the page's frame. Errors are shown as the server words them (its messages are English).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { MessageKey } from '../lib/i18n.js';
import { ApiError } from '../state/api.js';
import { useI18n } from '../ui/context.js';
import { BotConfigError } from './admin-api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** Loads on mount and on reload(); keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}

export function errorText(e: unknown): string {
  if (e instanceof BotConfigError && e.issues.length > 0) return `${e.message}\n${e.issues.map((i) => `• ${i}`).join('\n')}`;
  if (e instanceof ApiError || e instanceof Error) return e.message;
  return String(e);
}

export interface Outcome {
  kind: 'ok' | 'error';
  text: string;
}

/** Runs changes one at a time; the outcome (a done message or the error) shows in <OutcomeNote>. */
export function useAction(): { busy: boolean; outcome: Outcome | null; run: (fn: () => Promise<unknown>, done?: MessageKey) => Promise<boolean>; clear: () => void } {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = useCallback(
    async (fn: () => Promise<unknown>, done: MessageKey = 'adminSaved') => {
      setBusy(true);
      setOutcome(null);
      try {
        await fn();
        setOutcome({ kind: 'ok', text: t(done) });
        return true;
      } catch (e) {
        setOutcome({ kind: 'error', text: t('actionFailed', { message: errorText(e) }) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, outcome, run, clear: () => setOutcome(null) };
}

export function OutcomeNote({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <p className={`outcome outcome-${outcome.kind} break`} role={outcome.kind === 'error' ? 'alert' : 'status'}>
      {outcome.text}
    </p>
  );
}

export function LoadError({ error }: { error: string | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="outcome outcome-error break" role="alert">
      {t('adminLoadFailed', { message: error })}
    </p>
  );
}

export function Page({ title, actions, children, id }: { title: string; actions?: ReactNode; children: ReactNode; id: string }) {
  return (
    <section className="admin-page" data-page={id} aria-labelledby={`admin-title-${id}`}>
      <header className="admin-header">
        <h1 id={`admin-title-${id}`}>{title}</h1>
        <div className="admin-header-actions">{actions}</div>
      </header>
      {children}
    </section>
  );
}

/** Milliseconds shown and edited as whole minutes; empty means off (null). */
export const msToMinutes = (ms: number | null): string => (ms === null ? '' : String(Math.round(ms / 60_000)));
export function minutesToMs(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 60_000) : null;
}

/** A labelled select over a fixed list of values, each shown by its message key. */
export function ChoiceField<T extends string>(props: {
  label: string;
  value: T;
  choices: readonly T[];
  labels: Readonly<Record<T, MessageKey>>;
  onChange: (value: T) => void;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <label className={props.className}>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.choices.map((c) => (
          <option key={c} value={c}>
            {t(props.labels[c])}
          </option>
        ))}
      </select>
    </label>
  );
}
