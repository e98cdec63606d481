import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

function capture() {
  const chunks = { stdout: '', stderr: '' };
  return {
    chunks,
    out: { stdout: { write: (t: string) => (chunks.stdout += t) }, stderr: { write: (t: string) => (chunks.stderr += t) } },
  };
}

function files(kb: unknown, cases: unknown): { kb: string; cases: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-eval-'));
  writeFileSync(path.join(dir, 'kb.json'), JSON.stringify(kb));
  writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
  return { kb: path.join(dir, 'kb.json'), cases: path.join(dir, 'cases.json') };
}

const kb = [
  { id: 'refund', question: '退款多久到账', similar: ['退款要几天', 'how long does a refund take'], answer: '1–3 个工作日' },
  { id: 'invoice', question: '怎么开发票', similar: ['发票在哪里申请', 'can I get an invoice'], answer: '订单详情申请' },
];

describe('kefu eval --kb --cases', () => {
  it('prints one JSON report with every metric of a tiny knowledge base', async () => {
    const f = files(kb, [
      { text: '退款多久到账', expect: 'refund' },
      { text: 'invoice please', expect: 'invoice' },
      { text: '转人工', expect: 'handoff' },
      { text: '今天天气怎么样', expect: 'fallback' },
    ]);
    const { out, chunks } = capture();
    expect(await run(['eval', '--kb', f.kb, '--cases', f.cases], out)).toBe(0);
    const report = JSON.parse(chunks.stdout);
    expect(Object.keys(report).sort()).toEqual([
      'answeredDirectly', 'answeredWrong', 'clarified', 'entryCases', 'fallbackRate', 'falseAnswerRate', 'handoffRate', 'latencyMs', 'top1', 'top3',
    ]);
    expect(report.entryCases).toBe(2);
    expect(report.answeredDirectly + report.clarified + report.answeredWrong).toBeLessThanOrEqual(2);
    expect(report).toMatchObject({ top1: 1, top3: 1, handoffRate: 1, falseAnswerRate: 0 });
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(report.latencyMs.p50);
    expect(chunks.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('fails with the entry and field when the knowledge base is invalid', async () => {
    const f = files([{ id: 'a', question: 'q', similar: [] }], []);
    const { out, chunks } = capture();
    expect(await run(['eval', '--kb', f.kb, '--cases', f.cases], out)).toBe(1);
    expect(chunks.stderr).toContain('entry 1 (id "a"): answer must be a non-empty string');
  });

  it('fails when a case expects an entry that does not exist', async () => {
    const f = files(kb, [{ text: 'x', expect: 'nope' }]);
    const { out, chunks } = capture();
    expect(await run(['eval', '--kb', f.kb, '--cases', f.cases], out)).toBe(1);
    expect(chunks.stderr).toContain('case 1');
  });

  it('answers usage errors with exit code 2', async () => {
    const { out, chunks } = capture();
    expect(await run(['eval', '--dataset', 'imdb'], out)).toBe(2);
    expect(chunks.stderr).toContain('unknown dataset');
  });

  it('refuses an unknown encoder and an out-of-range encoder weight as usage errors', async () => {
    const { out, chunks } = capture();
    expect(await run(['eval', '--dataset', 'banking77', '--encoder', 'bert'], out)).toBe(2);
    expect(chunks.stderr).toContain('--encoder: expected use-lite or onnx:');
    const second = capture();
    expect(await run(['eval', '--dataset', 'banking77', '--encoder', 'use-lite', '--encoder-weight', '1.5'], second.out)).toBe(2);
    expect(second.chunks.stderr).toContain('--encoder-weight must be a number from 0 to 1');
    const third = capture();
    expect(await run(['eval', '--dataset', 'banking77', '--encoder', 'use-lite', '--encoder-head', 'nearest'], third.out)).toBe(2);
    expect(third.chunks.stderr).toContain("--encoder-head is gone: eval measures the engine's encoder stage");
  });
});

describe('npx kefu', () => {
  it('runs from the repository root after npm install and the build, as the docs say', () => {
    const root = path.resolve(import.meta.dirname, '../../../..');
    const usage = execFileSync('npx', ['--no-install', 'kefu', '--help'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(usage).toContain('kefu eval --dataset banking77|clinc150');
  });
});
