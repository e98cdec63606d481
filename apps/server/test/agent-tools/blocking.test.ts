// Blocking against the real server: any agent blocks and unblocks a contact; admins keep the
// list of blocked IP addresses. What blocking does to messages: blocked-messages.test.ts, and for
// a blocked visitor's first message test/routing/timers-and-hours.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface Blocked {
  ip: string;
  reason: string;
  createdAt: string;
}

describe('blocking', () => {
  let server: ServerProcess;
  let admin: string;
  let agent: { token: string; id: string };
  let visitor: Visitor;

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    agent = await createAgent(server.url, admin, 'Lin');
    visitor = await visitorWrites(server.wsUrl, await firstWidgetKey(server.url, admin), 'spam spam spam');
  });
  afterAll(async () => {
    await server.stop();
  });

  const contactPath = `/api/v1/contacts/`;
  const blockedFlag = async () =>
    (await api<{ contact: { blocked: boolean } }>(server.url, 'GET', `${contactPath}${visitor.contactId}`, { token: agent.token })).body.contact.blocked;
  const blockedIps = async () => (await api<{ blockedIps: Blocked[] }>(server.url, 'GET', '/api/v1/blocked-ips', { token: agent.token })).body.blockedIps;

  it('lets an agent block a contact, and keeps it blocked when blocked again', async () => {
    const res = await api<{ blocked: boolean }>(server.url, 'POST', `${contactPath}${visitor.contactId}/block`, { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body.blocked).toBe(true);
    expect(await blockedFlag()).toBe(true);
    expect((await api<{ blocked: boolean }>(server.url, 'POST', `${contactPath}${visitor.contactId}/block`, { token: agent.token })).body.blocked).toBe(true);
  });

  it('lets an agent unblock a contact', async () => {
    const res = await api<{ blocked: boolean }>(server.url, 'POST', `${contactPath}${visitor.contactId}/unblock`, { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body.blocked).toBe(false);
    expect(await blockedFlag()).toBe(false);
  });

  it('answers 404 for blocking a contact that does not exist, and 401 without a token', async () => {
    expect((await api(server.url, 'POST', `${contactPath}nosuch/block`, { token: agent.token })).status).toBe(404);
    expect((await api(server.url, 'POST', `${contactPath}${visitor.contactId}/block`)).status).toBe(401);
    expect(await blockedFlag()).toBe(false);
  });

  it('lets an admin block an IP address with a reason, and shows it to agents', async () => {
    const res = await api<Blocked>(server.url, 'POST', '/api/v1/blocked-ips', { token: admin, body: { ip: '203.0.113.7', reason: 'abuse' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ip: '203.0.113.7', reason: 'abuse' });
    const v6 = await api<Blocked>(server.url, 'POST', '/api/v1/blocked-ips', { token: admin, body: { ip: '2001:DB8::1' } });
    expect(v6.body.ip).toBe('2001:db8::1');
    expect((await blockedIps()).map((b) => b.ip).sort()).toEqual(['2001:db8::1', '203.0.113.7']);
  });

  it('refuses an IP block by an agent, and an address that is not one', async () => {
    expect((await api(server.url, 'POST', '/api/v1/blocked-ips', { token: agent.token, body: { ip: '198.51.100.1' } })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/v1/blocked-ips', { token: admin, body: { ip: '300.1.1.1' } })).status).toBe(400);
    expect((await blockedIps()).map((b) => b.ip)).not.toContain('198.51.100.1');
  });

  it('unblocks an IP address once; a second unblock answers 404', async () => {
    expect((await api(server.url, 'DELETE', '/api/v1/blocked-ips/203.0.113.7', { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'DELETE', '/api/v1/blocked-ips/203.0.113.7', { token: admin })).status).toBe(204);
    expect((await blockedIps()).map((b) => b.ip)).toEqual(['2001:db8::1']);
    expect((await api(server.url, 'DELETE', '/api/v1/blocked-ips/203.0.113.7', { token: admin })).status).toBe(404);
    expect((await api(server.url, 'DELETE', `/api/v1/blocked-ips/${encodeURIComponent('2001:db8::1')}`, { token: admin })).status).toBe(204);
    expect(await blockedIps()).toEqual([]);
  });
});
