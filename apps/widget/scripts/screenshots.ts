// Takes the README's screenshots of the widget (desktop and mobile, English and Chinese) into
// docs/screenshots/: starts the built server on a temporary data directory, has an agent answer
// over the protocol, and photographs /demo in headless Chromium (KEFU_TEST_BROWSER or /usr/bin/chromium).
//   npm run build && npm run screenshots -w @kefu/widget
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type FrameLocator } from 'playwright-core';
import WebSocket from 'ws';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const OUT = path.join(REPO, 'docs/screenshots');
const ADMIN = { email: 'admin@screenshots.local', password: 'screenshots-password-1' };

interface Shot {
  file: string;
  locale: 'en' | 'zh-CN';
  mobile: boolean;
}

const SHOTS: Shot[] = [
  { file: 'widget-desktop-en.png', locale: 'en', mobile: false },
  { file: 'widget-desktop-zh-CN.png', locale: 'zh-CN', mobile: false },
  { file: 'widget-mobile-en.png', locale: 'en', mobile: true },
  { file: 'widget-mobile-zh-CN.png', locale: 'zh-CN', mobile: true },
];

const SCRIPT = {
  en: {
    agent: 'Alice Wang',
    visitor: ['Hi! My order #1042 has not arrived yet.', 'Great, thank you!'],
    replies: ['Sorry about that! Let me check…', "It left our warehouse yesterday. Track it on [the carrier's page](https://example.com/track/1042)."],
  },
  'zh-CN': {
    agent: '王芳',
    visitor: ['你好，我的订单 #1042 还没有到。', '好的，谢谢！'],
    replies: ['抱歉让您久等了，我帮您查一下…', '包裹昨天已从仓库发出，可在[物流页面](https://example.com/track/1042)查看进度。'],
  },
};

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(REPO, 'apps/server/dist/main.js')], {
    env: { ...process.env, KEFU_PORT: '0', KEFU_HOST: '127.0.0.1', KEFU_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'kefu-shots-')), KEFU_ADMIN_EMAIL: ADMIN.email, KEFU_ADMIN_PASSWORD: ADMIN.password, KEFU_LOG_LEVEL: 'warn' },
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
  return (await res.json()) as T;
}

/** An agent on the WebSocket: answers, marks read, shows typing. */
class Agent {
  private frames: Array<Record<string, unknown>> = [];
  private seen = new Set<string>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => this.frames.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
  }

  static async connect(base: string, token: string): Promise<Agent> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, 'kefu.v1.json');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const agent = new Agent(ws);
    ws.send(JSON.stringify({ t: 'hello', v: 1, role: 'agent', token }));
    await agent.waitFor((f) => f.t === 'welcome');
    return agent;
  }

  async waitFor(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const found = this.frames.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the agent waited too long');
  }

  /** Every agent hears of every new conversation: forget those before a shot. */
  skipKnown(): void {
    for (const f of this.frames) if (f.t === 'conv') this.seen.add((f.conv as { id: string }).id);
  }

  async nextConversation(): Promise<string> {
    const f = await this.waitFor((x) => x.t === 'conv' && !this.seen.has((x.conv as { id: string }).id));
    const id = (f.conv as { id: string }).id;
    this.seen.add(id);
    return id;
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  close(): void {
    this.ws.close();
  }
}

async function shoot(browser: Browser, base: string, shot: Shot, agent: Agent, token: string): Promise<void> {
  const script = SCRIPT[shot.locale];
  agent.skipKnown();
  const context = await browser.newContext({
    locale: shot.locale,
    viewport: shot.mobile ? { width: 390, height: 844 } : { width: 1280, height: 820 },
    deviceScaleFactor: 2,
    isMobile: shot.mobile,
    hasTouch: shot.mobile,
  });
  const page = await context.newPage();
  await page.goto(`${base}/demo`);
  const frame: FrameLocator = page.frameLocator('iframe[title="Chat"]');
  await frame.locator('.kf-launcher').click();
  const input = frame.locator('.kf-composer textarea');
  await input.fill(script.visitor[0]!);
  await input.press('Enter');
  const conv = await agent.nextConversation();
  await rest(base, 'POST', `/api/v1/conversations/${conv}/claim`, token);
  for (const [i, text] of script.replies.entries()) agent.send({ t: 'send', id: `shot-${conv}-${i}`, conv, text });
  await frame.getByText(script.replies[1]!.slice(0, 12)).waitFor();
  await input.fill(script.visitor[1]!);
  await input.press('Enter');
  await frame.locator('.kf-status[data-status="sent"]').nth(1).waitFor();
  const timeline = await rest<{ messages: Array<{ seq: number }> }>(base, 'GET', `/api/v1/conversations/${conv}/messages`, token);
  agent.send({ t: 'read', conv, seq: timeline.messages.at(-1)!.seq });
  agent.send({ t: 'typing', conv, on: true });
  await frame.locator('.kf-dots').waitFor();
  await frame.locator('.kf-status[data-status="read"]').nth(1).waitFor();
  await input.blur();
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, shot.file) });
  process.stdout.write(`  ${path.relative(REPO, path.join(OUT, shot.file))}\n`);
  await context.close();
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
    await rest(server.url, 'PATCH', '/api/v1/settings/routing', admin, { poolPolicy: 'manual' });
    const agents = new Map<Shot['locale'], { agent: Agent; token: string }>();
    for (const locale of ['en', 'zh-CN'] as const) {
      const email = `${locale.toLowerCase()}@screenshots.local`;
      await rest(server.url, 'POST', '/api/v1/agents', admin, { email, name: SCRIPT[locale].agent, password: ADMIN.password });
      const { token } = await rest<{ token: string }>(server.url, 'POST', '/api/v1/auth/login', undefined, { email, password: ADMIN.password });
      agents.set(locale, { agent: await Agent.connect(server.url, token), token });
    }
    for (const shot of SHOTS) {
      const { agent, token } = agents.get(shot.locale)!;
      await shoot(browser, server.url, shot, agent, token);
    }
    for (const { agent } of agents.values()) agent.close();
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
