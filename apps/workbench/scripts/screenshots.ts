// Takes the docs' screenshots of the workbench's admin pages and dashboard into docs/screenshots/
// (workbench-*.png): starts the built server with the demo bot on a temporary data directory,
// has visitors write and an agent answer over the protocol so the figures are not empty, then
// photographs the pages in headless Chromium (KEFU_TEST_BROWSER or /usr/bin/chromium).
//   npm run build && npm run screenshots -w @kefu/workbench
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const OUT = path.join(REPO, 'docs/screenshots');
const ADMIN = { email: 'admin@screenshots.local', password: 'screenshots-password-1' };

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(REPO, 'apps/server/dist/main.js')], {
    env: {
      ...process.env,
      KEFU_PORT: '0',
      KEFU_HOST: '127.0.0.1',
      KEFU_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'kefu-shots-')),
      KEFU_ADMIN_EMAIL: ADMIN.email,
      KEFU_ADMIN_PASSWORD: ADMIN.password,
      KEFU_LOG_LEVEL: 'warn',
      KEFU_DEMO_BOT: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function rest<T>(base: string, method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** One protocol connection (visitor or agent) that remembers every frame it got. */
class Peer {
  private frames: Array<Record<string, unknown>> = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => this.frames.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
  }

  static async connect(base: string, hello: Record<string, unknown>): Promise<{ peer: Peer; welcome: Record<string, unknown> }> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, 'kefu.v1.json');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const peer = new Peer(ws);
    ws.send(JSON.stringify({ t: 'hello', v: 1, ...hello }));
    return { peer, welcome: await peer.waitFor((f) => f.t === 'welcome') };
  }

  async waitFor(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (let i = 0; i < 300; i++) {
      const found = this.frames.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('waited too long for a frame');
  }

  /** Sends a message and waits until it is stored; answers its conversation id. */
  async say(text: string, conv?: string): Promise<string> {
    const id = `shot-${Math.random().toString(36).slice(2)}`;
    this.ws.send(JSON.stringify({ t: 'send', id, text, ...(conv ? { conv } : {}) }));
    const sent = await this.waitFor((f) => f.t === 'sent' && f.id === id);
    return sent.conv as string;
  }

  close(): void {
    this.ws.close();
  }
}

async function seed(base: string, admin: string): Promise<{ botConv: string }> {
  const inboxes = await rest<{ inboxes: Array<{ id: string; widgetKey: string }> }>(base, 'GET', '/api/v1/inboxes', admin);
  const widgetKey = inboxes.inboxes[0]!.widgetKey;
  await rest(base, 'POST', '/api/v1/inboxes', admin, { name: 'Outlet shop', settings: { greeting: 'Welcome to the outlet! Ask us anything.', allowedOrigins: ['https://outlet.example'] } });
  const team = await rest<{ id: string }>(base, 'POST', '/api/v1/teams', admin, { name: 'Billing', policy: 'round_robin' });
  await rest(base, 'PATCH', `/api/v1/teams/${team.id}`, admin, {
    businessHours: { timeZone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })), holidays: ['2026-10-01'] },
  });
  const people: Array<{ name: string; email: string }> = [
    { name: 'Alice Wang', email: 'alice@screenshots.local' },
    { name: '李明', email: 'liming@screenshots.local' },
    { name: 'Omar Haddad', email: 'omar@screenshots.local' },
  ];
  const tokens: string[] = [];
  for (const p of people) {
    const agent = await rest<{ id: string }>(base, 'POST', '/api/v1/agents', admin, { ...p, password: ADMIN.password });
    await rest(base, 'PUT', `/api/v1/teams/${team.id}/members/${agent.id}`, admin);
    tokens.push((await rest<{ token: string }>(base, 'POST', '/api/v1/auth/login', undefined, { email: p.email, password: ADMIN.password })).token);
  }
  await rest(base, 'POST', '/api/v1/labels', admin, { name: 'refund', color: '#dc2626', description: 'Money back asked for' });
  await rest(base, 'POST', '/api/v1/labels', admin, { name: 'vip', color: '#7c3aed', description: 'Customers of the gold plan' });
  await rest(base, 'POST', '/api/v1/canned-responses', admin, { shortcut: 'thanks', text: 'Thank you for your patience, {{contact.name}}!', scope: 'tenant' });
  await rest(base, 'POST', '/api/v1/canned-responses', admin, { shortcut: 'hours', text: 'We answer Monday to Friday, 9:00 to 18:00 (Beijing time).', scope: 'tenant' });
  await rest(base, 'PATCH', '/api/v1/settings/routing', admin, { poolPolicy: 'manual', teamRules: [{ attribute: 'department', equals: 'billing', teamId: team.id }] });

  // Two agents online; visitors: some the bot answers, some ask for a person.
  const agents = await Promise.all(tokens.slice(0, 2).map(async (token) => (await Peer.connect(base, { role: 'agent', token })).peer));
  const visitor = async (text: string) => {
    const { peer, welcome } = await Peer.connect(base, { role: 'visitor', widgetKey });
    const conv = await peer.say(text);
    return { peer, conv, token: welcome.visitorToken as string };
  };
  const botConv = (await visitor('快递几天能到')).conv;
  await visitor('怎么退货');
  await visitor('运费怎么算');
  await visitor('我的优惠券用不了');
  const served = [];
  for (const text of ['转人工', '人工客服', '我要找人工']) served.push(await visitor(text));
  await visitor('找人工');
  await new Promise((r) => setTimeout(r, 1000));
  for (const [i, v] of served.entries()) {
    const token = tokens[i % 2]!;
    await rest(base, 'POST', `/api/v1/conversations/${v.conv}/claim`, token);
    await agents[i % 2]!.say('您好，我来帮您看一下。', v.conv);
  }
  await rest(base, 'POST', `/api/v1/conversations/${served[0]!.conv}/resolve`, tokens[0]);
  await rest(base, 'POST', '/api/v1/widget/csat', undefined, { widgetKey, visitorToken: served[0]!.token, conversationId: served[0]!.conv, rating: 5 });
  await rest(base, 'POST', `/api/v1/conversations/${served[1]!.conv}/resolve`, tokens[1]);
  await rest(base, 'POST', '/api/v1/widget/csat', undefined, { widgetKey, visitorToken: served[1]!.token, conversationId: served[1]!.conv, rating: 4 });
  return { botConv };
}

async function signIn(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.locator('form.login-card button[type="submit"]').click();
  await page.locator('.conn[data-conn="open"]').waitFor();
  return page;
}

async function shot(page: Page, file: string): Promise<void> {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUT, file) });
  process.stdout.write(`  ${path.relative(REPO, path.join(OUT, file))}\n`);
}

async function open(page: Page, name: string): Promise<void> {
  await page.locator(`.nav-item[data-admin="${name}"]`).click();
  await page.locator(`.admin-page[data-page="${name}"]`).waitFor();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.KEFU_TEST_BROWSER ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const { token: admin } = await rest<{ token: string }>(server.url, 'POST', '/api/v1/auth/login', undefined, ADMIN);
    const { botConv } = await seed(server.url, admin);
    const page = await signIn(browser, server.url);

    await open(page, 'dashboard');
    await page.locator('[data-tile="created"] .tile-value').waitFor();
    await shot(page, 'workbench-dashboard.png');
    await open(page, 'agents');
    await page.locator('.admin-table tbody tr').nth(3).waitFor();
    await shot(page, 'workbench-agents.png');
    await open(page, 'teams');
    await page.locator('[data-team]').first().waitFor();
    await shot(page, 'workbench-teams.png');
    await open(page, 'inboxes');
    await page.locator('[data-inbox]').nth(1).waitFor();
    await shot(page, 'workbench-inboxes.png');
    await open(page, 'replies');
    await page.locator('[data-canned]').first().waitFor();
    await shot(page, 'workbench-replies.png');
    await open(page, 'kb');
    await page.locator('.kb-table tbody tr').first().waitFor();
    await shot(page, 'workbench-kb.png');
    await open(page, 'bot');
    await page.getByLabel('Ask what a visitor would ask').fill('可以用花呗分期吗');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.locator('.try-result').waitFor();
    await shot(page, 'workbench-bot.png');

    await page.locator('.nav-item[data-list="open"]').click();
    await page.locator(`.conv-item[data-conv="${botConv}"]`).click();
    await page.locator('.bot-trace .turn').first().waitFor();
    await shot(page, 'workbench-bot-trace.png');

    await page.locator('select[aria-label="Language"]').selectOption('zh-CN');
    await open(page, 'dashboard');
    await page.locator('[data-tile="created"] .tile-value').waitFor();
    await shot(page, 'workbench-dashboard-zh-CN.png');
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
