/**
 * WebKitGTK (the engine Safari is built on) through WebKitWebDriver, classic W3C WebDriver (HTTP and
 * JSON), driving MiniBrowser in automation mode under a virtual X display (xvfb-run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pageScript, waitForHttp, type Driver } from './driver.ts';

export const WEBKIT_DRIVER_PATH = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_RUN_PATH = '/usr/bin/xvfb-run';

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

interface WireResponse {
  readonly value: unknown;
}

interface WireError {
  readonly error: string;
  readonly message: string;
}

class WebKitDriver implements Driver {
  /** MiniBrowser has no fake camera that automation can grant: the webcam flow is not run here. */
  readonly fakeCamera = false;

  constructor(
    readonly name: string,
    private readonly process: ChildProcess,
    private readonly base: string,
  ) {}

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as WireResponse;
    if (!response.ok) {
      const error = json.value as WireError;
      throw new Error(`${error.error}: ${error.message}`);
    }
    return json.value;
  }

  goto(url: string): Promise<void> {
    return this.call('POST', '/url', { url }).then(() => undefined);
  }

  reload(): Promise<void> {
    return this.call('POST', '/refresh', {}).then(() => undefined);
  }

  async run<T>(body: string, ...args: readonly unknown[]): Promise<T> {
    const script = `const done = arguments[arguments.length - 1];
${pageScript(body, args)}.then((json) => done({ json }), (e) => done({ error: String(e && e.stack || e) }));`;
    const out = (await this.call('POST', '/execute/async', { script, args: [] })) as { json?: string; error?: string };
    if (out.error !== undefined) throw new Error(out.error);
    return JSON.parse(out.json ?? 'null') as T;
  }

  async setFiles(selector: string, paths: readonly string[]): Promise<void> {
    const found = (await this.call('POST', '/element', { using: 'css selector', value: selector })) as Record<string, string>;
    await this.call('POST', `/element/${found[ELEMENT_KEY]}/value`, { text: paths.join('\n') });
  }

  consoleMessages(): readonly string[] {
    return []; // classic WebDriver has no console log in WebKitWebDriver
  }

  async quit(): Promise<void> {
    try {
      await this.call('DELETE', '');
    } catch {
      // The session may be gone already; the driver is stopped below either way.
    }
    // xvfb-run, the driver and the X server share a process group (spawned detached).
    if (this.process.pid !== undefined && this.process.exitCode === null) {
      try {
        process.kill(-this.process.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  }
}

/** What is missing to run WebKitGTK here, or null. */
export function webkitMissing(): string | null {
  const missing = [WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_RUN_PATH].filter((p) => !existsSync(p));
  return missing.length ? missing.join(', ') : null;
}

/** Starts WebKitWebDriver on `port` under xvfb-run and opens a MiniBrowser session. */
export async function launchWebKit(port: number): Promise<Driver> {
  const child = spawn(XVFB_RUN_PATH, ['-a', '-s', '-screen 0 1280x900x24', WEBKIT_DRIVER_PATH, `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
  });
  const root = `http://127.0.0.1:${port}`;
  await waitForHttp(`${root}/status`, 30_000);
  const response = await fetch(`${root}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] } } },
    }),
  });
  const json = (await response.json()) as { value: { sessionId?: string; capabilities?: { browserVersion?: string }; message?: string } };
  if (!json.value.sessionId) {
    process.kill(-child.pid!, 'SIGTERM');
    throw new Error(`WebKitWebDriver refused the session: ${json.value.message ?? JSON.stringify(json)}`);
  }
  const driver = new WebKitDriver(
    `WebKitGTK ${json.value.capabilities?.browserVersion ?? ''}`.trim(),
    child,
    `${root}/session/${json.value.sessionId}`,
  );
  await driver.run('return true');
  return driver;
}
