// The workbench as an admin meets it: sign in with the server's admin account, open an admin page.
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN } from '../../../server/test/support/server-process.js';

export type AdminPageName = 'dashboard' | 'agents' | 'teams' | 'inboxes' | 'replies' | 'kb' | 'bot';

export interface AdminWorkbench {
  page: Page;
  open(name: AdminPageName): Promise<void>;
  errors: string[];
}

export async function openAdmin(context: BrowserContext, baseUrl: string): Promise<AdminWorkbench> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  if (process.env.KEFU_TEST_DEBUG) page.on('console', (m) => console.log(`[admin ${m.type()}] ${m.text()}`));
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/^(Email|邮箱)$/).fill(ADMIN.email);
  await page.getByLabel(/^(Password|密码)$/).fill(ADMIN.password);
  await page.locator('form.login-card button[type="submit"]').click();
  await page.locator('.conn[data-conn="open"]').waitFor({ timeout: 15_000 });
  return {
    page,
    errors,
    async open(name) {
      await page.locator(`.nav-item[data-admin="${name}"]`).click();
      await page.locator(`.admin-page[data-page="${name}"]`).waitFor();
    },
  };
}
