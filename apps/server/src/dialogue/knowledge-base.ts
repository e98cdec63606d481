// Knowledge-base entries and their validation: what an admin imports is checked before it can apply.
import type { KbEntry } from '../domain/bot.js';
import { basicNormalizer } from './normalize.js';

/** One answerable question with the other ways visitors ask it. */
export type KnowledgeEntry = KbEntry;

/** A problem found in an import: `position` is 1-based (entry in JSON, line of the CSV file). */
export interface KbIssue {
  readonly position: number;
  readonly id?: string;
  readonly field: string;
  readonly message: string;
}

export type KbParseResult =
  | { readonly ok: true; readonly entries: KnowledgeEntry[] }
  | { readonly ok: false; readonly issues: KbIssue[] };

/** Limits that keep a pasted novel or a runaway export from becoming a knowledge base. */
export const KB_LIMITS = Object.freeze({ maxEntries: 50_000, maxTextChars: 2_000, maxAnswerChars: 20_000, maxSimilar: 500 });

const FIELDS = new Set(['id', 'question', 'similar', 'answer', 'tags', 'enabled']);

/** "entry 3 (id "refund"): answer must be a non-empty string" */
export function formatIssue(issue: KbIssue, unit: 'entry' | 'line' = 'entry'): string {
  const id = issue.id !== undefined ? ` (id ${JSON.stringify(issue.id)})` : '';
  return `${unit} ${issue.position}${id}: ${issue.field} ${issue.message}`;
}

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
  if (value.length > max) return `must be at most ${max} characters`;
  return undefined;
}

function stringList(value: unknown, maxItems: number, maxChars: number): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of strings';
  if (value.length > maxItems) return `must hold at most ${maxItems} items`;
  const bad = value.findIndex((v) => text(v, maxChars) !== undefined);
  return bad >= 0 ? `[${bad}] ${text(value[bad], maxChars)}` : undefined;
}

function entryIssues(raw: unknown, position: number): KbIssue[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ position, field: 'entry', message: 'must be an object' }];
  }
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === 'string' ? r.id : undefined;
  const issues: KbIssue[] = [];
  const check = (field: string, message: string | undefined): void => {
    if (message !== undefined) issues.push({ position, id, field, message });
  };
  check('id', text(r.id, 200));
  check('question', text(r.question, KB_LIMITS.maxTextChars));
  check('similar', stringList(r.similar, KB_LIMITS.maxSimilar, KB_LIMITS.maxTextChars));
  check('answer', text(r.answer, KB_LIMITS.maxAnswerChars));
  if (r.tags !== undefined) check('tags', stringList(r.tags, 50, 100));
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') check('enabled', 'must be true or false');
  // Unknown fields are refused: a misspelt "simlar" would otherwise drop every example silently.
  for (const key of Object.keys(r)) if (!FIELDS.has(key)) check(key, 'is not a known field');
  return issues;
}

/**
 * Validates parsed JSON as a knowledge base: an array of `{id, question, similar, answer, tags?, enabled?}`.
 * Reports every problem at once, each with its entry; ids must be unique, and one normalized
 * question may not belong to two entries (the exact-question cache could not choose).
 */
export function validateKnowledgeBase(raw: unknown): KbParseResult {
  if (!Array.isArray(raw)) return { ok: false, issues: [{ position: 0, field: 'knowledge base', message: 'must be an array of entries' }] };
  if (raw.length > KB_LIMITS.maxEntries) {
    return { ok: false, issues: [{ position: 0, field: 'knowledge base', message: `must hold at most ${KB_LIMITS.maxEntries} entries` }] };
  }
  const issues = raw.flatMap((entry, i) => entryIssues(entry, i + 1));
  if (issues.length > 0) return { ok: false, issues };
  const entries = raw as KnowledgeEntry[];
  const ids = new Map<string, number>();
  const owners = new Map<string, string>();
  entries.forEach((e, i) => {
    const position = i + 1;
    const seen = ids.get(e.id);
    if (seen !== undefined) issues.push({ position, id: e.id, field: 'id', message: `duplicates entry ${seen}` });
    ids.set(e.id, position);
    for (const q of new Set([e.question, ...e.similar].map((s) => basicNormalizer.full(s)))) {
      const owner = owners.get(q);
      if (owner !== undefined && owner !== e.id) {
        issues.push({ position, id: e.id, field: 'question', message: `${JSON.stringify(q)} is also a question of entry ${JSON.stringify(owner)}` });
      }
      owners.set(q, e.id);
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, entries: entries.map(copyEntry) };
}

/** Parses and validates the JSON import format; a syntax error is an issue too. */
export function parseKnowledgeBaseJson(json: string): KbParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, issues: [{ position: 0, field: 'JSON', message: (error as Error).message }] };
  }
  return validateKnowledgeBase(raw);
}

// A frozen copy: the engine indexes entries once, so nobody may change them underneath it.
function copyEntry(e: KnowledgeEntry): KnowledgeEntry {
  return Object.freeze({
    id: e.id,
    question: e.question,
    similar: Object.freeze([...e.similar]),
    answer: e.answer,
    ...(e.tags !== undefined ? { tags: Object.freeze([...e.tags]) } : {}),
    ...(e.enabled !== undefined ? { enabled: e.enabled } : {}),
  });
}

/** The entries the engine matches against. */
export function enabledEntries(entries: readonly KnowledgeEntry[]): KnowledgeEntry[] {
  return entries.filter((e) => e.enabled !== false);
}
