/**
 * Debian's Chromium behind the engines Driver, through Playwright (which drives it natively), so that
 * code written against Driver (the engines benchmark) measures all three engines the same way. The
 * Playwright suite in e2e/ stays the place where Chromium is tested.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { CHROMIUM_PATH, launchChromium } from '../testkit/chromium.ts';
import { pageScript, type Driver } from './driver.ts';

class ChromiumDriver implements Driver {
  readonly fakeCamera = false;
  private readonly messages: string[] = [];

  constructor(
    readonly name: string,
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    page.on('console', (message) => this.messages.push(`[${message.type()}] ${message.text()}`));
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  async run<T>(body: string, ...args: readonly unknown[]): Promise<T> {
    return JSON.parse(await this.page.evaluate<string>(pageScript(body, args))) as T;
  }

  async setFiles(selector: string, paths: readonly string[]): Promise<void> {
    await this.page.locator(selector).setInputFiles([...paths]);
  }

  consoleMessages(): readonly string[] {
    return this.messages;
  }

  async quit(): Promise<void> {
    await this.context.close();
    await this.browser.close();
  }
}

/** Starts headless Chromium with an empty profile (a fresh Playwright context). */
export async function launchChromiumDriver(): Promise<Driver> {
  // "Chromium 150.0.7871.100 built on Debian GNU/Linux 12 (bookworm)": the version is enough.
  const version = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/ built on .*/, '');
  const browser = await launchChromium();
  const context = await browser.newContext();
  const page = await context.newPage();
  return new ChromiumDriver(version, browser, context, page);
}
