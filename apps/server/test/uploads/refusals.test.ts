// What the upload API refuses, against the real server: types judged by content whatever the name
// or the claimed type, files over the limit (with nothing kept on disk), and requests without a
// right to upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { startConversation } from '../conformance/helpers.js';
import { authHeaders, fakeExe, filesOnDisk, tinyPng, upload, type Credentials } from './support.js';

const LIMIT = 65_536;

describe('upload refusals', () => {
  let server: ServerProcess;
  let agent: Credentials;
  let widgetKey: string;

  beforeAll(async () => {
    server = await startServer({ env: { KEFU_UPLOAD_MAX_BYTES: String(LIMIT) } });
    const admin = await loginAdmin(server.url);
    widgetKey = await firstWidgetKey(server.url, admin);
    agent = { token: (await createAgent(server.url, admin, 'Mei')).token };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses an executable renamed .png with 415 invalid, says what it is, and keeps nothing', async () => {
    const before = filesOnDisk(server.dataDir);
    const res = await upload(server.url, agent, { bytes: fakeExe(), name: 'holiday.png', type: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({ code: 'invalid', message: expect.stringContaining('a Windows executable') });
    expect(filesOnDisk(server.dataDir)).toEqual(before);
  });

  it.each([
    ['an SVG image', 'logo.png', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ['an HTML document', 'notes.txt', '<!doctype html><script>fetch("/api/v1/conversations")</script>'],
  ])('refuses %s with 415, whatever its name', async (detected, name, text) => {
    const res = await upload(server.url, agent, { bytes: Buffer.from(text), name, type: 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error?.message).toContain(detected);
  });

  it('refuses a file over KEFU_UPLOAD_MAX_BYTES with 413 too_large, and keeps nothing on disk', async () => {
    const before = filesOnDisk(server.dataDir);
    const big = Buffer.concat([tinyPng(), Buffer.alloc(LIMIT, 7)]);
    const res = await upload(server.url, agent, { bytes: big, name: 'huge.png' });
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('too_large');
    expect(filesOnDisk(server.dataDir)).toEqual(before);
  });

  it('accepts a file of exactly KEFU_UPLOAD_MAX_BYTES', async () => {
    const res = await upload(server.url, agent, { bytes: Buffer.alloc(LIMIT, 'a'), name: 'aaaa.txt' });
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(LIMIT);
  });

  it('refuses an empty file with 400 invalid', async () => {
    const res = await upload(server.url, agent, { bytes: new Uint8Array(0), name: 'empty.txt' });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid');
  });

  it('refuses a body that is not a form with a file, and a form with two files, with 400', async () => {
    const json = await api<{ error: { code: string } }>(server.url, 'POST', '/api/v1/uploads', { token: (agent as { token: string }).token, body: { file: 'x' } });
    expect(json.status).toBe(400);

    const noFile = new FormData();
    noFile.append('comment', 'no file here');
    const two = new FormData();
    two.append('a', new Blob([tinyPng()]), 'a.png');
    two.append('b', new Blob([tinyPng()]), 'b.png');
    for (const body of [noFile, two]) {
      const res = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body, headers: authHeaders(agent) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
    }
  });

  it('refuses an upload without credentials or with a forged visitor token (401), and one from a blocked visitor (403)', async () => {
    const file = { bytes: tinyPng(), name: 'a.png' };
    expect((await upload(server.url, null, file)).status).toBe(401);
    const visitor = await startConversation(server.wsUrl, widgetKey, 'hello');
    try {
      const credentials = { widgetKey, visitorToken: visitor.welcome.visitorToken! };
      expect((await upload(server.url, { ...credentials, visitorToken: `${credentials.visitorToken}x` }, file)).status).toBe(401);
      expect((await upload(server.url, credentials, file)).status).toBe(201);
      const blocked = await api(server.url, 'POST', `/api/v1/contacts/${visitor.welcome.visitorId}/block`, { token: (agent as { token: string }).token });
      expect(blocked.status).toBe(200);
      expect((await upload(server.url, credentials, file)).status).toBe(403);
    } finally {
      visitor.client.close();
    }
  });
});
