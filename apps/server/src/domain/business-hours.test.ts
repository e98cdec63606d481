import { describe, expect, it } from 'vitest';
import { isOpen, localTime, validateBusinessHours, type BusinessHours } from './business-hours.js';

const shanghaiWeekdays: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })),
  holidays: ['2026-10-01'],
};

describe('business hours', () => {
  it('is open at 09:30 on a Monday in Shanghai, which is 01:30 UTC', () => {
    // 2026-11-30 is a Monday.
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-11-30T01:30:00Z'))).toBe(true);
  });

  it('is closed at 23:30 UTC on Sunday though it is a weekday in UTC terms a few hours later', () => {
    // Sunday 2026-11-29 23:30 UTC is Monday 07:30 in Shanghai: before opening.
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-11-29T23:30:00Z'))).toBe(false);
    // Monday 2026-11-30 00:30 UTC is 08:30 in Shanghai, still closed; 01:00 UTC is 09:00, open.
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-11-30T00:30:00Z'))).toBe(false);
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-11-30T01:00:00Z'))).toBe(true);
  });

  it('closes at the closing minute, exclusive', () => {
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-11-30T09:59:00Z'))).toBe(true); // 17:59
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-11-30T10:00:00Z'))).toBe(false); // 18:00
  });

  it('is closed all day on a holiday, by the date in the schedule time zone', () => {
    // 2026-10-01 is a Thursday; 2026-09-30 20:00 UTC is already 10-01 04:00 in Shanghai.
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-10-01T02:00:00Z'))).toBe(false);
    expect(isOpen(shanghaiWeekdays, Date.parse('2026-10-02T02:00:00Z'))).toBe(true);
  });

  it('follows daylight saving time in New York', () => {
    const ny: BusinessHours = { timeZone: 'America/New_York', weekly: [{ day: 1, open: '09:00', close: '17:00' }], holidays: [] };
    // Monday 2026-07-06 09:30 EDT = 13:30 UTC; Monday 2026-12-07 09:30 EST = 14:30 UTC.
    expect(isOpen(ny, Date.parse('2026-07-06T13:30:00Z'))).toBe(true);
    expect(isOpen(ny, Date.parse('2026-12-07T13:30:00Z'))).toBe(false);
    expect(isOpen(ny, Date.parse('2026-12-07T14:30:00Z'))).toBe(true);
  });

  it('gives the local date, weekday and minute', () => {
    expect(localTime(Date.parse('2026-11-29T23:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-11-30', day: 1, minutes: 7 * 60 + 30 });
  });

  it('names every problem of an invalid schedule', () => {
    const problems = validateBusinessHours({
      timeZone: 'Mars/Olympus',
      weekly: [{ day: 7, open: '9am', close: '08:00' }],
      holidays: ['tomorrow'],
    });
    expect(problems.join('\n')).toMatch(/timeZone/);
    expect(problems.join('\n')).toMatch(/weekly\[0\]\.day/);
    expect(problems.join('\n')).toMatch(/weekly\[0\]\.open/);
    expect(problems.join('\n')).toMatch(/holidays\[0\]/);
  });
});
