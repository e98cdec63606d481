// Files in conversations, against the real server: a visitor's photo reaches the agent and opens
// byte for byte; an agent's file reaches the visitor with a link that works for them; a repeated
// send stores one entry; a file goes only where its uploader sends it.
import type { ServerFrame } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, tempDataDir, type ServerProcess } from '../support/server-process.js';
import { closeAll, helloAgent, helloVisitor, isMsg, startConversation, storedTimeline, type Visitor } from '../conformance/helpers.js';
import { download, seedTwoTenants, tinyPng, upload, type Credentials, type UploadAnswer } from './support.js';

type Msg = Extract<ServerFrame, { t: 'msg'; msgId: string }>;
type Attachment = { id: string; name: string; type: string; size: number; url: string };
const attachmentsOf = (frame: ServerFrame): Attachment[] => ((frame as Msg).data?.attachments ?? []) as Attachment[];

describe('sending files', () => {
  let server: ServerProcess;
  let widgetKey: string;
  let agent: { token: string; id: string };
  let visitor: Visitor & { conv: string; credentials: Credentials };
  let agentWs: Visitor;
  let photo: UploadAnswer;
  const png = tinyPng(3, 2);

  /** Sends a frame and answers the `sent` or the `error` it got. */
  const sendFrame = (client: Visitor['client'], frame: Record<string, unknown>) =>
    client.request({ t: 'send', ...frame }, (f) => (f.t === 'sent' || f.t === 'error') && ((f.t === 'sent' && f.id === frame.id) || (f.t === 'error' && f.ref === frame.id)));

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedTwoTenants(dataDir);
    server = await startServer({ dataDir, env: { KEFU_UPLOAD_MAX_BYTES: '65536' } });
    const admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    widgetKey = await firstWidgetKey(server.url, admin);
    agent = await createAgent(server.url, admin, 'Lin');
    const started = await startConversation(server.wsUrl, widgetKey, 'The parcel arrived broken');
    visitor = { ...started, credentials: { widgetKey, visitorToken: started.welcome.visitorToken! } };
    expect((await api(server.url, 'POST', `/api/v1/conversations/${visitor.conv}/claim`, { token: agent.token })).status).toBe(200);
    agentWs = await helloAgent(server.wsUrl, agent.token);
  });
  afterAll(async () => {
    closeAll(visitor?.client, agentWs?.client);
    await server?.stop();
  });

  it('a visitor uploads a PNG and sends it; the agent receives the attachment and downloads the same bytes', async () => {
    const uploaded = await upload(server.url, visitor.credentials, { bytes: png, name: '损坏 photo.png', type: 'image/png' });
    expect(uploaded.status).toBe(201);
    photo = uploaded.body;
    expect(photo).toEqual({ id: expect.any(String), name: '损坏 photo.png', type: 'image/png', size: png.length, url: expect.stringMatching(/^\/api\/v1\/uploads\/.+\?t=.+&exp=\d+&sig=.+$/) });

    const sent = await sendFrame(visitor.client, { id: 'photo-1', conv: visitor.conv, text: '', attachments: [photo.id] });
    expect(sent).toMatchObject({ t: 'sent', conv: visitor.conv });
    const seq = (sent as Extract<ServerFrame, { t: 'sent' }>).seq;
    const msg = await agentWs.client.waitFor(isMsg(visitor.conv, seq));
    expect(msg).toMatchObject({ kind: 'file', text: '', from: { role: 'visitor', id: visitor.welcome.visitorId } });
    const [attachment] = attachmentsOf(msg);
    expect(attachment).toEqual({ id: photo.id, name: '损坏 photo.png', type: 'image/png', size: png.length, url: expect.stringMatching(/^\/api\/v1\/uploads\//) });

    // As an <img src> would: the link alone, no header.
    const file = await download(server.url, attachment!.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(png)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename="__ photo.png"; filename*=UTF-8''%E6%8D%9F%E5%9D%8F%20photo.png`);

    const withToken = await download(server.url, `/api/v1/uploads/${photo.id}`, { authorization: `Bearer ${agent.token}` });
    expect(withToken.status).toBe(200);
    expect(withToken.bytes.equals(png)).toBe(true);
  });

  it('stores one entry when a send with the same id and attachments is repeated', async () => {
    const again = await sendFrame(visitor.client, { id: 'photo-1', conv: visitor.conv, text: '', attachments: [photo.id] });
    const timeline = await storedTimeline(server.url, agent.token, visitor.conv);
    const stored = timeline.filter((e) => e.clientMsgId === 'photo-1');
    expect(stored).toHaveLength(1);
    expect(again).toMatchObject({ t: 'sent', seq: stored[0]!.seq, msgId: stored[0]!.msgId });
    expect(stored[0]).toMatchObject({ kind: 'file', data: { attachments: [{ id: photo.id, type: 'image/png' }] } });
  });

  it('an agent sends a file with words over REST; the visitor receives it with a link that works for them', async () => {
    const text = Buffer.from('退货步骤：\n1. 打包\n2. 寄回\nReturn steps: pack, then ship.\n');
    const guide = await upload(server.url, { token: agent.token }, { bytes: text, name: '退货说明.txt', type: 'text/html' });
    expect(guide.status).toBe(201);
    expect(guide.body.type).toBe('text/plain; charset=utf-8');

    const from = visitor.client.frames.length;
    const res = await api<{ seq: number; kind: string; data: { attachments: Attachment[] } }>(server.url, 'POST', `/api/v1/conversations/${visitor.conv}/messages`, {
      token: agent.token,
      headers: { 'idempotency-key': 'guide-1' },
      body: { text: 'Here is how to send it back', attachments: [guide.body.id] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'text', data: { attachments: [{ id: guide.body.id, name: '退货说明.txt', size: text.length }] } });

    const msg = await visitor.client.waitFor(isMsg(visitor.conv, res.body.seq), 5_000, from);
    expect(msg).toMatchObject({ kind: 'text', text: 'Here is how to send it back' });
    const [attachment] = attachmentsOf(msg);
    const file = await download(server.url, attachment!.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(text)).toBe(true);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''%E9%80%80%E8%B4%A7%E8%AF%B4%E6%98%8E\.txt$/);
    // With the visitor's own headers instead of the link.
    const headers = { 'x-kefu-widget-key': widgetKey, 'x-kefu-visitor-token': visitor.welcome.visitorToken! };
    expect((await download(server.url, `/api/v1/uploads/${guide.body.id}`, headers)).status).toBe(200);
  });

  it("keeps a file sent in a note from the visitor: they get a placeholder, and their headers don't open it", async () => {
    const shot = await upload(server.url, { token: agent.token }, { bytes: tinyPng(1, 1), name: 'order-screen.png' });
    const from = visitor.client.frames.length;
    const sent = await sendFrame(agentWs.client, { id: 'note-1', conv: visitor.conv, kind: 'note', text: 'see the order screen', attachments: [shot.body.id] });
    expect(sent.t).toBe('sent');
    const seq = (sent as Extract<ServerFrame, { t: 'sent' }>).seq;
    expect(await visitor.client.waitFor(isMsg(visitor.conv, seq), 5_000, from)).toEqual({ t: 'msg', conv: visitor.conv, seq, kind: 'hidden' });
    const headers = { 'x-kefu-widget-key': widgetKey, 'x-kefu-visitor-token': visitor.welcome.visitorToken! };
    expect((await download(server.url, `/api/v1/uploads/${shot.body.id}`, headers)).status).toBe(403);
  });

  it('lets the sender send an upload again in its conversation, but refuses it elsewhere, and refuses unknown or others’ uploads', async () => {
    const again = await sendFrame(visitor.client, { id: 'photo-2', conv: visitor.conv, text: 'the same photo once more', attachments: [photo.id] });
    expect(again.t).toBe('sent');

    const second = await startConversation(server.wsUrl, widgetKey, 'Another question');
    try {
      const before = (await storedTimeline(server.url, agent.token, second.conv)).length;
      expect(await sendFrame(second.client, { id: 'steal-1', conv: second.conv, text: '', attachments: [photo.id] })).toMatchObject({ t: 'error', code: 'forbidden' });
      expect(await sendFrame(second.client, { id: 'ghost-1', conv: second.conv, text: '', attachments: ['no-such-upload'] })).toMatchObject({ t: 'error', code: 'not_found' });
      const mine = await upload(server.url, { widgetKey, visitorToken: second.welcome.visitorToken! }, { bytes: png, name: 'mine.png' });
      expect(await sendFrame(second.client, { id: 'twice-1', conv: second.conv, text: '', attachments: [mine.body.id, mine.body.id] })).toMatchObject({ t: 'error', code: 'bad_frame' });

      const agentFile = await upload(server.url, { token: agent.token }, { bytes: png, name: 'label.png' });
      const first = await api(server.url, 'POST', `/api/v1/conversations/${visitor.conv}/messages`, { token: agent.token, body: { attachments: [agentFile.body.id] } });
      expect(first.status).toBe(201);
      const elsewhere = await api<{ error: { code: string } }>(server.url, 'POST', `/api/v1/conversations/${second.conv}/messages`, { token: agent.token, body: { attachments: [agentFile.body.id] } });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.error.code).toBe('conflict');
      expect(await storedTimeline(server.url, agent.token, second.conv)).toHaveLength(before);
    } finally {
      second.client.close();
    }
  });

  it('lets a visitor’s first message be a file alone: it starts the conversation', async () => {
    const newcomer = await helloVisitor(server.wsUrl, widgetKey);
    try {
      const credentials = { widgetKey, visitorToken: newcomer.welcome.visitorToken! };
      const receipt = await upload(server.url, credentials, { bytes: png, name: 'receipt.png' });
      const sent = await sendFrame(newcomer.client, { id: 'first-file', text: '', attachments: [receipt.body.id] });
      expect(sent.t).toBe('sent');
      const conv = (sent as Extract<ServerFrame, { t: 'sent' }>).conv;
      const timeline = await storedTimeline(server.url, agent.token, conv);
      expect(timeline[0]).toMatchObject({ seq: 1, kind: 'file', clientMsgId: 'first-file', data: { attachments: [{ id: receipt.body.id }] } });
      // Bound to that conversation now: the same upload without naming it is refused.
      expect(await sendFrame(newcomer.client, { id: 'first-file-again', text: '', attachments: [receipt.body.id] })).toMatchObject({ t: 'error', code: 'forbidden' });
    } finally {
      newcomer.client.close();
    }
  });

  it('refuses an empty send that carries no file, over the WebSocket and over REST', async () => {
    expect(await sendFrame(visitor.client, { id: 'empty-1', conv: visitor.conv, text: '   ' })).toMatchObject({ t: 'error', code: 'bad_frame' });
    const res = await api<{ error: { code: string } }>(server.url, 'POST', `/api/v1/conversations/${visitor.conv}/messages`, { token: agent.token, body: { text: '' } });
    expect(res.status).toBe(400);
  });
});
