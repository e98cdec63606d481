// A team's business hours: time zone, weekly opening ranges, and holidays; or none (always open).
import { useState } from 'react';
import { useI18n } from '../ui/context.js';
import type { BusinessHours, OpeningInterval } from './admin-api.js';

const DAY_KEYS = ['adminSun', 'adminMon', 'adminTue', 'adminWed', 'adminThu', 'adminFri', 'adminSat'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const weekdays = (): OpeningInterval[] => [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' }));

interface Props {
  value: BusinessHours | null;
  busy: boolean;
  onSave: (hours: BusinessHours | null) => void;
}

export function BusinessHoursEditor({ value, busy, onSave }: Props) {
  const { t } = useI18n();
  const [on, setOn] = useState(value !== null);
  const [zone, setZone] = useState(value?.timeZone ?? browserZone());
  const [weekly, setWeekly] = useState<OpeningInterval[]>(value?.weekly ?? weekdays());
  const [holidays, setHolidays] = useState((value?.holidays ?? []).join('\n'));
  const holidayList = holidays.split(/[\s,]+/).filter(Boolean);
  const badHoliday = holidayList.find((d) => !DATE.test(d));

  const set = (i: number, patch: Partial<OpeningInterval>) => setWeekly(weekly.map((w, j) => (j === i ? { ...w, ...patch } : w)));

  return (
    <fieldset className="hours">
      <legend>{t('adminBusinessHours')}</legend>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> {t('adminHoursLimited')}
      </label>
      {on && (
        <>
          <label>
            {t('adminTimeZone')}
            <input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="Asia/Shanghai" />
          </label>
          <table className="hours-table">
            <tbody>
              {weekly.map((w, i) => (
                <tr key={i}>
                  <td>
                    <select aria-label={t('adminDay')} value={w.day} onChange={(e) => set(i, { day: Number(e.target.value) })}>
                      {DAY_KEYS.map((k, d) => (
                        <option key={k} value={d}>
                          {t(k)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="time" aria-label={t('adminOpens')} value={w.open} onChange={(e) => set(i, { open: e.target.value })} />
                  </td>
                  <td>–</td>
                  <td>
                    <input aria-label={t('adminCloses')} value={w.close} pattern="([01]\d|2[0-3]):[0-5]\d|24:00" onChange={(e) => set(i, { close: e.target.value })} />
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => setWeekly(weekly.filter((_, j) => j !== i))}>
                      {t('adminRemove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="link" onClick={() => setWeekly([...weekly, { day: 1, open: '09:00', close: '18:00' }])}>
            + {t('adminAddRange')}
          </button>
          <label>
            {t('adminHolidays')}
            <textarea rows={2} value={holidays} placeholder="2026-10-01" onChange={(e) => setHolidays(e.target.value)} />
          </label>
          {badHoliday && <p className="outcome outcome-error">{t('adminBadDate', { date: badHoliday })}</p>}
        </>
      )}
      <div>
        <button
          type="button"
          className="btn"
          disabled={busy || badHoliday !== undefined}
          onClick={() => onSave(on ? { timeZone: zone.trim(), weekly, holidays: holidayList } : null)}
        >
          {t('adminSaveHours')}
        </button>
      </div>
    </fieldset>
  );
}
