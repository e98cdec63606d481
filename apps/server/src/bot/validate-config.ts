// Checks a whole bot configuration before it may become a version: entries, rules, flows, thresholds, settings.
import { DEFAULT_BOT_SETTINGS, type BotConfig, type BotSettings } from '../domain/bot.js';
import { defaultDecisionConfig } from '../dialogue/decision.js';
import { validateFlows } from '../dialogue/flows/validate.js';
import { enabledEntries, formatIssue, validateKnowledgeBase } from '../dialogue/knowledge-base.js';
import type { Rule } from '../dialogue/rules/rule.js';
import { validateRules } from '../dialogue/rules/rule-set.js';

export type ConfigValidation = { readonly ok: true; readonly config: BotConfig } | { readonly ok: false; readonly issues: string[] };

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const q = (s: unknown): string => JSON.stringify(s);

/** The thresholds an admin may override, with their ranges; the rest of DecisionConfig stays as built. */
export const DECISION_RANGES: Readonly<Record<string, { min: number; max: number; integer?: boolean }>> = Object.freeze({
  answerThreshold: { min: 0, max: 1 },
  clarifyThreshold: { min: 0, max: 1 },
  ambiguityRatio: { min: 1, max: 1000 },
  ambiguityMargin: { min: 0, max: 1 },
  minOptionScore: { min: 0, max: 1 },
  clarifyOptions: { min: 1, max: 10, integer: true },
  maxConsecutiveFallbacks: { min: 0, max: 20, integer: true },
});

const MAX_RULES = 1_000;
const MAX_TEXT_CHARS = 2_000;

/**
 * Validates untrusted data as a BotConfig. Every problem is reported at once, each naming where
 * it is ("entries: entry 3 (id "x"): …", "rules[2] (id "r"): …", "decision.answerThreshold …").
 * Absent parts take their defaults: no rules, no flows, default thresholds and settings.
 */
export function validateBotConfig(raw: unknown): ConfigValidation {
  if (!isObj(raw)) return { ok: false, issues: ['config must be an object'] };
  const issues: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!['entries', 'rules', 'flows', 'decision', 'settings'].includes(key)) issues.push(`${key} is not a part of a bot config`);
  }

  const kb = validateKnowledgeBase(raw.entries ?? []);
  if (!kb.ok) issues.push(...kb.issues.map((i) => `entries: ${i.position === 0 ? `${i.field} ${i.message}` : formatIssue(i)}`));
  const entries = kb.ok ? kb.entries : [];

  const rules = raw.rules ?? [];
  if (!Array.isArray(rules)) issues.push('rules must be an array');
  else if (rules.length > MAX_RULES) issues.push(`rules: at most ${MAX_RULES} rules`);
  else {
    const shapes = rules.flatMap((r: unknown, i) => ruleShapeIssues(r).map((m) => `rules[${i}]${isObj(r) && typeof r.id === 'string' ? ` (id ${q(r.id)})` : ''}: ${m}`));
    issues.push(...shapes);
    // Rules may point only at entries the engine will index: enabled ones.
    if (shapes.length === 0 && kb.ok) {
      const ids = new Set(enabledEntries(entries).map((e) => e.id));
      issues.push(...validateRules(rules as Rule[], ids).map((i) => `rules[${i.index}]${i.id !== undefined ? ` (id ${q(i.id)})` : ''}: ${i.message}`));
    }
  }

  const flows = raw.flows ?? [];
  if (!Array.isArray(flows)) issues.push('flows must be an array');
  else {
    const checked = validateFlows(flows);
    if (!checked.ok) issues.push(...checked.issues.map((m) => `flows: ${m}`));
  }

  const decision = raw.decision ?? {};
  issues.push(...decisionIssues(decision));
  const settings = settingsOf(raw.settings ?? {}, issues);

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: { entries, rules: rules as unknown[], flows: flows as unknown[], decision: decision as Record<string, number>, settings: settings! },
  };
}

function ruleShapeIssues(r: unknown): string[] {
  if (!isObj(r)) return ['must be an object'];
  const out: string[] = [];
  if (typeof r.id !== 'string' || r.id.trim() === '' || r.id.length > 200) out.push('id must be a non-empty string of at most 200 characters');
  if (r.priority !== undefined && (typeof r.priority !== 'number' || !Number.isFinite(r.priority))) out.push('priority must be a number');
  const t = r.target;
  if (!isObj(t) || (t.kind !== 'entry' && t.kind !== 'handoff')) out.push('target must be {"kind":"entry","entryId":…} or {"kind":"handoff"}');
  else if (t.kind === 'entry' && typeof t.entryId !== 'string') out.push('target.entryId must be a string');
  else if (t.kind === 'handoff' && t.reason !== undefined && typeof t.reason !== 'string') out.push('target.reason must be a string');
  if (r.kind === 'keyword') {
    if (!Array.isArray(r.keywords) || r.keywords.some((k) => typeof k !== 'string' || k.length > 100)) out.push('keywords must be a list of strings');
    if (r.match !== undefined && r.match !== 'any' && r.match !== 'all') out.push('match must be "any" or "all"');
  } else if (r.kind === 'regex') {
    if (typeof r.pattern !== 'string' || r.pattern === '' || r.pattern.length > 500) out.push('pattern must be a non-empty string of at most 500 characters');
  } else out.push('kind must be "keyword" or "regex"');
  return out;
}

function decisionIssues(decision: unknown): string[] {
  if (!isObj(decision)) return ['decision must be an object of numbers'];
  const out: string[] = [];
  for (const [key, value] of Object.entries(decision)) {
    const range = DECISION_RANGES[key];
    if (!range) out.push(`decision.${key} is not a threshold (known: ${Object.keys(DECISION_RANGES).join(', ')})`);
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
      out.push(`decision.${key} must be ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}`);
    }
  }
  if (out.length > 0) return out;
  const d = { ...defaultDecisionConfig, ...(decision as Record<string, number>) };
  if (d.clarifyThreshold > d.answerThreshold) out.push('decision.clarifyThreshold must not exceed decision.answerThreshold');
  return out;
}

/** Settings merged over the defaults; problems go to `issues`. */
function settingsOf(raw: unknown, issues: string[]): BotSettings | undefined {
  if (!isObj(raw)) {
    issues.push('settings must be an object');
    return undefined;
  }
  const s = { ...DEFAULT_BOT_SETTINGS, ...raw } as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!(key in DEFAULT_BOT_SETTINGS)) issues.push(`settings.${key} is not a setting`);
  if (typeof s.enabled !== 'boolean') issues.push('settings.enabled must be true or false');
  const idList = (v: unknown): boolean => Array.isArray(v) && v.length <= 1_000 && v.every((x) => typeof x === 'string' && x !== '');
  if (s.inboxIds !== null && !idList(s.inboxIds)) issues.push('settings.inboxIds must be null (every inbox) or a list of inbox ids');
  if (s.handoffTeamId !== null && (typeof s.handoffTeamId !== 'string' || s.handoffTeamId === '')) issues.push('settings.handoffTeamId must be null or a team id');
  for (const key of ['name', 'fallbackText', 'clarifyText', 'handoffText']) {
    const v = s[key];
    if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TEXT_CHARS) issues.push(`settings.${key} must be a non-empty string of at most ${MAX_TEXT_CHARS} characters`);
  }
  return s as unknown as BotSettings;
}
