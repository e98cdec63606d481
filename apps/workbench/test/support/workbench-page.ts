// The workbench as an agent meets it: sign in, pick a list and a conversation, write, act.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { AGENT_PASSWORD } from '../../../server/test/support/api.js';

export interface WorkbenchPage {
  page: Page;
  /** The composer's text box. */
  input: Locator;
  openList(list: 'mine' | 'queue' | 'open' | 'resolved'): Promise<void>;
  /** The list's row of a conversation. */
  item(conv: string): Locator;
  openConversation(conv: string): Promise<void>;
  /** Rows of the timeline: the visitor's (`in`) or ours (`out`). */
  messages(direction: 'in' | 'out'): Locator;
  /** Types and sends with Enter, as an agent would. */
  reply(text: string): Promise<void>;
  action(name: 'claim' | 'resolve' | 'reopen' | 'transfer'): Locator;
  errors: string[];
  dialogs: string[];
}

export async function openWorkbench(context: BrowserContext, baseUrl: string, email: string, options: { signIn?: boolean } = {}): Promise<WorkbenchPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  if (process.env.KEFU_TEST_DEBUG) page.on('console', (m) => console.log(`[workbench ${m.type()}] ${m.text()}`));
  await page.goto(`${baseUrl}/`);
  if (options.signIn !== false) {
    await page.getByLabel(/^(Email|邮箱)$/).fill(email);
    await page.getByLabel(/^(Password|密码)$/).fill(AGENT_PASSWORD);
    await page.locator('form.login-card button[type="submit"]').click();
    await page.locator('.conn[data-conn="open"]').waitFor({ timeout: 15_000 });
  }
  return workbenchPage(page, errors, dialogs);
}

export function workbenchPage(page: Page, errors: string[] = [], dialogs: string[] = []): WorkbenchPage {
  const input = page.locator('#composer-input');
  const item = (conv: string) => page.locator(`.conv-item[data-conv="${conv}"]`);
  return {
    page,
    input,
    errors,
    dialogs,
    async openList(list) {
      await page.locator(`.nav-item[data-list="${list}"]`).click();
    },
    item,
    async openConversation(conv) {
      await item(conv).click();
      await page.locator('.pane .timeline').waitFor();
    },
    messages(direction) {
      return page.locator(`.timeline .msg-${direction}`);
    },
    async reply(text) {
      await input.fill(text);
      await input.press('Enter');
    },
    action(name) {
      return page.locator(`.actions [data-action="${name}"]`);
    },
  };
}
