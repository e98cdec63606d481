import { describe, expect, it } from 'vitest';
import type { ClientFrame } from './frames.js';
import { type FrameProblem, type ParseResult, parseClientFrame } from './parse-client-frame.js';

const parse = (value: unknown): ParseResult<ClientFrame> => parseClientFrame(JSON.stringify(value));

function frameOf(result: ParseResult<ClientFrame>): ClientFrame {
  if (!result.ok) throw new Error(`expected a frame, got: ${result.problem.message}`);
  return result.frame;
}

function problemOf(result: ParseResult<ClientFrame>): FrameProblem {
  if (result.ok) throw new Error(`expected a problem, got: ${JSON.stringify(result.frame)}`);
  return result.problem;
}

const visitor = { t: 'hello', v: 1, role: 'visitor', widgetKey: 'wk_1' };
const agent = { t: 'hello', v: 1, role: 'agent', token: 'tok' };
const send = { t: 'send', id: 'm1', conv: 'c1', text: 'hi' };

describe('parseClientFrame: valid frames', () => {
  it('accepts a minimal visitor hello', () => {
    expect(frameOf(parse(visitor))).toStrictEqual(visitor);
  });

  it('accepts a visitor hello with token, identity and resume', () => {
    const full = {
      ...visitor,
      visitorToken: 'vt',
      user: { id: 'u1', name: 'Ada', email: 'ada@example.com', hash: 'ab12' },
      resume: { c1: 3, c2: 0 },
    };
    expect(frameOf(parse(full))).toEqual(full);
  });

  it('accepts an empty visitorToken and empty optional user fields', () => {
    const frame = { ...visitor, visitorToken: '', user: { id: 'u', name: '', email: '', hash: '' } };
    expect(frameOf(parse(frame))).toEqual(frame);
  });

  it('accepts an agent hello with resume', () => {
    expect(frameOf(parse({ ...agent, resume: { c9: 12 } }))).toEqual({ ...agent, resume: { c9: 12 } });
  });

  it('accepts an empty resume', () => {
    expect(frameOf(parse({ ...agent, resume: {} }))).toEqual({ ...agent, resume: {} });
  });

  it('accepts a send with only id and text, leaving conv to the server', () => {
    expect(frameOf(parse({ t: 'send', id: 'm1', text: 'hi' }))).toStrictEqual({ t: 'send', id: 'm1', text: 'hi' });
  });

  it('accepts a note with attachments', () => {
    const note = { ...send, kind: 'note', attachments: ['a1', 'a2'] };
    expect(frameOf(parse(note))).toStrictEqual(note);
  });

  it('accepts kind text explicitly', () => {
    expect(frameOf(parse({ ...send, kind: 'text' }))).toStrictEqual({ ...send, kind: 'text' });
  });

  it('accepts an empty text when attachments are given', () => {
    const file = { ...send, text: '', attachments: ['a1'] };
    expect(frameOf(parse(file))).toStrictEqual(file);
  });

  it('accepts ack, read, sync, typing and ping', () => {
    const frames = [
      { t: 'ack', conv: 'c1', seq: 13 },
      { t: 'read', conv: 'c1', seq: 0 },
      { t: 'sync', conv: 'c1', after: 10 },
      { t: 'sync', conv: 'c1', after: 0, limit: 200 },
      { t: 'typing', conv: 'c1', on: true },
      { t: 'typing', conv: 'c1', on: false },
      { t: 'ping' },
    ];
    for (const frame of frames) expect(frameOf(parse(frame))).toStrictEqual(frame);
  });

  it('accepts every length and count at its upper bound', () => {
    const c64 = 'c'.repeat(64);
    const resume = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`c${i}`, i]));
    const frames = [
      { t: 'hello', v: 1, role: 'visitor', widgetKey: 'k'.repeat(128), visitorToken: 'v'.repeat(512), resume },
      { ...visitor, user: { id: 'i'.repeat(256), name: 'n'.repeat(256), email: 'e'.repeat(320), hash: 'h'.repeat(128) } },
      { ...agent, token: 't'.repeat(2048), resume: { [c64]: Number.MAX_SAFE_INTEGER } },
      { t: 'send', id: 'i'.repeat(64), conv: c64, text: 'x', attachments: Array.from({ length: 20 }, () => 'a'.repeat(64)) },
      { t: 'ack', conv: c64, seq: Number.MAX_SAFE_INTEGER },
      { t: 'sync', conv: 'c', after: Number.MAX_SAFE_INTEGER, limit: 1000 },
    ];
    for (const frame of frames) expect(frameOf(parse(frame))).toEqual(frame);
  });

  it('accepts a send id of one character and a sync limit of 1', () => {
    expect(frameOf(parse({ ...send, id: 'x' }))).toMatchObject({ id: 'x' });
    expect(frameOf(parse({ t: 'sync', conv: 'c', after: 0, limit: 1 }))).toMatchObject({ limit: 1 });
  });

  it('accepts text with emoji and other characters outside the BMP', () => {
    expect(frameOf(parse({ ...send, text: '你好 👋🏽 𝄞' }))).toMatchObject({ text: '你好 👋🏽 𝄞' });
  });

  it('reads 1.0 as the integer 1 and -0 as 0, as JSON means them', () => {
    expect(frameOf(parseClientFrame('{"t":"ack","conv":"c","seq":1.0}'))).toStrictEqual({ t: 'ack', conv: 'c', seq: 1 });
    const frame = frameOf(parseClientFrame('{"t":"ack","conv":"c","seq":-0}'));
    expect(Object.is((frame as { seq: number }).seq, 0)).toBe(true);
  });
});

describe('parseClientFrame: unknown fields', () => {
  it('drops fields a frame type does not have', () => {
    expect(frameOf(parse({ t: 'ack', conv: 'c', seq: 1, extra: { x: 1 }, at: 'now' }))).toStrictEqual({
      t: 'ack',
      conv: 'c',
      seq: 1,
    });
    expect(frameOf(parse({ t: 'ping', id: 'x' }))).toStrictEqual({ t: 'ping' });
  });

  it('drops the visitor fields from an agent hello and the agent token from a visitor hello', () => {
    expect(frameOf(parse({ ...agent, widgetKey: 'wk', user: { id: 'u' } }))).toStrictEqual(agent);
    expect(frameOf(parse({ ...visitor, token: 'tok' }))).toStrictEqual(visitor);
  });

  it('drops unknown fields of the visitor identity', () => {
    const frame = frameOf(parse({ ...visitor, user: { id: 'u', admin: true } }));
    expect(frame).toStrictEqual({ ...visitor, user: { id: 'u' } });
  });
});

describe('parseClientFrame: input that is not a JSON object', () => {
  const cases: [string, string][] = [
    ['the empty string', ''],
    ['whitespace', '  \n'],
    ['an array', '[]'],
    ['an array holding a frame', '[{"t":"ping"}]'],
    ['null', 'null'],
    ['a string', '"x"'],
    ['a number', '42'],
    ['a boolean', 'true'],
    ['truncated JSON', '{"t":"ping"'],
    ['a NaN literal', '{"t":"ack","conv":"c","seq":NaN}'],
    ['an Infinity literal', '{"t":"ack","conv":"c","seq":Infinity}'],
    ['single quotes', "{'t':'ping'}"],
    ['a trailing comma', '{"t":"ping",}'],
    ['two objects', '{"t":"ping"}{"t":"ping"}'],
    ['a byte order mark', '\ufeff{"t":"ping"}'],
  ];
  it.each(cases)('refuses %s as fatal bad_frame', (_name, text) => {
    const problem = problemOf(parseClientFrame(text));
    expect(problem).toMatchObject({ code: 'bad_frame', fatal: true });
    expect(problem.ref).toBeUndefined();
  });

  it('refuses a value that is not a string without throwing', () => {
    const untyped = parseClientFrame as (text: unknown) => ParseResult<ClientFrame>;
    for (const value of [undefined, null, 42, {}, new Uint8Array([123, 125])]) {
      expect(problemOf(untyped(value))).toMatchObject({ fatal: true });
    }
  });

  it('refuses a deeply nested array as fatal, without exhausting the stack', () => {
    const depth = 30_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    expect(problemOf(parseClientFrame(text))).toMatchObject({ code: 'bad_frame', fatal: true });
  });

  it('never throws on nesting far past any sane depth', () => {
    const depth = 1_000_000;
    const text = `{"t":"ping","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(() => parseClientFrame(text, { maxFrameBytes: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('ignores deep nesting inside an unknown field', () => {
    const text = `{"t":"ping","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(frameOf(parseClientFrame(text))).toStrictEqual({ t: 'ping' });
  });
});

describe('parseClientFrame: the type field', () => {
  it('refuses an object without t as bad_frame and keeps the connection', () => {
    expect(problemOf(parseClientFrame('{}'))).toMatchObject({ code: 'bad_frame', fatal: false });
  });

  it.each([['a number', 1], ['null', null], ['an object', { x: 1 }], ['an array', ['ping']], ['true', true]])(
    'refuses t that is %s as bad_frame, not fatal',
    (_name, t) => {
      expect(problemOf(parse({ t }))).toMatchObject({ code: 'bad_frame', fatal: false });
    },
  );

  it('refuses an unknown type without closing and names it', () => {
    const problem = problemOf(parse({ t: 'explode', conv: 'c' }));
    expect(problem).toMatchObject({ code: 'bad_frame', fatal: false });
    expect(problem.message).toContain('"explode"');
  });

  it('refuses server frame types sent by a client', () => {
    for (const t of ['welcome', 'sent', 'msg', 'pong', 'error']) {
      expect(problemOf(parse({ t }))).toMatchObject({ fatal: false });
    }
  });

  it('treats property names of Object.prototype as unknown types', () => {
    for (const t of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      expect(problemOf(parse({ t }))).toMatchObject({ code: 'bad_frame', fatal: false });
    }
  });

  it('matches t exactly, refusing other cases and padding', () => {
    for (const t of ['PING', 'Ping', ' ping', 'ping ']) expect(problemOf(parse({ t })).fatal).toBe(false);
  });

  it('shortens a long unknown type in the message', () => {
    const problem = problemOf(parse({ t: 'x'.repeat(10_000) }));
    expect(problem.message.length).toBeLessThan(200);
  });
});

describe('parseClientFrame: frame size', () => {
  const sendOfBytes = (bytes: number): string => {
    const head = JSON.stringify({ ...send, text: '' });
    return head.replace('"text":""', `"text":"${'a'.repeat(bytes - head.length)}"`);
  };

  it('accepts a frame of exactly 64 KiB by default', () => {
    const text = sendOfBytes(65_536);
    expect(text.length).toBe(65_536);
    expect(parseClientFrame(text).ok).toBe(true);
  });

  it('refuses a frame one byte over 64 KiB as fatal too_large', () => {
    expect(problemOf(parseClientFrame(sendOfBytes(65_537)))).toMatchObject({ code: 'too_large', fatal: true });
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 22 000 euro signs are 22 000 characters but 66 000 bytes.
    const text = JSON.stringify({ ...send, text: '€'.repeat(22_000) });
    expect(text.length).toBeLessThan(65_536);
    expect(problemOf(parseClientFrame(text)).code).toBe('too_large');
    const emoji = JSON.stringify({ ...send, text: '😀'.repeat(16_400) });
    expect(problemOf(parseClientFrame(emoji)).code).toBe('too_large');
  });

  it('applies the limit given in options, and none for Infinity', () => {
    const text = sendOfBytes(2_000);
    expect(problemOf(parseClientFrame(text, { maxFrameBytes: 1_999 })).code).toBe('too_large');
    expect(parseClientFrame(text, { maxFrameBytes: 2_000 }).ok).toBe(true);
    expect(parseClientFrame(sendOfBytes(200_000), { maxFrameBytes: Number.POSITIVE_INFINITY }).ok).toBe(true);
  });
});
