/**
 * Long sessions (issue 15): does memory stay flat after warm-up?
 *   - live Identify from a fake 30 fps camera for N minutes;
 *   - a batch of P photos dropped on Identify (fixture photos, cycled), in drops of 500.
 * Every sample records: the page's and its workers' memory (performance.measureUserAgentSpecificMemory,
 * WebAssembly memory included, as JavaScript), the proportional set size of every Chromium process of
 * this browser (from /proc: decoded images and GPU-side bitmaps show there, not in the JS figure), the
 * page's live ImageBitmaps and object URLs (counted by an init script), and the DOM size.
 *
 *   npx tsx bench/run/longSession.ts [--live-minutes 10] [--photos 5000] [--every 30] [--from people,groups,resolution]
 *
 * --from: the fixture folders (under faces/) whose photos the batch cycles through.
 *
 * Writes bench-results/long-session.json and prints Markdown tables. Memory figures do not depend on
 * the machine's load; the frame rate does (the load average is printed).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../testkit/chromium.ts';
import { fakeCamera } from '../../testkit/fakeCamera.ts';
import { FACES, fixture } from '../../testkit/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = 'dist-bench-long';
const PORT = Number(process.env.FACEPRINT_BENCH_LONG_PORT ?? 4396);
const DROP = 500;

const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const liveMinutes = option('live-minutes', 10);
const photos = option('photos', 5000);
const everySeconds = option('every', 30);
const fromArg = process.argv.indexOf('--from');
const photoFolders = fromArg > 0 ? process.argv[fromArg + 1]!.split(',') : ['people', 'groups', 'resolution'];

interface PageCounts {
  readonly jsBytes: number | null;
  readonly workerBytes: number | null;
  readonly imageBitmaps: number;
  readonly objectUrls: number;
  readonly domNodes: number;
}

interface Sample extends PageCounts {
  /**
   * `pressure`: after the batch, once Chromium was told memory is critically short (what it may purge,
   * it has). `cleared`: then after Clear results and a garbage collection (what the results held).
   */
  readonly phase: 'live' | 'batch' | 'pressure' | 'cleared';
  /** Seconds into the phase (live) or photos done (batch). */
  readonly at: number;
  readonly processMiB: number;
  readonly processes: Partial<Record<ProcessKind, ProcessMemory>>;
  readonly fps: number | null;
  readonly load1: number;
}

/** Counts the page's live ImageBitmaps (not closed, not transferred, not collected) and object URLs. */
function installCounters(): void {
  const bitmaps: WeakRef<ImageBitmap>[] = [];
  const urls = new Set<string>();
  const create = window.createImageBitmap.bind(window);
  window.createImageBitmap = (async (...args: Parameters<typeof createImageBitmap>) => {
    const bitmap = await create(...args);
    bitmaps.push(new WeakRef(bitmap));
    return bitmap;
  }) as typeof createImageBitmap;
  const createUrl = URL.createObjectURL.bind(URL);
  const revokeUrl = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createUrl(object);
    urls.add(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    urls.delete(url);
    revokeUrl(url);
  };
  (window as unknown as { __longSession: () => { imageBitmaps: number; objectUrls: number } }).__longSession = () => ({
    // A closed or transferred bitmap has no size left.
    imageBitmaps: bitmaps.filter((ref) => (ref.deref()?.width ?? 0) > 0).length,
    objectUrls: urls.size,
  });
}

async function pageCounts(page: Page): Promise<PageCounts> {
  return page.evaluate(async () => {
    interface Breakdown {
      readonly bytes: number;
      readonly attribution: readonly { readonly scope: string }[];
    }
    type Measure = () => Promise<{ readonly bytes: number; readonly breakdown: readonly Breakdown[] }>;
    const measure = (performance as Performance & { measureUserAgentSpecificMemory?: Measure }).measureUserAgentSpecificMemory;
    const memory = crossOriginIsolated && measure ? await measure.call(performance) : null;
    const workerBytes =
      memory?.breakdown
        .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
        .reduce((sum, b) => sum + b.bytes, 0) ?? null;
    const counts = (window as unknown as { __longSession: () => { imageBitmaps: number; objectUrls: number } }).__longSession();
    return {
      jsBytes: memory?.bytes ?? null,
      workerBytes,
      ...counts,
      domNodes: document.getElementsByTagName('*').length,
    };
  });
}

/**
 * PSS in MiB of one kind of Chromium process: anonymous memory (heaps, WebAssembly memory), shared
 * memory (Chromium's shared and discardable memory segments: decoded images, frames, canvases passed
 * between processes) and other mapped files (the binary, fonts).
 */
interface ProcessMemory {
  readonly anon: number;
  readonly file: number;
  readonly shmem: number;
}

/** Chromium's process kinds, from each process's `--type=` switch (none: the browser process). */
type ProcessKind = 'browser' | 'renderer' | 'gpu' | 'utility' | 'other';

const processKind = (cmdline: string): ProcessKind => {
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'renderer' || type === 'utility') return type;
  return type === 'gpu-process' ? 'gpu' : 'other';
};

const totalMiB = (m: Partial<Record<ProcessKind, ProcessMemory>>): number =>
  Object.values(m).reduce((sum, k) => sum + k.anon + k.file + k.shmem, 0);

/**
 * Proportional set size of this script's descendants: the Chromium it launched, with its renderers,
 * GPU and utility processes (a browser reached through chromium.connect instead would cost the file
 * drops a copy through the socket), by process kind: where memory grows says what holds it (the
 * browser process keeps blobs, renderers the page's and workers' heaps and decoded images, shared
 * memory the images and canvases passed between processes).
 */
function browserProcesses(): Partial<Record<ProcessKind, ProcessMemory>> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const kinds: Partial<Record<ProcessKind, ProcessMemory>> = {};
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    try {
      const kind = processKind(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      const memory = { ...(kinds[kind] ?? { anon: 0, file: 0, shmem: 0 }) };
      let mapping: 'anon' | 'file' | 'shmem' = 'anon';
      for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
        const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
        if (header) {
          const [, inode, path] = header;
          // Playwright starts Chromium with --disable-dev-shm-usage, so its shared memory is made of
          // deleted files in /tmp named .org.chromium.Chromium.*; otherwise /dev/shm or memfd.
          mapping = /org\.chromium\.Chromium|^\/dev\/shm\/|^\/memfd:/.test(path!) ? 'shmem' : inode === '0' ? 'anon' : 'file';
          continue;
        }
        const pss = /^Pss:\s+(\d+)/.exec(line);
        if (pss) memory[mapping] += Number(pss[1]) / 1024;
      }
      kinds[kind] = memory;
    } catch {
      // Gone, or not ours to read.
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return kinds;
}

/** P photo files: symlinks to the fixture photos, cycled, so the batch reads real JPEGs of every size. */
function photoSet(count: number): string[] {
  const sources = photoFolders.flatMap((dir) => listPhotos(join(FACES, dir)));
  const dir = join(ROOT, 'node_modules', '.cache', 'faceprint-long-session');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const source = sources[i % sources.length]!;
    const path = join(dir, `photo-${String(i).padStart(5, '0')}${source.slice(source.lastIndexOf('.'))}`);
    symlinkSync(source, path);
    return path;
  });
}

function listPhotos(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listPhotos(join(dir, e.name)) : /\.(jpe?g|png)$/i.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const AT_LABELS: Partial<Record<Sample['phase'], string>> = {
  pressure: 'after a memory-pressure signal',
  cleared: 'then Clear results and a garbage collection',
};
const atLabel = (s: Sample): string => (AT_LABELS[s.phase] ? `${s.at}, ${AT_LABELS[s.phase]}` : String(s.at));

const mib = (bytes: number | null): string => (bytes === null ? '–' : (bytes / 2 ** 20).toFixed(0));

function table(samples: readonly Sample[], first: string): string {
  return [
    `| ${first} | page + workers (MiB) | of which workers | Chromium processes, PSS (MiB) | live ImageBitmaps | object URLs | DOM nodes | fps | load |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...samples.map(
      (s) =>
        `| ${atLabel(s)} | ${mib(s.jsBytes)} | ${mib(s.workerBytes)} | ${s.processMiB.toFixed(0)} | ${s.imageBitmaps} | ${s.objectUrls} | ${s.domNodes} | ${s.fps?.toFixed(1) ?? '–'} | ${s.load1.toFixed(1)} |`,
    ),
  ].join('\n');
}

/** Where Chromium's PSS sits: each process kind's anonymous memory (+ shared memory), and mapped files for all. */
function processTable(samples: readonly Sample[], first: string): string {
  const kinds: readonly ProcessKind[] = ['browser', 'renderer', 'gpu', 'utility', 'other'];
  const cell = (m: ProcessMemory | undefined): string => (m ? `${m.anon.toFixed(0)} + ${m.shmem.toFixed(0)}` : '–');
  return [
    `| ${first} | ${kinds.join(' | ')} | mapped files, all | total |`,
    `|---|${kinds.map(() => '---|').join('')}---|---|`,
    ...samples.map((s) => {
      const files = Object.values(s.processes).reduce((sum, m) => sum + m.file, 0);
      return `| ${atLabel(s)} | ${kinds.map((k) => cell(s.processes[k])).join(' | ')} | ${files.toFixed(0)} | ${s.processMiB.toFixed(0)} |`;
    }),
  ].join('\n');
}

const camera = fakeCamera(fixture('resolution', 'obama-480p.jpg'), { fps: 30, seconds: 4 });
await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR }, preview: { port: PORT, strictPort: true } });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [
    ...CHROMIUM_ARGS,
    // Measure memory at once instead of at the next garbage collection (up to 20 s later).
    '--enable-blink-features=ForceEagerMeasureMemory',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${camera}`,
  ],
});
const samples: Sample[] = [];
try {
  console.log(`Chromium ${browser.version()}; live ${liveMinutes} min, then ${photos} photos; sample every ${everySeconds} s`);
  const page = await browser.newPage();
  await page.addInitScript(installCounters);
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`http://localhost:${PORT}/#/identify`);
  await page.getByTestId('backend').waitFor({ timeout: 120_000 });

  const sample = async (phase: Sample['phase'], at: number): Promise<void> => {
    const fpsText = phase === 'live' ? await page.getByTestId('live-fps').textContent() : null;
    const fps = fpsText === null ? null : Number.parseFloat(fpsText);
    const processes = browserProcesses();
    const s: Sample = {
      phase,
      at,
      ...(await pageCounts(page)),
      processes,
      processMiB: totalMiB(processes),
      fps: fps !== null && Number.isFinite(fps) ? fps : null,
      load1: loadavg()[0]!,
    };
    samples.push(s);
    console.log(JSON.stringify(s));
  };

  await page.getByTestId('identify-mode-live').click();
  await page.getByTestId('live-start').click();
  await page.waitForFunction(() => /\d fps$/.test(document.querySelector('[data-testid="live-fps"]')?.textContent ?? ''), null, {
    timeout: 60_000,
  });
  const liveStart = Date.now();
  for (let t = 0; t <= liveMinutes * 60; t += everySeconds) {
    await page.waitForTimeout(Math.max(0, liveStart + t * 1000 - Date.now()));
    await sample('live', t);
  }
  await page.getByTestId('identify-mode-photos').click();

  const files = photoSet(photos);
  let done = 0;
  await sample('batch', 0);
  for (let i = 0; i < files.length; i += DROP) {
    const drop = files.slice(i, i + DROP);
    await page.getByTestId('identify-drop-files').setInputFiles(drop);
    done += drop.length;
    // Each drop starts a new batch (the last one is done): wait for this one's end.
    await page
      .locator(`[data-testid="identify-progress"][data-state="done"][data-done="${drop.length}"]`)
      .waitFor({ timeout: 30 * 60_000 });
    await page
      .getByTestId('identify-summary')
      .filter({ hasText: `${done} photos` })
      .waitFor({ timeout: 60_000 });
    await sample('batch', done);
  }
  // What Chromium frees when the system runs short shows which memory was only a cache.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
  await page.waitForTimeout(5000);
  await sample('pressure', done);
  await page.getByTestId('identify-clear').click();
  await page.getByTestId('identify-summary').waitFor({ state: 'detached' });
  await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(5000);
  await sample('cleared', done);
} finally {
  await browser.close();
  await server.close();
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results', 'long-session.json'), `${JSON.stringify(samples, null, 2)}\n`);
}
console.log('\nLive Identify (seconds since the camera started):\n');
console.log(
  table(
    samples.filter((s) => s.phase === 'live'),
    's',
  ),
);
console.log('\nBatch on Identify (photos done):\n');
console.log(
  table(
    samples.filter((s) => s.phase !== 'live'),
    'photos',
  ),
);
console.log('\nChromium processes, PSS in MiB by kind: anonymous + shared memory (batch):\n');
console.log(
  processTable(
    samples.filter((s) => s.phase !== 'live'),
    'photos',
  ),
);
