// The Chinese demo knowledge base and its evaluation set (apps/server/demo/) stay well-formed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { basicNormalizer } from '../dialogue/normalize.js';
import { parseCases, readKnowledgeBase } from './eval-kb.js';

const kbFile = fileURLToPath(new URL('../../demo/kb-zh.json', import.meta.url));
const casesFile = fileURLToPath(new URL('../../demo/eval-zh.json', import.meta.url));
const entries = readKnowledgeBase(kbFile);
const ids = new Set(entries.map((e) => e.id));

function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

describe('Chinese demo knowledge base', () => {
  it('passes the import validator with at least 40 entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });

  it('holds the entries that flows trigger on', () => {
    expect(ids).toContain('order-status');
    expect(ids).toContain('refund-request');
  });

  it('names entries in kebab-case English and gives each 5 to 10 similar questions', () => {
    for (const e of entries) {
      expect(e.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(e.similar.length, e.id).toBeGreaterThanOrEqual(5);
      expect(e.similar.length, e.id).toBeLessThanOrEqual(10);
    }
  });
});

describe('Chinese demo evaluation set', () => {
  const cases = parseCases(JSON.parse(readFileSync(casesFile, 'utf8')) as unknown, ids);
  const entryCases = cases.filter((c) => c.expect !== 'fallback' && c.expect !== 'handoff');

  it('expects only existing entries, "fallback" or "handoff", in the promised numbers', () => {
    // parseCases above throws on an unknown id.
    expect(entryCases.length).toBeGreaterThanOrEqual(220);
    expect(cases.filter((c) => c.expect === 'fallback').length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.expect === 'handoff').length).toBeGreaterThanOrEqual(25);
  });

  it('asks about every entry at least three times, never twice in the same words', () => {
    for (const id of ids) expect(entryCases.filter((c) => c.expect === id).length, id).toBeGreaterThanOrEqual(3);
    const texts = cases.map((c) => basicNormalizer.full(c.text));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('paraphrases rather than copies: no case is within a few edits of its own entry’s questions', () => {
    const byId = new Map(entries.map((e) => [e.id, [e.question, ...e.similar].map((t) => basicNormalizer.full(t))]));
    const nearCopies = entryCases.flatMap((c) => {
      const text = basicNormalizer.full(c.text);
      return (byId.get(c.expect) ?? [])
        .filter((k) => {
          const d = editDistance(text, k);
          return d <= 2 || d / Math.max(Array.from(text).length, Array.from(k).length) < 1 / 3;
        })
        .map((k) => `${c.text} ~ ${k}`);
    });
    expect(nearCopies).toEqual([]);
  });
});
