// The widget in headless Chromium against the real server: a visitor on /demo and an agent over
// the protocol chat both ways; history survives a reload; messages written offline arrive once,
// in order; message text stays text; IME input is sent whole.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, startHarness, type Harness } from '../../server/test/support/harness.js';
import { openWidgetPage } from './support/page.js';

/** A 1×1 PNG. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const skip = skipReason();
if (skip) console.warn(skip);

// Generous: these suites share two cores with the rest of the test run.
describe.skipIf(skip !== null)('widget chat in a browser', { timeout: 90_000 }, () => {
  let h: Harness;
  let browser: Browser;
  let agent: Agent;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
    agent = await Agent.connect(h, 'Alice Wang');
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await h?.server.stop();
  });

  it('lets a visitor on /demo and an agent chat both ways, with receipts and typing', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('Hello, is anyone there?');

    const conv = await agent.nextConversation();
    // Waiting: the visitor sees their place in the queue, until someone takes the conversation.
    const queue = w.frame.locator('.kf-subtitle', { hasText: /You are number 1 in line · about/ });
    await queue.waitFor();
    await agent.claim(conv);
    await w.frame.getByText('Alice Wang joined the conversation').waitFor();
    await queue.waitFor({ state: 'detached' });
    await agent.say(conv, 'Hi! Alice here. How can I help?');
    await w.bubbles('theirs').filter({ hasText: 'Hi! Alice here.' }).waitFor();
    await expect.poll(() => w.frame.locator('.kf-title').textContent()).toBe('Alice Wang');

    // The visitor's message is stored (sent), then read once the agent reads it.
    const mine = w.frame.locator('.kf-row.kf-mine').filter({ hasText: 'Hello, is anyone there?' });
    await mine.locator('.kf-status[data-status="sent"]').waitFor();
    const stored = await agent.timeline(conv);
    const visitorSeq = stored.find((e) => e.text === 'Hello, is anyone there?')!.seq;
    agent.read(conv, visitorSeq);
    await mine.locator('.kf-status[data-status="read"]').waitFor();

    // Typing, both ways.
    agent.typing(conv, true);
    await w.frame.getByText('Alice Wang is typing…').waitFor();
    const mark = agent.client.frames.length;
    await w.input.pressSequentially('I have a question');
    const typing = await agent.client.waitFor((f) => f.t === 'typing' && f.conv === conv && f.on, 5_000, mark);
    expect(typing).toMatchObject({ from: { role: 'visitor' } });
    await w.input.press('Enter');
    await agent.client.waitFor((f) => f.t === 'msg' && f.conv === conv && 'text' in f && f.text === 'I have a question', 5_000, mark);
    await context.close();
  });

  it('is usable from the keyboard: focus stays in the open panel and Escape closes it', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    const launcher = w.frame.getByRole('button', { name: 'Open chat' });
    await launcher.focus();
    await w.page.keyboard.press('Enter');
    const dialog = w.frame.getByRole('dialog', { name: 'Website' });
    await dialog.waitFor();
    await expect.poll(() => w.input.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await w.frame.getByRole('log', { name: 'Messages' }).getAttribute('aria-live')).toBe('polite');
    for (let i = 0; i < 8; i++) {
      await w.page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await dialog.evaluate((panel) => panel.contains(document.activeElement))).toBe(true);
    }
    await w.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => w.frame.locator('.kf-launcher').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await w.frame.locator('.kf-launcher').getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });

  it('shows the whole history after a reload', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('First question');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await agent.say(conv, 'First answer');
    await w.send('Second question');
    // The agent answers what is stored: otherwise the answer may be stored first, and shown first.
    await w.frame.locator('.kf-row.kf-mine').filter({ hasText: 'Second question' }).locator('.kf-status[data-status="sent"]').waitFor();
    await agent.say(conv, 'Second answer');
    await w.bubbles('theirs').filter({ hasText: 'Second answer' }).waitFor();

    await w.page.reload();
    await w.open();
    await w.bubbles('theirs').filter({ hasText: 'Second answer' }).waitFor();
    expect(await w.frame.locator('.kf-row:not(.kf-greeting) .kf-bubble').allTextContents()).toEqual([
      'First question',
      'First answer',
      'Second question',
      'Second answer',
    ]);

    // A second tab of the same browser is the same visitor, with the same history.
    const other = await openWidgetPage(context, `${h.server.url}/demo`);
    await other.open();
    await other.bubbles('theirs').filter({ hasText: 'Second answer' }).waitFor();
    expect(await other.frame.locator('.kf-row:not(.kf-greeting) .kf-bubble').count()).toBe(4);
    await context.close();
  });

  it('stores messages written offline exactly once, in order, when back online', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('Before going offline');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await w.frame.locator('.kf-status[data-status="sent"]').first().waitFor();

    await context.setOffline(true);
    await w.frame.locator('.kf-notice:not([hidden])').waitFor();
    for (const text of ['offline one', 'offline two', 'offline three']) await w.send(text);
    await expect.poll(() => w.frame.locator('.kf-status[data-status="sending"]').count()).toBe(3);

    await context.setOffline(false);
    await expect.poll(() => w.frame.locator('.kf-status[data-status="sending"]').count(), { timeout: 20_000 }).toBe(0);
    const texts = (await agent.timeline(conv)).filter((e) => e.from.role === 'visitor' && e.kind === 'text').map((e) => e.text);
    expect(texts).toEqual(['Before going offline', 'offline one', 'offline two', 'offline three']);
    await context.close();
  });

  it('renders markup as text and only http(s) links as safe links, and opens no dialog', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('<b>bold?</b> <script>alert(2)</script>');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await agent.say(conv, '<img src=x onerror=alert(1)>');
    await agent.say(conv, 'Read [our guide](https://example.com/guide?a=1) or [this](javascript:alert(3)) at https://kefu.example/help.');
    const guide = w.frame.getByRole('link', { name: 'our guide' });
    await guide.waitFor();

    expect(await w.bubbles('theirs').filter({ hasText: 'onerror' }).textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await w.bubbles('mine').first().textContent()).toBe('<b>bold?</b> <script>alert(2)</script>');
    expect(await w.frame.locator('.kf-log img, .kf-log script, .kf-log b').count()).toBe(0);
    expect(await guide.getAttribute('href')).toBe('https://example.com/guide?a=1');
    expect(await guide.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await guide.getAttribute('target')).toBe('_blank');
    const hrefs = await w.frame.locator('.kf-log a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://example.com/guide?a=1', 'https://kefu.example/help']);
    expect(w.dialogs).toEqual([]);
    await context.close();
  });

  it('sends an image the server accepts and refuses a file type it does not', async () => {
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('A photo of the parcel');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    const picker = w.frame.locator('.kf-composer input[type=file]');
    await picker.setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
    const image = w.frame.locator('.kf-row.kf-mine img.kf-image[alt="parcel.png"]');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await w.frame.locator('.kf-row.kf-mine .kf-status[data-status="sent"]').nth(1).waitFor();
    const file = (await agent.timeline(conv)).find((e) => e.kind === 'file');
    expect(file?.data).toMatchObject({ attachments: [{ name: 'parcel.png', type: 'image/png', size: 70 }] });

    await picker.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<html><script>alert(1)</script>') });
    await w.frame.getByRole('alert').filter({ hasText: 'page.html: this kind of file cannot be sent' }).waitFor();
    expect(w.dialogs).toEqual([]);
    await context.close();
  });

  it('sends Chinese typed through an IME whole, not on the Enter that picks a candidate', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.input.click();
    // The IME composes pinyin; the Enter that confirms the candidate arrives while composing.
    const cdp = await context.newCDPSession(w.page);
    await cdp.send('Input.imeSetComposition', { text: 'ni', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'nihao', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.imeSetComposition', { text: '你好', selectionStart: 2, selectionEnd: 2 });
    // An IME consumes the Enter that confirms a candidate: the page sees the keydown, no newline.
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    await cdp.send('Input.insertText', { text: '你好' });
    expect(await w.input.inputValue()).toBe('你好');
    expect(await w.frame.locator('.kf-row.kf-mine').count()).toBe(0);

    await w.input.press('Enter');
    const conv = await agent.nextConversation();
    await w.bubbles('mine').filter({ hasText: '你好' }).waitFor();
    const texts = (await agent.timeline(conv)).filter((e) => e.from.role === 'visitor').map((e) => e.text);
    expect(texts).toEqual(['你好']);
    await context.close();
  });
});
