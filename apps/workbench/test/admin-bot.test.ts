// The knowledge base and the bot in headless Chromium against the real server: an admin writes an
// entry in the knowledge-base page, "try it" answers its question with the entry and shows the
// trace; a visitor asking it gets the bot's answer, and the conversation's contact panel shows the
// bot's decision.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../server/test/support/api.js';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { startHarness, type Harness } from '../../server/test/support/harness.js';
import { openAdmin } from './support/admin-page.js';
import { Visitor } from './support/visitor.js';

const skip = skipReason();
if (skip) console.warn(skip);

const QUESTION = 'Do you ship to Canada?';
const ANSWER = 'Yes: we ship to Canada in 5 to 8 working days, duties included.';

describe.skipIf(skip !== null)('knowledge base and bot in a browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let browser: Browser;
  const closers: Array<{ close(): unknown }> = [];

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const c of closers) await c.close();
    await browser?.close();
    await h?.server.stop();
  });

  it('answers an entry written in the knowledge-base page in "try it", and shows its trace in the conversation', async () => {
    const context = await browser.newContext();
    closers.push(context);
    const admin = await openAdmin(context, h.server.url);
    const { page } = admin;

    await admin.open('kb');
    await page.locator('[data-action="new-entry"]').click();
    const dialog = page.getByRole('dialog', { name: 'New entry' });
    await dialog.getByLabel('Question', { exact: true }).fill(QUESTION);
    await dialog.getByLabel('Id', { exact: true }).fill('shipping-canada');
    await dialog.getByLabel(/Other ways to ask/).fill('Can you deliver to Canada?\nShipping to Toronto');
    await dialog.getByLabel('Answer', { exact: true }).fill(ANSWER);
    await dialog.getByLabel('Tags', { exact: true }).fill('shipping');
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.kb-table tr[data-entry="shipping-canada"]', { hasText: QUESTION }).waitFor();

    // Search finds it by a word of its answer.
    await page.getByLabel('Search questions and answers').fill('duties');
    await expect.poll(() => page.locator('.kb-table tbody tr').count()).toBe(1);

    await admin.open('bot');
    const tryBox = page.getByRole('region', { name: 'Try it' });
    await tryBox.getByLabel('Ask what a visitor would ask').fill(QUESTION);
    await tryBox.getByRole('button', { name: 'Ask' }).click();
    const result = tryBox.locator('.try-result[data-decision="answer"]');
    await result.waitFor();
    expect(await result.locator('[data-answer]').textContent()).toBe(ANSWER);
    await result.getByText('entry shipping-canada', { exact: false }).first().waitFor();

    // A visitor asks; the bot answers; the contact panel tells why.
    const v = await Visitor.connect(h.server.url, h.server.wsUrl, h.widgetKey);
    closers.push(v);
    const { conv } = await v.say(QUESTION);
    await expect
      .poll(async () => {
        const msgs = await api<{ messages: Array<{ text: string; from: { role: string } }> }>(h.server.url, 'GET', `/api/v1/conversations/${conv}/messages`, { token: h.adminToken });
        return msgs.body.messages.filter((m) => m.from.role === 'bot').map((m) => m.text);
      })
      .toContain(ANSWER);
    await page.locator('.nav-item[data-list="open"]').click();
    await page.locator(`.conv-item[data-conv="${conv}"]`).click();
    const trace = page.getByRole('region', { name: 'Bot decisions' });
    await trace.locator('.turn[data-decision="answer"]').waitFor();
    await trace.getByText('entry shipping-canada').waitFor();
    expect(admin.errors).toEqual([]);
  });
});
