/**
 * Start-up and the webcam frame in each engine: Chromium (through Playwright), Firefox (WebDriver
 * BiDi) and WebKitGTK (WebKitWebDriver), all through the e2e-engines Driver, so every engine is timed
 * by the same code:
 *   - cold start of the production build in an empty profile (models ready, first result for a photo
 *     given to Identify as soon as it takes files), then a warm reload (service worker, cached models);
 *   - a 640×480 webcam frame through the real worker as a transferred ImageBitmap (bench/pages/engines.ts),
 *     median and p95 after a warm-up, with the worker's own per-stage times;
 *   - the backend and thread count each engine got.
 * Run with `npm run bench -- engines` or `npx tsx bench/run/engines.ts [--quick]`;
 * FACEPRINT_ENGINES=chromium,firefox picks engines (default all three).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, preview } from 'vite';
import { waitFor, type Driver } from '../../e2e-engines/driver.ts';
import { launchChromiumDriver } from '../../e2e-engines/chromium.ts';
import { FIREFOX_PATH, launchFirefox } from '../../e2e-engines/firefox.ts';
import { launchWebKit, webkitMissing } from '../../e2e-engines/webkit.ts';
import { liveRequest, matchRequest, DEFAULT_REQUEST_OPTIONS } from '../../src/worker/requests.ts';
import type { AnalysisTimings } from '../../src/worker/api.ts';
import { fixture } from '../../testkit/fixtures.ts';
import type { EngineFrameRun } from '../pages/engines.ts';
import { serveBench } from './server.ts';
import { fmtSummary, ms, summarize, type Summary } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = 'dist-bench-engines';
const PHOTO = fixture('resolution', 'obama-720p.jpg');
/** Generous: WebKitGTK takes tens of seconds to load the models on a busy machine. */
const LOAD_TIMEOUT = 300_000;

export interface EnginesOptions {
  /** Cold starts (each in a fresh browser and profile, followed by one warm reload). */
  readonly runs: number;
  /** Webcam frames run and discarded before measuring (the JIT and the allocator settle). */
  readonly settleFrames: number;
  readonly steadyFrames: number;
}

export const DEFAULT_ENGINES_OPTIONS: EnginesOptions = { runs: 3, settleFrames: 50, steadyFrames: 100 };
/** Enough to show that every step runs (not figures to record). */
export const QUICK_ENGINES_OPTIONS: EnginesOptions = { runs: 1, settleFrames: 3, steadyFrames: 5 };

/** Milliseconds from navigation start. */
export interface LoadTimes {
  readonly domContentLoaded: number;
  readonly modelsReady: number;
  readonly photoGiven: number;
  readonly firstResult: number;
  /** The models were ready before the marks could be installed: modelsReady is an upper bound. */
  readonly readyBeforeMarks: boolean;
  /** The service worker served the page (it does on a warm reload where the engine keeps it). */
  readonly serviceWorker: boolean;
}

const STAGES = ['detect', 'align', 'pose', 'embed', 'search', 'total'] as const satisfies readonly (keyof AnalysisTimings)[];

export interface EngineReport {
  readonly engine: string;
  readonly backend: string;
  readonly threads: number;
  readonly hardwareConcurrency: number;
  readonly crossOriginIsolated: boolean;
  readonly cold: LoadTimes[];
  readonly warm: LoadTimes[];
  /** The bench page's worker: created to models loaded. */
  readonly workerLoadMs: number;
  readonly webcam: { readonly wall: Summary; readonly stages: Record<(typeof STAGES)[number], Summary>; readonly faces: number };
}

export interface EnginesReport {
  readonly engines: EngineReport[];
  /** Engines not measured, with why (not installed, or a failure). */
  readonly skipped: { readonly engine: string; readonly reason: string }[];
  readonly options: EnginesOptions;
}

interface EngineChoice {
  readonly id: 'chromium' | 'firefox' | 'webkit';
  readonly missing: () => string | null;
  readonly launch: (driverPort: number) => Promise<Driver>;
}

const ENGINES: readonly EngineChoice[] = [
  { id: 'chromium', missing: () => null, launch: () => launchChromiumDriver() },
  { id: 'firefox', missing: () => (existsSync(FIREFOX_PATH) ? null : FIREFOX_PATH), launch: (port) => launchFirefox(port) },
  { id: 'webkit', missing: webkitMissing, launch: (port) => launchWebKit(port) },
];

/**
 * Runs `expression` (a promise, in the page) without holding the driver's script call open: WebDriver
 * scripts time out after 30 s, the models take longer in some engines. Polls for the outcome.
 */
async function runLong<T>(
  driver: Driver,
  what: string,
  expression: string,
  timeoutMs = LOAD_TIMEOUT,
  ...args: readonly unknown[]
): Promise<T> {
  await driver.run(
    `const job = (window.__benchJob = { done: false });
     Promise.resolve().then(() => ${expression}).then((value) => Object.assign(job, { done: true, value }), (e) => Object.assign(job, { done: true, error: String(e && e.stack || e) }));`,
    ...args,
  );
  const job = await waitFor<{ value?: T; error?: string }>(
    driver,
    what,
    `return window.__benchJob.done ? window.__benchJob : null`,
    timeoutMs,
  );
  if (job.error !== undefined) throw new Error(`${what}: ${job.error}`);
  return job.value as T;
}

/** Records, from now on, when the engine badge and the first identified face appear (performance.now()). */
const INSTALL_MARKS = `
  const marks = (window.__faceprintMarks = { readyBeforeMarks: !!byId('backend') });
  const check = () => {
    if (marks.ready === undefined && byId('backend')) marks.ready = performance.now();
    if (marks.result === undefined && document.querySelector('[data-testid="identify-result"] [data-testid="identify-face"]')) marks.result = performance.now();
  };
  check();
  new MutationObserver(check).observe(document, { subtree: true, childList: true });`;

async function loadOnce(driver: Driver, navigate: () => Promise<void>): Promise<LoadTimes> {
  await navigate();
  await driver.run(INSTALL_MARKS);
  // The user drops a photo as soon as the drop zone takes files; the worker waits for the models.
  await waitFor(
    driver,
    'the drop zone',
    `return !!document.querySelector('.drop:not(.drop-disabled)') && !!byId('identify-drop-files')`,
    LOAD_TIMEOUT,
  );
  const photoGiven = await driver.run<number>(`return performance.now()`);
  await driver.setFiles('[data-testid="identify-drop-files"]', [PHOTO]);
  await waitFor(driver, 'the first result', `return window.__faceprintMarks.result !== undefined`, LOAD_TIMEOUT);
  return driver.run<LoadTimes>(
    `const marks = window.__faceprintMarks;
     return {
       domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
       modelsReady: marks.ready, photoGiven: args[0], firstResult: marks.result, readyBeforeMarks: marks.readyBeforeMarks,
       serviceWorker: !!navigator.serviceWorker?.controller,
     };`,
    photoGiven,
  );
}

async function benchStartup(engine: EngineChoice, driverPort: number, appOrigin: string, runs: number) {
  const cold: LoadTimes[] = [];
  const warm: LoadTimes[] = [];
  let info = { backend: '', name: '' };
  for (let i = 0; i < runs; i++) {
    const driver = await engine.launch(driverPort); // an empty profile: no HTTP cache, no Cache Storage
    try {
      cold.push(await loadOnce(driver, () => driver.goto(`${appOrigin}/#/identify`)));
      info = { backend: (await driver.run<string | null>(`return text('backend')`)) ?? '', name: driver.name };
      // The service worker is active once it has stored the offline copy (bounded: the script must return).
      await driver.run(`await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 20000))]);`);
      warm.push(await loadOnce(driver, () => driver.reload()));
    } finally {
      await driver.quit();
    }
  }
  return { cold, warm, ...info };
}

async function benchWebcam(engine: EngineChoice, driverPort: number, benchOrigin: string, o: EnginesOptions) {
  const driver = await engine.launch(driverPort);
  try {
    await driver.goto(`${benchOrigin}/bench/pages/engines.html`);
    await waitFor(driver, 'the bench page', `return document.body.dataset.ready === 'true'`, 60_000);
    const init = await runLong<{
      info: { backend: string; threads: number };
      loadMs: number;
      hardwareConcurrency: number;
      isolated: boolean;
    }>(driver, 'the models (bench page)', `window.faceprintEnginesBench.init('auto')`);
    await runLong(
      driver,
      'the webcam frame',
      `window.faceprintEnginesBench.loadFrame(args[0], 'image/jpeg')`,
      60_000,
      readFileSync(PHOTO).toString('base64'),
    );
    // The live screen's request: small detector input, pose model near the limits, a gallery search.
    const request = liveRequest(DEFAULT_REQUEST_OPTIONS, { flip: false, match: matchRequest(DEFAULT_REQUEST_OPTIONS.match, 'people') });
    const frames = (count: number) =>
      runLong<EngineFrameRun[]>(
        driver,
        `${count} webcam frames`,
        `window.faceprintEnginesBench.frames(args[0], args[1])`,
        LOAD_TIMEOUT,
        request,
        count,
      );
    await frames(o.settleFrames);
    const runs = await frames(o.steadyFrames);
    const stages = Object.fromEntries(STAGES.map((s) => [s, summarize(runs.map((r) => r.timings[s]))])) as EngineReport['webcam']['stages'];
    return {
      init,
      webcam: { wall: summarize(runs.map((r) => r.wallMs)), stages, faces: runs[0]?.faces ?? 0 },
    };
  } finally {
    await driver.quit();
  }
}

export async function benchEngines(
  o: EnginesOptions = DEFAULT_ENGINES_OPTIONS,
  appPort = Number(process.env.FACEPRINT_BENCH_ENGINES_PORT ?? 4394),
): Promise<EnginesReport> {
  const wanted = (process.env.FACEPRINT_ENGINES ?? 'chromium,firefox,webkit').split(',').map((s) => s.trim());
  const driverPort = appPort + 10;
  // Only this section's page, unless an earlier section of this run built them all already.
  process.env.FACEPRINT_BENCH_PAGES ??= 'engines';
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  const app = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR }, preview: { port: appPort, strictPort: true } });
  const bench = await serveBench();
  const appOrigin = `http://localhost:${appPort}`;
  const engines: EngineReport[] = [];
  const skipped: EnginesReport['skipped'] = [];
  try {
    for (const engine of ENGINES.filter((e) => wanted.includes(e.id))) {
      const missing = engine.missing();
      if (missing) {
        skipped.push({ engine: engine.id, reason: `not installed (${missing})` });
        continue;
      }
      try {
        console.log(`engines: ${engine.id}: start-up`);
        const startup = await benchStartup(engine, driverPort, appOrigin, o.runs);
        console.log(`engines: ${engine.id}: webcam frame`);
        const { init, webcam } = await benchWebcam(engine, driverPort, bench.origin, o);
        engines.push({
          engine: startup.name,
          backend: startup.backend,
          threads: init.info.threads,
          hardwareConcurrency: init.hardwareConcurrency,
          crossOriginIsolated: init.isolated,
          cold: startup.cold,
          warm: startup.warm,
          workerLoadMs: init.loadMs,
          webcam,
        });
      } catch (e) {
        skipped.push({ engine: engine.id, reason: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    await bench.close();
    await app.close();
  }
  return { engines, skipped, options: o };
}

export function enginesMarkdown(r: EnginesReport): string {
  const med = (loads: readonly LoadTimes[], f: (l: LoadTimes) => number) => ms(summarize(loads.map(f)).median);
  const upperBound = (loads: readonly LoadTimes[]) => (loads.some((l) => l.readyBeforeMarks) ? ' (at most)' : '');
  const noWorker = (loads: readonly LoadTimes[]) => (loads.some((l) => !l.serviceWorker) ? ' (no service worker)' : '');
  const lines = [
    `Start-up of the production build, milliseconds from navigation start, medians of ${r.options.runs} cold start(s) in an empty profile, each followed by a warm reload. The photo (obama-720p.jpg) is given to Identify as soon as the drop zone takes files.`,
    '',
    '| Engine | Backend (the header badge) | Cold: models ready | Cold: first result | Warm: models ready | Warm: first result |',
    '|---|---|---|---|---|---|',
    ...r.engines.map(
      (e) =>
        `| ${e.engine} | ${e.backend} | ${med(e.cold, (l) => l.modelsReady)}${upperBound(e.cold)} | ${med(e.cold, (l) => l.firstResult)} | ${med(e.warm, (l) => l.modelsReady)}${upperBound(e.warm)} | ${med(e.warm, (l) => l.firstResult)}${noWorker(e.warm)} |`,
    ),
    '',
    `A 640×480 webcam frame (obama-720p.jpg fitted in, one face) through the worker as a transferred ImageBitmap, with the live request (320 px detector input, pose model near the limits, a search of the bench page's empty gallery); median / p95 ms over ${r.options.steadyFrames} frames after ${r.options.settleFrames} of warm-up. Stages are the worker's own timings.`,
    '',
    `| Engine | Threads (of cores) | Frame, wall | ${STAGES.map((s) => (s === 'total' ? 'worker total' : s)).join(' | ')} |`,
    `|---|---|---|${STAGES.map(() => '---').join('|')}|`,
    ...r.engines.map(
      (e) =>
        `| ${e.engine} | ${e.threads} of ${e.hardwareConcurrency}${e.crossOriginIsolated ? '' : ' (not isolated)'} | ${fmtSummary(e.webcam.wall)} | ${STAGES.map((s) => fmtSummary(e.webcam.stages[s])).join(' | ')} |`,
    ),
  ];
  if (r.skipped.length) lines.push('', ...r.skipped.map((s) => `Not measured: ${s.engine}: ${s.reason.split('\n')[0]}`));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(enginesMarkdown(await benchEngines(process.argv.includes('--quick') ? QUICK_ENGINES_OPTIONS : DEFAULT_ENGINES_OPTIONS)));
}
