// The knowledge base and the bot in headless Chromium against the real server: an admin writes an
// entry in the knowledge-base page, "try it" answers its question with the entry and shows the
// trace; a visitor asking it gets the bot's answer, and the conversation's contact panel shows the
// bot's decision. An imported file adds entries; a question the bot could not answer becomes an
// entry from the unanswered list, another is dismissed; a rollback brings the previous version back.
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
  it('imports a file, turns an unanswered question into an entry, dismisses another, and rolls back', async () => {
    const context = await browser.newContext();
    closers.push(context);
    const admin = await openAdmin(context, h.server.url);
    const { page } = admin;

    // Import two entries from a JSON file, merged into what is there.
    await admin.open('kb');
    const file = [
      { id: 'gift-wrap', question: 'Do you offer gift wrapping?', similar: ['Can you wrap it as a present?'], answer: 'Yes, for 2 euros.' },
      { id: 'store-hours', question: 'When is the store open?', similar: ['Opening hours of the shop'], answer: 'Every day from 10:00 to 20:00.' },
    ];
    await page.getByLabel('Knowledge-base file (JSON or CSV)').setInputFiles({ name: 'kb.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor({ timeout: 30_000 });
    await page.locator('.kb-table tr[data-entry="gift-wrap"]').waitFor();
    await page.locator('.kb-table tr[data-entry="shipping-canada"]').waitFor();

    // Two questions the bot cannot place at all (words it never saw): it falls back and notes them.
    for (const text of ['quux frobnicate', 'zorkmid blarg']) {
      const v = await Visitor.connect(h.server.url, h.server.wsUrl, h.widgetKey);
      closers.push(v);
      await v.say(text);
    }
    await admin.open('bot');
    const list = page.getByRole('region', { name: 'Unanswered questions' });
    await expect
      .poll(async () => {
        await list.getByRole('button', { name: 'Refresh' }).click();
        return list.locator('[data-unanswered]').count();
      }, { timeout: 20_000 })
      .toBe(2);

    const quux = list.locator('[data-unanswered="quux frobnicate"]');
    await quux.getByRole('button', { name: 'Make an entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make an entry' });
    expect(await dialog.getByLabel('Question', { exact: true }).inputValue()).toBe('quux frobnicate');
    await dialog.getByLabel('Answer', { exact: true }).fill('We do not sell quux, sorry.');
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await quux.waitFor({ state: 'detached' });

    await list.locator('[data-unanswered="zorkmid blarg"]').getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => list.locator('[data-unanswered]').count()).toBe(0);

    const tryBox = page.getByRole('region', { name: 'Try it' });
    const ask = async (text: string) => {
      await tryBox.getByLabel('Ask what a visitor would ask').fill(text);
      await tryBox.getByRole('button', { name: 'Ask' }).click();
    };
    await ask('quux frobnicate');
    await tryBox.locator('[data-answer]', { hasText: 'We do not sell quux' }).waitFor();

    // Roll back to the version before the new entry: the bot no longer knows it.
    const versions = page.getByRole('region', { name: 'Versions' });
    const active = Number(await versions.locator('tr.active').getAttribute('data-version'));
    await versions.locator(`tr[data-version="${active - 1}"]`).getByRole('button', { name: 'Roll back to this' }).click();
    await versions.locator(`tr.active[data-version="${active - 1}"]`).waitFor();
    await ask('quux frobnicate');
    await tryBox.locator('.try-result:not([data-decision="answer"])').waitFor();
    const kb = await api<{ entries: Array<{ id: string }> }>(h.server.url, 'GET', '/api/v1/bot/kb/entries?limit=100', { token: h.adminToken });
    expect(kb.body.entries.map((e) => e.id).sort()).toEqual(['gift-wrap', 'shipping-canada', 'store-hours']);
    expect(admin.errors).toEqual([]);
  });
});
