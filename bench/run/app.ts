/**
 * The app as a user meets it, on a production build served from localhost:
 *   - cold start (empty browser profile): page load → models ready → first result for a dropped
 *     photo, and the bytes fetched; then a warm reload (models from Cache Storage, the app from the
 *     service worker);
 *   - live webcam identification: the frame rate the Identify screen shows with the overlay, from
 *     Chromium's fake camera playing a 30 fps video of a photo.
 * Run with `npm run bench` (all sections) or `npx tsx bench/run/app.ts`.
 */
import { resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { build, preview } from 'vite';
import { launchChromium } from '../../testkit/chromium.ts';
import { fakeCamera } from '../../testkit/fakeCamera.ts';
import { fixture } from '../../testkit/fixtures.ts';
import { ms, summarize, type Summary } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = 'dist-bench-app';
const PHOTO = fixture('resolution', 'obama-720p.jpg');

export interface LoadReport {
  /** Milliseconds from navigation start. */
  readonly domContentLoaded: number;
  readonly modelsReady: number;
  readonly photoGiven: number;
  readonly firstResult: number;
  /**
   * Bytes on the wire, fetched over the network (not from the service worker or a cache): headers and
   * the body as sent, i.e. compressed where `vite preview` served a .br / .gz copy (Playwright's
   * responseBodySize is the encoded size).
   */
  readonly networkBytes: number;
  readonly networkRequests: number;
  readonly serviceWorkerRequests: number;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  /** The worker's start-up steps (Settings → Engine), in ms from navigation start. */
  readonly startup: readonly StartupRow[];
}

export interface StartupRow {
  readonly step: string;
  readonly ms: number;
}

export interface AppReport {
  readonly cold: LoadReport[];
  readonly warm: LoadReport[];
  readonly live: { readonly fps: Summary; readonly latencyMs: Summary; readonly seconds: number };
}

/** Marks when the engine badge and the first identified face appear (performance.now(), from navigation start). */
function installMarks(): void {
  const marks: Record<string, number> = {};
  (window as unknown as { __faceprintMarks: Record<string, number> }).__faceprintMarks = marks;
  new MutationObserver(() => {
    if (marks.ready === undefined && document.querySelector('[data-testid="backend"]')) marks.ready = performance.now();
    if (marks.result === undefined && document.querySelector('[data-testid="identify-result"] [data-testid="identify-face"]')) {
      marks.result = performance.now();
    }
  }).observe(document, { subtree: true, childList: true });
}

interface Traffic {
  bytes: number;
  requests: number;
  fromServiceWorker: number;
  /** Every network fetch: path and bytes. */
  files: { path: string; bytes: number }[];
}

function recordTraffic(context: BrowserContext): Traffic {
  const traffic: Traffic = { bytes: 0, requests: 0, fromServiceWorker: 0, files: [] };
  context.on('requestfinished', (request) => {
    void (async () => {
      const response = await request.response();
      if (response?.fromServiceWorker()) {
        traffic.fromServiceWorker++;
        return;
      }
      const sizes = await request.sizes();
      const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
      traffic.requests++;
      traffic.bytes += bytes;
      traffic.files.push({ path: new URL(request.url()).pathname, bytes });
    })();
  });
  return traffic;
}

async function loadOnce(page: Page, traffic: Traffic, navigate: () => Promise<unknown>): Promise<LoadReport> {
  traffic.bytes = 0;
  traffic.requests = 0;
  traffic.fromServiceWorker = 0;
  traffic.files = [];
  await navigate();
  // The user drops a photo as soon as the drop zone is there; the worker waits for the models.
  const input = page.getByTestId('identify-drop-files');
  await input.waitFor({ state: 'attached' });
  // The drop zone takes files once the worker exists (its buttons are enabled then), models loaded or not.
  await page.locator('.drop:not(.drop-disabled)').first().waitFor();
  const photoGiven = await page.evaluate(() => performance.now());
  await input.setInputFiles(PHOTO);
  await page.waitForFunction(
    () => (window as unknown as { __faceprintMarks: Record<string, number> }).__faceprintMarks.result !== undefined,
    null,
    { timeout: 120_000 },
  );
  const marks = await page.evaluate(() => (window as unknown as { __faceprintMarks: Record<string, number> }).__faceprintMarks);
  const dcl = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
  );
  await page.waitForTimeout(500); // let the last requestfinished events arrive
  const startup = await readStartupProfile(page);
  return {
    domContentLoaded: dcl,
    modelsReady: marks.ready ?? Number.NaN,
    photoGiven,
    firstResult: marks.result ?? Number.NaN,
    networkBytes: traffic.bytes,
    networkRequests: traffic.requests,
    serviceWorkerRequests: traffic.fromServiceWorker,
    files: [...traffic.files].sort((a, b) => b.bytes - a.bytes),
    startup,
  };
}

/** Settings → Engine's start-up list, moved from the worker's clock to the page's; leaves the page on Identify. */
async function readStartupProfile(page: Page): Promise<StartupRow[]> {
  await page.evaluate(() => (location.hash = '#/settings'));
  await page.getByTestId('startup-profile').waitFor({ state: 'attached' });
  const steps = await page
    .getByTestId('startup-step')
    .evaluateAll((items) => items.map((li) => ({ step: li.getAttribute('data-step') ?? '', ms: Number(li.getAttribute('data-ms')) })));
  const workerStart = await page.evaluate(() => performance.getEntriesByName('faceprint-engine-start').at(-1)?.startTime ?? Number.NaN);
  await page.evaluate(() => (location.hash = '#/identify'));
  await page.getByTestId('identify-drop-files').waitFor({ state: 'attached' });
  return steps.map((s) => ({ step: s.step, ms: workerStart + s.ms }));
}

/** The load with the median first result, step by step (a median per step would mix runs). */
function startupMarkdown(label: string, loads: readonly LoadReport[]): string[] {
  const sorted = [...loads].sort((a, b) => a.firstResult - b.firstResult);
  const load = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!load) return [];
  return [
    `${label}, the load with the median first result, step by step (ms from navigation start; the worker's steps from Settings → Engine):`,
    '',
    '| ms | step |',
    '|---|---|',
    `| ${ms(load.domContentLoaded)} | page: DOM ready |`,
    ...load.startup.map((s) => `| ${ms(s.ms)} | worker: ${s.step} |`),
    `| ${ms(load.modelsReady)} | page: models ready shown |`,
    `| ${ms(load.photoGiven)} | page: photo given to Identify |`,
    `| ${ms(load.firstResult)} | page: first result shown |`,
    '',
  ];
}

async function benchStartup(origin: string, runs: number): Promise<Pick<AppReport, 'cold' | 'warm'>> {
  const browser = await launchChromium();
  const cold: LoadReport[] = [];
  const warm: LoadReport[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext(); // an empty profile: no HTTP cache, no Cache Storage
      await context.addInitScript(installMarks);
      const traffic = recordTraffic(context);
      const page = await context.newPage();
      cold.push(await loadOnce(page, traffic, () => page.goto(`${origin}/#/identify`)));
      // Let the service worker finish precaching before the reload.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => new Promise((r) => setTimeout(r, 2000))));
      warm.push(await loadOnce(page, traffic, () => page.reload()));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { cold, warm };
}

async function benchLive(origin: string, seconds: number): Promise<AppReport['live']> {
  // At 30 fps, so that the camera never limits the frame rate measured.
  const browser = await launchChromium({ cameraVideo: fakeCamera(PHOTO, { fps: 30, seconds: 4 }) });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/#/identify`);
    await page.getByTestId('backend').waitFor({ timeout: 120_000 });
    await page.getByTestId('identify-mode-live').click();
    await page.getByTestId('live-start').click();
    const fpsText = page.getByTestId('live-fps');
    await page.waitForFunction(() => /\d fps$/.test(document.querySelector('[data-testid="live-fps"]')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(5000); // past the first seconds after load
    const latencyText = page.getByTestId('live-latency');
    const samples: number[] = [];
    const latencies: number[] = [];
    for (let t = 0; t < seconds * 2; t++) {
      await page.waitForTimeout(500);
      const value = Number.parseFloat((await fpsText.textContent()) ?? '');
      if (Number.isFinite(value)) samples.push(value);
      const latency = Number.parseFloat((await latencyText.textContent()) ?? '');
      if (Number.isFinite(latency)) latencies.push(latency);
    }
    return { fps: summarize(samples), latencyMs: summarize(latencies), seconds };
  } finally {
    await browser.close();
  }
}

export async function benchApp(
  runs = 3,
  liveSeconds = 15,
  port = Number(process.env.FACEPRINT_BENCH_APP_PORT ?? 4392),
): Promise<AppReport> {
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR }, preview: { port, strictPort: true } });
  const origin = `http://localhost:${port}`;
  try {
    const startup = await benchStartup(origin, runs);
    const live = await benchLive(origin, liveSeconds);
    return { ...startup, live };
  } finally {
    await server.close();
  }
}

export function appMarkdown(r: AppReport): string {
  const row = (label: string, loads: readonly LoadReport[]) => {
    const med = (f: (l: LoadReport) => number) => ms(summarize(loads.map(f)).median);
    const bytes = summarize(loads.map((l) => l.networkBytes)).median;
    return `| ${label} (n=${loads.length}) | ${med((l) => l.domContentLoaded)} | ${med((l) => l.modelsReady)} | ${med((l) => l.firstResult)} | ${(bytes / 1e6).toFixed(2)} MB in ${med((l) => l.networkRequests)} requests | ${med((l) => l.serviceWorkerRequests)} |`;
  };
  return [
    'Milliseconds from navigation start, medians. The photo (obama-720p.jpg) is given to the drop zone as soon as it exists.',
    '',
    '| Load | DOM ready | Models ready | First result | Fetched from the network | From the service worker |',
    '|---|---|---|---|---|---|',
    row('cold (empty profile)', r.cold),
    row('warm reload', r.warm),
    '',
    ...startupMarkdown('Cold load', r.cold),
    ...startupMarkdown('Warm reload', r.warm),
    `Live webcam identification (Identify → Live webcam, fake 640×480 camera at 30 fps, overlay on): ${r.live.fps.median.toFixed(1)} fps median, ${r.live.fps.min.toFixed(1)} fps lowest; camera to result ${ms(r.live.latencyMs.median)} ms median, over ${r.live.seconds} s of the screen's own readouts.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(appMarkdown(await benchApp()));
}
