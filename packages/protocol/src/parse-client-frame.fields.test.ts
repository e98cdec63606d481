import { describe, expect, it } from 'vitest';
import type { ClientFrame } from './frames.js';
import { type FrameProblem, type ParseResult, parseClientFrame } from './parse-client-frame.js';

const parse = (value: unknown): ParseResult<ClientFrame> => parseClientFrame(JSON.stringify(value));

function problemOf(result: ParseResult<ClientFrame>): FrameProblem {
  if (result.ok) throw new Error(`expected a problem, got: ${JSON.stringify(result.frame)}`);
  return result.problem;
}

const visitor = { t: 'hello', v: 1, role: 'visitor', widgetKey: 'wk_1' };
const agent = { t: 'hello', v: 1, role: 'agent', token: 'tok' };
const send = { t: 'send', id: 'm1', conv: 'c1', text: 'hi' };
const LONE = '\ud800';

// [what is wrong, frame, field the message must name]
const invalid: [string, Record<string, unknown>, string][] = [
  ['hello.v missing', { t: 'hello', role: 'agent', token: 't' }, 'hello.v'],
  ['hello.v of 2', { ...agent, v: 2 }, 'hello.v'],
  ['hello.v as the string "1"', { ...agent, v: '1' }, 'hello.v'],
  ['hello.v of 1.5', { ...agent, v: 1.5 }, 'hello.v'],
  ['hello.role missing', { t: 'hello', v: 1, token: 't' }, 'hello.role'],
  ['hello.role bot', { ...agent, role: 'bot' }, 'hello.role'],
  ['hello.role Agent', { ...agent, role: 'Agent' }, 'hello.role'],
  ['widgetKey missing', { t: 'hello', v: 1, role: 'visitor' }, 'hello.widgetKey'],
  ['widgetKey empty', { ...visitor, widgetKey: '' }, 'hello.widgetKey'],
  ['widgetKey of 129 characters', { ...visitor, widgetKey: 'k'.repeat(129) }, 'hello.widgetKey'],
  ['widgetKey a number', { ...visitor, widgetKey: 7 }, 'hello.widgetKey'],
  ['visitorToken of 513 characters', { ...visitor, visitorToken: 'v'.repeat(513) }, 'hello.visitorToken'],
  ['visitorToken null', { ...visitor, visitorToken: null }, 'hello.visitorToken'],
  ['user a string', { ...visitor, user: 'u1' }, 'hello.user'],
  ['user an array', { ...visitor, user: [{ id: 'u' }] }, 'hello.user'],
  ['user null', { ...visitor, user: null }, 'hello.user'],
  ['user.id missing', { ...visitor, user: { name: 'Ada' } }, 'hello.user.id'],
  ['user.id empty', { ...visitor, user: { id: '' } }, 'hello.user.id'],
  ['user.id a number', { ...visitor, user: { id: 42 } }, 'hello.user.id'],
  ['user.id of 257 characters', { ...visitor, user: { id: 'i'.repeat(257) } }, 'hello.user.id'],
  ['user.name of 257 characters', { ...visitor, user: { id: 'u', name: 'n'.repeat(257) } }, 'hello.user.name'],
  ['user.name null', { ...visitor, user: { id: 'u', name: null } }, 'hello.user.name'],
  ['user.email of 321 characters', { ...visitor, user: { id: 'u', email: 'e'.repeat(321) } }, 'hello.user.email'],
  ['user.hash of 129 characters', { ...visitor, user: { id: 'u', hash: 'h'.repeat(129) } }, 'hello.user.hash'],
  ['user.hash a number', { ...visitor, user: { id: 'u', hash: 12 } }, 'hello.user.hash'],
  ['token missing', { t: 'hello', v: 1, role: 'agent' }, 'hello.token'],
  ['token empty', { ...agent, token: '' }, 'hello.token'],
  ['token of 2049 characters', { ...agent, token: 't'.repeat(2049) }, 'hello.token'],
  ['resume an array', { ...agent, resume: [['c1', 1]] }, 'hello.resume'],
  ['resume null', { ...agent, resume: null }, 'hello.resume'],
  ['resume a number', { ...visitor, resume: 3 }, 'hello.resume'],
  ['resume of 1001 conversations', { ...agent, resume: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`c${i}`, 1])) }, 'hello.resume'],
  ['resume with an empty key', { ...agent, resume: { '': 1 } }, 'hello.resume'],
  ['resume with a key of 65 characters', { ...agent, resume: { ['c'.repeat(65)]: 1 } }, 'hello.resume'],
  ['resume with a negative seq', { ...agent, resume: { c1: -1 } }, 'hello.resume["c1"]'],
  ['resume with a fractional seq', { ...agent, resume: { c1: 1.5 } }, 'hello.resume["c1"]'],
  ['resume with a string seq', { ...agent, resume: { c1: '3' } }, 'hello.resume["c1"]'],
  ['resume with a null seq', { ...agent, resume: { c1: null } }, 'hello.resume["c1"]'],
  ['resume with an unsafe integer seq', { ...agent, resume: { c1: 2 ** 53 } }, 'hello.resume["c1"]'],
  ['send.id missing', { t: 'send', text: 'hi' }, 'send.id'],
  ['send.id a number', { ...send, id: 1 }, 'send.id'],
  ['send.conv empty', { ...send, conv: '' }, 'send.conv'],
  ['send.conv of 65 characters', { ...send, conv: 'c'.repeat(65) }, 'send.conv'],
  ['send.conv null', { ...send, conv: null }, 'send.conv'],
  ['send.conv a number', { ...send, conv: 5 }, 'send.conv'],
  ['send.text missing', { t: 'send', id: 'm1' }, 'send.text'],
  ['send.text a number', { ...send, text: 5 }, 'send.text'],
  ['send.text an object', { ...send, text: { en: 'hi' } }, 'send.text'],
  ['send.text empty without attachments', { ...send, text: '' }, 'send.text'],
  ['send.text empty with empty attachments', { ...send, text: '', attachments: [] }, 'send.text'],
  ['send.text with a lone surrogate', { ...send, text: `a${LONE}b` }, 'send.text'],
  ['send.kind event', { ...send, kind: 'event' }, 'send.kind'],
  ['send.kind hidden', { ...send, kind: 'hidden' }, 'send.kind'],
  ['send.kind null', { ...send, kind: null }, 'send.kind'],
  ['send.attachments a string', { ...send, attachments: 'a1' }, 'send.attachments'],
  ['send.attachments of 21 ids', { ...send, attachments: Array.from({ length: 21 }, (_, i) => `a${i}`) }, 'send.attachments'],
  ['send.attachments with an empty id', { ...send, attachments: ['a1', ''] }, 'send.attachments'],
  ['send.attachments with an id of 65 characters', { ...send, attachments: ['a'.repeat(65)] }, 'send.attachments'],
  ['send.attachments with a number', { ...send, attachments: [1] }, 'send.attachments'],
  ['send.attachments with null', { ...send, attachments: [null] }, 'send.attachments'],
  ['ack.conv missing', { t: 'ack', seq: 1 }, 'ack.conv'],
  ['ack.conv empty', { t: 'ack', conv: '', seq: 1 }, 'ack.conv'],
  ['ack.conv of 65 characters', { t: 'ack', conv: 'c'.repeat(65), seq: 1 }, 'ack.conv'],
  ['ack.seq missing', { t: 'ack', conv: 'c' }, 'ack.seq'],
  ['ack.seq negative', { t: 'ack', conv: 'c', seq: -1 }, 'ack.seq'],
  ['ack.seq a float', { t: 'ack', conv: 'c', seq: 2.5 }, 'ack.seq'],
  ['ack.seq a numeric string', { t: 'ack', conv: 'c', seq: '13' }, 'ack.seq'],
  ['ack.seq the string NaN', { t: 'ack', conv: 'c', seq: 'NaN' }, 'ack.seq'],
  ['ack.seq the string Infinity', { t: 'ack', conv: 'c', seq: 'Infinity' }, 'ack.seq'],
  ['ack.seq 2^53', { t: 'ack', conv: 'c', seq: 2 ** 53 }, 'ack.seq'],
  ['ack.seq 1e300', { t: 'ack', conv: 'c', seq: 1e300 }, 'ack.seq'],
  ['ack.seq true', { t: 'ack', conv: 'c', seq: true }, 'ack.seq'],
  ['ack.seq null', { t: 'ack', conv: 'c', seq: null }, 'ack.seq'],
  ['read.conv a number', { t: 'read', conv: 1, seq: 1 }, 'read.conv'],
  ['read.seq negative', { t: 'read', conv: 'c', seq: -5 }, 'read.seq'],
  ['read.seq a float', { t: 'read', conv: 'c', seq: 0.1 }, 'read.seq'],
  ['sync.conv missing', { t: 'sync', after: 0 }, 'sync.conv'],
  ['sync.after missing', { t: 'sync', conv: 'c' }, 'sync.after'],
  ['sync.after negative', { t: 'sync', conv: 'c', after: -1 }, 'sync.after'],
  ['sync.after a float', { t: 'sync', conv: 'c', after: 1.5 }, 'sync.after'],
  ['sync.limit 0', { t: 'sync', conv: 'c', after: 0, limit: 0 }, 'sync.limit'],
  ['sync.limit 1001', { t: 'sync', conv: 'c', after: 0, limit: 1001 }, 'sync.limit'],
  ['sync.limit a float', { t: 'sync', conv: 'c', after: 0, limit: 10.5 }, 'sync.limit'],
  ['sync.limit a string', { t: 'sync', conv: 'c', after: 0, limit: '10' }, 'sync.limit'],
  ['sync.limit null', { t: 'sync', conv: 'c', after: 0, limit: null }, 'sync.limit'],
  ['typing.conv missing', { t: 'typing', on: true }, 'typing.conv'],
  ['typing.on missing', { t: 'typing', conv: 'c' }, 'typing.on'],
  ['typing.on the string "true"', { t: 'typing', conv: 'c', on: 'true' }, 'typing.on'],
  ['typing.on 1', { t: 'typing', conv: 'c', on: 1 }, 'typing.on'],
];

describe('parseClientFrame: invalid fields', () => {
  it.each(invalid)('refuses %s as bad_frame, keeps the connection and names the field', (_name, frame, path) => {
    const problem = problemOf(parse(frame));
    expect(problem).toMatchObject({ code: 'bad_frame', fatal: false });
    expect(problem.message).toContain(path);
  });

  it('refuses a huge number written out in JSON', () => {
    expect(problemOf(parseClientFrame('{"t":"ack","conv":"c","seq":1e400}')).message).toContain('ack.seq');
    expect(problemOf(parseClientFrame('{"t":"ack","conv":"c","seq":123456789012345678901234567890}')).fatal).toBe(false);
  });

  it('refuses a lone surrogate in an id but accepts a surrogate pair', () => {
    expect(problemOf(parse({ t: 'ack', conv: `c${LONE}`, seq: 1 })).message).toContain('ack.conv');
    expect(problemOf(parse({ ...agent, resume: { [LONE]: 1 } })).message).toContain('hello.resume');
    expect(parse({ t: 'ack', conv: 'c😀', seq: 1 }).ok).toBe(true);
  });
});

describe('parseClientFrame: ref of a refused send', () => {
  it('refuses a send id of 65 characters and names the id as ref', () => {
    const id = 'x'.repeat(65);
    expect(problemOf(parse({ ...send, id }))).toMatchObject({ code: 'bad_frame', fatal: false, ref: id });
  });

  it('refuses an empty send id and names it as ref', () => {
    expect(problemOf(parse({ ...send, id: '' }))).toMatchObject({ fatal: false, ref: '' });
  });

  it('names the id as ref when another field of the send is wrong', () => {
    for (const wrong of [{ text: 5 }, { conv: '' }, { kind: 'x' }, { attachments: [''] }, { text: '' }]) {
      expect(problemOf(parse({ ...send, id: 'm42', ...wrong })).ref).toBe('m42');
    }
  });

  it('gives no ref when the send id is not a string', () => {
    for (const id of [undefined, 7, null, ['m1'], { id: 'm1' }]) {
      expect(problemOf(parse({ ...send, id })).ref).toBeUndefined();
    }
  });

  it('gives no ref for frames other than send', () => {
    expect(problemOf(parse({ t: 'ack', id: 'm1', conv: 'c', seq: -1 })).ref).toBeUndefined();
  });
});

describe('parseClientFrame: prototype pollution', () => {
  it('does not pollute Object.prototype through a __proto__ field', () => {
    const result = parseClientFrame('{"t":"ping","__proto__":{"x":1,"polluted":true}}');
    expect(result).toStrictEqual({ ok: true, frame: { t: 'ping' } });
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.frame)).toBe(Object.prototype);
    expect(Object.hasOwn(result.frame, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops constructor.prototype and __proto__ from a send and from the identity', () => {
    const text =
      '{"t":"hello","v":1,"role":"visitor","widgetKey":"k","__proto__":{"admin":true},' +
      '"constructor":{"prototype":{"admin":true}},"user":{"id":"u","__proto__":{"admin":true}}}';
    const result = parseClientFrame(text);
    expect(result).toStrictEqual({ ok: true, frame: { t: 'hello', v: 1, role: 'visitor', widgetKey: 'k', user: { id: 'u' } } });
    if (!result.ok || result.frame.t !== 'hello' || result.frame.role !== 'visitor') return;
    expect('admin' in (result.frame.user ?? {})).toBe(false);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('keeps a resume key named __proto__ as plain data on a map without prototype', () => {
    const result = parseClientFrame('{"t":"hello","v":1,"role":"agent","token":"t","resume":{"__proto__":5,"constructor":2,"c1":1}}');
    if (!result.ok || result.frame.t !== 'hello') throw new Error('expected a hello');
    const resume = result.frame.resume ?? {};
    expect(Object.getPrototypeOf(resume)).toBeNull();
    expect(Object.entries(resume)).toEqual([['__proto__', 5], ['constructor', 2], ['c1', 1]]);
    expect(({} as Record<string, unknown>)[5]).toBeUndefined();
  });

  it('refuses a resume seq named __proto__ that is not a count', () => {
    const problem = problemOf(parseClientFrame('{"t":"hello","v":1,"role":"agent","token":"t","resume":{"__proto__":{"x":1}}}'));
    expect(problem.message).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('does not take a missing field from a polluted Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.seq = 5;
      proto.on = true;
      expect(problemOf(parse({ t: 'ack', conv: 'c' })).message).toContain('ack.seq');
      expect(problemOf(parse({ t: 'typing', conv: 'c' })).message).toContain('typing.on');
    } finally {
      delete proto.seq;
      delete proto.on;
    }
  });
});
