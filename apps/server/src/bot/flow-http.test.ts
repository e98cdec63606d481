import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlow } from '../dialogue/flows/run-flow.js';
import { validateFlows } from '../dialogue/flows/validate.js';
import { createFlowRuntime, flowHttp, MAX_FLOW_RESPONSE_BYTES } from './flow-http.js';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = req.url!.split('?')[0]!;
      if (path === '/slow') return void setTimeout(() => res.end('{}'), 2_000);
      if (path === '/boom') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
      if (path === '/moved') return void res.writeHead(302, { location: '/elsewhere' }).end();
      if (path === '/huge') return void res.end('x'.repeat(MAX_FLOW_RESPONSE_BYTES + 10));
      if (path === '/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ order: { status: 'shipped' }, echo: body === '' ? null : JSON.parse(body) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('flowHttp', () => {
  it('sends the method, headers and JSON body, and parses a JSON answer', async () => {
    const r = await flowHttp({ method: 'POST', url: `${base}/orders`, headers: { 'X-Token': 't' }, body: { a: 1 }, timeoutMs: 2_000 });
    expect(r).toEqual({ status: 200, body: { order: { status: 'shipped' }, echo: { a: 1 } } });
    const req = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers['x-token']).toBe('t');
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('answers text as text, a 500 and a redirect as statuses', async () => {
    expect(await flowHttp({ method: 'GET', url: `${base}/text`, headers: {}, timeoutMs: 2_000 })).toEqual({ status: 200, body: 'pong' });
    expect(await flowHttp({ method: 'GET', url: `${base}/boom`, headers: {}, timeoutMs: 2_000 })).toEqual({ status: 500, body: { error: 'boom' } });
    expect((await flowHttp({ method: 'GET', url: `${base}/moved`, headers: {}, timeoutMs: 2_000 })).status).toBe(302);
    expect(seen.some((r) => r.url === '/elsewhere')).toBe(false);
  });

  it('rejects on timeout and on a body over the cap', async () => {
    await expect(flowHttp({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 150 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(flowHttp({ method: 'GET', url: `${base}/huge`, headers: {}, timeoutMs: 2_000 })).rejects.toThrow(/larger than/);
  });
});

describe('an http step against a real server', () => {
  const validated = validateFlows([
    {
      id: 'probe',
      version: 1,
      name: 'probe',
      start: 'path',
      steps: {
        path: { type: 'ask', slot: 'path', prompt: '?', next: 'call' },
        call: {
          type: 'http',
          url: '{{env.baseUrl}}/{{slots.path}}',
          headers: { Authorization: 'Bearer {{secrets.token}}' },
          timeoutMs: 200,
          map: { status: 'order.status' },
          next: 'ok',
          onError: 'sorry',
        },
        ok: { type: 'end', text: '状态：{{vars.status}}' },
        sorry: { type: 'handoff', team: null, text: '查询失败', summary: 'lookup failed' },
      },
    },
  ]);
  if (!validated.ok) throw new Error(validated.issues.join('\n'));
  const flow = validated.flows[0]!;
  const contact = { name: null, email: null, attributes: {} };

  const ask = async (path: string) => {
    const runtime = createFlowRuntime({ baseUrl: `${base}/`, secrets: { token: 'sekret' } });
    const first = await runFlow(flow, null, { text: 'go', contact }, runtime);
    return runFlow(flow, first.state, { text: path, contact }, runtime);
  };

  it('maps the answer and goes on, sending the secret only to the server', async () => {
    const r = await ask('orders');
    expect(r.replies).toEqual([{ text: '状态：shipped' }]);
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer sekret');
    expect(JSON.stringify(r)).not.toMatch(/sekret/);
  });

  it('takes onError on a 500 and on a timeout', async () => {
    const failed = await ask('boom');
    expect(failed).toMatchObject({ outcome: 'handoff', replies: [{ text: '查询失败' }], notes: ['call: HTTP 500'] });
    const slow = await ask('slow');
    expect(slow).toMatchObject({ outcome: 'handoff', notes: ['call: timed out after 200 ms'] });
  });
});
