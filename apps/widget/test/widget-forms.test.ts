// The widget's forms in headless Chromium against the real server: leave a message when nobody
// is available (in Chinese), the inbox's pre-chat form, the rating after resolution; and the
// host page's identify and reset.
import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../server/test/support/api.js';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, setInboxSettings, startHarness, type Harness } from '../../server/test/support/harness.js';
import { openWidgetPage } from './support/page.js';

const skip = skipReason();
if (skip) console.warn(skip);

const GREETING = 'Hi! How can we help?';

// Generous: these suites share two cores with the rest of the test run.
describe.skipIf(skip !== null)('widget forms in a browser', { timeout: 90_000 }, () => {
  let h: Harness;
  let browser: Browser;
  let agent: Agent | undefined;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await h?.server.stop();
  });

  it('offers to leave a message when no agent is available, and shows it afterwards', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    const form = w.frame.getByRole('form', { name: '给我们留言' });
    await form.waitFor();
    await form.getByRole('button', { name: '提交留言' }).click();
    await w.frame.getByText('请填写姓名').waitFor();
    await form.getByLabel('姓名').fill('李雷');
    await form.getByLabel('邮箱').fill('not-an-email');
    await form.getByLabel('留言内容').fill('我的订单还没到，请回复邮件。');
    await form.getByRole('button', { name: '提交留言' }).click();
    await w.frame.getByText('请输入有效的邮箱地址').waitFor();
    await form.getByLabel('邮箱').fill('lilei@example.com');
    await form.getByRole('button', { name: '提交留言' }).click();

    await w.frame.getByText('谢谢！我们会尽快回复到 lilei@example.com。').waitFor();
    await w.bubbles('mine').filter({ hasText: '我的订单还没到' }).waitFor();
    const queued = await api<{ conversations: Array<{ id: string; status: string }> }>(h.server.url, 'GET', '/api/v1/conversations?status=queued', { token: h.adminToken });
    expect(queued.body.conversations).toHaveLength(1);
    await context.close();
  });

  it('asks the pre-chat questions first and gives the answers to the contact', async () => {
    agent ??= await Agent.connect(h, 'Carol Li');
    await setInboxSettings(h, {
      greeting: GREETING,
      preChat: {
        enabled: true,
        fields: [
          { key: 'name', label: 'Your name', type: 'text', required: true },
          { key: 'order', label: 'Order number', type: 'text', required: true },
          { key: 'topic', label: 'Topic', type: 'select', options: ['Delivery', 'Refund'] },
        ],
      },
    });
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    const form = w.frame.getByRole('form', { name: 'Before we start' });
    await form.getByLabel('Your name').fill('Dana');
    await form.getByRole('button', { name: 'Start the chat' }).click();
    await w.frame.getByText('Order number is required').waitFor();
    await form.getByLabel('Order number').fill('A-1042');
    await form.getByLabel('Topic').selectOption('Refund');
    await form.getByRole('button', { name: 'Start the chat' }).click();

    await w.input.waitFor();
    await w.send('Where is my refund?');
    const conv = await agent.nextConversation();
    const view = await api<{ contact: string }>(h.server.url, 'GET', `/api/v1/conversations/${conv}`, { token: h.adminToken });
    const contact = await api<{ contact: { name: string; attributes: Record<string, unknown> } }>(h.server.url, 'GET', `/api/v1/contacts/${view.body.contact}`, { token: h.adminToken });
    expect(contact.body.contact).toMatchObject({ name: 'Dana', attributes: { order: 'A-1042', topic: 'Refund' } });

    // Answered once: a reload goes straight to the conversation.
    await w.page.reload();
    await w.open();
    await w.bubbles('mine').filter({ hasText: 'Where is my refund?' }).waitFor();
    expect(await w.frame.getByRole('form').count()).toBe(0);
    await context.close();
  });

  it('asks for a rating once the conversation is resolved', async () => {
    agent ??= await Agent.connect(h, 'Carol Li');
    await setInboxSettings(h, { greeting: GREETING });
    const context = await browser.newContext();
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('Thanks for the help');
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await agent.resolve(conv);

    await w.frame.getByText('The conversation was resolved').waitFor();
    const stars = w.frame.getByRole('radiogroup', { name: 'How would you rate this conversation?' });
    await stars.getByRole('radio', { name: '4 out of 5' }).click();
    await w.frame.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind');
    await w.frame.getByRole('button', { name: 'Send rating' }).click();
    await w.frame.getByText('Thank you for your feedback!').first().waitFor();

    const report = await api<{ latest: Array<{ conversationId: string; rating: number; comment: string }> }>(h.server.url, 'GET', '/api/v1/reports/csat', { token: h.adminToken });
    expect(report.body.latest.find((c) => c.conversationId === conv)).toMatchObject({ rating: 4, comment: 'Quick and kind' });
    await expect.poll(() => stars.count()).toBe(0);
    await context.close();
  });

  it('follows the visitor identified by the host page to another device, and forgets them on reset', async () => {
    agent ??= await Agent.connect(h, 'Carol Li');
    await setInboxSettings(h, { greeting: GREETING });
    const inboxes = await api<{ inboxes: Array<{ id: string; identitySecret: string }> }>(h.server.url, 'GET', '/api/v1/inboxes', { token: h.adminToken });
    const secret = inboxes.body.inboxes.find((i) => i.id === h.inboxId)!.identitySecret;
    const user = { id: 'user-7', name: 'Mei Lin', email: 'mei@example.com', hash: createHmac('sha256', secret).update('user-7').digest('hex') };
    const identify = (u: typeof user) => (window as unknown as { kefu: (...args: unknown[]) => void }).kefu('identify', u);

    const laptop = await browser.newContext();
    const first = await openWidgetPage(laptop, `${h.server.url}/demo`);
    await first.page.evaluate(identify, user);
    await first.open();
    await first.send('Hello, it is Mei');
    const conv = await agent.nextConversation();
    const view = await api<{ contact: string }>(h.server.url, 'GET', `/api/v1/conversations/${conv}`, { token: h.adminToken });
    const contact = await api<{ contact: Record<string, unknown> }>(h.server.url, 'GET', `/api/v1/contacts/${view.body.contact}`, { token: h.adminToken });
    expect(contact.body.contact).toMatchObject({ externalId: 'user-7', name: 'Mei Lin', identityVerified: true });

    // Another browser, the same account: the same conversation.
    const phone = await browser.newContext();
    const second = await openWidgetPage(phone, `${h.server.url}/demo`);
    await second.page.evaluate(identify, user);
    await second.open();
    await second.bubbles('mine').filter({ hasText: 'Hello, it is Mei' }).waitFor();

    // Logged out: a new, anonymous visitor with nothing of Mei's.
    await second.page.evaluate(() => (window as unknown as { kefu: (...args: unknown[]) => void }).kefu('reset'));
    await expect.poll(() => second.bubbles('mine').count()).toBe(0);
    await second.send('Someone else now');
    const other = await agent.nextConversation();
    const otherView = await api<{ contact: string }>(h.server.url, 'GET', `/api/v1/conversations/${other}`, { token: h.adminToken });
    expect(otherView.body.contact).not.toBe(view.body.contact);
    await Promise.all([laptop.close(), phone.close()]);
  });
});
