// The contact panel shows where the visitor is: the page (its title as a link), the referrer, the
// device read off the User-Agent, and the browser's language; markup in a title stays text.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../server/test/support/api.js';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, startHarness, type Harness } from '../../server/test/support/harness.js';
import { Visitor } from './support/visitor.js';
import { openWorkbench } from './support/workbench-page.js';

const skip = skipReason();
if (skip) console.warn(skip);

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

describe.skipIf(skip !== null)('the visitor’s page in the workbench', { timeout: 120_000 }, () => {
  let h: Harness;
  let browser: Browser;
  let agent: Agent;
  let visitor: Visitor;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
    agent = await Agent.connect(h, 'Dan Wu');
    visitor = await Visitor.connect(h.server.url, h.server.wsUrl, h.widgetKey);
  });

  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await browser?.close();
    await h?.server.stop();
  });

  it('shows the page, referrer, device and language of the contact', async () => {
    const title = '<b>Shoe 42</b> — Shop';
    const res = await api(h.server.url, 'POST', '/api/v1/widget/visit', {
      headers: { 'user-agent': IPHONE },
      body: { widgetKey: h.widgetKey, visitorToken: visitor.token, url: 'https://shop.example/shoes/42', title, referrer: 'https://www.baidu.com/', language: 'zh-CN' },
    });
    expect(res.status).toBe(200);
    const { conv } = await visitor.say('Is this in stock?');
    await agent.claim(conv);

    const context = await browser.newContext();
    const wb = await openWorkbench(context, h.server.url, agent.email);
    await wb.item(conv).waitFor();
    await wb.openConversation(conv);
    const panel = wb.page.locator('.contact-panel');
    const link = panel.locator('[data-fact="page"] a');
    await link.waitFor();
    expect(await link.textContent()).toBe(title);
    expect(await link.getAttribute('href')).toBe('https://shop.example/shoes/42');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await panel.locator('[data-fact="page"]').textContent()).toContain('https://shop.example/shoes/42');
    expect(await panel.locator('[data-fact="referrer"] a').getAttribute('href')).toBe('https://www.baidu.com/');
    expect(await panel.locator('[data-fact="device"]').textContent()).toBe('Safari 17.2 · iOS 17.2 · Mobile');
    expect(await panel.locator('[data-fact="language"]').textContent()).toBe('zh-CN');
    expect(await panel.locator('b, script').count()).toBe(0);
    expect(wb.errors).toEqual([]);
    await context.close();
  });
});
