// The widget embedded in a customer's site on another origin: it works there, with the host-page
// API; the bridge ignores other windows; a site not on the inbox's allowed list is refused.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_TAG } from '../src/shared/bridge.js';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, setInboxSettings, startHarness, type Harness } from '../../server/test/support/harness.js';
import { serveHostSite, type HostSite } from './support/host-page.js';
import { FRAME_SELECTOR, openWidgetPage } from './support/page.js';

const skip = skipReason();
if (skip) console.warn(skip);

/** A frame of another origin inside the customer's page, posting to the widget and the page. */
const intruderPage = `<!doctype html><script>
setInterval(function () {
  for (var i = 0; i < parent.frames.length; i++) {
    try { parent.frames[i].postMessage({ tag: '${BRIDGE_TAG}', type: 'command', name: 'open', args: [] }, '*'); } catch (e) {}
  }
  parent.postMessage({ tag: '${BRIDGE_TAG}', type: 'state', open: true, unread: 5, blinkText: 'HACKED' }, '*');
}, 100);
</script>`;

// Generous: these suites share two cores with the rest of the test run.
describe.skipIf(skip !== null)('widget embedded on another origin', { timeout: 90_000 }, () => {
  let h: Harness;
  let browser: Browser;
  let agent: Agent;
  let shop: HostSite;
  let other: HostSite;
  const shopPages: Record<string, string> = {};
  const otherPages: Record<string, string> = {};

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
    agent = await Agent.connect(h, 'Bo Chen');
    shop = await serveHostSite('127.0.0.2', h.server.url, h.widgetKey, shopPages);
    other = await serveHostSite('127.0.0.3', h.server.url, h.widgetKey, otherPages);
    shopPages['/with-intruder'] = `<!doctype html><title>Shop</title><iframe src="${other.origin}/intruder"></iframe>
<script>window.kefu = function () { (kefu.q = kefu.q || []).push(arguments); };</script>
<script src="${h.server.url}/widget.js" data-key="${h.widgetKey}" async></script>`;
    otherPages['/intruder'] = intruderPage;
    // A page that frames the chat itself and claims to be the allowed shop.
    otherPages['/liar'] = `<!doctype html><iframe title="Chat" src="${h.server.url}/widget/frame?key=${h.widgetKey}&origin=${encodeURIComponent(shop.origin)}"></iframe>`;
    await setInboxSettings(h, { greeting: 'Welcome to the shop!', color: '#0f766e', position: 'left', allowedOrigins: [shop.origin] });
  });

  afterAll(async () => {
    agent?.close();
    await Promise.all([browser?.close(), shop?.close(), other?.close()]);
    await h?.server.stop();
  });

  it('works on an allowed site, with the host-page API and events', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${shop.origin}/`);
    await w.page.evaluate(() => {
      const events: unknown[] = [];
      (window as unknown as { events: unknown[] }).events = events;
      const kefu = (window as unknown as { kefu: (...args: unknown[]) => void }).kefu;
      kefu('on', 'message', (m: { text: string }) => events.push(['message', m.text]));
      kefu('on', 'unread', (n: number) => events.push(['unread', n]));
      kefu('on', 'open', (open: boolean) => events.push(['open', open]));
      kefu('open');
    });
    await w.frame.locator('.kf-panel').waitFor();
    await w.frame.getByText('Welcome to the shop!').waitFor();
    // The inbox's colour and side.
    expect(await w.frame.locator('.kf-launcher').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)');
    expect(await w.page.locator(FRAME_SELECTOR).evaluate((f) => f.getBoundingClientRect().left)).toBe(0);
    await w.send('Hello from the shop');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await agent.say(conv, 'Hello, shopper');
    await w.bubbles('theirs').filter({ hasText: 'Hello, shopper' }).waitFor();

    // Closed: a new message counts as unread, and the page's title blinks.
    await w.page.evaluate(() => (window as unknown as { kefu: (...args: unknown[]) => void }).kefu('close'));
    await w.frame.locator('.kf-panel').waitFor({ state: 'hidden' });
    await agent.say(conv, 'Anything else?');
    await w.frame.locator('.kf-badge').filter({ hasText: '1' }).waitFor();
    await w.page.waitForFunction(() => document.title === '(1) New message', undefined, { timeout: 5_000 });
    const events = await w.page.evaluate(() => (window as unknown as { events: unknown[] }).events);
    expect(events).toEqual(expect.arrayContaining([['open', true], ['message', 'Hello, shopper'], ['open', false], ['message', 'Anything else?'], ['unread', 1]]));

    await w.open();
    await w.page.waitForFunction(() => document.title === 'Shop', undefined, { timeout: 5_000 });
    await context.close();
  });

  it('keeps the visitor and the history across a reload where the frame is refused storage', async () => {
    // A fresh Playwright context blocks third-party storage, as a private window does.
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${shop.origin}/`);
    await w.open();
    await w.send('Remember me');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await agent.say(conv, 'I will');
    await w.bubbles('theirs').filter({ hasText: 'I will' }).waitFor();

    await w.page.reload();
    await w.open();
    await w.bubbles('theirs').filter({ hasText: 'I will' }).waitFor();
    expect(await w.frame.locator('.kf-row:not(.kf-greeting) .kf-bubble').allTextContents()).toEqual(['Remember me', 'I will']);
    await context.close();
  });

  it('ignores bridge messages from other windows, in both directions', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${shop.origin}/with-intruder`);
    await w.frame.locator('.kf-launcher').waitFor();
    await w.page.evaluate(() => {
      const events: unknown[] = [];
      (window as unknown as { events: unknown[] }).events = events;
      (window as unknown as { kefu: (...args: unknown[]) => void }).kefu('on', 'unread', (n: number) => events.push(n));
    });
    await w.page.waitForTimeout(1_500);
    expect(await w.frame.locator('.kf-launcher').getAttribute('aria-expanded')).toBe('false');
    expect(await w.page.evaluate(() => (window as unknown as { events: unknown[] }).events)).toEqual([]);
    expect(await w.page.title()).toBe('Shop');
    expect(await w.page.locator(FRAME_SELECTOR).evaluate((f) => f.getBoundingClientRect().width)).toBeLessThan(200);
    // The same command from the page itself does open it.
    await w.page.evaluate(() => (window as unknown as { kefu: (...args: unknown[]) => void }).kefu('open'));
    await w.frame.locator('.kf-panel').waitFor();
    await context.close();
  });

  it('refuses a site that is not on the allowed list', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${other.origin}/`);
    await w.frame.getByText('This chat is not available on this site').waitFor({ state: 'attached' });
    expect(await w.frame.locator('.kf-launcher').count()).toBe(0);
    expect(await w.page.locator(FRAME_SELECTOR).evaluate((f) => getComputedStyle(f).visibility)).toBe('hidden');

    const refused = await fetch(`${h.server.url}/widget/frame?key=${h.widgetKey}&origin=${encodeURIComponent(other.origin)}`);
    expect(refused.status).toBe(403);
    const allowed = await fetch(`${h.server.url}/widget/frame?key=${h.widgetKey}&origin=${encodeURIComponent(shop.origin)}`);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${shop.origin}`);
    await context.close();
  });

  it('refuses a site that frames the chat and claims to be an allowed one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${other.origin}/liar`);
    const frame = page.frameLocator(FRAME_SELECTOR);
    await page.waitForTimeout(1_500);
    expect(await frame.locator('.kf-launcher').count()).toBe(0);
    await context.close();
  });
});
