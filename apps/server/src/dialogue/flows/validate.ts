// Checks flow definitions (untrusted data from an admin or a file) and returns them typed, with defaults.
import {
  FLOW_FORMAT,
  type AskStep,
  type AskValidation,
  type Condition,
  type ConditionStep,
  type FlowDefinition,
  type FlowStep,
  type HttpMethod,
  type HttpStep,
  type QuickReply,
} from './flow.js';
import { parseRef, placeholders } from './template.js';

export type { FlowDefinition, FlowStep } from './flow.js';

export type FlowValidation = { readonly ok: true; readonly flows: FlowDefinition[] } | { readonly ok: false; readonly issues: string[] };

/** Limits that keep a definition cheap to store, check and run. */
export const FLOW_LIMITS = Object.freeze({
  flows: 100,
  steps: 200,
  idChars: 64,
  nameChars: 200,
  /** Prompts, messages, summaries and other texts. */
  textChars: 2_000,
  urlChars: 2_000,
  /** The JSON of an http step's body template. */
  bodyBytes: 16_384,
  listItems: 50,
  quickReplies: 10,
  labelChars: 40,
  keywordChars: 100,
  timeoutMsMin: 100,
  timeoutMsMax: 30_000,
  maxAttempts: 10,
});

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const ID = /^[A-Za-z0-9_-]+$/;
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ASK_TYPES = ['number', 'email', 'phone', 'orderId'] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

type Obj = Readonly<Record<string, unknown>>;
type Add = (message: string) => void;
/** Where a template may appear: secrets only reach an http request, never the visitor. */
type Place = 'text' | 'http';

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const q = (s: string): string => JSON.stringify(s);

/**
 * Validates every definition. All issues are collected, each prefixed with the flow and step it
 * concerns, so an admin fixes a file in one round; nothing is returned unless all are valid.
 */
export function validateFlows(raw: readonly unknown[]): FlowValidation {
  const issues: string[] = [];
  if (!Array.isArray(raw)) return { ok: false, issues: ['flows must be a list'] };
  if (raw.length > FLOW_LIMITS.flows) issues.push(`at most ${FLOW_LIMITS.flows} flows, got ${raw.length}`);
  const flows: FlowDefinition[] = [];
  const ids = new Set<string>();
  const entryOwner = new Map<string, string>();
  raw.forEach((item, index) => {
    const label = isObj(item) && typeof item.id === 'string' && item.id !== '' ? `flow ${q(item.id)}` : `flow #${index + 1}`;
    const flow = checkFlow(item, (m) => void issues.push(`${label}: ${m}`), (step, m) => void issues.push(`${label} step ${q(step)}: ${m}`));
    if (!flow) return;
    if (ids.has(flow.id)) issues.push(`${label}: id is used by another flow`);
    ids.add(flow.id);
    for (const entry of flow.trigger.entries) {
      const owner = entryOwner.get(entry);
      if (owner !== undefined && owner !== flow.id) issues.push(`${label}: trigger entry ${q(entry)} already starts flow ${q(owner)}`);
      entryOwner.set(entry, flow.id);
    }
    flows.push(flow);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, flows };
}

function checkFlow(raw: unknown, add: Add, addStep: (step: string, message: string) => void): FlowDefinition | undefined {
  if (!isObj(raw)) {
    add('must be an object');
    return undefined;
  }
  const before = { count: 0 };
  const count: Add = (m) => {
    before.count++;
    add(m);
  };
  unknownKeys(raw, ['format', 'id', 'version', 'name', 'trigger', 'start', 'steps', 'cancelText'], count);
  if (raw.format !== undefined && raw.format !== FLOW_FORMAT) count(`format ${JSON.stringify(raw.format)} is not supported (this server reads format ${FLOW_FORMAT})`);
  const id = str(raw, 'id', count, { max: FLOW_LIMITS.idChars, pattern: ID });
  const version = raw.version;
  if (!Number.isSafeInteger(version) || (version as number) < 1) count('version must be a positive integer');
  const name = str(raw, 'name', count, { max: FLOW_LIMITS.nameChars });
  const trigger = checkTrigger(raw.trigger, count);
  const start = str(raw, 'start', count, { max: FLOW_LIMITS.idChars });
  const cancelText = raw.cancelText === undefined ? undefined : text(raw, 'cancelText', count, new Set(), 'text');

  const steps: Record<string, FlowStep> = {};
  const uses: Uses = { slots: new Set<string>(), vars: new Set<string>() };
  const pending: PendingRef[] = [];
  if (!isObj(raw.steps) || Object.keys(raw.steps).length === 0) {
    count('steps must be an object of step id → step, with at least one step');
  } else {
    const entries = Object.entries(raw.steps);
    if (entries.length > FLOW_LIMITS.steps) count(`at most ${FLOW_LIMITS.steps} steps, got ${entries.length}`);
    for (const [stepId, body] of entries) {
      const stepAdd: Add = (m) => {
        before.count++;
        addStep(stepId, m);
      };
      if (!ID.test(stepId) || stepId.length > FLOW_LIMITS.idChars) stepAdd(`step id must be 1–${FLOW_LIMITS.idChars} letters, digits, "-" or "_"`);
      const step = checkStep(body, stepAdd, uses, pending);
      if (step) steps[stepId] = step;
    }
  }
  for (const { ref, add: refAdd } of pending) {
    const parsed = parseRef(ref);
    if ('error' in parsed) continue;
    const name = parsed.path[0]!;
    if (parsed.ns === 'slots' && !uses.slots.has(name)) refAdd(`${q(ref)}: no ask step fills slot ${q(name)}`);
    if (parsed.ns === 'vars' && !uses.vars.has(name)) refAdd(`${q(ref)}: no http step maps var ${q(name)}`);
  }
  if (before.count > 0 || id === undefined || name === undefined || start === undefined || trigger === undefined) return undefined;

  const graphIssues = checkGraph(start, steps);
  graphIssues.forEach((g) => (g.step === undefined ? add(g.message) : addStep(g.step, g.message)));
  if (graphIssues.length > 0) return undefined;
  return {
    id,
    version: version as number,
    name,
    trigger,
    start,
    steps,
    ...(cancelText !== undefined ? { cancelText } : {}),
  };
}

function checkTrigger(raw: unknown, add: Add): FlowDefinition['trigger'] | undefined {
  if (raw === undefined) return { entries: [], keywords: [] };
  if (!isObj(raw)) {
    add('trigger must be an object with entries and/or keywords');
    return undefined;
  }
  unknownKeys(raw, ['entries', 'keywords'], (m) => add(`trigger: ${m}`));
  const entries = strList(raw, 'entries', (m) => add(`trigger: ${m}`), FLOW_LIMITS.idChars);
  const keywords = strList(raw, 'keywords', (m) => add(`trigger: ${m}`), FLOW_LIMITS.keywordChars);
  if (!entries || !keywords) return undefined;
  return { entries, keywords };
}

interface Uses {
  readonly slots: Set<string>;
  readonly vars: Set<string>;
}

/** A reference found in a step, checked once the whole flow is read (a later ask may fill a slot). */
interface PendingRef {
  readonly ref: string;
  readonly add: Add;
}

function checkStep(raw: unknown, add: Add, uses: Uses, pending: PendingRef[]): FlowStep | undefined {
  if (!isObj(raw)) {
    add('must be an object with a type');
    return undefined;
  }
  const refs = new Set<string>();
  const step = stepOfType(raw, add, refs);
  // Read from the raw step, so one bad field does not also report every reference to its slot or vars.
  if (raw.type === 'ask' && typeof raw.slot === 'string') uses.slots.add(raw.slot);
  if (raw.type === 'http' && isObj(raw.map)) Object.keys(raw.map).forEach((v) => uses.vars.add(v));
  for (const ref of refs) pending.push({ ref, add });
  return step;
}

function stepOfType(raw: Obj, add: Add, refs: Set<string>): FlowStep | undefined {
  const next = (key = 'next'): string | undefined => str(raw, key, add, { max: FLOW_LIMITS.idChars });
  const keys = (...k: string[]): void => unknownKeys(raw, ['type', ...k], add);
  switch (raw.type) {
    case 'ask':
      keys('slot', 'prompt', 'quickReplies', 'validate', 'retryPrompt', 'maxAttempts', 'onFail', 'next');
      return checkAsk(raw, add, refs, next);
    case 'message': {
      keys('text', 'quickReplies', 'next');
      const t = text(raw, 'text', add, refs, 'text');
      const qr = quickReplies(raw, add, refs);
      const n = next();
      return t === undefined || qr === null || n === undefined ? undefined : { type: 'message', text: t, next: n, ...(qr ? { quickReplies: qr } : {}) };
    }
    case 'condition':
      keys('cases', 'else');
      return checkCondition(raw, add, refs);
    case 'http':
      keys('method', 'url', 'headers', 'body', 'timeoutMs', 'map', 'onStatus', 'next', 'onError');
      return checkHttp(raw, add, refs);
    case 'set_attribute': {
      keys('key', 'value', 'next');
      const key = str(raw, 'key', add, { max: FLOW_LIMITS.idChars, pattern: ID });
      const value = text(raw, 'value', add, refs, 'text');
      const n = next();
      return key === undefined || value === undefined || n === undefined ? undefined : { type: 'set_attribute', key, value, next: n };
    }
    case 'tag': {
      keys('label', 'next');
      const label = str(raw, 'label', add, { max: FLOW_LIMITS.labelChars });
      const n = next();
      return label === undefined || n === undefined ? undefined : { type: 'tag', label, next: n };
    }
    case 'handoff': {
      keys('team', 'text', 'summary');
      const team = raw.team === undefined || raw.team === null ? null : str(raw, 'team', add, { max: FLOW_LIMITS.nameChars });
      const t = raw.text === undefined ? undefined : text(raw, 'text', add, refs, 'text');
      const summary = raw.summary === undefined ? '' : text(raw, 'summary', add, refs, 'text');
      if (team === undefined || summary === undefined || (raw.text !== undefined && t === undefined)) return undefined;
      return { type: 'handoff', team, summary, ...(t !== undefined ? { text: t } : {}) };
    }
    case 'end': {
      keys('text');
      if (raw.text === undefined) return { type: 'end' };
      const t = text(raw, 'text', add, refs, 'text');
      return t === undefined ? undefined : { type: 'end', text: t };
    }
    default:
      add(`unknown step type ${JSON.stringify(raw.type)} (ask, message, condition, http, set_attribute, tag, handoff, end)`);
      return undefined;
  }
}

function checkAsk(raw: Obj, add: Add, refs: Set<string>, next: (key?: string) => string | undefined): AskStep | undefined {
  const slot = str(raw, 'slot', add, { max: FLOW_LIMITS.idChars, pattern: /^[A-Za-z_][A-Za-z0-9_-]*$/ });
  const prompt = text(raw, 'prompt', add, refs, 'text');
  const qr = quickReplies(raw, add, refs);
  const retryPrompt = raw.retryPrompt === undefined ? undefined : text(raw, 'retryPrompt', add, refs, 'text');
  const maxAttempts = int(raw, 'maxAttempts', add, 1, FLOW_LIMITS.maxAttempts, DEFAULT_MAX_ATTEMPTS);
  const onFail = raw.onFail === undefined ? undefined : next('onFail');
  const n = next();
  let validate: AskValidation | undefined;
  let bad = false;
  if (raw.validate !== undefined) {
    const v = raw.validate;
    const vAdd: Add = (m) => {
      bad = true;
      add(`validate: ${m}`);
    };
    if (!isObj(v)) vAdd('must be an object with type, pattern and/or options');
    else {
      unknownKeys(v, ['type', 'pattern', 'options'], vAdd);
      const out: { type?: AskValidation['type']; pattern?: string; options?: readonly string[] } = {};
      if (v.type !== undefined) {
        if (ASK_TYPES.includes(v.type as never)) out.type = v.type as AskValidation['type'];
        else vAdd(`type must be one of ${ASK_TYPES.join(', ')}`);
      }
      if (v.pattern !== undefined) {
        const p = str(v, 'pattern', vAdd, { max: FLOW_LIMITS.keywordChars * 5 });
        if (p !== undefined && regexError(p) !== undefined) vAdd(`pattern does not compile: ${regexError(p)}`);
        else if (p !== undefined) out.pattern = p;
      }
      if (v.options !== undefined) {
        const o = strList(v, 'options', vAdd, FLOW_LIMITS.labelChars);
        if (o && o.length === 0) vAdd('options must not be empty');
        else if (o) out.options = o;
      }
      validate = out;
    }
  }
  if (slot === undefined || prompt === undefined || qr === null || maxAttempts === undefined || n === undefined || bad) return undefined;
  if ((raw.retryPrompt !== undefined && retryPrompt === undefined) || (raw.onFail !== undefined && onFail === undefined)) return undefined;
  return {
    type: 'ask',
    slot,
    prompt,
    maxAttempts,
    next: n,
    ...(qr ? { quickReplies: qr } : {}),
    ...(validate ? { validate } : {}),
    ...(retryPrompt !== undefined ? { retryPrompt } : {}),
    ...(onFail !== undefined ? { onFail } : {}),
  };
}

function checkCondition(raw: Obj, add: Add, refs: Set<string>): ConditionStep | undefined {
  const otherwise = str(raw, 'else', add, { max: FLOW_LIMITS.idChars });
  if (!Array.isArray(raw.cases) || raw.cases.length === 0 || raw.cases.length > FLOW_LIMITS.listItems) {
    add(`cases must be a list of 1–${FLOW_LIMITS.listItems} { when, next }`);
    return undefined;
  }
  const cases: Array<{ when: Condition; next: string }> = [];
  let bad = false;
  (raw.cases as unknown[]).forEach((c, i) => {
    const cAdd: Add = (m) => {
      bad = true;
      add(`case ${i + 1}: ${m}`);
    };
    if (!isObj(c)) return cAdd('must be an object { when, next }');
    unknownKeys(c, ['when', 'next'], cAdd);
    const next = str(c, 'next', cAdd, { max: FLOW_LIMITS.idChars });
    const when = checkWhen(c.when, cAdd, refs);
    if (next !== undefined && when !== undefined) cases.push({ when, next });
  });
  return bad || otherwise === undefined ? undefined : { type: 'condition', cases, else: otherwise };
}

function checkWhen(raw: unknown, add: Add, refs: Set<string>): Condition | undefined {
  if (!isObj(raw)) {
    add('when must be an object { var, equals | in | matches | exists }');
    return undefined;
  }
  unknownKeys(raw, ['var', 'equals', 'in', 'matches', 'exists'], add);
  const v = str(raw, 'var', add, { max: FLOW_LIMITS.keywordChars });
  if (v !== undefined) reference(v, add, refs, 'text');
  const ops = ['equals', 'in', 'matches', 'exists'].filter((k) => raw[k] !== undefined);
  if (ops.length !== 1) {
    add('when needs exactly one of equals, in, matches, exists');
    return undefined;
  }
  if (v === undefined) return undefined;
  const scalar = (x: unknown): x is string | number | boolean => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (raw.equals !== undefined) {
    if (scalar(raw.equals)) return { var: v, equals: raw.equals };
    add('equals must be a string, number or boolean');
  } else if (raw.in !== undefined) {
    if (Array.isArray(raw.in) && raw.in.length > 0 && raw.in.length <= FLOW_LIMITS.listItems && raw.in.every(scalar)) return { var: v, in: raw.in };
    add(`in must be a list of 1–${FLOW_LIMITS.listItems} strings, numbers or booleans`);
  } else if (raw.matches !== undefined) {
    const error = typeof raw.matches === 'string' ? regexError(raw.matches) : 'it must be a string';
    if (error === undefined) return { var: v, matches: raw.matches as string };
    add(`matches does not compile: ${error}`);
  } else if (typeof raw.exists === 'boolean') return { var: v, exists: raw.exists };
  else add('exists must be true or false');
  return undefined;
}

function checkHttp(raw: Obj, add: Add, refs: Set<string>): HttpStep | undefined {
  let bad = false;
  const hAdd: Add = (m) => {
    bad = true;
    add(m);
  };
  const method = raw.method === undefined ? 'GET' : raw.method;
  if (!METHODS.includes(method as HttpMethod)) hAdd(`method must be one of ${METHODS.join(', ')}`);
  const url = str(raw, 'url', hAdd, { max: FLOW_LIMITS.urlChars });
  if (url !== undefined) {
    checkTemplate(url, hAdd, refs, 'http', 'url');
    if (!/^(https?:\/\/|\{\{\s*env\.)/i.test(url)) hAdd('url must start with http://, https:// or {{env.<name>}}');
  }
  const headers: Record<string, string> = {};
  if (raw.headers !== undefined) {
    if (!isObj(raw.headers) || Object.keys(raw.headers).length > FLOW_LIMITS.listItems) hAdd('headers must be an object of name → template');
    else
      for (const [name, value] of Object.entries(raw.headers)) {
        if (!HEADER_NAME.test(name)) hAdd(`header name ${q(name)} is not valid`);
        else if (typeof value !== 'string' || value.length > FLOW_LIMITS.textChars) hAdd(`header ${q(name)} must be a string`);
        else {
          checkTemplate(value, hAdd, refs, 'http', `header ${q(name)}`);
          headers[name] = value;
        }
      }
  }
  if (raw.body !== undefined) {
    const json = JSON.stringify(raw.body);
    if (json === undefined || Buffer.byteLength(json) > FLOW_LIMITS.bodyBytes) hAdd(`body must be JSON of at most ${FLOW_LIMITS.bodyBytes} bytes`);
    else jsonStrings(raw.body).forEach((s) => checkTemplate(s, hAdd, refs, 'http', 'body'));
    if (method === 'GET') hAdd('a GET request has no body');
  }
  const timeoutMs = int(raw, 'timeoutMs', hAdd, FLOW_LIMITS.timeoutMsMin, FLOW_LIMITS.timeoutMsMax, DEFAULT_TIMEOUT_MS);
  const map: Record<string, string> = {};
  if (raw.map !== undefined) {
    if (!isObj(raw.map) || Object.keys(raw.map).length > FLOW_LIMITS.listItems) hAdd('map must be an object of var name → response path');
    else
      for (const [name, path] of Object.entries(raw.map)) {
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) hAdd(`map: var name ${q(name)} is not valid`);
        else if (typeof path !== 'string' || !(path === '$status' || path === '$' || /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(path))) {
          hAdd(`map: path for ${q(name)} must be a dotted path, "$" (the whole body) or "$status"`);
        } else map[name] = path;
      }
  }
  const onStatus: Record<string, string> = {};
  if (raw.onStatus !== undefined) {
    if (!isObj(raw.onStatus)) hAdd('onStatus must be an object of HTTP status → step');
    else
      for (const [status, target] of Object.entries(raw.onStatus)) {
        if (!/^[1-5]\d\d$/.test(status)) hAdd(`onStatus: ${q(status)} is not an HTTP status`);
        else if (typeof target !== 'string' || target === '') hAdd(`onStatus: ${status} must name a step`);
        else onStatus[status] = target;
      }
  }
  const next = str(raw, 'next', hAdd, { max: FLOW_LIMITS.idChars });
  const onError = str(raw, 'onError', hAdd, { max: FLOW_LIMITS.idChars });
  if (bad || url === undefined || timeoutMs === undefined || next === undefined || onError === undefined) return undefined;
  return {
    type: 'http',
    method: method as HttpMethod,
    url,
    headers,
    timeoutMs,
    map,
    onStatus,
    next,
    onError,
    ...(raw.body !== undefined ? { body: raw.body } : {}),
  };
}

interface GraphIssue {
  readonly step?: string;
  readonly message: string;
}

/** Targets exist, every step is reachable, no loop runs without waiting for the visitor, references resolve. */
function checkGraph(start: string, steps: Readonly<Record<string, FlowStep>>): GraphIssue[] {
  const issues: GraphIssue[] = [];
  if (!Object.hasOwn(steps, start)) issues.push({ message: `start ${q(start)} is not a step` });
  for (const [id, step] of Object.entries(steps)) {
    for (const target of targets(step)) if (!Object.hasOwn(steps, target)) issues.push({ step: id, message: `next step ${q(target)} does not exist` });
  }
  if (issues.length > 0) return issues;

  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const t of targets(steps[queue.shift()!]!)) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  for (const id of Object.keys(steps)) if (!seen.has(id)) issues.push({ step: id, message: `is unreachable from start ${q(start)}` });

  const loop = loopWithoutAsk(steps);
  if (loop) issues.push({ step: loop[0]!, message: `loops (${loop.map(q).join(' → ')}) without an ask step, so it would never stop` });
  return issues;
}

export function targets(step: FlowStep): string[] {
  switch (step.type) {
    case 'ask':
      return step.onFail !== undefined ? [step.next, step.onFail] : [step.next];
    case 'condition':
      return [...step.cases.map((c) => c.next), step.else];
    case 'http':
      return [step.next, step.onError, ...Object.values(step.onStatus)];
    case 'message':
    case 'set_attribute':
    case 'tag':
      return [step.next];
    case 'handoff':
    case 'end':
      return [];
  }
}

/** A cycle among steps that run without input (an ask waits, so it breaks a cycle), or undefined. */
function loopWithoutAsk(steps: Readonly<Record<string, FlowStep>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (steps[id]!.type === 'ask' || state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const t of targets(steps[id]!)) {
      const found = visit(t);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(steps)) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

function unknownKeys(raw: Obj, allowed: readonly string[], add: Add): void {
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) add(`unknown field ${q(key)}`);
}

function str(raw: Obj, key: string, add: Add, opts: { max: number; pattern?: RegExp }): string | undefined {
  const v = raw[key];
  if (typeof v !== 'string' || v.trim() === '') add(`${key} must be a string`);
  else if (v.length > opts.max) add(`${key} must be at most ${opts.max} characters`);
  else if (opts.pattern && !opts.pattern.test(v)) add(`${key} ${q(v)} may hold only letters, digits, "-" and "_"`);
  else return v;
  return undefined;
}

function int(raw: Obj, key: string, add: Add, min: number, max: number, fallback: number): number | undefined {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max) return v as number;
  add(`${key} must be an integer from ${min} to ${max}`);
  return undefined;
}

function strList(raw: Obj, key: string, add: Add, maxChars: number): string[] | undefined {
  const v = raw[key];
  if (v === undefined) return [];
  if (Array.isArray(v) && v.length <= FLOW_LIMITS.listItems && v.every((s) => typeof s === 'string' && s.trim() !== '' && s.length <= maxChars)) {
    return v as string[];
  }
  add(`${key} must be a list of at most ${FLOW_LIMITS.listItems} non-empty strings of at most ${maxChars} characters`);
  return undefined;
}

function text(raw: Obj, key: string, add: Add, refs: Set<string>, place: Place): string | undefined {
  const v = str(raw, key, add, { max: FLOW_LIMITS.textChars });
  if (v !== undefined) checkTemplate(v, add, refs, place, key);
  return v;
}

/** Undefined: absent; null: invalid (already reported). */
function quickReplies(raw: Obj, add: Add, refs: Set<string>): QuickReply[] | undefined | null {
  const v = raw.quickReplies;
  if (v === undefined) return undefined;
  const ok =
    Array.isArray(v) &&
    v.length > 0 &&
    v.length <= FLOW_LIMITS.quickReplies &&
    v.every((r) => isObj(r) && typeof r.label === 'string' && r.label.trim() !== '' && r.label.length <= FLOW_LIMITS.labelChars && typeof r.text === 'string' && r.text.trim() !== '' && r.text.length <= FLOW_LIMITS.textChars && Object.keys(r).every((k) => k === 'label' || k === 'text'));
  if (!ok) {
    add(`quickReplies must be a list of 1–${FLOW_LIMITS.quickReplies} { label (≤ ${FLOW_LIMITS.labelChars} characters), text }`);
    return null;
  }
  const replies = v as QuickReply[];
  replies.forEach((r) => checkTemplate(r.text, add, refs, 'text', 'quickReplies'));
  return replies.map((r) => ({ label: r.label, text: r.text }));
}

function checkTemplate(template: string, add: Add, refs: Set<string>, place: Place, field: string): void {
  const found = placeholders(template);
  if (found.unclosed) add(`${field}: "{{" without a matching "}}"`);
  for (const r of found.refs) reference(r, (m) => add(`${field}: ${m}`), refs, place);
}

function reference(ref: string, add: Add, refs: Set<string>, place: Place): void {
  const parsed = parseRef(ref);
  if ('error' in parsed) return add(parsed.error);
  if (parsed.ns === 'secrets' && place !== 'http') return add(`${q(ref)}: secrets may be used only in an http step, never in what the visitor sees`);
  refs.add(ref);
}

function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'iu');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (isObj(value)) return Object.values(value).flatMap(jsonStrings);
  return [];
}
