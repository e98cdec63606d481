// The page a visitor is on, against the real server: the widget reports it, the server adds the
// device from the User-Agent, and agents read it on the contact; bad input is refused with 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

interface Visit {
  page: string;
  title: string | null;
  referrer: string | null;
  device: { browser: string | null; browserVersion: string | null; os: string | null; osVersion: string | null; kind: string };
  language: string | null;
  at: string;
}

describe('the visitor’s page, referrer and device', () => {
  let server: ServerProcess;
  let agent: { token: string };
  let widgetKey: string;
  let visitor: Visitor;

  beforeAll(async () => {
    server = await startServer();
    const admin = await loginAdmin(server.url);
    agent = await createAgent(server.url, admin, 'Lin');
    widgetKey = await firstWidgetKey(server.url, admin);
    visitor = await visitorWrites(server.wsUrl, widgetKey, 'Where is my order?');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const report = (body: Record<string, unknown>, userAgent = CHROME_WINDOWS, extra: Record<string, string> = {}) =>
    api<{ visit: Visit; error?: { code: string; message: string } }>(server.url, 'POST', '/api/v1/widget/visit', {
      body: { widgetKey, visitorToken: visitor.visitorToken, ...body },
      headers: { 'user-agent': userAgent, ...extra },
    });
  const contact = async () => (await api<{ contact: { visit: Visit | null } }>(server.url, 'GET', `/api/v1/contacts/${visitor.contactId}`, { token: agent.token })).body.contact;

  it('has no visit before the widget reports one', async () => {
    expect((await contact()).visit).toBeNull();
  });

  it('stores the page, title, referrer and language, with the device from a Chrome User-Agent', async () => {
    const res = await report({ url: 'https://shop.example/cart?step=2', title: '  Your cart  ', referrer: 'https://www.google.com/', language: 'en-GB' });
    expect(res.status).toBe(200);
    const expected = {
      page: 'https://shop.example/cart?step=2',
      title: 'Your cart',
      referrer: 'https://www.google.com/',
      device: { browser: 'Chrome', browserVersion: '120', os: 'Windows', osVersion: null, kind: 'desktop' },
      language: 'en-GB',
    };
    expect(res.body.visit).toMatchObject(expected);
    expect(Date.now() - Date.parse(res.body.visit.at)).toBeLessThan(60_000);
    expect((await contact()).visit).toEqual(res.body.visit);
  });

  it('replaces the visit with the next page; an iPhone is a mobile; the language falls back to Accept-Language', async () => {
    const res = await report({ url: 'http://shop.example/pay', title: null, referrer: null }, SAFARI_IPHONE, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(res.status).toBe(200);
    expect((await contact()).visit).toMatchObject({
      page: 'http://shop.example/pay',
      title: null,
      referrer: null,
      device: { browser: 'Safari', browserVersion: '17.2', os: 'iOS', osVersion: '17.2', kind: 'mobile' },
      language: 'zh-CN',
    });
  });

  it('drops a user name and password from a URL', async () => {
    expect((await report({ url: 'https://ann:secret@shop.example/account' })).body.visit.page).toBe('https://shop.example/account');
  });

  it('refuses with 400 what is not an http(s) URL, or too long, and keeps the last visit', async () => {
    const before = (await contact()).visit;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'javascript:alert(1)' }, 'url: only http and https URLs are kept'],
      [{ url: 'file:///etc/passwd' }, 'url: only http and https URLs are kept'],
      [{ url: '/cart' }, 'url: not an absolute URL'],
      [{ url: `https://shop.example/${'a'.repeat(2000)}` }, 'url: at most 2000 characters'],
      [{ url: 'https://shop.example/', referrer: 'data:text/html,hi' }, 'referrer: only http and https URLs are kept'],
      [{ url: 'https://shop.example/', title: 'x'.repeat(301) }, 'title: at most 300 characters'],
      [{ url: 'https://shop.example/', language: 'not a language' }, 'language:'],
    ];
    for (const [body, message] of cases) {
      const res = await report(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid' });
      expect(res.body.error?.message).toContain(message);
    }
    expect((await report({})).status).toBe(400);
    expect((await contact()).visit).toEqual(before);
  });

  it('refuses a wrong visitor token or widget key with 401', async () => {
    const url = 'https://shop.example/';
    expect((await api(server.url, 'POST', '/api/v1/widget/visit', { body: { widgetKey, visitorToken: 'forged', url } })).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/v1/widget/visit', { body: { widgetKey: 'nope', visitorToken: visitor.visitorToken, url } })).status).toBe(401);
  });
});
