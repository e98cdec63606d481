// The admin pages in headless Chromium against the real server: an admin creates an agent and an
// inbox, copies the inbox's embed snippet, and the snippet on a blank page of another site shows
// the widget, whose visitor's message reaches the server; the new agent signs in and sees no admin
// pages. A team gets members, policy, business hours and a routing rule. The dashboard counts a
// visitor's waiting conversation.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_PASSWORD, api, createAgent } from '../../server/test/support/api.js';
import { launchBrowser, skipReason } from '../../server/test/support/browser.js';
import { startHarness, type Harness } from '../../server/test/support/harness.js';
import { widgetPage } from '../../widget/test/support/page.js';
import { openAdmin } from './support/admin-page.js';
import { Visitor } from './support/visitor.js';
import { openWorkbench } from './support/workbench-page.js';

const skip = skipReason();
if (skip) console.warn(skip);

/** A customer's blank page holding exactly the given HTML in its body, on its own origin. */
async function serveBlankPage(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Blank</title></head><body>${body}</body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.skipIf(skip !== null)('admin pages in a browser', { timeout: 120_000 }, () => {
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

  it('creates an agent and an inbox whose copied snippet works on another site; the agent signs in', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    closers.push(context);
    const admin = await openAdmin(context, h.server.url);
    const { page } = admin;

    // An agent.
    await admin.open('agents');
    const email = `nina-${Date.now()}@test.local`;
    const agentForm = page.getByRole('form', { name: 'New agent' });
    await agentForm.getByLabel('Email').fill(email);
    await agentForm.getByLabel('Name').fill('Nina Lin');
    await agentForm.getByLabel('Password').fill(AGENT_PASSWORD);
    await agentForm.locator('button[type="submit"]').click();
    await agentForm.getByRole('status').filter({ hasText: 'Agent created' }).waitFor();
    await page.locator('.admin-table tr', { hasText: email }).waitFor();

    // An inbox, and its snippet through the Copy button.
    await admin.open('inboxes');
    const inboxForm = page.getByRole('form', { name: 'New inbox' });
    await inboxForm.getByLabel('Name').fill('Outlet shop');
    await inboxForm.getByLabel('Greeting').fill('Welcome to the outlet!');
    await inboxForm.locator('button[type="submit"]').click();
    const card = page.getByRole('form', { name: 'Outlet shop' });
    await card.waitFor();
    const widgetKey = (await card.locator('[data-widget-key]').getAttribute('data-widget-key'))!;
    await card.locator('[data-action="copy-snippet"]').click();
    await card.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(`<script src="${h.server.url}/widget.js" data-key="${widgetKey}" async></script>`);
    expect(await card.locator('.snippet-code').textContent()).toBe(snippet);

    const inboxes = await api<{ inboxes: Array<{ id: string; widgetKey: string; settings: { greeting?: string } }> }>(h.server.url, 'GET', '/api/v1/inboxes', { token: h.adminToken });
    const inbox = inboxes.body.inboxes.find((i) => i.widgetKey === widgetKey)!;
    expect(inbox.settings.greeting).toBe('Welcome to the outlet!');

    // The snippet, pasted into a blank page of another site.
    const site = await serveBlankPage(snippet);
    closers.push(site);
    const visitorContext = await browser.newContext();
    closers.push(visitorContext);
    const hostPage = await visitorContext.newPage();
    await hostPage.goto(site.url);
    const widget = widgetPage(hostPage);
    await widget.open();
    await widget.frame.locator('.kf-greeting', { hasText: 'Welcome to the outlet!' }).waitFor();
    await widget.send('Is the outlet open on Sunday?');
    await widget.bubbles('mine').filter({ hasText: 'Is the outlet open on Sunday?' }).waitFor();

    // The message is stored, in a conversation of the new inbox.
    await expect
      .poll(async () => {
        const list = await api<{ conversations: Array<{ id: string }> }>(h.server.url, 'GET', `/api/v1/conversations?inbox=${inbox.id}`, { token: h.adminToken });
        const conv = list.body.conversations[0];
        if (!conv) return [];
        const msgs = await api<{ messages: Array<{ text: string; from: { role: string } }> }>(h.server.url, 'GET', `/api/v1/conversations/${conv.id}/messages`, { token: h.adminToken });
        return msgs.body.messages.filter((m) => m.from.role === 'visitor').map((m) => m.text);
      })
      .toEqual(['Is the outlet open on Sunday?']);

    // The new agent signs in, and sees no admin pages.
    const agentContext = await browser.newContext();
    closers.push(agentContext);
    const nina = await openWorkbench(agentContext, h.server.url, email);
    await nina.page.locator('.me-name', { hasText: 'Nina Lin' }).waitFor();
    expect(await nina.page.locator('.nav-item[data-admin]').count()).toBe(0);
    expect(admin.errors).toEqual([]);
  });

  it('sets up a team with members, policy, business hours and a routing rule', async () => {
    const context = await browser.newContext();
    closers.push(context);
    const admin = await openAdmin(context, h.server.url);
    const { page } = admin;
    const pia = await createAgent(h.server.url, h.adminToken, 'Pia Xu');

    await admin.open('teams');
    const newTeam = page.getByRole('form', { name: 'New team' });
    await newTeam.getByLabel('Name').fill('Billing');
    await newTeam.getByLabel('Routing policy').selectOption('round_robin');
    await newTeam.locator('button[type="submit"]').click();
    const card = page.getByRole('region', { name: 'Billing' });
    await card.getByLabel('Pia Xu').check();
    await expect.poll(() => card.getByLabel('Pia Xu').isChecked()).toBe(true);
    await card.getByLabel('Open only at these hours (otherwise always open)').check();
    await card.getByLabel('Time zone').fill('Asia/Shanghai');
    await card.getByLabel('Holidays (YYYY-MM-DD, one per line)').fill('2026-10-01\n2026-10-02');
    await card.getByRole('button', { name: 'Save business hours' }).click();
    await card.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const routing = page.getByRole('form', { name: 'Routing settings' });
    await routing.getByRole('button', { name: 'Add a rule' }).click();
    await routing.getByLabel('Attribute').fill('department');
    await routing.getByLabel('Value').fill('billing');
    await routing.getByLabel('Team', { exact: true }).selectOption({ label: 'Billing' });
    await routing.getByLabel('Default capacity (open conversations per agent)').fill('3');
    await routing.locator('button[type="submit"]').click();
    await routing.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const teams = await api<{ teams: Array<{ id: string; name: string; policy: string; members: string[]; businessHours: { timeZone: string; weekly: unknown[]; holidays: string[] } | null }> }>(
      h.server.url,
      'GET',
      '/api/v1/teams',
      { token: h.adminToken },
    );
    const billing = teams.body.teams.find((t) => t.name === 'Billing')!;
    expect(billing.policy).toBe('round_robin');
    expect(billing.members).toEqual([pia.id]);
    expect(billing.businessHours).toMatchObject({ timeZone: 'Asia/Shanghai', holidays: ['2026-10-01', '2026-10-02'] });
    expect(billing.businessHours!.weekly).toHaveLength(5);
    const settings = await api<{ defaultCapacity: number; teamRules: unknown[]; poolPolicy: string }>(h.server.url, 'GET', '/api/v1/settings/routing', { token: h.adminToken });
    expect(settings.body.defaultCapacity).toBe(3);
    expect(settings.body.teamRules).toEqual([{ attribute: 'department', equals: 'billing', teamId: billing.id }]);
    // The harness's manual pool is left as it was.
    expect(settings.body.poolPolicy).toBe('manual');
    expect(admin.errors).toEqual([]);
  });

  it('shows the waiting conversation on the live dashboard after a visitor writes', async () => {
    const context = await browser.newContext();
    closers.push(context);
    const admin = await openAdmin(context, h.server.url);
    await admin.open('dashboard');
    const queued = admin.page.locator('[data-tile="queued"] .tile-value');
    await queued.waitFor();
    const before = Number(await queued.getAttribute('data-value'));
    const createdBefore = Number(await admin.page.locator('[data-tile="created"] .tile-value').getAttribute('data-value'));

    const v = await Visitor.connect(h.server.url, h.server.wsUrl, h.widgetKey);
    closers.push(v);
    await v.say('Anyone there? I have waited a while.');

    // No reload: the dashboard refreshes by itself.
    await expect.poll(async () => Number(await queued.getAttribute('data-value')), { timeout: 20_000 }).toBe(before + 1);
    await expect.poll(async () => Number(await admin.page.locator('[data-tile="created"] .tile-value').getAttribute('data-value')), { timeout: 20_000 }).toBe(createdBefore + 1);
    await admin.page.locator('.chart').first().waitFor();
    expect(admin.errors).toEqual([]);
  });
});
