// The page a visitor is on, as agents see it on the contact: the widget on a customer's site
// records the page, its title and the referrer once the visitor writes, and the new page after a
// single-page navigation (history.pushState); the device comes from the browser's User-Agent.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { api } from '../../server/test/support/api.js';
import { Agent, startHarness, type Harness } from '../../server/test/support/harness.js';
import { serveHostSite, type HostSite } from './support/host-page.js';
import { widgetPage } from './support/page.js';

const skip = skipReason();
if (skip) console.warn(skip);

const USER_AGENT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

interface Visit {
  page: string;
  title: string | null;
  referrer: string | null;
  device: { browser: string | null; os: string | null; kind: string };
  language: string | null;
}

describe.skipIf(skip !== null)('the visitor’s page in the contact', { timeout: 90_000 }, () => {
  let h: Harness;
  let browser: Browser;
  let agent: Agent;
  let shop: HostSite;
  let search: HostSite;
  const shopPages: Record<string, string> = {};
  const searchPages: Record<string, string> = {};

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
    agent = await Agent.connect(h, 'Wen Li');
    shop = await serveHostSite('127.0.0.2', h.server.url, h.widgetKey, shopPages);
    search = await serveHostSite('127.0.0.3', h.server.url, h.widgetKey, searchPages);
    // A single-page shop: the router changes the URL and the title without loading a page.
    shopPages['/shoes?color=red'] = `<!doctype html><html><head><meta charset="utf-8"><title>Red shoes — Shop</title></head><body>
<button id="product" onclick="history.pushState({}, '', '/shoes/42'); document.title = 'Shoe 42 — Shop'">Shoe 42</button>
<script>window.kefu = window.kefu || function () { (kefu.q = kefu.q || []).push(arguments); };</script>
<script src="${h.server.url}/widget.js" data-key="${h.widgetKey}" async></script></body></html>`;
    searchPages['/results'] = `<!doctype html><title>Results</title><a id="go" href="${shop.origin}/shoes?color=red">Red shoes</a>`;
  });

  afterAll(async () => {
    agent?.close();
    await Promise.all([browser?.close(), shop?.close(), search?.close()]);
    await h?.server.stop();
  });

  it('records the page, title, referrer and device, and the next page of a single-page site', async () => {
    const context = await browser.newContext({ userAgent: USER_AGENT, locale: 'zh-CN' });
    const page = await context.newPage();
    if (process.env.KEFU_TEST_DEBUG) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    // The visitor arrives from another site's link.
    await page.goto(`${search.origin}/results`);
    await Promise.all([page.waitForURL(`${shop.origin}/shoes?color=red`), page.click('#go')]);
    const w = widgetPage(page);
    await w.open();
    await w.send('Do you have size 38?');
    const conv = await agent.nextConversation();
    const contactId = (await api<{ contact: string }>(h.server.url, 'GET', `/api/v1/conversations/${conv}`, { token: agent.token })).body.contact;
    const visitOf = async () => (await api<{ contact: { visit: Visit | null } }>(h.server.url, 'GET', `/api/v1/contacts/${contactId}`, { token: agent.token })).body.contact.visit;

    // Once the visitor has written (and so has a token), the page they are on is recorded.
    await expect.poll(visitOf, { timeout: 15_000 }).toMatchObject({ page: `${shop.origin}/shoes?color=red` });
    expect(await visitOf()).toMatchObject({
      page: `${shop.origin}/shoes?color=red`,
      title: 'Red shoes — Shop',
      // A cross-origin link sends its origin only (the browsers' default referrer policy).
      referrer: `${search.origin}/`,
      device: { browser: 'Safari', os: 'iOS', kind: 'mobile' },
      language: 'zh-CN',
    });

    // The shop's router moves to a product: the new page (and its new title) replaces the old.
    await page.click('#product');
    await expect.poll(visitOf, { timeout: 15_000 }).toMatchObject({ page: `${shop.origin}/shoes/42` });
    expect(await visitOf()).toMatchObject({ title: 'Shoe 42 — Shop', referrer: `${search.origin}/` });

    // Back: popstate is a URL change like any other.
    await page.goBack();
    await expect.poll(visitOf, { timeout: 15_000 }).toMatchObject({ page: `${shop.origin}/shoes?color=red` });
    await context.close();
  });

  it('records nothing for a visitor who only looks at the page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${shop.origin}/`);
    await widgetPage(page).frame.locator('.kf-launcher').waitFor();
    await page.evaluate(() => history.pushState({}, '', '/elsewhere'));
    await page.waitForTimeout(2_500);
    expect(posts).toEqual([]);
    await context.close();
  });
});
