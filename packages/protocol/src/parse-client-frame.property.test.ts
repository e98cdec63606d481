import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientFrame } from './frames.js';
import { type ParseResult, parseClientFrame } from './parse-client-frame.js';

const KNOWN_FIELDS: Record<string, readonly string[]> = {
  hello: ['t', 'v', 'role', 'widgetKey', 'visitorToken', 'user', 'token', 'resume'],
  send: ['t', 'id', 'conv', 'text', 'kind', 'attachments'],
  ack: ['t', 'conv', 'seq'],
  read: ['t', 'conv', 'seq'],
  sync: ['t', 'conv', 'after', 'limit'],
  typing: ['t', 'conv', 'on'],
  ping: ['t'],
};
const TYPES = Object.keys(KNOWN_FIELDS);
const FIELD_NAMES = [...new Set(Object.values(KNOWN_FIELDS).flat()), '__proto__', 'constructor', 'extra'];

/** A problem or a frame, and nothing else: the parser answered instead of throwing. */
function expectWellFormed(result: ParseResult<ClientFrame>): void {
  if (result.ok) {
    expect(TYPES).toContain(result.frame.t);
  } else {
    expect(['bad_frame', 'too_large']).toContain(result.problem.code);
    expect(typeof result.problem.message).toBe('string');
    expect(typeof result.problem.fatal).toBe('boolean');
  }
}

// Values near the edges of what the validators accept, so that random frames
// are sometimes valid and sometimes wrong by one.
const edgyValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(0, -0, 1, -1, 1.5, 1000, 1001, 2 ** 53, Number.MAX_SAFE_INTEGER, true, false, null, 'visitor', 'agent', 'text', 'note', ''),
  fc.string({ minLength: 0, maxLength: 70 }),
  fc.array(fc.string({ maxLength: 66 }), { maxLength: 22 }),
  fc.dictionary(fc.string({ maxLength: 66 }), fc.oneof(fc.nat(), fc.integer(), fc.double())),
);

const conv = fc.string({ minLength: 1, maxLength: 64 });
const seq = fc.maxSafeNat();
const validFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc.record(
    {
      t: fc.constant('hello' as const),
      v: fc.constant(1 as const),
      role: fc.constant('visitor' as const),
      widgetKey: fc.string({ minLength: 1, maxLength: 128 }),
      visitorToken: fc.string({ maxLength: 512 }),
      user: fc.record(
        { id: fc.string({ minLength: 1, maxLength: 256 }), name: fc.string({ unit: 'grapheme', maxLength: 60 }), email: fc.string(), hash: fc.string() },
        { requiredKeys: ['id'] },
      ),
      resume: fc.dictionary(conv, seq, { maxKeys: 50 }),
    },
    { requiredKeys: ['t', 'v', 'role', 'widgetKey'] },
  ),
  fc.record(
    {
      t: fc.constant('hello' as const),
      v: fc.constant(1 as const),
      role: fc.constant('agent' as const),
      token: fc.string({ minLength: 1, maxLength: 2048 }),
      resume: fc.dictionary(conv, seq, { maxKeys: 50 }),
    },
    { requiredKeys: ['t', 'v', 'role', 'token'] },
  ),
  fc.record(
    {
      t: fc.constant('send' as const),
      id: fc.string({ minLength: 1, maxLength: 64 }),
      conv,
      text: fc.string({ minLength: 1, unit: 'grapheme' }),
      kind: fc.constantFrom('text' as const, 'note' as const),
      attachments: fc.array(fc.string({ minLength: 1, maxLength: 64 }), { maxLength: 20 }),
    },
    { requiredKeys: ['t', 'id', 'text'] },
  ),
  fc.record({ t: fc.constantFrom('ack' as const, 'read' as const), conv, seq }),
  fc.record(
    { t: fc.constant('sync' as const), conv, after: seq, limit: fc.integer({ min: 1, max: 1000 }) },
    { requiredKeys: ['t', 'conv', 'after'] },
  ),
  fc.record({ t: fc.constant('typing' as const), conv, on: fc.boolean() }),
  fc.constant({ t: 'ping' as const }),
);

describe('parseClientFrame: properties', () => {
  afterAll(() => {
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        expectWellFormed(parseClientFrame(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON, and is fatal exactly when the JSON is not an object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseClientFrame(JSON.stringify(value));
        expectWellFormed(result);
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        if (!result.ok) expect(result.problem.fatal).toBe(!isObject);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on frames of a known type with arbitrary fields, and returns only known fields', () => {
    const frame = fc
      .tuple(fc.constantFrom(...TYPES), fc.dictionary(fc.constantFrom(...FIELD_NAMES), edgyValue))
      .map(([t, fields]) => ({ ...fields, t }));
    fc.assert(
      fc.property(frame, (value) => {
        const result = parseClientFrame(JSON.stringify(value));
        expectWellFormed(result);
        if (result.ok) {
          for (const key of Object.keys(result.frame)) expect(KNOWN_FIELDS[value.t]).toContain(key);
          expect(Object.getPrototypeOf(result.frame)).toBe(Object.prototype);
        } else {
          expect(result.problem.fatal).toBe(false);
          const id = (value as Record<string, unknown>).id;
          if (value.t === 'send' && typeof id === 'string') expect(result.problem.ref).toBe(id);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('returns every valid frame as it was sent', () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        const text = JSON.stringify(frame);
        const result = parseClientFrame(text, { maxFrameBytes: Number.POSITIVE_INFINITY });
        expect(result).toEqual({ ok: true, frame: JSON.parse(text) });
      }),
      { numRuns: 1000 },
    );
  });
});
