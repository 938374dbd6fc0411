/**
 * Gallery scale: synthetic clustered galleries of 10k, 100k and 1M samples written to IndexedDB
 * through src/storage (testkit/storage.ts enrollMany), then, in a fresh worker as at start-up: the time to read them
 * (indexRows), to build the search index, the memory, and the search time per probe, exact float32
 * against int8 + exact re-ranking, with their top-1 agreement. Everything runs in Chromium's worker
 * (bench/pages/galleryWorker.ts) on a profile kept on disk, so IndexedDB is the real on-disk store.
 *
 *   npx tsx bench/run/gallery.ts [--sizes 10000,100000,1000000] [--probes 200] [--profiles DIR|none] [--batch 2000]
 *
 * Start-up is measured twice in fresh workers: "cold", the first load after the writes (every sample
 * read, then the search snapshot written), and "warm", every later load (the snapshot read). With
 * The browser profiles are kept in DIR/<size> (default $TMPDIR/faceprint-gallery-profiles; `none`:
 * temporary ones): a gallery already written there is not written again, so the long 1M write is done
 * once and the measurements can be repeated on a quiet machine.
 *
 * writes bench-results/gallery.json and prints a markdown table. `benchGallery` is what `npm run
 * bench` calls. Each size has its own browser profile (its own gallery).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../testkit/chromium.ts';
import type { LoadResult, SearchResult } from '../pages/galleryWorker.ts';
import { serveBench } from './server.ts';
import { ms, summarize, type Summary } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface GalleryOptions {
  /** Gallery sizes in samples, ascending (each a multiple of samplesPerIdentity). */
  readonly sizes: readonly number[];
  readonly samplesPerIdentity: number;
  /** Probes timed per size (a quarter are strangers), after `warmup` untimed ones. */
  readonly probes: number;
  readonly warmup: number;
  /** People returned per search (the lookalike screen's 5). */
  readonly k: number;
  /** Identities per IndexedDB transaction when writing. */
  readonly batch: number;
  readonly seed: number;
  /**
   * Where to keep the browser profiles, one folder per size, so that a gallery is written once (1M
   * takes ~20 minutes here) and later runs measure start-up from its snapshot; null: temporary ones.
   */
  readonly profiles: string | null;
}

export const DEFAULT_GALLERY_OPTIONS: GalleryOptions = {
  sizes: [10_000, 100_000, 1_000_000],
  samplesPerIdentity: 5,
  probes: 200,
  warmup: 20,
  k: 5,
  batch: 2000,
  seed: 20260,
  profiles: join(tmpdir(), 'faceprint-gallery-profiles'),
};

/** One gallery size: its storage and start-up, and the worker's search figures with times summarised. */
export interface SizeReport extends Omit<SearchResult, 'exactMs' | 'int8Ms'> {
  readonly samples: number;
  readonly identities: number;
  /** Writing the samples added for this size (enrollMany, `batch` identities per transaction); 0 written when the profile had them. */
  readonly writeMs: number;
  readonly writtenSamples: number;
  /** navigator.storage.estimate() growth per sample written, snapshot not included. */
  readonly storedBytesPerSample: number;
  /** Growth of the storage when the snapshot was written, per sample. */
  readonly snapshotBytesPerSample: number;
  /** The first start-up after the writes, and a later one. */
  readonly cold: LoadResult;
  readonly load: LoadResult;
  /** Page + workers after start-up (rows from IndexedDB dropped), or null where unmeasurable. */
  readonly memoryBytes: number | null;
  readonly exact: Summary;
  readonly int8: Summary;
}

export interface GalleryReport {
  readonly options: GalleryOptions;
  readonly chromium: string;
  readonly sizes: SizeReport[];
}

async function benchSize(page: Page, o: GalleryOptions, samples: number, log: (line: string) => void): Promise<SizeReport> {
  const identities = samples / o.samplesPerIdentity;
  const before = await page.evaluate(() => window.galleryBench.storageUsage());
  await page.evaluate(() => window.galleryBench.freshWorker());
  const present = await page.evaluate(() => window.galleryBench.worker().count());
  if (present > samples || present % o.samplesPerIdentity !== 0)
    throw new Error(`the profile's gallery has ${present} samples: use another --profiles folder`);
  log(`  writing identities ${present / o.samplesPerIdentity}…${identities - 1}`);
  const written = await page.evaluate(([seed, from, to, per, batch]) => window.galleryBench.worker().populate(seed, from, to, per, batch), [
    o.seed,
    present / o.samplesPerIdentity,
    identities,
    o.samplesPerIdentity,
    o.batch,
  ] as const);
  await page.evaluate(() => window.galleryBench.worker().close());
  const after = await page.evaluate(() => window.galleryBench.storageUsage());
  // Fresh workers read the gallery as the inference worker does at start-up: the first after the
  // writes reads every sample and writes the snapshot; the next one reads the snapshot.
  await page.evaluate(() => window.galleryBench.freshWorker());
  log(`  loading ${samples} samples in a fresh worker (cold)`);
  const cold = await page.evaluate(() => window.galleryBench.worker().load());
  await page.evaluate(() => window.galleryBench.worker().close());
  const withSnapshot = await page.evaluate(() => window.galleryBench.storageUsage());
  await page.evaluate(() => window.galleryBench.freshWorker());
  log(`  loading ${samples} samples in a fresh worker (warm)`);
  const load = await page.evaluate(() => window.galleryBench.worker().load());
  await page.evaluate(() => window.galleryBench.worker().dropRows());
  const memoryBytes = await page.evaluate(() => window.galleryBench.memory());
  log(`  searching`);
  const { exactMs, int8Ms, ...searchFigures } = await page.evaluate(
    ([seed, ids, n, k, warm]) => window.galleryBench.worker().search(seed, ids, n, k, warm),
    [o.seed, identities, o.probes, o.k, o.warmup] as const,
  );
  await page.evaluate(() => window.galleryBench.worker().close());
  return {
    samples,
    identities,
    writeMs: written.writeMs,
    writtenSamples: written.samples,
    storedBytesPerSample: written.samples > 0 ? (after - before) / written.samples : Number.NaN,
    snapshotBytesPerSample: cold.fromSnapshot ? Number.NaN : (withSnapshot - after) / samples,
    cold,
    load,
    memoryBytes,
    ...searchFigures,
    exact: summarize(exactMs),
    int8: summarize(int8Ms),
  };
}

export async function benchGallery(
  options: GalleryOptions = DEFAULT_GALLERY_OPTIONS,
  log: (line: string) => void = console.log,
): Promise<GalleryReport> {
  const server = await serveBench();
  const sizes: SizeReport[] = [];
  let chromiumVersion = '';
  try {
    for (const samples of options.sizes) {
      log(`gallery of ${samples} samples`);
      // A profile on disk: IndexedDB then lives in LevelDB files as for a user (an incognito context
      // keeps it in memory, with a small quota).
      const profile = options.profiles ? join(options.profiles, String(samples)) : mkdtempSync(join(tmpdir(), 'faceprint-gallery-bench-'));
      mkdirSync(profile, { recursive: true });
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
        await page.goto(`${server.origin}/bench/pages/gallery.html`);
        await page.waitForFunction(() => document.body.dataset.ready === 'true');
        chromiumVersion = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
        const report = await benchSize(page, options, samples, log);
        log(`  ${sizeLine(report)}`);
        sizes.push(report);
      } finally {
        await context.close();
        if (!options.profiles) rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  return { options, chromium: chromiumVersion, sizes };
}

const mib = (bytes: number | null): string => (bytes === null ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const count = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

function sizeLine(r: SizeReport): string {
  return `cold read ${ms(r.cold.readMs)} ms, warm read ${ms(r.load.readMs)} ms, build ${ms(r.load.buildMs)} ms, exact ${ms(r.exact.median)} ms, int8 ${ms(r.int8.median)} ms, top-1 ${r.top1Agree}/${r.probes}`;
}

export function galleryMarkdown(r: GalleryReport): string {
  const head = [
    '| samples (identities) | write to IndexedDB | stored per sample (+ snapshot) | start-up read: cold / from snapshot | build index | index memory | page + workers memory | exact search median / p95 | int8 + re-rank median / p95 | batched, per probe | top-1 agree | top-5 agree | re-ranked rows (mean) | 2nd passes |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = r.sizes.map((s) =>
    [
      `${count(s.samples)} (${count(s.identities)})`,
      s.writtenSamples > 0
        ? `${(s.writeMs / 1000).toFixed(1)} s for ${count(s.writtenSamples)} (${Math.round(s.writtenSamples / (s.writeMs / 1000))} samples/s)`
        : 'already written',
      `${Number.isFinite(s.storedBytesPerSample) ? Math.round(s.storedBytesPerSample) : '–'} B (+ ${Number.isFinite(s.snapshotBytesPerSample) ? Math.round(s.snapshotBytesPerSample) : '–'} B)`,
      `${ms(s.cold.readMs)}${s.cold.fromSnapshot ? ' (snapshot)' : ''} / ${ms(s.load.readMs)}${s.load.fromSnapshot ? '' : ' (no snapshot!)'} ms`,
      `${ms(s.load.buildMs)} ms`,
      mib(s.load.indexBytes),
      mib(s.memoryBytes),
      `${ms(s.exact.median)} / ${ms(s.exact.p95)} ms`,
      `${ms(s.int8.median)} / ${ms(s.int8.p95)} ms`,
      `${ms(s.batchMsPerProbe)} ms`,
      `${s.top1Agree}/${s.probes}`,
      `${s.topKAgree}/${s.probes}`,
      s.meanReranked.toFixed(0),
      String(s.secondPasses),
    ].join(' | '),
  );
  return [...head, ...rows.map((row) => `| ${row} |`)].join('\n');
}

function parseArgs(argv: readonly string[]): GalleryOptions {
  const o = { ...DEFAULT_GALLERY_OPTIONS };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--sizes') o.sizes = value.split(',').map(Number);
    else if (flag === '--probes') o.probes = Number(value);
    else if (flag === '--profiles') o.profiles = value === 'none' ? null : resolve(value);
    // --batch 1: every person in a transaction of its own, as the app writes one enrolment at a time.
    else if (flag === '--batch') o.batch = Number(value);
    else
      throw new Error(
        `usage: npx tsx bench/run/gallery.ts [--sizes 10000,100000,1000000] [--probes 200] [--profiles DIR|none] [--batch 2000] (unknown ${flag})`,
      );
  }
  if (o.sizes.some((n, i) => !Number.isInteger(n / o.samplesPerIdentity) || n <= (o.sizes[i - 1] ?? 0))) {
    throw new Error(`--sizes must ascend, each a multiple of ${o.samplesPerIdentity}`);
  }
  return o;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await benchGallery(parseArgs(process.argv.slice(2)));
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results', 'gallery.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nChromium ${report.chromium}\n\n${galleryMarkdown(report)}`);
}
