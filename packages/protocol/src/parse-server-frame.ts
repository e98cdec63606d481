// Checks one text frame from the server for clients (SDK, tests, load generator); never throws.
import { ERROR_CODES } from './codes.js';
import type { ServerFrame, ServerFrameType } from './frames.js';
import type { FrameProblem, ParseResult } from './parse-client-frame.js';
import { type JsonObject, field, isCount, isPlainObject, quote } from './validate.js';

// Lighter than the client parser: the server is trusted to keep the limits,
// so only what a client relies on is checked: the type, each required field,
// primitive types, and the enumerations a client switches on.
type Kind =
  | 'string'
  | 'count'
  | 'boolean'
  | 'object'
  | 'string|null'
  | { oneOf: readonly unknown[] }
  | { shape: Shape }
  | { arrayOf: Shape };

interface Shape {
  required: Readonly<Record<string, Kind>>;
  optional?: Readonly<Record<string, Kind>>;
}

const ROLES = ['visitor', 'agent', 'bot', 'system'] as const;
const STATUSES = ['bot', 'queued', 'open', 'resolved'] as const;
const ENTRY_KINDS = ['text', 'note', 'event', 'card', 'file'] as const;

const SENDER: Kind = {
  shape: { required: { role: { oneOf: ROLES }, id: 'string' }, optional: { name: 'string' } },
};

const HIDDEN_MSG: Shape = {
  required: { conv: 'string', seq: 'count', kind: { oneOf: ['hidden'] } },
};

const SHAPES: ReadonlyMap<ServerFrameType, Shape> = new Map<ServerFrameType, Shape>([
  [
    'welcome',
    {
      required: {
        v: { oneOf: [1] },
        sessionId: 'string',
        heartbeatMs: 'count',
        epoch: 'string',
        conversations: {
          arrayOf: { required: { id: 'string', lastSeq: 'count', status: { oneOf: STATUSES } } },
        },
      },
      optional: { visitorId: 'string', visitorToken: 'string', agentId: 'string' },
    },
  ],
  [
    'sent',
    { required: { id: 'string', conv: 'string', seq: 'count', msgId: 'string', at: 'string' } },
  ],
  [
    'msg',
    {
      required: {
        conv: 'string',
        seq: 'count',
        msgId: 'string',
        at: 'string',
        from: SENDER,
        kind: { oneOf: ENTRY_KINDS },
        text: 'string',
      },
      optional: { data: 'object' },
    },
  ],
  ['synced', { required: { conv: 'string', upTo: 'count', more: 'boolean' } }],
  ['receipt', { required: { conv: 'string', from: SENDER, read: 'count' } }],
  ['typing', { required: { conv: 'string', from: SENDER, on: 'boolean' } }],
  [
    'conv',
    {
      required: {
        conv: {
          shape: {
            required: {
              id: 'string',
              status: { oneOf: STATUSES },
              assignee: 'string|null',
              team: 'string|null',
              lastSeq: 'count',
            },
          },
        },
      },
    },
  ],
  ['pong', { required: {} }],
  ['queue', { required: { conv: 'string', position: 'count', etaSec: 'count' } }],
  ['reconnect', { required: { afterMs: 'count', reason: { oneOf: ['drain', 'rebalance'] } } }],
  [
    'error',
    {
      required: { code: { oneOf: ERROR_CODES }, message: 'string' },
      optional: { ref: 'string', retryAfterMs: 'count' },
    },
  ],
]);

/**
 * Parses one server frame. The object returned is the parsed JSON itself,
 * unknown fields included, so a client may read fields added after it was
 * written. An unknown `t` is not fatal, for the same reason.
 */
export function parseServerFrame(text: string): ParseResult<ServerFrame> {
  if (typeof text !== 'string') return problem('a frame must be text', true);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return problem('a frame must be JSON', true);
  }
  if (!isPlainObject(value)) return problem('a frame must be a JSON object', true);
  const t = field(value, 't');
  if (typeof t !== 'string') return problem('a frame must have a string field "t"', false);
  const shape = shapeOf(value, t);
  if (shape === undefined) return problem(`unknown frame type ${quote(t)}`, false);
  const fault = checkShape(value, shape, t);
  if (fault !== undefined) return problem(fault, false);
  return { ok: true, frame: value as unknown as ServerFrame };
}

function shapeOf(frame: JsonObject, t: string): Shape | undefined {
  if (t === 'msg' && field(frame, 'kind') === 'hidden') return HIDDEN_MSG;
  return SHAPES.get(t as ServerFrameType);
}

/** The first fault of `obj` against `shape`, as a message naming the field. */
function checkShape(obj: JsonObject, shape: Shape, path: string): string | undefined {
  for (const [key, kind] of Object.entries(shape.required)) {
    const fault = checkKind(field(obj, key), kind, `${path}.${key}`);
    if (fault !== undefined) return fault;
  }
  for (const [key, kind] of Object.entries(shape.optional ?? {})) {
    const value = field(obj, key);
    if (value === undefined) continue;
    const fault = checkKind(value, kind, `${path}.${key}`);
    if (fault !== undefined) return fault;
  }
  return undefined;
}

function checkKind(value: unknown, kind: Kind, path: string): string | undefined {
  if (typeof kind === 'object') {
    if ('oneOf' in kind) {
      if (kind.oneOf.includes(value)) return undefined;
      return `${path} must be one of ${kind.oneOf.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if ('shape' in kind) {
      if (!isPlainObject(value)) return `${path} must be an object`;
      return checkShape(value, kind.shape, path);
    }
    if (!Array.isArray(value)) return `${path} must be an array`;
    for (const [i, item] of value.entries()) {
      if (!isPlainObject(item)) return `${path}[${i}] must be an object`;
      const fault = checkShape(item, kind.arrayOf, `${path}[${i}]`);
      if (fault !== undefined) return fault;
    }
    return undefined;
  }
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `${path} must be a string`;
    case 'count':
      return isCount(value) ? undefined : `${path} must be a non-negative integer`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path} must be true or false`;
    case 'object':
      return isPlainObject(value) ? undefined : `${path} must be an object`;
    case 'string|null':
      return typeof value === 'string' || value === null ? undefined : `${path} must be a string or null`;
  }
}

function problem(message: string, fatal: boolean): { ok: false; problem: FrameProblem } {
  return { ok: false, problem: { code: 'bad_frame', message, fatal } };
}
