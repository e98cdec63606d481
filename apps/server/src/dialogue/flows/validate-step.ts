// Checks one step of a flow by its type and returns it typed, with defaults filled in.
import type { AskStep, AskValidation, Condition, ConditionStep, FlowStep, HttpMethod, HttpStep } from './flow.js';
import {
  FLOW_LIMITS,
  ID,
  int,
  isObj,
  q,
  card,
  quickReplies,
  reference,
  regexError,
  str,
  strList,
  text,
  unknownKeys,
  checkTemplate,
  jsonStrings,
  type Add,
  type Obj,
} from './validate-fields.js';

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ASK_TYPES = ['number', 'email', 'phone', 'orderId'] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** The step, or undefined after reporting what is wrong; the template references it uses go into `refs`. */
export function checkStepFields(raw: Obj, add: Add, refs: Set<string>): FlowStep | undefined {
  const next = (key = 'next'): string | undefined => str(raw, key, add, { max: FLOW_LIMITS.idChars });
  const keys = (...k: string[]): void => unknownKeys(raw, ['type', ...k], add);
  switch (raw.type) {
    case 'ask':
      keys('slot', 'prompt', 'quickReplies', 'validate', 'retryPrompt', 'maxAttempts', 'onFail', 'next');
      return checkAsk(raw, add, refs, next);
    case 'message': {
      keys('text', 'quickReplies', 'card', 'next');
      const t = text(raw, 'text', add, refs, 'text');
      const qr = quickReplies(raw, add, refs);
      const c = card(raw, add, refs);
      const n = next();
      if (t === undefined || qr === null || c === null || n === undefined) return undefined;
      return { type: 'message', text: t, next: n, ...(qr ? { quickReplies: qr } : {}), ...(c ? { card: c } : {}) };
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
