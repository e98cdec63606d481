// Headless Chromium for the web apps' browser tests: the system's build (never a downloaded one),
// a fresh profile per launch, and the reason when the suites must skip.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The browser to drive: `KEFU_TEST_BROWSER`, else the system's Chromium when installed. */
export function browserPath(): string | null {
  const configured = process.env.KEFU_TEST_BROWSER;
  if (configured) return configured;
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : null;
}

/** Null when the browser suites can run, else why they skip (printed once per suite). */
export function skipReason(): string | null {
  if (browserPath()) return null;
  return `browser tests skipped: KEFU_TEST_BROWSER is not set and ${SYSTEM_CHROMIUM} is missing (apt-get install chromium)`;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = browserPath();
  if (!executablePath) throw new Error(skipReason()!);
  // Playwright refuses --user-data-dir in args: for launch() it makes a fresh one itself
  // (mkdtemp, playwright_chromiumdev_profile-*) and deletes it on close.
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
