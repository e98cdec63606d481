import { describe, expect, it } from 'vitest';
import { durationStats, firstResponseMs, hourlySeries } from './overview-report.js';

const entry = (role: 'visitor' | 'agent' | 'bot' | 'system', kind: 'text' | 'event' | 'note' | 'file', createdAt: string) => ({
  sender: { role, id: role },
  kind,
  createdAt,
});

describe('firstResponseMs', () => {
  it('measures from the visitor’s first message to the first reply by a person, not the bot', () => {
    const entries = [
      entry('visitor', 'text', '2026-01-01T10:00:00.000Z'),
      entry('bot', 'text', '2026-01-01T10:00:01.000Z'),
      entry('system', 'event', '2026-01-01T10:00:30.000Z'),
      entry('agent', 'note', '2026-01-01T10:01:00.000Z'),
      entry('agent', 'text', '2026-01-01T10:02:00.000Z'),
    ];
    expect(firstResponseMs(entries, '2026-01-01T10:00:00.000Z')).toBe(120_000);
  });

  it('is null until a person replies, and counts from creation when an agent wrote first', () => {
    expect(firstResponseMs([entry('visitor', 'text', '2026-01-01T10:00:00.000Z')], '2026-01-01T10:00:00.000Z')).toBeNull();
    const agentFirst = [entry('agent', 'text', '2026-01-01T10:00:05.000Z'), entry('visitor', 'text', '2026-01-01T10:00:09.000Z')];
    expect(firstResponseMs(agentFirst, '2026-01-01T10:00:00.000Z')).toBe(5_000);
  });
});

describe('durationStats', () => {
  it('gives count, average and median, or nulls when empty', () => {
    expect(durationStats([])).toEqual({ count: 0, averageMs: null, medianMs: null });
    expect(durationStats([30, 10, 20])).toEqual({ count: 3, averageMs: 20, medianMs: 20 });
    expect(durationStats([10, 40, 20, 30])).toEqual({ count: 4, averageMs: 25, medianMs: 25 });
  });
});

describe('hourlySeries', () => {
  it('puts each point in its hour and averages per hour', () => {
    const from = Date.parse('2026-01-01T00:00:00.000Z');
    const h = (n: number, m = 0) => from + n * 3_600_000 + m * 60_000;
    const series = hourlySeries(from, 3, {
      created: [h(0, 5), h(0, 50), h(2, 1), from - 1],
      resolved: [h(1, 10)],
      firstResponses: [
        { atMs: h(0, 5), ms: 1000 },
        { atMs: h(0, 50), ms: 3000 },
      ],
      ratings: [
        { atMs: h(2, 0), rating: 5 },
        { atMs: h(2, 30), rating: 4 },
      ],
    });
    expect(series.map((b) => [b.created, b.resolved, b.firstResponseAvgMs, b.csatAvg])).toEqual([
      [2, 0, 2000, null],
      [0, 1, null, null],
      [1, 0, null, 4.5],
    ]);
    expect(series[1]!.from).toBe('2026-01-01T01:00:00.000Z');
  });
});
