// Field readers shared by the flow validator: each reads one field, reports a problem in words an admin can act on.
import type { Card, QuickReply } from './flow.js';
import { parseRef, placeholders } from './template.js';

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

export type Obj = Readonly<Record<string, unknown>>;
export type Add = (message: string) => void;
/** Where a template may appear: secrets only reach an http request, never the visitor. */
export type Place = 'text' | 'http';

export const ID = /^[A-Za-z0-9_-]+$/;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const q = (s: string): string => JSON.stringify(s);

export function unknownKeys(raw: Obj, allowed: readonly string[], add: Add): void {
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) add(`unknown field ${q(key)}`);
}

export function str(raw: Obj, key: string, add: Add, opts: { max: number; pattern?: RegExp }): string | undefined {
  const v = raw[key];
  if (typeof v !== 'string' || v.trim() === '') add(`${key} must be a string`);
  else if (v.length > opts.max) add(`${key} must be at most ${opts.max} characters`);
  else if (opts.pattern && !opts.pattern.test(v)) add(`${key} ${q(v)} may hold only letters, digits, "-" and "_"`);
  else return v;
  return undefined;
}

export function int(raw: Obj, key: string, add: Add, min: number, max: number, fallback: number): number | undefined {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max) return v as number;
  add(`${key} must be an integer from ${min} to ${max}`);
  return undefined;
}

export function strList(raw: Obj, key: string, add: Add, maxChars: number): string[] | undefined {
  const v = raw[key];
  if (v === undefined) return [];
  if (Array.isArray(v) && v.length <= FLOW_LIMITS.listItems && v.every((s) => typeof s === 'string' && s.trim() !== '' && s.length <= maxChars)) {
    return v as string[];
  }
  add(`${key} must be a list of at most ${FLOW_LIMITS.listItems} non-empty strings of at most ${maxChars} characters`);
  return undefined;
}

export function text(raw: Obj, key: string, add: Add, refs: Set<string>, place: Place): string | undefined {
  const v = str(raw, key, add, { max: FLOW_LIMITS.textChars });
  if (v !== undefined) checkTemplate(v, add, refs, place, key);
  return v;
}

/** Undefined: absent; null: invalid (already reported). */
export function quickReplies(raw: Obj, add: Add, refs: Set<string>): QuickReply[] | undefined | null {
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

const CARD_KEYS = new Set(['title', 'text', 'imageUrl', 'buttons']);
const BUTTON_KEYS = new Set(['label', 'text', 'url']);

/** Undefined: absent; null: invalid (already reported). */
export function card(raw: Obj, add: Add, refs: Set<string>): Card | undefined | null {
  const v = raw.card;
  if (v === undefined) return undefined;
  const shape = 'card must be { title, text?, imageUrl?, buttons?: [{ label, text? | url? }] }';
  if (!isObj(v) || Object.keys(v).some((k) => !CARD_KEYS.has(k))) {
    add(shape);
    return null;
  }
  const strings = (o: Obj, keys: readonly string[], max: number): boolean =>
    keys.every((k) => o[k] === undefined || (typeof o[k] === 'string' && (o[k]).trim() !== '' && (o[k]).length <= max));
  const buttons = v.buttons;
  const buttonsOk =
    buttons === undefined ||
    (Array.isArray(buttons) &&
      buttons.length > 0 &&
      buttons.length <= FLOW_LIMITS.quickReplies &&
      buttons.every(
        (b) =>
          isObj(b) &&
          Object.keys(b).every((k) => BUTTON_KEYS.has(k)) &&
          typeof b.label === 'string' &&
          b.label.trim() !== '' &&
          b.label.length <= FLOW_LIMITS.labelChars &&
          (b.text === undefined) !== (b.url === undefined) &&
          strings(b, ['text', 'url'], FLOW_LIMITS.textChars),
      ));
  if (typeof v.title !== 'string' || v.title.trim() === '' || !strings(v, ['title', 'text', 'imageUrl'], FLOW_LIMITS.textChars) || !buttonsOk) {
    add(shape);
    return null;
  }
  const c = v as unknown as Card;
  for (const t of [c.title, c.text, c.imageUrl, ...(c.buttons ?? []).flatMap((b) => [b.text, b.url])]) {
    if (t !== undefined) checkTemplate(t, add, refs, 'text', 'card');
  }
  return {
    title: c.title,
    ...(c.text !== undefined ? { text: c.text } : {}),
    ...(c.imageUrl !== undefined ? { imageUrl: c.imageUrl } : {}),
    ...(c.buttons ? { buttons: c.buttons.map((b) => ({ label: b.label, ...(b.text !== undefined ? { text: b.text } : {}), ...(b.url !== undefined ? { url: b.url } : {}) })) } : {}),
  };
}

export function checkTemplate(template: string, add: Add, refs: Set<string>, place: Place, field: string): void {
  const found = placeholders(template);
  if (found.unclosed) add(`${field}: "{{" without a matching "}}"`);
  for (const r of found.refs) reference(r, (m) => add(`${field}: ${m}`), refs, place);
}

export function reference(ref: string, add: Add, refs: Set<string>, place: Place): void {
  const parsed = parseRef(ref);
  if ('error' in parsed) return add(parsed.error);
  if (parsed.ns === 'secrets' && place !== 'http') return add(`${q(ref)}: secrets may be used only in an http step, never in what the visitor sees`);
  refs.add(ref);
}

export function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'iu');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (isObj(value)) return Object.values(value).flatMap(jsonStrings);
  return [];
}
