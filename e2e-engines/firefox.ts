/**
 * Firefox (Debian's firefox-esr) over WebDriver BiDi, which Firefox serves itself on
 * --remote-debugging-port (no geckodriver). Node 20 needs --experimental-websocket for WebSocket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageScript, type Driver } from './driver.ts';

export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/** Preferences for an unattended run; the fake camera is Firefox's own test pattern (no face in it). */
const PREFS: Record<string, boolean | string | number> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  ...(process.env.FACEPRINT_FIREFOX_STDOUT
    ? { 'devtools.console.stdout.content': true, 'browser.dom.window.dump.enabled': true, 'devtools.console.stdout.chrome': true }
    : {}),
};

interface BidiMessage {
  readonly id?: number;
  readonly type?: 'success' | 'error' | 'event';
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: string;
  readonly message?: string;
}

interface RemoteValue {
  readonly type: string;
  readonly value?: unknown;
  readonly sharedId?: string;
}

interface EvaluateResult {
  readonly type: 'success' | 'exception';
  readonly result?: RemoteValue;
  readonly exceptionDetails?: { readonly text: string };
}

class FirefoxDriver implements Driver {
  readonly fakeCamera = true;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: BidiMessage) => void; reject: (e: Error) => void }>();
  private readonly messages: string[] = [];
  private context = '';

  constructor(
    readonly name: string,
    private readonly process: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profile: string,
    private readonly keepProfile: boolean,
  ) {
    socket.addEventListener('message', (event) => this.onMessage(JSON.parse(String(event.data)) as BidiMessage));
    socket.addEventListener('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('Firefox closed the WebDriver BiDi connection'));
      this.pending.clear();
    });
  }

  private onMessage(message: BidiMessage): void {
    if (message.type === 'event') {
      if (message.method === 'log.entryAdded') {
        const entry = message.params as { level?: string; text?: string; source?: { realm?: string } };
        this.messages.push(`[${entry.level ?? 'log'}] ${entry.text ?? ''}`);
      }
      return;
    }
    if (message.id === undefined) return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(`${message.error ?? 'error'}: ${message.message ?? ''}`));
    else waiter.resolve(message);
  }

  send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (m) => resolve(m.result ?? {}), reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(): Promise<void> {
    await this.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: false } } });
    await this.send('session.subscribe', { events: ['log.entryAdded'] });
    const tree = (await this.send('browsingContext.getTree', {})) as { contexts: { context: string }[] };
    this.context = tree.contexts[0]!.context;
  }

  async goto(url: string): Promise<void> {
    await this.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' });
  }

  async reload(): Promise<void> {
    await this.send('browsingContext.reload', { context: this.context, wait: 'complete' });
  }

  private async evaluate(expression: string): Promise<RemoteValue> {
    const out = (await this.send('script.evaluate', {
      expression,
      target: { context: this.context },
      awaitPromise: true,
      resultOwnership: 'none',
    })) as unknown as EvaluateResult;
    if (out.type === 'exception') throw new Error(out.exceptionDetails?.text ?? 'script failed');
    return out.result!;
  }

  async run<T>(body: string, ...args: readonly unknown[]): Promise<T> {
    const value = await this.evaluate(pageScript(body, args));
    return JSON.parse(String(value.value)) as T;
  }

  async setFiles(selector: string, paths: readonly string[]): Promise<void> {
    const element = await this.evaluate(`document.querySelector(${JSON.stringify(selector)})`);
    if (element.type !== 'node' || !element.sharedId) throw new Error(`no element matches ${selector}`);
    await this.send('input.setFiles', { context: this.context, element: { sharedId: element.sharedId }, files: [...paths] });
  }

  consoleMessages(): readonly string[] {
    return this.messages;
  }

  async quit(): Promise<void> {
    try {
      await Promise.race([this.send('browser.close', {}), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // Closing ends the connection before the answer can come.
    }
    this.socket.close();
    // Let Firefox close and let go of the profile (a kept one is opened again by the next launch).
    const running = () => this.process.exitCode === null && this.process.signalCode === null;
    const exited = new Promise((r) => (running() ? this.process.once('exit', r) : r(null)));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (running()) this.process.kill('SIGKILL');
    await exited;
    if (!this.keepProfile) rmSync(this.profile, { recursive: true, force: true });
  }
}

export function firefoxVersion(): string | null {
  try {
    return execFileSync(FIREFOX_PATH, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export interface FirefoxOptions {
  /** Preferences on top of PREFS (a storage limit, say). */
  readonly prefs?: Record<string, boolean | string | number>;
  /**
   * A profile folder to use and keep after quit (the caller removes it), so that a second launch finds
   * what the first stored; by default a fresh one, removed on quit.
   */
  readonly profile?: string;
}

/** Starts headless Firefox with a fresh (or the given) profile and its BiDi server on `port`. */
export async function launchFirefox(port: number, options: FirefoxOptions = {}): Promise<Driver> {
  const version = firefoxVersion() ?? 'Firefox';
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'faceprint-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries({ ...PREFS, ...options.prefs })
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );
  const child = spawn(FIREFOX_PATH, ['--headless', '--no-remote', '--profile', profile, `--remote-debugging-port=${port}`, 'about:blank'], {
    stdio: ['ignore', process.env.FACEPRINT_FIREFOX_STDOUT ? 'inherit' : 'ignore', 'pipe'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Firefox did not start its WebDriver BiDi server within 60 s:\n${seen}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`Firefox exited (${code}) before its WebDriver BiDi server started:\n${seen}`)));
  });
  const socket = new WebSocket(`${address}/session`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error(`could not connect to ${address}/session`)));
  });
  const driver = new FirefoxDriver(version.replace(/^Mozilla /, ''), child, socket, profile, options.profile !== undefined);
  await driver.start();
  return driver;
}
