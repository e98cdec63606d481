// The widget with the demo bot, in headless Chromium against the real server: the bot's answer,
// its "did you mean" buttons, a flow's card and its buttons, and the way to a person.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { Agent, startHarness, type Harness } from '../../server/test/support/harness.js';
import { openWidgetPage } from './support/page.js';

const skip = skipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('the widget with the bot', { timeout: 90_000 }, () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness({ env: { KEFU_DEMO_BOT: 'true' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.server.stop();
  });

  it('answers, offers its guesses as buttons that ask for the visitor, and shows an order as a card', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();

    await w.send('怎么开发票');
    await w.bubbles('theirs').filter({ hasText: '发票' }).first().waitFor();

    // A vague question: the bot's guesses are buttons; pressing one asks it in the visitor's name.
    await w.send('退');
    const choices = w.frame.locator('.kf-quick button');
    await choices.first().waitFor();
    const labels = await choices.allTextContents();
    expect(labels).toContain('人工客服 Talk to a person');
    const question = labels[0]!;
    await choices.first().click();
    await w.bubbles('mine').filter({ hasText: question }).waitFor();

    // The order lookup flow: its answer comes as a card whose buttons reply for the visitor.
    await w.send('我的订单到哪了');
    await w.bubbles('theirs').filter({ hasText: '订单号' }).last().waitFor();
    await w.send('KF10001');
    const card = w.frame.locator('.kf-card').filter({ hasText: 'KF10001 已发货 Shipped' });
    await card.waitFor();
    await card.getByRole('button', { name: '转人工 Talk to a person' }).click();
    await w.bubbles('mine').filter({ hasText: '转人工' }).waitFor();
    await w.bubbles('theirs').filter({ hasText: '正在为您转接人工客服' }).waitFor();
    expect(w.dialogs).toEqual([]);
    await context.close();
  });

  it('hands the visitor to an agent who then answers in the same chat', async () => {
    const agent = await Agent.connect(h, 'Zhao Min');
    const context = await browser.newContext({ locale: 'zh-CN' });
    const w = await openWidgetPage(context, `${h.server.url}/demo`);
    await w.open();
    await w.send('我要找真人客服');
    await w.bubbles('theirs').filter({ hasText: '正在为您转接人工客服' }).waitFor();
    const conv = await agent.nextConversation();
    await agent.claim(conv);
    await agent.say(conv, '您好，我是赵敏，请问有什么可以帮您？');
    await w.bubbles('theirs').filter({ hasText: '我是赵敏' }).waitFor();
    agent.close();
    await context.close();
  });
});
