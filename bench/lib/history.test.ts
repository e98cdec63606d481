import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { historyTable, recentRuns, shortFigure } from './history.js';
import type { Machine } from './machine.js';
import type { RunResult } from './report.js';
import type { Goal } from './result.js';

const intel: Machine = { cores: 2, cpu: 'Intel Xeon', memoryGiB: 23.6, node: 'v20.20.2', os: 'Linux 6.18', line: '2 cores, Intel Xeon' };
const amd: Machine = { ...intel, cpu: 'AMD EPYC', line: '2 cores, AMD EPYC' };

const b4 = (met: boolean, ms: number): Goal => ({ scenario: 'B4', name: 'send→sent p99 at 2,000/s', target: '≤ 25 ms', measured: `${ms} ms`, ratio: null, met });

function runAt(startedAt: string, machine: Machine, goals: Goal[], profile: RunResult['profile'] = 'full'): RunResult {
  return { profile, startedAt, seconds: 480, commit: 'abc1234', machine, settings: {}, scenarios: [{ id: 'B4/B5', title: '', notes: [], goals, tables: [], charts: [], data: null, seconds: 100 }], failures: [] };
}

describe('the history of goals across full runs', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows how often each goal held in earlier full runs on the same machine kind, and ignores the rest', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-history-'));
    const write = (file: string, run: RunResult) => writeFileSync(path.join(dir, file), JSON.stringify(run));
    write('2026-11-27T10-00.json', runAt('2026-11-27T10:00:00.000Z', intel, [b4(true, 18.8)]));
    write('2026-11-27T11-00.json', runAt('2026-11-27T11:00:00.000Z', amd, [b4(true, 20.1)]));
    write('2026-11-27T12-00-partial.json', runAt('2026-11-27T12:00:00.000Z', intel, [b4(true, 19.0)]));
    write('2026-11-27T12-30-smoke.json', runAt('2026-11-27T12:30:00.000Z', intel, [b4(true, 5.0)], 'smoke'));
    writeFileSync(path.join(dir, '2026-11-27T13-00.json'), '{"cut short');
    const now = runAt('2026-11-27T14:00:00.000Z', intel, [b4(false, 42.2)]);
    write('2026-11-27T14-00.json', now);

    const runs = recentRuns(now, dir);
    expect(runs.map((r) => r.startedAt)).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-27T14:00:00.000Z']);
    const table = historyTable(runs);
    expect(table.rows.slice(1)).toEqual([['B4', 'send→sent p99 at 2,000/s', '≤ 25 ms', '1 of 2', '✅ 18.8 ms', '❌ 42.2 ms']]);
  });

  it('keeps only the last runs, and marks a goal an earlier run did not judge', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-history-'));
    for (let h = 10; h < 17; h++) {
      const goals = h === 15 ? [] : [b4(h % 2 === 1, h)];
      writeFileSync(path.join(dir, `2026-11-27T${h}-00.json`), JSON.stringify(runAt(`2026-11-27T${h}:00:00.000Z`, intel, goals)));
    }
    const now = runAt('2026-11-27T17:00:00.000Z', intel, [b4(true, 17)]);
    const runs = recentRuns(now, dir, 4);
    expect(runs.map((r) => r.startedAt.slice(11, 13))).toEqual(['14', '15', '16', '17']);
    expect(historyTable(runs).rows[1]!.slice(3)).toEqual(['1 of 3', '❌ 14 ms', '—', '❌ 16 ms', '✅ 17 ms']);
  });

  it('shows the CPU the hypervisor held back in each run, where it was recorded', () => {
    const before = runAt('2026-11-27T10:00:00.000Z', intel, [b4(true, 18.8)]);
    const now = { ...runAt('2026-11-27T14:00:00.000Z', intel, [b4(false, 42.2)]), stealSec: 21.96 };
    expect(historyTable([before, now]).rows[0]!.slice(4)).toEqual(['—', '22.0 s']);
  });

  it('gives a ratio where the goal has one, else the figure before its asides', () => {
    const goal = (measured: string, ratio: number | null): Goal => ({ scenario: 'X', name: 'x', target: '', measured, ratio, met: true });
    expect(shortFigure(goal('31.2 ms vs 50.3 ms', 0.62))).toBe('0.62×');
    expect(shortFigure(goal('5,700 msg/s', null))).toBe('5,700 msg/s');
    expect(shortFigure(goal('100.0 % (p99 5968 ms, max 6038 ms)', null))).toBe('100.0 %');
    expect(shortFigure(goal('2,000 of 2,000; p50 3.81 ms, p99 10.8 ms', null))).toBe('2,000 of 2,000');
    expect(shortFigure(goal('0 of 10,000 timelines, 3,958 answered sends', null))).toBe('0 of 10,000 timelines');
  });
});
