import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServerFrame } from './frames.js';
import type { FrameProblem, ParseResult } from './parse-client-frame.js';
import { parseServerFrame } from './parse-server-frame.js';

const parse = (value: unknown): ParseResult<ServerFrame> => parseServerFrame(JSON.stringify(value));

function problemOf(result: ParseResult<ServerFrame>): FrameProblem {
  if (result.ok) throw new Error(`expected a problem, got: ${JSON.stringify(result.frame)}`);
  return result.problem;
}

const from = { role: 'agent', id: 'a1', name: 'Bo' };
const valid = {
  welcomeVisitor: {
    t: 'welcome', v: 1, sessionId: 's1', heartbeatMs: 25_000, epoch: 'e1', visitorId: 'v1', visitorToken: 'vt',
    conversations: [{ id: 'c1', lastSeq: 12, status: 'open' }],
  },
  welcomeAgent: { t: 'welcome', v: 1, sessionId: 's1', heartbeatMs: 25_000, epoch: 'e1', agentId: 'a1', conversations: [] },
  sent: { t: 'sent', id: 'm1', conv: 'c1', seq: 13, msgId: 'g1', at: '2025-01-01T00:00:00.000Z' },
  msg: { t: 'msg', conv: 'c1', seq: 13, msgId: 'g1', at: '2025-01-01T00:00:00.000Z', from, kind: 'text', text: 'hi' },
  msgWithData: {
    t: 'msg', conv: 'c1', seq: 14, msgId: 'g2', at: 'now', from: { role: 'system', id: 'sys' },
    kind: 'event', text: '', data: { event: 'assigned', agentId: 'a1' },
  },
  hidden: { t: 'msg', conv: 'c1', seq: 15, kind: 'hidden' },
  synced: { t: 'synced', conv: 'c1', upTo: 15, more: false },
  receipt: { t: 'receipt', conv: 'c1', from, read: 13 },
  typing: { t: 'typing', conv: 'c1', from, on: true },
  conv: { t: 'conv', conv: { id: 'c1', status: 'queued', assignee: null, team: 'sales', lastSeq: 3, inbox: 'i1' } },
  pong: { t: 'pong' },
  reconnect: { t: 'reconnect', afterMs: 500, reason: 'drain' },
  error: { t: 'error', code: 'rate_limited', message: 'slow down', ref: 'm1', retryAfterMs: 1000 },
  errorMinimal: { t: 'error', code: 'bad_frame', message: 'unknown frame type "x"' },
} satisfies Record<string, Record<string, unknown>>;

describe('parseServerFrame: valid frames', () => {
  it.each(Object.entries(valid))('accepts %s', (_name, frame) => {
    expect(parse(frame)).toEqual({ ok: true, frame });
  });

  it('keeps unknown fields, so a client may read what a later server adds', () => {
    const frame = { ...valid.sent, shard: 7 };
    expect(parse(frame)).toEqual({ ok: true, frame });
  });
});

// [what is wrong, frame, field the message must name]
const invalid: [string, Record<string, unknown>, string][] = [
  ['welcome.v of 2', { ...valid.welcomeAgent, v: 2 }, 'welcome.v'],
  ['welcome.sessionId missing', { ...valid.welcomeAgent, sessionId: undefined }, 'welcome.sessionId'],
  ['welcome.heartbeatMs a string', { ...valid.welcomeAgent, heartbeatMs: '25000' }, 'welcome.heartbeatMs'],
  ['welcome.epoch missing', { ...valid.welcomeAgent, epoch: undefined }, 'welcome.epoch'],
  ['welcome.conversations an object', { ...valid.welcomeAgent, conversations: {} }, 'welcome.conversations'],
  ['welcome.conversations[0] without lastSeq', { ...valid.welcomeAgent, conversations: [{ id: 'c', status: 'open' }] }, 'welcome.conversations[0].lastSeq'],
  ['welcome.conversations[1] a string', { ...valid.welcomeAgent, conversations: [{ id: 'c', lastSeq: 1, status: 'open' }, 'c2'] }, 'welcome.conversations[1]'],
  ['welcome.conversations[0] with status closed', { ...valid.welcomeAgent, conversations: [{ id: 'c', lastSeq: 1, status: 'closed' }] }, 'welcome.conversations[0].status'],
  ['welcome.visitorToken a number', { ...valid.welcomeVisitor, visitorToken: 5 }, 'welcome.visitorToken'],
  ['sent.seq missing', { ...valid.sent, seq: undefined }, 'sent.seq'],
  ['sent.seq negative', { ...valid.sent, seq: -1 }, 'sent.seq'],
  ['sent.seq a float', { ...valid.sent, seq: 1.5 }, 'sent.seq'],
  ['sent.msgId missing', { ...valid.sent, msgId: undefined }, 'sent.msgId'],
  ['sent.at a number', { ...valid.sent, at: 0 }, 'sent.at'],
  ['msg.from missing', { ...valid.msg, from: undefined }, 'msg.from'],
  ['msg.from.role customer', { ...valid.msg, from: { role: 'customer', id: 'x' } }, 'msg.from.role'],
  ['msg.from.name a number', { ...valid.msg, from: { ...from, name: 1 } }, 'msg.from.name'],
  ['msg.kind unknown', { ...valid.msg, kind: 'video' }, 'msg.kind'],
  ['msg.text missing', { ...valid.msg, text: undefined }, 'msg.text'],
  ['msg.data an array', { ...valid.msg, data: [] }, 'msg.data'],
  ['hidden msg.seq missing', { t: 'msg', conv: 'c1', kind: 'hidden' }, 'msg.seq'],
  ['synced.more a string', { ...valid.synced, more: 'false' }, 'synced.more'],
  ['synced.upTo missing', { ...valid.synced, upTo: undefined }, 'synced.upTo'],
  ['receipt.read missing', { ...valid.receipt, read: undefined }, 'receipt.read'],
  ['typing.on missing', { ...valid.typing, on: undefined }, 'typing.on'],
  ['typing.from.id missing', { ...valid.typing, from: { role: 'visitor' } }, 'typing.from.id'],
  ['conv.conv a string', { t: 'conv', conv: 'c1' }, 'conv.conv'],
  ['conv.conv.assignee missing', { t: 'conv', conv: { id: 'c', status: 'open', team: null, lastSeq: 1 } }, 'conv.conv.assignee'],
  ['conv.conv.status unknown', { t: 'conv', conv: { id: 'c', status: 'x', assignee: null, team: null, lastSeq: 1 } }, 'conv.conv.status'],
  ['reconnect.reason unknown', { ...valid.reconnect, reason: 'bored' }, 'reconnect.reason'],
  ['reconnect.afterMs missing', { t: 'reconnect', reason: 'drain' }, 'reconnect.afterMs'],
  ['error.code unknown', { ...valid.error, code: 'oops' }, 'error.code'],
  ['error.message missing', { t: 'error', code: 'internal' }, 'error.message'],
  ['error.ref a number', { ...valid.error, ref: 1 }, 'error.ref'],
  ['error.retryAfterMs a string', { ...valid.error, retryAfterMs: '1000' }, 'error.retryAfterMs'],
];

describe('parseServerFrame: invalid frames', () => {
  it.each(invalid)('refuses %s and names the field', (_name, frame, path) => {
    const problem = problemOf(parse(frame));
    expect(problem).toMatchObject({ code: 'bad_frame', fatal: false });
    expect(problem.message).toContain(path);
  });

  it.each([['empty', ''], ['an array', '[]'], ['null', 'null'], ['a string', '"x"'], ['a number', '42'], ['broken JSON', '{"t":']])(
    'refuses %s text as fatal',
    (_name, text) => {
      expect(problemOf(parseServerFrame(text))).toMatchObject({ code: 'bad_frame', fatal: true });
    },
  );

  it('refuses an unknown type without being fatal and names it', () => {
    const problem = problemOf(parse({ t: 'presence', agentId: 'a1' }));
    expect(problem).toMatchObject({ fatal: false });
    expect(problem.message).toContain('"presence"');
  });

  it('refuses an object without a string t, and client frame types', () => {
    for (const frame of [{}, { t: 3 }, { t: 'hello' }, { t: 'send' }, { t: 'toString' }, { t: '__proto__' }]) {
      expect(problemOf(parse(frame)).fatal).toBe(false);
    }
  });

  it('does not pollute Object.prototype through a __proto__ field', () => {
    expect(parseServerFrame('{"t":"pong","__proto__":{"polluted":1}}').ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on arbitrary strings or JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json()), (text) => {
        const result = parseServerFrame(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(valid)),
        fc.constantFrom('t', 'conv', 'seq', 'from', 'kind', 'conversations', 'code', 'v'),
        fc.jsonValue(),
        (frame, key, value) => {
          const result = parse({ ...frame, [key]: value });
          if (!result.ok) expect(result.problem.fatal).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
