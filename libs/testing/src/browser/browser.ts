import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags this machine needs: no sandbox as root, no GPU, and no calls out to Google's services. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = resolve(__dirname, '../../../../tmp/console-screenshots');

export interface Browser {
  context: BrowserContext;
  /** A new tab. */
  newPage(): Promise<Page>;
  /** Writes a full-page PNG to tmp/console-screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Headless Chromium through playwright-core with a fresh profile (no cookies, no cache), a laptop
 * sized window, and nothing but loopback to talk to.
 */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'hookyard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    // Needed for navigator.clipboard in the copy buttons.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Fills the console's sign-in form at `consoleUrl` and submits it (what follows is the test's to check). */
export async function signInToConsole(
  page: Page,
  consoleUrl: string,
  username: string,
  token: string,
): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
