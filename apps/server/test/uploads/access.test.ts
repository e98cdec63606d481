// Who may open an uploaded file, against the real server: its uploader, the tenant's agents and the
// visitor it was sent to, or anyone holding an unexpired signed link; nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UrlSigner } from '../../src/auth/url-signer.js';
import { uploadResource } from '../../src/commands/upload-links.js';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, tempDataDir, type ServerProcess } from '../support/server-process.js';
import { closeAll, startConversation, sendAndWait, type Visitor } from '../conformance/helpers.js';
import { authHeaders, download, seedTwoTenants, tinyPng, upload, type Credentials, type OtherTenant, type UploadAnswer } from './support.js';

const SECRET = 'uploads-access-test-secret';
const DAY_MS = 24 * 3_600_000;

describe('opening uploaded files', () => {
  let server: ServerProcess;
  let other: OtherTenant;
  let widgetKey: string;
  let agent: { token: string };
  let ann: Visitor & { conv: string; credentials: Credentials };
  let eve: Visitor & { conv: string; credentials: Credentials };
  let photo: UploadAnswer;
  const png = tinyPng(4, 4, [10, 120, 200, 255]);

  beforeAll(async () => {
    const dataDir = tempDataDir();
    other = await seedTwoTenants(dataDir);
    server = await startServer({ dataDir, env: { KEFU_SECRET: SECRET } });
    const admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    widgetKey = await firstWidgetKey(server.url, admin);
    agent = await createAgent(server.url, admin, 'Bo');
    const visitor = async () => {
      const started = await startConversation(server.wsUrl, widgetKey, 'hello');
      return { ...started, credentials: { widgetKey, visitorToken: started.welcome.visitorToken! } };
    };
    [ann, eve] = [await visitor(), await visitor()];
    photo = (await upload(server.url, ann.credentials, { bytes: png, name: 'scratch.png' })).body;
    await sendAndWait(ann.client, { id: 'photo', conv: ann.conv, text: 'look', attachments: [photo.id] } as { id: string; text: string });
  });
  afterAll(async () => {
    closeAll(ann?.client, eve?.client);
    await server?.stop();
  });

  const open = (credentials: Credentials | null, id = photo.id) => download(server.url, `/api/v1/uploads/${id}`, credentials ? authHeaders(credentials) : {});

  it('opens for the visitor who uploaded it and for an agent of the tenant', async () => {
    for (const who of [ann.credentials, { token: agent.token }]) {
      const file = await open(who);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(png)).toBe(true);
    }
  });

  it("refuses another visitor with 403, and hides the file from another tenant's agent and visitor with 404", async () => {
    expect((await open(eve.credentials)).status).toBe(403);
    const login = await api<{ token: string }>(server.url, 'POST', '/api/v1/auth/login', { body: other.agent });
    expect(login.status).toBe(200);
    expect((await open({ token: login.body.token })).status).toBe(404);

    const outsider = await startConversation(server.wsUrl, other.widgetKey, 'hi from elsewhere');
    try {
      expect((await open({ widgetKey: other.widgetKey, visitorToken: outsider.welcome.visitorToken! })).status).toBe(404);
      // Nor can the other tenant's visitor use Ann's token with their own widget key.
      expect((await open({ widgetKey: other.widgetKey, visitorToken: ann.welcome.visitorToken! })).status).toBe(401);
    } finally {
      outsider.client.close();
    }
  });

  it('refuses a request with neither credentials nor a link with 401', async () => {
    const res = await open(null);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.bytes.toString())).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses an expired link with 403, though its signature is right', async () => {
    const tenant = new URL(photo.url, server.url).searchParams.get('t')!;
    const eightDaysAgo = Date.now() - 8 * DAY_MS;
    const { exp, sig } = new UrlSigner(SECRET, 7 * DAY_MS).sign(uploadResource(tenant, photo.id), eightDaysAgo);
    const query = new URLSearchParams({ t: tenant, exp: String(exp), sig });
    const res = await download(server.url, `/api/v1/uploads/${photo.id}?${query.toString()}`);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.bytes.toString())).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/expired/) } });
    // The same signer with a current time makes a link that works: only the expiry differs.
    const fresh = new UrlSigner(SECRET, 7 * DAY_MS).sign(uploadResource(tenant, photo.id), Date.now());
    expect((await download(server.url, `/api/v1/uploads/${photo.id}?${new URLSearchParams({ t: tenant, exp: String(fresh.exp), sig: fresh.sig }).toString()}`)).status).toBe(200);
  });

  it('refuses with 403 a link whose signature or expiry was changed, or used for another file', async () => {
    const link = new URL(photo.url, server.url);
    const tampered = (name: string, value: string) => {
      const copy = new URL(link);
      copy.searchParams.set(name, value);
      return `${copy.pathname}${copy.search}`;
    };
    const sig = link.searchParams.get('sig')!;
    expect((await download(server.url, tampered('sig', `${sig.slice(0, -3)}abc`))).status).toBe(403);
    expect((await download(server.url, tampered('exp', String(Number(link.searchParams.get('exp')) + 3600)))).status).toBe(403);
    expect((await download(server.url, tampered('t', 'another-tenant'))).status).toBe(403);
    const otherFile = (await upload(server.url, eve.credentials, { bytes: tinyPng(1, 1), name: 'eve.png' })).body;
    expect((await download(server.url, `/api/v1/uploads/${otherFile.id}${link.search}`)).status).toBe(403);
  });

  it('serves a byte range, as video players and resumed downloads ask, and 304 for a copy still fresh', async () => {
    const part = await download(server.url, photo.url, { range: 'bytes=8-15' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-15/${png.length}`);
    expect(part.bytes.equals(png.subarray(8, 16))).toBe(true);
    expect((await download(server.url, photo.url, { range: `bytes=${png.length}-` })).status).toBe(416);

    const whole = await download(server.url, photo.url);
    const etag = whole.headers.get('etag')!;
    expect((await download(server.url, photo.url, { 'if-none-match': etag })).status).toBe(304);
  });
});
