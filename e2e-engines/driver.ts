/**
 * The little the engines suite needs from a browser, over W3C WebDriver: open a URL, run a script in
 * the page, give a file input some files. Firefox speaks WebDriver BiDi (./firefox.ts), WebKitGTK
 * classic WebDriver through WebKitWebDriver (./webkit.ts). Playwright cannot drive Debian's builds.
 */

export interface Driver {
  /** "Firefox 140.12.0esr", "WebKitGTK 2.50.1": what the report names. */
  readonly name: string;
  /** Whether the browser plays a fake camera to getUserMedia (checked by the webcam flow). */
  readonly fakeCamera: boolean;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Runs `body`, the body of an async function with the page helpers of PAGE_HELPERS and `args` in
   * scope, in the page; returns its result through JSON.
   */
  run<T>(body: string, ...args: readonly unknown[]): Promise<T>;
  /** Sets the files of the `<input type=file>` that `selector` finds, as a user picking them would. */
  setFiles(selector: string, paths: readonly string[]): Promise<void>;
  /** Console messages the browser reported (errors and CSP reports included), oldest first. */
  consoleMessages(): readonly string[];
  quit(): Promise<void>;
}

/** In scope for every script: find by test id, read text, click. Plain JS: it runs in the page as is. */
const PAGE_HELPERS = `
const byId = (id, root = document) => root.querySelector('[data-testid="' + id + '"]');
const allById = (id, root = document) => [...root.querySelectorAll('[data-testid="' + id + '"]')];
const text = (id) => byId(id)?.textContent ?? null;
const click = (id) => { const el = byId(id); if (!el) throw new Error('no element with data-testid ' + id); el.click(); };
const fill = (id, value) => {
  const el = byId(id);
  if (!el) throw new Error('no element with data-testid ' + id);
  // React tracks the value through the native setter; an input event then reaches its onChange.
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
};
`;

/** The script both protocols run: an async function of `args` whose result comes back as JSON text. */
export function pageScript(body: string, args: readonly unknown[]): string {
  return `(async (args) => { ${PAGE_HELPERS}\n${body}\n})(${JSON.stringify(args)}).then((value) => JSON.stringify(value ?? null))`;
}

export class TimeoutError extends Error {}

/**
 * Polls `body` (as for run) until it returns something other than null/undefined/false, and returns
 * that. Errors while the page navigates count as "not yet". Waits on what the app shows, never a sleep.
 */
export async function waitFor<T>(driver: Driver, what: string, body: string, timeoutMs: number, ...args: readonly unknown[]): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await driver.run<T | null | false>(body, ...args);
      if (value !== null && value !== false) return value;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline)
      throw new TimeoutError(`waited ${timeoutMs / 1000} s for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until `url` answers (a driver or server starting). */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new TimeoutError(`${url} did not answer within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
