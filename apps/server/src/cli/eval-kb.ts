// `kefu eval --kb --cases`: how the default engine does on a knowledge base and labelled visitor messages.
import { readFileSync } from 'node:fs';
import { initialDialogueState } from '../dialogue/decision.js';
import { DialogueEngine, type EngineOptions } from '../dialogue/engine.js';
import { parseKnowledgeBaseCsv } from '../dialogue/kb-csv.js';
import { formatIssue, parseKnowledgeBaseJson, type KnowledgeEntry } from '../dialogue/knowledge-base.js';
import { fraction, percentile, round } from './metrics.js';

/** A visitor message and what should happen: an entry id, "handoff" or "fallback". */
export interface EvalCase {
  readonly text: string;
  readonly expect: string;
}

export interface KbReport {
  /** Over cases expecting an entry: the bot's first choice is it (rule hit or best score). */
  readonly top1: number;
  /** Over cases expecting an entry: it is among the three best candidates. */
  readonly top3: number;
  /** Over all cases: the bot fell back ("I did not understand"). */
  readonly fallbackRate: number;
  /** Over cases expecting "fallback": the bot answered anyway (the costly mistake). */
  readonly falseAnswerRate: number;
  /** Over cases expecting "handoff": the bot handed off. */
  readonly handoffRate: number;
  /** Cases expecting an entry, by what the bot did (counts, not fractions). */
  readonly entryCases: number;
  /** … answered at once with the expected entry. */
  readonly answeredDirectly: number;
  /** … asked "did you mean" with the expected entry as the first option. */
  readonly clarified: number;
  /** … answered with another entry (the costly mistake on an in-scope question). */
  readonly answeredWrong: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
}

/** Reads a knowledge base from JSON, or CSV when the file name ends in .csv; throws with every issue listed. */
export function readKnowledgeBase(file: string): KnowledgeEntry[] {
  const text = readFileSync(file, 'utf8');
  const csv = file.toLowerCase().endsWith('.csv');
  const result = csv ? parseKnowledgeBaseCsv(text) : parseKnowledgeBaseJson(text);
  if (!result.ok) throw new Error(`${file}:\n${result.issues.map((i) => `  ${formatIssue(i, csv ? 'line' : 'entry')}`).join('\n')}`);
  return result.entries;
}

export function parseCases(raw: unknown, entryIds: ReadonlySet<string>): EvalCase[] {
  if (!Array.isArray(raw)) throw new Error('cases must be an array of {"text", "expect"}');
  return raw.map((c: unknown, i) => {
    const r = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    if (typeof r.text !== 'string' || typeof r.expect !== 'string') throw new Error(`case ${i + 1}: needs string fields "text" and "expect"`);
    if (r.expect !== 'handoff' && r.expect !== 'fallback' && !entryIds.has(r.expect)) {
      throw new Error(`case ${i + 1}: expect ${JSON.stringify(r.expect)} is neither an enabled entry id nor "handoff" or "fallback"`);
    }
    return { text: r.text, expect: r.expect };
  });
}

/** Trains the default engine (plus `options`, e.g. an encoder) on the knowledge base alone and runs every case from a fresh conversation. */
export async function evaluateCases(entries: readonly KnowledgeEntry[], cases: readonly EvalCase[], options: EngineOptions = {}): Promise<KbReport> {
  const built = await DialogueEngine.build(entries, options);
  if (!built.ok) throw new Error(built.issues.map((i) => i.message).join('\n'));
  let top1 = 0;
  let top3 = 0;
  let entryCases = 0;
  let fallbacks = 0;
  let falseAnswers = 0;
  let fallbackCases = 0;
  let handoffs = 0;
  let handoffCases = 0;
  let answeredDirectly = 0;
  let clarified = 0;
  let answeredWrong = 0;
  const latencies: number[] = [];
  for (const c of cases) {
    const started = performance.now();
    const { decision, trace } = await built.engine.understand(c.text, initialDialogueState);
    latencies.push(performance.now() - started);
    if (decision.kind === 'fallback') fallbacks++;
    if (c.expect === 'fallback') {
      fallbackCases++;
      if (decision.kind === 'answer') falseAnswers++;
    } else if (c.expect === 'handoff') {
      handoffCases++;
      if (decision.kind === 'handoff') handoffs++;
    } else {
      entryCases++;
      const candidates = decision.kind === 'answer' && trace.stage === 'rule' ? [decision.entryId] : trace.scores.map((s) => s.entryId);
      if (candidates[0] === c.expect) top1++;
      if (candidates.slice(0, 3).includes(c.expect)) top3++;
      if (decision.kind === 'answer') {
        if (decision.entryId === c.expect) answeredDirectly++;
        else answeredWrong++;
      }
      if (decision.kind === 'clarify' && decision.options[0]?.entryId === c.expect) clarified++;
    }
  }
  return {
    top1: fraction(top1, entryCases),
    top3: fraction(top3, entryCases),
    fallbackRate: fraction(fallbacks, cases.length),
    falseAnswerRate: fraction(falseAnswers, fallbackCases),
    handoffRate: fraction(handoffs, handoffCases),
    entryCases,
    answeredDirectly,
    clarified,
    answeredWrong,
    latencyMs: { p50: round(percentile(latencies, 0.5), 3), p95: round(percentile(latencies, 0.95), 3) },
  };
}

export async function evalKnowledgeBase(kbFile: string, casesFile: string, options: EngineOptions = {}): Promise<KbReport> {
  const entries = readKnowledgeBase(kbFile);
  const ids = new Set(entries.filter((e) => e.enabled !== false).map((e) => e.id));
  const cases = parseCases(JSON.parse(readFileSync(casesFile, 'utf8')) as unknown, ids);
  return evaluateCases(entries, cases, options);
}
