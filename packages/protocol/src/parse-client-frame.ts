// Turns one untrusted text frame from a client into a clean ClientFrame, or says why not; never throws.
import type {
  AgentHello,
  ClientFrame,
  HelloFrame,
  ResumeMap,
  SendFrame,
  SendKind,
  SyncFrame,
  TypingFrame,
  VisitorHello,
  VisitorIdentity,
} from './frames.js';
import { PROTOCOL_VERSION } from './frames.js';
import { DEFAULT_MAX_FRAME_BYTES, FIELD_LIMITS as L } from './limits.js';
import {
  type JsonObject,
  count,
  field,
  isArrayOf,
  isCount,
  isIntegerIn,
  isPlainObject,
  isString,
  quote,
  utf8BytesUpTo,
} from './validate.js';

export interface FrameProblem {
  /** `too_large` for a frame over the size limit, `bad_frame` for every other fault. */
  code: 'bad_frame' | 'too_large';
  message: string;
  /**
   * True when the text is not a JSON object at all, or too large: the peer is
   * broken, so the server answers `error` and closes with 4400. False when one
   * frame is wrong: the server answers `error` and the connection stays open.
   */
  fatal: boolean;
  /** The `id` of a refused send, so the client can tell which message failed. */
  ref?: string;
}

export type ParseResult<F> = { ok: true; frame: F } | { ok: false; problem: FrameProblem };

export interface ClientFrameOptions {
  /** Largest frame accepted, in UTF-8 bytes; default DEFAULT_MAX_FRAME_BYTES. `Infinity` disables the check. */
  maxFrameBytes?: number;
}

const CONV = `a string of 1..${L.convIdChars} characters`;
const COUNT = 'a non-negative integer';

/**
 * Parses and validates one client frame. The frame returned is a new object
 * holding only the fields of its type, so unknown fields (`__proto__` among
 * them) never reach the caller.
 */
export function parseClientFrame(
  text: string,
  options?: ClientFrameOptions,
): ParseResult<ClientFrame> {
  // The type says string, but a JavaScript caller may hand over a Buffer or undefined.
  if (typeof text !== 'string') return fatal('bad_frame', 'a frame must be text');
  const maxBytes = options?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (isTooLarge(text, maxBytes)) {
    return fatal('too_large', `a frame must be at most ${maxBytes} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fatal('bad_frame', 'a frame must be JSON');
  }
  if (!isPlainObject(value)) return fatal('bad_frame', 'a frame must be a JSON object');
  const t = field(value, 't');
  if (typeof t !== 'string') return refuse('a frame must have a string field "t"');
  switch (t) {
    case 'hello':
      return parseHello(value);
    case 'send':
      return parseSend(value);
    case 'ack':
    case 'read':
      return parseCursor(value, t);
    case 'sync':
      return parseSync(value);
    case 'typing':
      return parseTyping(value);
    case 'ping':
      return ok({ t: 'ping' });
    default:
      return refuse(`unknown frame type ${quote(t)}`);
  }
}

function isTooLarge(text: string, maxBytes: number): boolean {
  // UTF-8 takes at least one byte and at most three per UTF-16 unit, so most
  // frames are decided by their length alone, without counting bytes.
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8BytesUpTo(text, maxBytes) > maxBytes;
}

function parseHello(o: JsonObject): ParseResult<HelloFrame> {
  if (field(o, 'v') !== PROTOCOL_VERSION) {
    return invalid('hello.v', `${PROTOCOL_VERSION}, the protocol version this server speaks`);
  }
  const role = field(o, 'role');
  const hello: ParseResult<HelloFrame> =
    role === 'visitor'
      ? parseVisitorHello(o)
      : role === 'agent'
        ? parseAgentHello(o)
        : invalid('hello.role', '"visitor" or "agent"');
  if (!hello.ok) return hello;
  const resume = field(o, 'resume');
  if (resume !== undefined) {
    const parsed = parseResume(resume);
    if (!parsed.ok) return parsed;
    hello.frame.resume = parsed.frame;
  }
  return hello;
}

function parseVisitorHello(o: JsonObject): ParseResult<VisitorHello> {
  const widgetKey = field(o, 'widgetKey');
  if (!isString(widgetKey, 1, L.widgetKeyChars)) {
    return invalid('hello.widgetKey', `a string of 1..${L.widgetKeyChars} characters`);
  }
  const frame: VisitorHello = { t: 'hello', v: 1, role: 'visitor', widgetKey };
  const visitorToken = field(o, 'visitorToken');
  if (visitorToken !== undefined) {
    if (!isString(visitorToken, 0, L.visitorTokenChars)) {
      return invalid('hello.visitorToken', `a string of at most ${L.visitorTokenChars} characters`);
    }
    frame.visitorToken = visitorToken;
  }
  const user = field(o, 'user');
  if (user !== undefined) {
    const parsed = parseUser(user);
    if (!parsed.ok) return parsed;
    frame.user = parsed.frame;
  }
  return ok(frame);
}

function parseUser(value: unknown): ParseResult<VisitorIdentity> {
  if (!isPlainObject(value)) return invalid('hello.user', 'an object');
  const id = field(value, 'id');
  if (!isString(id, 1, L.userIdChars)) {
    return invalid('hello.user.id', `a string of 1..${L.userIdChars} characters`);
  }
  const user: VisitorIdentity = { id };
  const optional = [
    ['name', L.userNameChars],
    ['email', L.userEmailChars],
    ['hash', L.userHashChars],
  ] as const;
  for (const [key, max] of optional) {
    const v = field(value, key);
    if (v === undefined) continue;
    if (!isString(v, 0, max)) return invalid(`hello.user.${key}`, `a string of at most ${max} characters`);
    user[key] = v;
  }
  return ok(user);
}

function parseAgentHello(o: JsonObject): ParseResult<AgentHello> {
  const token = field(o, 'token');
  if (!isString(token, 1, L.agentTokenChars)) {
    return invalid('hello.token', `a string of 1..${L.agentTokenChars} characters`);
  }
  return ok({ t: 'hello', v: 1, role: 'agent', token });
}

function parseResume(value: unknown): ParseResult<ResumeMap> {
  if (!isPlainObject(value)) return invalid('hello.resume', 'an object of conversation ids to seqs');
  const keys = Object.keys(value);
  if (keys.length > L.resumeConversations) {
    return invalid('hello.resume', `an object of at most ${L.resumeConversations} conversations`);
  }
  // The keys are chosen by the peer: on a null-prototype map a key such as
  // "__proto__" or "constructor" is plain data and shadows nothing.
  const resume: ResumeMap = Object.create(null) as ResumeMap;
  for (const key of keys) {
    if (!isString(key, 1, L.convIdChars)) return invalid('hello.resume', `keyed by conversation ids, each ${CONV}`);
    const seq = value[key];
    if (!isCount(seq)) return invalid(`hello.resume[${quote(key)}]`, COUNT);
    resume[key] = count(seq);
  }
  return ok(resume);
}

function parseSend(o: JsonObject): ParseResult<SendFrame> {
  const id = field(o, 'id');
  // Any string id is echoed as ref, even an invalid one: it is how the client
  // finds the message that was refused.
  const ref = typeof id === 'string' ? id : undefined;
  if (!isString(id, 1, L.clientMsgIdChars)) {
    return invalid('send.id', `a string of 1..${L.clientMsgIdChars} characters`, ref);
  }
  const frame: SendFrame = { t: 'send', id, text: '' };
  const conv = field(o, 'conv');
  if (conv !== undefined) {
    if (!isString(conv, 1, L.convIdChars)) return invalid('send.conv', CONV, ref);
    frame.conv = conv;
  }
  const text = field(o, 'text');
  if (!isString(text, 0, Number.POSITIVE_INFINITY)) return invalid('send.text', 'a string', ref);
  frame.text = text;
  const kind = field(o, 'kind');
  if (kind !== undefined) {
    if (!isSendKind(kind)) return invalid('send.kind', '"text" or "note"', ref);
    frame.kind = kind;
  }
  const attachments = field(o, 'attachments');
  if (attachments !== undefined) {
    if (!isArrayOf(attachments, L.attachmentsPerSend, isAttachmentId)) {
      return invalid(
        'send.attachments',
        `an array of at most ${L.attachmentsPerSend} ids of 1..${L.attachmentIdChars} characters`,
        ref,
      );
    }
    frame.attachments = [...attachments];
  }
  if (text.length === 0 && !(frame.attachments && frame.attachments.length > 0)) {
    return invalid('send.text', 'non-empty when the send has no attachments', ref);
  }
  return ok(frame);
}

function isSendKind(value: unknown): value is SendKind {
  return value === 'text' || value === 'note';
}

function isAttachmentId(value: unknown): value is string {
  return isString(value, 1, L.attachmentIdChars);
}

function parseCursor(o: JsonObject, t: 'ack' | 'read'): ParseResult<ClientFrame> {
  const conv = field(o, 'conv');
  if (!isString(conv, 1, L.convIdChars)) return invalid(`${t}.conv`, CONV);
  const seq = field(o, 'seq');
  if (!isCount(seq)) return invalid(`${t}.seq`, COUNT);
  return ok({ t, conv, seq: count(seq) });
}

function parseSync(o: JsonObject): ParseResult<SyncFrame> {
  const conv = field(o, 'conv');
  if (!isString(conv, 1, L.convIdChars)) return invalid('sync.conv', CONV);
  const after = field(o, 'after');
  if (!isCount(after)) return invalid('sync.after', COUNT);
  const frame: SyncFrame = { t: 'sync', conv, after: count(after) };
  const limit = field(o, 'limit');
  if (limit !== undefined) {
    if (!isIntegerIn(limit, 1, L.syncLimitMax)) {
      return invalid('sync.limit', `an integer from 1 to ${L.syncLimitMax}`);
    }
    frame.limit = limit;
  }
  return ok(frame);
}

function parseTyping(o: JsonObject): ParseResult<TypingFrame> {
  const conv = field(o, 'conv');
  if (!isString(conv, 1, L.convIdChars)) return invalid('typing.conv', CONV);
  const on = field(o, 'on');
  if (typeof on !== 'boolean') return invalid('typing.on', 'true or false');
  return ok({ t: 'typing', conv, on });
}

function ok<F>(frame: F): ParseResult<F> {
  return { ok: true, frame };
}

function fatal(code: FrameProblem['code'], message: string): { ok: false; problem: FrameProblem } {
  return { ok: false, problem: { code, message, fatal: true } };
}

function refuse(message: string, ref?: string): { ok: false; problem: FrameProblem } {
  const problem: FrameProblem = { code: 'bad_frame', message, fatal: false };
  if (ref !== undefined) problem.ref = ref;
  return { ok: false, problem };
}

function invalid(path: string, expected: string, ref?: string): { ok: false; problem: FrameProblem } {
  return refuse(`${path} must be ${expected}`, ref);
}
