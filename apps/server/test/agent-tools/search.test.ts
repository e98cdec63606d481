// Search against the real server: a Chinese word inside a sentence without spaces, an English
// word in any case, contacts by name, conversations by label, and nothing that does not match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface SearchResult {
  messages: Array<{ conversationId: string; seq: number | null; snippet: string }>;
  contacts: Array<{ id: string; name: string | null }>;
  labelled: string[];
}

describe('search', () => {
  let server: ServerProcess;
  let admin: string;
  let agent: { token: string; id: string };
  let refund: Visitor;
  let parcel: Visitor;
  let thanks: Visitor;

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    agent = await createAgent(server.url, admin, 'Lin');
    const widgetKey = await firstWidgetKey(server.url, admin);
    refund = await visitorWrites(server.wsUrl, widgetKey, '我想申请退款，可以吗');
    parcel = await visitorWrites(server.wsUrl, widgetKey, 'Where is my Parcel? It was due on Monday.');
    thanks = await visitorWrites(server.wsUrl, widgetKey, '谢谢你们的帮助');
  });
  afterAll(async () => {
    await server.stop();
  });

  const search = (q: string, token = agent.token) => api<SearchResult>(server.url, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token });
  const conversationsOf = (r: SearchResult) => [...new Set(r.messages.map((m) => m.conversationId))];

  it('finds a Chinese word inside a sentence, in that conversation only', async () => {
    const res = await search('退款');
    expect(res.status).toBe(200);
    expect(conversationsOf(res.body)).toEqual([refund.conversationId]);
    expect(res.body.messages[0]!.seq).toBe(1);
    expect(res.body.messages[0]!.snippet).toContain('退款');
  });

  it('finds an English word whatever its case, in that conversation only', async () => {
    for (const q of ['parcel', 'PARCEL']) {
      const res = await search(q);
      expect(conversationsOf(res.body)).toEqual([parcel.conversationId]);
      expect(res.body.messages[0]!.snippet.toLowerCase()).toContain('parcel');
    }
  });

  it('finds no message for a word nobody wrote', async () => {
    const res = await search('发票');
    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([]);
    expect(conversationsOf((await search('谢谢')).body)).toEqual([thanks.conversationId]);
  });

  it('finds a contact by name', async () => {
    await api(server.url, 'PATCH', `/api/v1/contacts/${parcel.contactId}`, { token: agent.token, body: { name: 'Harriet Quimby' } });
    const res = await search('quimby');
    expect(res.body.contacts.map((c) => c.id)).toEqual([parcel.contactId]);
  });

  it('finds conversations by the name of a label they carry', async () => {
    expect((await api(server.url, 'POST', '/api/v1/labels', { token: admin, body: { name: 'delivery-delay' } })).status).toBe(201);
    expect((await api(server.url, 'PUT', `/api/v1/conversations/${parcel.conversationId}/labels`, { token: agent.token, body: { labels: ['delivery-delay'] } })).status).toBe(200);
    const res = await search('delivery-delay');
    expect(res.body.labelled).toEqual([parcel.conversationId]);
  });

  it('refuses an empty, blank or over-long query, and a request without a token', async () => {
    expect((await api(server.url, 'GET', '/api/v1/search', { token: agent.token })).status).toBe(400);
    expect((await search('')).status).toBe(400);
    expect((await search('   ')).status).toBe(400);
    expect((await search('退'.repeat(201))).status).toBe(400);
    expect((await search('退'.repeat(200))).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/v1/search?q=x')).status).toBe(401);
  });
});
