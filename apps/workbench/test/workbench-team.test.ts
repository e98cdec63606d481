// The workbench among colleagues, in headless Chromium against the real server: two tabs of one
// agent agree; of two agents claiming at once one wins and the other is told; a transfer reaches
// the colleague's list live; a 5,000-entry timeline keeps only the rows in view in the DOM.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../server/test/support/api.js';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, startHarness, type Harness } from '../../server/test/support/harness.js';
import { Visitor } from './support/visitor.js';
import { openWorkbench, workbenchPage } from './support/workbench-page.js';

const skip = skipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('workbench among colleagues in a browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let browser: Browser;
  const closers: Array<{ close(): void }> = [];

  const visitor = async () => {
    const v = await Visitor.connect(h.server.url, h.server.wsUrl, h.widgetKey);
    closers.push(v);
    return v;
  };
  const agent = async (name: string) => {
    const a = await Agent.connect(h, name);
    closers.push(a);
    return a;
  };

  beforeAll(async () => {
    // Seeding a long timeline sends thousands of frames at once: no rate limit for this server.
    [h, browser] = await Promise.all([startHarness({ env: { KEFU_RATE_PER_SEC: '1000000', KEFU_RATE_BURST: '1000000' } }), launchBrowser()]);
  });

  afterAll(async () => {
    for (const c of closers) c.close();
    await browser?.close();
    await h?.server.stop();
  });

  it('keeps two tabs of one agent consistent', async () => {
    const dan = await agent('Dan Zhou');
    const v = await visitor();
    const { conv } = await v.say('Two tabs, one agent');
    await dan.claim(conv);

    const context = await browser.newContext();
    const one = await openWorkbench(context, h.server.url, dan.email);
    // The second tab shares the session: it opens signed in.
    const page2 = await context.newPage();
    await page2.goto(`${h.server.url}/#/c/${conv}`);
    const two = workbenchPage(page2);
    await page2.locator('.conn[data-conn="open"]').waitFor();
    await two.messages('in').filter({ hasText: 'Two tabs, one agent' }).waitFor();

    await one.openConversation(conv);
    await one.reply('Written in tab one');
    // The other tab may show the outbox item it shares for a moment; then the stored entry, once.
    for (const w of [one, two]) await expect.poll(() => w.messages('out').filter({ hasText: 'Written in tab one' }).count()).toBe(1);
    await expect.poll(() => two.page.locator('.msg-out[data-state="sending"]').count()).toBe(0);
    await v.say('Seen in both tabs');
    for (const w of [one, two]) await expect.poll(() => w.messages('in').filter({ hasText: 'Seen in both tabs' }).count()).toBe(1);

    await two.action('resolve').click();
    await one.page.locator('.pane-sub [data-status="resolved"]').waitFor();
    await one.openList('resolved');
    await one.item(conv).waitFor();
    await expect.poll(() => one.page.locator('.nav-item[data-list="mine"] .count').textContent()).toBe('0');
    await context.close();
  });

  it('lets one of two agents win a race to claim; the other sees it taken', async () => {
    const [eve, fay] = await Promise.all([agent('Eve Sun'), agent('Fay Hu')]);
    const v = await visitor();
    const { conv } = await v.say('Who takes me?');
    const [ce, cf] = await Promise.all([browser.newContext(), browser.newContext()]);
    const [we, wf] = await Promise.all([openWorkbench(ce, h.server.url, eve.email), openWorkbench(cf, h.server.url, fay.email)]);
    for (const w of [we, wf]) {
      await w.openList('open');
      await w.openConversation(conv);
      await w.action('claim').waitFor();
    }
    // Both click at once.
    const click = () => (document.querySelector('[data-action="claim"]') as HTMLButtonElement).click();
    await Promise.all([we.page.evaluate(click), wf.page.evaluate(click)]);

    const fetchConv = () => api<{ assignee: string | null }>(h.server.url, 'GET', `/api/v1/conversations/${conv}`, { token: eve.token });
    await expect.poll(async () => (await fetchConv()).body.assignee).not.toBeNull();
    const claimed = await fetchConv();
    const winner = claimed.body.assignee === eve.id ? we : wf;
    const loser = winner === we ? wf : we;
    const winnerName = winner === we ? 'Eve Sun' : 'Fay Hu';
    expect([eve.id, fay.id]).toContain(claimed.body.assignee);
    await winner.page.locator(`.pane-sub [data-assignee="${claimed.body.assignee}"]`).waitFor();
    await loser.page.locator(`.pane-sub [data-assignee="${claimed.body.assignee}"]`).waitFor();
    await loser.page.locator('.actions .notice', { hasText: `Already taken by ${winnerName}` }).waitFor();
    await expect.poll(() => loser.action('claim').count()).toBe(0);
    // Gone from both agents' queues.
    for (const w of [winner, loser]) {
      await w.openList('queue');
      await expect.poll(() => w.item(conv).count()).toBe(0);
    }
    await Promise.all([ce.close(), cf.close()]);
  });

  it('shows a transfer live in the colleague’s list, who accepts it', async () => {
    const [gus, hal] = await Promise.all([agent('Gus Ma'), agent('Hal Wu')]);
    const v = await visitor();
    const { conv } = await v.say('Please pass me on');
    await gus.claim(conv);
    const [cg, ch] = await Promise.all([browser.newContext(), browser.newContext()]);
    const [wg, wh] = await Promise.all([openWorkbench(cg, h.server.url, gus.email), openWorkbench(ch, h.server.url, hal.email)]);
    await expect.poll(() => wh.item(conv).count()).toBe(0);

    await wg.openConversation(conv);
    await wg.action('transfer').click();
    const dialog = wg.page.getByRole('dialog', { name: 'Transfer the conversation' });
    await dialog.locator('select').selectOption(hal.id);
    await dialog.locator('textarea').fill('Billing question, over to you');
    await dialog.locator('button[type="submit"]').click();

    // Hal's "Mine" list gets it without a reload, as an offer.
    await wh.item(conv).locator('.tag-offer').waitFor();
    await wh.openConversation(conv);
    await wh.page.locator('.msg-note .text', { hasText: 'Billing question, over to you' }).waitFor();
    await wh.page.getByRole('button', { name: 'Accept' }).click();
    await wh.page.locator(`.pane-sub [data-assignee="${hal.id}"]`).waitFor();
    await expect.poll(() => wg.item(conv).count()).toBe(0);
    await Promise.all([cg.close(), ch.close()]);
  });

  it('scrolls a 5,000-entry timeline with only the rows in view in the DOM', { timeout: 240_000 }, async () => {
    const ivy = await agent('Ivy Qin');
    const v = await visitor();
    const { conv } = await v.say('Entry 1');
    await ivy.claim(conv);
    // 4,999 more entries, sent over the protocol in one burst, then awaited.
    const sent = new Set<string>();
    for (let i = 2; i <= 5000; i++) {
      const id = `seed-${i}`;
      sent.add(id);
      ivy.client.send({ t: 'send', id, conv, text: `Entry ${i}` });
    }
    await expect.poll(() => ivy.client.frames.filter((f) => f.t === 'sent' && sent.has(f.id)).length, { timeout: 150_000, interval: 500 }).toBe(4999);

    const context = await browser.newContext();
    const w = await openWorkbench(context, h.server.url, ivy.email);
    await w.openConversation(conv);
    const timeline = w.page.locator('.timeline');
    // Every entry: the 5,000 messages and the events (assignment) among them.
    const lastSeq = (await api<{ lastSeq: number }>(h.server.url, 'GET', `/api/v1/conversations/${conv}`, { token: ivy.token })).body.lastSeq;
    expect(lastSeq).toBeGreaterThan(5000);
    await expect.poll(() => timeline.getAttribute('data-count'), { timeout: 120_000, interval: 500 }).toBe(String(lastSeq));
    await w.page.locator('.timeline .text', { hasText: /^Entry 5000$/ }).waitFor();
    const rows = () => w.page.locator('.timeline .vrow').count();
    expect(await rows()).toBeLessThanOrEqual(100);

    // Scroll to the top in steps, as a wheel would.
    for (let i = 0; i < 40; i++) {
      await timeline.evaluate((el) => el.scrollBy(0, -20_000));
      expect(await rows()).toBeLessThanOrEqual(100);
    }
    await timeline.evaluate((el) => (el.scrollTop = 0));
    await w.page.locator('.timeline .text', { hasText: /^Entry 1$/ }).waitFor();
    expect(await rows()).toBeLessThanOrEqual(100);
    await context.close();
  });
});
