import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from './flow.js';
import { FLOW_TEXTS, MAX_STEPS_PER_CALL, runFlow, triggeredFlow, type FlowHttpRequest, type FlowRuntime, type FlowState } from './run-flow.js';
import { validateFlows } from './validate.js';

const contact = { name: '王小明', email: null, attributes: { level: 'vip' } };
const say = (text: string) => ({ text, contact });

function flowOf(raw: Record<string, unknown>): FlowDefinition {
  const result = validateFlows([{ id: 'f', version: 1, name: 'f', ...raw }]);
  if (!result.ok) throw new Error(result.issues.join('\n'));
  return result.flows[0]!;
}

function fakeRuntime(answer: (req: FlowHttpRequest) => { status: number; body: unknown } | Error): FlowRuntime & { calls: FlowHttpRequest[] } {
  const calls: FlowHttpRequest[] = [];
  return {
    calls,
    secrets: { token: 's3cret' },
    env: { baseUrl: 'http://shop.test' },
    async http(req) {
      calls.push(req);
      const out = answer(req);
      if (out instanceof Error) throw out;
      return out;
    },
  };
}
const noHttp = fakeRuntime(() => new Error('no http expected'));

const survey = flowOf({
  trigger: { entries: ['survey'], keywords: ['问卷'] },
  start: 'hello',
  steps: {
    hello: { type: 'message', text: '您好 {{contact.name}}', next: 'email' },
    email: { type: 'ask', slot: 'email', prompt: '邮箱？', validate: { type: 'email' }, retryPrompt: '邮箱格式不对', maxAttempts: 2, onFail: 'human', next: 'size' },
    size: { type: 'ask', slot: 'size', prompt: '尺码？', validate: { options: ['S', 'M', 'L'] }, next: 'save' },
    save: { type: 'set_attribute', key: 'size', value: '{{slots.size}}', next: 'label' },
    label: { type: 'tag', label: 'survey', next: 'route' },
    route: {
      type: 'condition',
      cases: [
        { when: { var: 'contact.attributes.level', equals: 'vip' }, next: 'vip' },
        { when: { var: 'slots.size', in: ['S', 'M'] }, next: 'small' },
      ],
      else: 'bye',
    },
    vip: { type: 'end', text: '尊贵的会员，已记录 {{slots.email}} / {{contact.attributes.size}}' },
    small: { type: 'end', text: 'small' },
    bye: { type: 'end' },
    human: { type: 'handoff', team: '客服', text: '为您转人工', summary: '问卷：邮箱无效 {{contact.name}}' },
  },
});

describe('runFlow', () => {
  it('starts at the start, says what it must and waits at the first ask', async () => {
    const r = await runFlow(survey, null, say('我要填问卷'), noHttp);
    expect(r.replies).toEqual([{ text: '您好 王小明' }, { text: '邮箱？' }]);
    expect(r.steps).toEqual(['hello', 'email']);
    expect(r.outcome).toBe('waiting');
    expect(r.state).toEqual({ flowId: 'f', version: 1, step: 'email', attempts: 0, slots: {}, vars: {} });
  });

  it('stores a valid answer in its normalized form and offers options as quick replies', async () => {
    const start = await runFlow(survey, null, say('x'), noHttp);
    const r = await runFlow(survey, start.state, say('  Ming@Example.COM '), noHttp);
    expect(r.state).toMatchObject({ step: 'size', slots: { email: 'ming@example.com' } });
    expect(r.replies).toEqual([{ text: '尺码？', data: { quickReplies: [{ label: 'S', text: 'S' }, { label: 'M', text: 'M' }, { label: 'L', text: 'L' }] } }]);
  });

  it('runs set_attribute, tag and condition, and ends with the actions in order', async () => {
    const state: FlowState = { flowId: 'f', version: 1, step: 'size', attempts: 0, slots: { email: 'a@b.cn' }, vars: {} };
    const r = await runFlow(survey, state, say('2'), noHttp);
    expect(r.steps).toEqual(['size', 'save', 'label', 'route', 'vip']);
    expect(r.actions).toEqual([
      { kind: 'set_attribute', key: 'size', value: 'M' },
      { kind: 'tag', label: 'survey' },
    ]);
    expect(r.replies).toEqual([{ text: '尊贵的会员，已记录 a@b.cn / M' }]);
    expect(r.state).toBeNull();
    expect(r.outcome).toBe('ended');
  });

  it('takes the next case or else when the first does not hold', async () => {
    const state: FlowState = { flowId: 'f', version: 1, step: 'size', attempts: 0, slots: {}, vars: {} };
    const plain = { ...contact, attributes: {} };
    expect((await runFlow(survey, state, { text: 'S', contact: plain }, noHttp)).replies).toEqual([{ text: 'small' }]);
    const r = await runFlow(survey, state, { text: 'l', contact: plain }, noHttp);
    expect(r.steps.at(-1)).toBe('bye');
    expect(r.replies).toEqual([]);
  });

  it('asks again with the retry prompt, then goes to onFail after maxAttempts', async () => {
    const start = await runFlow(survey, null, say('x'), noHttp);
    const once = await runFlow(survey, start.state, say('not an email'), noHttp);
    expect(once.replies).toEqual([{ text: '邮箱格式不对' }]);
    expect(once.state).toMatchObject({ step: 'email', attempts: 1 });
    const twice = await runFlow(survey, once.state, say('still not'), noHttp);
    expect(twice.outcome).toBe('handoff');
    expect(twice.replies).toEqual([{ text: '为您转人工' }]);
    expect(twice.actions).toEqual([{ kind: 'handoff', team: '客服', summary: '问卷：邮箱无效 王小明' }]);
    expect(twice.state).toBeNull();
  });

  it('ends with an apology after maxAttempts when there is no onFail', async () => {
    const flow = flowOf({ start: 'n', steps: { n: { type: 'ask', slot: 'n', prompt: '数字？', validate: { type: 'number' }, maxAttempts: 1, next: 'e' }, e: { type: 'end' } } });
    const start = await runFlow(flow, null, say('x'), noHttp);
    const r = await runFlow(flow, start.state, say('abc'), noHttp);
    expect(r.outcome).toBe('ended');
    expect(r.replies[0]!.text).toMatch(/多次输入无效/);
  });

  it('lets the visitor cancel while it waits, whatever the punctuation', async () => {
    const start = await runFlow(survey, null, say('x'), noHttp);
    for (const word of ['取消', 'Cancel!', ' 算了。']) {
      const r = await runFlow(survey, start.state, say(word), noHttp);
      expect(r).toMatchObject({ outcome: 'cancelled', state: null, actions: [] });
      expect(r.replies[0]!.text).toMatch(/已退出当前流程/);
    }
    // Only the whole message cancels: a refund reason such as "取消订单" is an answer.
    const free = flowOf({ start: 'why', steps: { why: { type: 'ask', slot: 'why', prompt: '原因？', next: 'e' }, e: { type: 'end', text: '{{slots.why}}' } } });
    const waiting = await runFlow(free, null, say('x'), noHttp);
    expect((await runFlow(free, waiting.state, say('取消订单'), noHttp)).replies).toEqual([{ text: '取消订单' }]);
  });

  it('restarts when the state belongs to another version of the flow', async () => {
    const state: FlowState = { flowId: 'f', version: 0, step: 'size', attempts: 0, slots: {}, vars: {} };
    const r = await runFlow(survey, state, say('M'), noHttp);
    expect(r.steps).toEqual(['hello', 'email']);
    expect(r.notes[0]).toMatch(/restarted/);
  });

  it('calls http with filled-in url, secret headers and JSON body, maps the answer, and goes on', async () => {
    const flow = flowOf({
      start: 'ask',
      steps: {
        ask: { type: 'ask', slot: 'orderId', prompt: '订单号？', validate: { type: 'orderId' }, next: 'call' },
        call: {
          type: 'http',
          method: 'POST',
          url: '{{env.baseUrl}}/orders/{{slots.orderId}}?who={{contact.name}}',
          headers: { Authorization: 'Bearer {{secrets.token}}' },
          body: { order: '{{slots.orderId}}', level: '{{contact.attributes.level}}', note: 'from {{contact.name}}', n: 1 },
          map: { status: 'order.status', first: 'order.items.0', code: '$status' },
          next: 'done',
          onError: 'oops',
        },
        done: { type: 'end', text: '{{vars.status}} {{vars.first}} {{vars.code}}' },
        oops: { type: 'end', text: 'oops' },
      },
    });
    const runtime = fakeRuntime(() => ({ status: 200, body: { order: { status: 'shipped', items: ['耳机', '充电器'] } } }));
    const start = await runFlow(flow, null, say('x'), runtime);
    const r = await runFlow(flow, start.state, say('我的订单号是 kf-10001'), runtime);
    expect(runtime.calls).toEqual([
      {
        method: 'POST',
        url: 'http://shop.test/orders/KF10001?who=%E7%8E%8B%E5%B0%8F%E6%98%8E',
        headers: { Authorization: 'Bearer s3cret' },
        body: { order: 'KF10001', level: 'vip', note: 'from 王小明', n: 1 },
        timeoutMs: 5000,
      },
    ]);
    expect(r.replies).toEqual([{ text: 'shipped 耳机 200' }]);
    expect(r.steps).toEqual(['ask', 'call', 'done']);
  });

  it('goes to onStatus for a listed status and to onError for other failures, noting why', async () => {
    const flow = flowOf({
      start: 'call',
      steps: {
        call: { type: 'http', url: 'http://api.test/x', onStatus: { '404': 'missing' }, next: 'ok', onError: 'oops' },
        ok: { type: 'end', text: 'ok' },
        missing: { type: 'end', text: 'missing' },
        oops: { type: 'end', text: 'oops' },
      },
    });
    const text = async (answer: Parameters<typeof fakeRuntime>[0]) => {
      const r = await runFlow(flow, null, say('x'), fakeRuntime(answer));
      return [r.replies[0]!.text, ...r.notes];
    };
    expect(await text(() => ({ status: 204, body: null }))).toEqual(['ok']);
    expect(await text(() => ({ status: 404, body: {} }))).toEqual(['missing']);
    expect(await text(() => ({ status: 503, body: {} }))).toEqual(['oops', 'call: HTTP 503']);
    expect(await text(() => new Error('connect ECONNREFUSED'))).toEqual(['oops', 'call: connect ECONNREFUSED']);
    expect(await text(() => Object.assign(new Error('aborted'), { name: 'TimeoutError' }))).toEqual(['oops', 'call: timed out after 5000 ms']);
  });

  it('never lets a visitor answer change the path or query of a request', async () => {
    const flow = flowOf({
      start: 'ask',
      steps: {
        ask: { type: 'ask', slot: 'q', prompt: '?', next: 'call' },
        call: { type: 'http', url: 'http://api.test/find/{{slots.q}}', headers: { 'X-Q': '{{slots.q}}' }, next: 'e', onError: 'e' },
        e: { type: 'end' },
      },
    });
    const runtime = fakeRuntime(() => ({ status: 200, body: {} }));
    const start = await runFlow(flow, null, say('x'), runtime);
    await runFlow(flow, start.state, say('../admin?drop=1#x'), runtime);
    expect(runtime.calls[0]!.url).toBe('http://api.test/find/..%2Fadmin%3Fdrop%3D1%23x');
    // Nor add a header: a line break would start one.
    const again = await runFlow(flow, null, say('x'), runtime);
    await runFlow(flow, again.state, say('a\r\nX-Admin: 1'), runtime);
    expect(runtime.calls[1]!.headers).toEqual({ 'X-Q': 'a X-Admin: 1' });
  });

  it('stops an unvalidated loop after the step budget and apologizes', async () => {
    const loop: FlowDefinition = {
      id: 'loop',
      version: 1,
      name: 'loop',
      trigger: { entries: [], keywords: [] },
      start: 'a',
      steps: { a: { type: 'tag', label: 'x', next: 'b' }, b: { type: 'tag', label: 'y', next: 'a' } },
    };
    const r = await runFlow(loop, null, say('x'), noHttp);
    expect(r.steps).toHaveLength(MAX_STEPS_PER_CALL);
    expect(r).toMatchObject({ outcome: 'ended', state: null, notes: [`stopped after ${MAX_STEPS_PER_CALL} steps`] });
    expect(r.replies).toEqual([{ text: FLOW_TEXTS.broken }]);
  });

  it('stops a runaway chain of calls after the per-message limit', async () => {
    const steps: Record<string, unknown> = {};
    for (let i = 0; i < 8; i++) steps[`c${i}`] = { type: 'http', url: 'http://api.test/', next: i < 7 ? `c${i + 1}` : 'e', onError: 'e' };
    const flow = flowOf({ start: 'c0', steps: { ...steps, e: { type: 'end', text: 'done' } } });
    const runtime = fakeRuntime(() => ({ status: 200, body: {} }));
    const r = await runFlow(flow, null, say('x'), runtime);
    expect(runtime.calls).toHaveLength(5);
    expect(r.notes).toEqual(['c5: more than 5 calls for one message']);
  });
});

describe('triggeredFlow', () => {
  const other = flowOf({ trigger: { keywords: ['Refund', '退款'] }, start: 'e', steps: { e: { type: 'end' } } });
  const flows = [survey, { ...other, id: 'refund' }];

  it('prefers the flow of the answered entry, then a keyword in the message', () => {
    expect(triggeredFlow(flows, { entryId: 'survey', normalizedText: '我要退款' })?.id).toBe('f');
    expect(triggeredFlow(flows, { entryId: 'shipping', normalizedText: '我要退款' })?.id).toBe('refund');
    expect(triggeredFlow(flows, { normalizedText: 'i want a refund' })?.id).toBe('refund');
    expect(triggeredFlow(flows, { normalizedText: '发货时间' })).toBeUndefined();
  });
});
