// The widget as a visitor meets it: a host page with the loader, and the chat inside its frame.
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';

export interface WidgetPage {
  page: Page;
  frame: FrameLocator;
  /** The composer's text box. */
  input: Locator;
  /** Opens the panel with the launcher (if closed). */
  open(): Promise<void>;
  /** Types and sends with Enter, as a visitor would. */
  send(text: string): Promise<void>;
  /** The log's message rows: `mine` for the visitor's, else the others'. */
  bubbles(whose: 'mine' | 'theirs'): Locator;
  dialogs: string[];
}

export const FRAME_SELECTOR = 'iframe[title="Chat"]';

export async function openWidgetPage(context: BrowserContext, url: string): Promise<WidgetPage> {
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  if (process.env.KEFU_TEST_DEBUG) {
    page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    page.on('response', (r) => console.log(`[page] ${r.status()} ${r.url()}`));
  }
  await page.goto(url);
  return widgetPage(page, dialogs);
}

export function widgetPage(page: Page, dialogs: string[] = []): WidgetPage {
  const frame = page.frameLocator(FRAME_SELECTOR);
  const input = frame.locator('.kf-composer textarea');
  return {
    page,
    frame,
    input,
    dialogs,
    async open() {
      const launcher = frame.locator('.kf-launcher');
      await launcher.waitFor();
      if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
      await frame.locator('.kf-panel').waitFor();
    },
    async send(text: string) {
      await input.fill(text);
      await input.press('Enter');
    },
    bubbles(whose) {
      return frame.locator(whose === 'mine' ? '.kf-row.kf-mine .kf-bubble' : '.kf-row:not(.kf-mine):not(.kf-greeting) .kf-bubble');
    },
  };
}
