import { describe, expect, it } from 'vitest';
import { FLOW_LIMITS, validateFlows } from './validate.js';

const base = () => ({
  id: 'order-status',
  version: 1,
  name: '订单查询',
  start: 'ask',
  steps: {
    ask: { type: 'ask', slot: 'orderId', prompt: '订单号？', validate: { type: 'orderId' }, next: 'lookup' },
    lookup: { type: 'http', url: '{{env.baseUrl}}/orders/{{slots.orderId}}', map: { status: 'status' }, next: 'done', onError: 'sorry' },
    done: { type: 'end', text: '订单 {{slots.orderId}}：{{vars.status}}' },
    sorry: { type: 'handoff', team: '售后', summary: '查询失败 {{slots.orderId}}' },
  },
});

type Raw = ReturnType<typeof base> & Record<string, unknown>;
const issuesOf = (change: (f: Raw) => void): string[] => {
  const flow = structuredClone(base()) as Raw;
  change(flow);
  const result = validateFlows([flow]);
  return result.ok ? [] : result.issues;
};
const steps = (f: Raw) => f.steps as Record<string, Record<string, unknown>>;

describe('validateFlows', () => {
  it('accepts a valid flow and fills in the defaults', () => {
    const result = validateFlows([base()]);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const flow = result.flows[0]!;
    expect(flow.trigger).toEqual({ entries: [], keywords: [] });
    expect(flow.steps.ask).toMatchObject({ maxAttempts: 3 });
    expect(flow.steps.lookup).toMatchObject({ method: 'GET', timeoutMs: 5000, headers: {}, onStatus: {} });
  });

  it('names the flow, the step and the field in each issue', () => {
    expect(issuesOf((f) => (steps(f).lookup!.url = 42))).toEqual(['flow "order-status" step "lookup": url must be a string']);
  });

  it('accepts a card under a message and refuses a malformed one', () => {
    const card = { title: '订单 {{slots.orderId}}', text: '{{vars.status}}', buttons: [{ label: '退款', text: '申请退款' }, { label: '详情', url: 'https://shop.example/o/{{slots.orderId}}' }] };
    expect(issuesOf((f) => (steps(f).done = { type: 'message', text: '查到了', card, next: 'end' }, (steps(f).end = { type: 'end' })))).toEqual([]);
    const bad = (c: unknown) => issuesOf((f) => (steps(f).done = { type: 'message', text: '查到了', card: c, next: 'end' }, (steps(f).end = { type: 'end' })));
    expect(bad({ text: 'no title' })).toEqual([expect.stringMatching(/step "done": card must be/)]);
    expect(bad({ title: 't', buttons: [{ label: 'both', text: 'a', url: 'b' }] })).toEqual([expect.stringMatching(/card must be/)]);
    expect(bad({ title: 't', colour: 'red' })).toEqual([expect.stringMatching(/card must be/)]);
    expect(bad({ title: '{{secrets.demoOrdersToken}}' })).not.toEqual([]);
  });

  it('refuses an unknown step type', () => {
    expect(issuesOf((f) => (steps(f).done = { type: 'dance' }))).toEqual([expect.stringMatching(/step "done": unknown step type "dance"/)]);
  });

  it('refuses a missing next and a next that names no step', () => {
    expect(issuesOf((f) => delete steps(f).ask!.next)).toEqual(['flow "order-status" step "ask": next must be a string']);
    expect(issuesOf((f) => (steps(f).lookup!.onError = 'nowhere'))).toEqual(['flow "order-status" step "lookup": next step "nowhere" does not exist']);
    expect(issuesOf((f) => (f.start = 'begin'))).toEqual(['flow "order-status": start "begin" is not a step']);
  });

  it('refuses a step nothing leads to', () => {
    expect(issuesOf((f) => (steps(f).orphan = { type: 'end' }))).toEqual(['flow "order-status" step "orphan": is unreachable from start "ask"']);
  });

  it('refuses a loop that never waits for the visitor, but allows one through an ask', () => {
    const loop = issuesOf((f) => {
      steps(f).done = { type: 'message', text: 'again', next: 'check' };
      steps(f).check = { type: 'condition', cases: [{ when: { var: 'vars.status', equals: 'x' }, next: 'done' }], else: 'done' };
    });
    expect(loop).toEqual(['flow "order-status" step "done": loops ("done" → "check" → "done") without an ask step, so it would never stop']);
    expect(issuesOf((f) => (steps(f).done = { type: 'message', text: 'again', next: 'ask' }))).toEqual([]);
  });

  it('refuses a regex that does not compile, in an ask and in a condition', () => {
    expect(issuesOf((f) => (steps(f).ask!.validate = { pattern: '([a-z' }))).toEqual([expect.stringMatching(/step "ask": validate: pattern does not compile/)]);
    const issues = issuesOf((f) => {
      steps(f).lookup!.next = 'check';
      steps(f).check = { type: 'condition', cases: [{ when: { var: 'vars.status', matches: '*x' }, next: 'done' }], else: 'done' };
    });
    expect(issues).toEqual([expect.stringMatching(/step "check": case 1: matches does not compile/)]);
  });

  it('refuses templates with an unknown namespace, an unfilled slot or var, or an unclosed brace', () => {
    expect(issuesOf((f) => (steps(f).done!.text = 'hi {{user.name}}'))).toEqual([expect.stringMatching(/step "done": text: "user.name" uses an unknown namespace/)]);
    expect(issuesOf((f) => (steps(f).done!.text = '{{contact.phone}}'))).toEqual([expect.stringMatching(/contact.name, contact.email or contact.attributes/)]);
    expect(issuesOf((f) => (steps(f).done!.text = '{{slots.reason}}'))).toEqual(['flow "order-status" step "done": "slots.reason": no ask step fills slot "reason"']);
    expect(issuesOf((f) => (steps(f).done!.text = '{{vars.eta}}'))).toEqual(['flow "order-status" step "done": "vars.eta": no http step maps var "eta"']);
    expect(issuesOf((f) => (steps(f).done!.text = 'oops {{slots.orderId'))).toEqual([expect.stringMatching(/text: "\{\{" without a matching "\}\}"/)]);
    expect(issuesOf((f) => (steps(f).done!.text = '{{contact.attributes.vip}} {{contact.name}} {{env.baseUrl}}'))).toEqual([]);
  });

  it('keeps secrets out of everything the visitor sees', () => {
    expect(issuesOf((f) => (steps(f).done!.text = '{{secrets.token}}'))).toEqual([expect.stringMatching(/secrets may be used only in an http step/)]);
    expect(issuesOf((f) => (steps(f).lookup!.headers = { Authorization: 'Bearer {{secrets.token}}' }))).toEqual([]);
  });

  it('enforces the limits: steps, text sizes, timeouts, attempts', () => {
    const many = issuesOf((f) => {
      for (let i = 0; i < FLOW_LIMITS.steps; i++) steps(f)[`s${i}`] = { type: 'end' };
    });
    expect(many).toContain(`flow "order-status": at most ${FLOW_LIMITS.steps} steps, got ${FLOW_LIMITS.steps + 4}`);
    expect(issuesOf((f) => (steps(f).done!.text = 'x'.repeat(FLOW_LIMITS.textChars + 1)))).toEqual([
      `flow "order-status" step "done": text must be at most ${FLOW_LIMITS.textChars} characters`,
    ]);
    expect(issuesOf((f) => (steps(f).lookup!.timeoutMs = 60_000))).toEqual([expect.stringMatching(/timeoutMs must be an integer from 100 to 30000/)]);
    expect(issuesOf((f) => (steps(f).ask!.maxAttempts = 0))).toEqual([expect.stringMatching(/maxAttempts must be an integer from 1 to 10/)]);
  });

  it('catches misspelt fields and malformed parts', () => {
    expect(issuesOf((f) => (steps(f).ask!.nxt = 'lookup'))).toEqual(['flow "order-status" step "ask": unknown field "nxt"']);
    expect(issuesOf((f) => ((f as Record<string, unknown>).version = '1'))).toEqual(['flow "order-status": version must be a positive integer']);
    expect(issuesOf((f) => (f.format = 2))).toEqual([expect.stringMatching(/format 2 is not supported/)]);
    expect(issuesOf((f) => (steps(f).lookup!.url = 'file:///etc/passwd'))).toEqual([expect.stringMatching(/url must start with http/)]);
    expect(issuesOf((f) => (steps(f).lookup!.method = 'TRACE'))).toEqual([expect.stringMatching(/method must be one of/)]);
    expect(issuesOf((f) => (steps(f).lookup!.onStatus = { abc: 'done' }))).toEqual([expect.stringMatching(/onStatus: "abc" is not an HTTP status/)]);
    expect(issuesOf((f) => (steps(f).ask!.quickReplies = [{ label: '' }]))).toEqual([expect.stringMatching(/quickReplies must be a list/)]);
    expect(issuesOf((f) => (steps(f).ask!.validate = { type: 'zip' }))).toEqual([expect.stringMatching(/validate: type must be one of number, email, phone, orderId/)]);
  });

  it('refuses duplicate flow ids and an entry that triggers two flows', () => {
    const a = { ...base(), trigger: { entries: ['order-status'] } };
    const b = { ...base(), id: 'other', trigger: { entries: ['order-status'] } };
    expect(validateFlows([a, a])).toEqual({ ok: false, issues: ['flow "order-status": id is used by another flow'] });
    expect(validateFlows([a, b])).toEqual({ ok: false, issues: ['flow "other": trigger entry "order-status" already starts flow "order-status"'] });
  });

  it('reports every issue at once, and a flow that is not an object by its position', () => {
    const result = validateFlows([
      'nope',
      { ...base(), steps: { ...base().steps, done: { type: 'end', text: 3 }, sorry: { type: 'handoff', summary: 5 } } },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: ['flow #1: must be an object', 'flow "order-status" step "done": text must be a string', 'flow "order-status" step "sorry": summary must be a string'],
    });
  });
});
