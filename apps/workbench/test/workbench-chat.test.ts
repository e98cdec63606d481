// The workbench in headless Chromium against the real server: an agent signs in and chats with a
// visitor both ways, live, with typing and read receipts; a reload loses nothing; replies written
// offline are stored once each, in order; whatever a visitor sends stays text.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, startHarness, type Harness } from '../../server/test/support/harness.js';
import { Visitor } from './support/visitor.js';
import { openWorkbench } from './support/workbench-page.js';

const skip = skipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('workbench chat in a browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let browser: Browser;
  const visitors: Visitor[] = [];
  const agents: Agent[] = [];

  const visitor = async () => {
    const v = await Visitor.connect(h.server.url, h.server.wsUrl, h.widgetKey);
    visitors.push(v);
    return v;
  };
  const agent = async (name: string) => {
    const a = await Agent.connect(h, name);
    agents.push(a);
    return a;
  };

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    for (const a of agents) a.close();
    await browser?.close();
    await h?.server.stop();
  });

  it('signs in; agent and visitor chat both ways live, with typing and read receipts', async () => {
    const alice = await agent('Alice Wang');
    const context = await browser.newContext();
    const wb = await openWorkbench(context, h.server.url, alice.email);
    await wb.page.locator('.me-name', { hasText: 'Alice Wang' }).waitFor();

    const v = await visitor();
    const first = await v.say('Hello, is anyone there?');
    const conv = first.conv;
    // The new conversation shows up in the queue without a reload.
    await wb.openList('queue');
    await wb.item(conv).waitFor();
    await wb.openConversation(conv);
    await wb.messages('in').filter({ hasText: 'Hello, is anyone there?' }).waitFor();
    await wb.action('claim').click();
    await wb.page.locator(`.pane-sub [data-assignee="${alice.id}"]`).waitFor();
    await wb.openList('mine');
    await wb.item(conv).waitFor();

    // What the agent has on screen is read: the visitor gets the receipt.
    await v.client.waitFor((f) => f.t === 'receipt' && f.conv === conv && f.read >= first.seq, 10_000);

    // Typing, then the reply, reach the visitor.
    const mark = v.client.frames.length;
    await wb.input.pressSequentially('Hi! Alice here.');
    await v.client.waitFor((f) => f.t === 'typing' && f.conv === conv && f.on, 5_000, mark);
    await wb.input.press('Enter');
    const reply = (await v.client.waitFor((f) => f.t === 'msg' && f.conv === conv && 'text' in f && f.text === 'Hi! Alice here.', 5_000, mark)) as { seq: number };
    expect(await wb.input.inputValue()).toBe('');
    await wb.page.locator('.msg-out .status[data-status="sent"]').waitFor();

    // The visitor types, reads and answers: the agent sees each live.
    v.typing(conv, true);
    await wb.page.locator('.typing-line', { hasText: 'is typing…' }).waitFor();
    v.read(conv, reply.seq);
    await wb.page.locator('.msg-out .status[data-status="read"]').waitFor();
    await v.say('I have a question about my order');
    await wb.messages('in').filter({ hasText: 'I have a question about my order' }).waitFor();
    await expect.poll(() => wb.page.locator('.typing-line').textContent()).toBe('');

    // Shift+Enter breaks the line; Enter sends the whole text once.
    await wb.input.fill('Line one');
    await wb.input.press('Shift+Enter');
    await wb.input.pressSequentially('line two');
    await wb.input.press('Enter');
    await v.client.waitFor((f) => f.t === 'msg' && f.conv === conv && 'text' in f && f.text === 'Line one\nline two', 5_000, mark);

    // A note stays among agents and looks like one.
    await wb.page.getByRole('tab', { name: 'Note' }).click();
    await wb.reply('VIP customer, be kind');
    await wb.page.locator('.msg-note .text', { hasText: 'VIP customer, be kind' }).waitFor();
    await v.client.waitFor((f) => f.t === 'msg' && f.conv === conv && f.kind === 'hidden', 5_000, mark);
    expect(wb.errors).toEqual([]);
    await context.close();
  });

  it('loses nothing on reload; replies written offline are stored once each, in order', async () => {
    const bob = await agent('Bob Li');
    const v = await visitor();
    const { conv } = await v.say('My parcel did not arrive');
    await bob.claim(conv);

    const context = await browser.newContext();
    const wb = await openWorkbench(context, h.server.url, bob.email);
    await wb.item(conv).waitFor();
    await wb.openConversation(conv);
    await wb.reply('Let me check that for you');
    await wb.page.locator('.msg-out .status[data-status="sent"]').waitFor();

    await wb.page.reload();
    await wb.page.locator('.conn[data-conn="open"]').waitFor();
    // Still signed in, on the same conversation, with its whole timeline.
    await wb.messages('in').filter({ hasText: 'My parcel did not arrive' }).waitFor();
    await wb.messages('out').filter({ hasText: 'Let me check that for you' }).waitFor();

    await context.setOffline(true);
    await wb.page.locator('.conn[data-conn="waiting"]').waitFor({ timeout: 30_000 });
    await wb.reply('Offline one');
    await wb.reply('Offline two');
    await expect.poll(() => wb.page.locator('.msg-out[data-state="sending"]').count()).toBe(2);

    await context.setOffline(false);
    await expect.poll(() => wb.page.locator('.msg-out[data-state="sending"]').count(), { timeout: 30_000 }).toBe(0);
    const stored = await bob.timeline(conv);
    const replies = stored.filter((e) => e.from.role === 'agent' && e.kind === 'text').map((e) => e.text);
    expect(replies).toEqual(['Let me check that for you', 'Offline one', 'Offline two']);
    // The visitor got each once.
    const got = v.client.frames.filter((f) => f.t === 'msg' && 'text' in f && f.text.startsWith('Offline')).map((f) => (f as { text: string }).text);
    expect(got).toEqual(['Offline one', 'Offline two']);
    await context.close();
  });

  it('renders markup in a visitor’s name, attributes and messages as text', async () => {
    const carol = await agent('Carol Xu');
    const v = await visitor();
    const name = '<img src=x onerror=alert(1)>';
    await v.profile({ name, attributes: { plan: '<script>alert(2)</script>', currentPage: 'https://shop.example/<b>cart</b>' } });
    const text = '<b>bold?</b> <img src=x onerror=alert(3)> <script>alert(4)</script>';
    const { conv } = await v.say(text);
    await carol.claim(conv);

    const context = await browser.newContext();
    const wb = await openWorkbench(context, h.server.url, carol.email);
    await wb.item(conv).waitFor();
    await expect.poll(() => wb.item(conv).locator('.conv-name').textContent()).toBe(name);
    await wb.openConversation(conv);
    const bubble = wb.messages('in').locator('.text');
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe(text);
    await wb.page.locator('.contact-name', { hasText: name }).waitFor();
    await wb.page.locator('.contact-panel dd', { hasText: '<script>alert(2)</script>' }).waitFor();
    await wb.page.locator('.contact-panel dd', { hasText: 'https://shop.example/<b>cart</b>' }).waitFor();
    expect(await wb.page.locator('.timeline img, .timeline script, .timeline b, .contact-panel img, .contact-panel b, .contact-panel script, .conv-list img').count()).toBe(0);
    await expect.poll(() => wb.page.title()).toMatch(/Kefu/);
    expect(wb.dialogs).toEqual([]);
    expect(wb.errors).toEqual([]);
    await context.close();
  });
});
