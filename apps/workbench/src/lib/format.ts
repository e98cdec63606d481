// Short durations and times for dense lists: "now", "4m", "2h", "3d".
import type { Translate } from './i18n.js';

export function shortDuration(ms: number, t: Translate): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return t('minutesShort', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('hoursShort', { n: hours });
  return t('daysShort', { n: Math.floor(hours / 24) });
}

/** Clock time for today's entries, date and time for older ones, in the agent's locale. */
export function entryTime(iso: string, nowMs: number, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = new Date(nowMs).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
