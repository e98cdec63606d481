// Business hours of a team: weekly opening intervals in a time zone, minus holidays.
// Pure: the caller passes the instant; the time zone arithmetic uses Intl, which needs no I/O.

export interface OpeningInterval {
  /** 0 = Sunday … 6 = Saturday, in the schedule's time zone. */
  day: number;
  /** "HH:MM", 24-hour clock, inclusive. */
  open: string;
  /** "HH:MM", exclusive; "24:00" for midnight at the end of the day. */
  close: string;
}

export interface BusinessHours {
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timeZone: string;
  weekly: OpeningInterval[];
  /** Dates "YYYY-MM-DD" in the schedule's time zone when the team is closed all day. */
  holidays: string[];
}

export interface LocalTime {
  date: string;
  day: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date, weekday and minute of the day at `instantMs` in `timeZone`. */
export function localTime(instantMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function isOpen(hours: BusinessHours, instantMs: number): boolean {
  const local = localTime(instantMs, hours.timeZone);
  if (hours.holidays.includes(local.date)) return false;
  return hours.weekly.some((i) => i.day === local.day && local.minutes >= toMinutes(i.open) && local.minutes < toMinutes(i.close));
}

/** Problems with a schedule, each naming its field; empty when it is valid. */
export function validateBusinessHours(hours: BusinessHours): string[] {
  const problems: string[] = [];
  try {
    formatter(hours.timeZone);
  } catch {
    problems.push(`timeZone: unknown time zone ${hours.timeZone}`);
  }
  hours.weekly.forEach((i, k) => {
    if (!Number.isInteger(i.day) || i.day < 0 || i.day > 6) problems.push(`weekly[${k}].day: expected 0 (Sunday) to 6`);
    for (const field of ['open', 'close'] as const) {
      if (!/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(i[field])) problems.push(`weekly[${k}].${field}: expected HH:MM`);
    }
    if (toMinutes(i.open) >= toMinutes(i.close)) problems.push(`weekly[${k}]: open must be before close`);
  });
  hours.holidays.forEach((d, k) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) problems.push(`holidays[${k}]: expected YYYY-MM-DD`);
  });
  return problems;
}
