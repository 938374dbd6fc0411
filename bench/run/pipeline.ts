/**
 * Pipeline speed and accuracy, Faceprint beside two peers, @vladmandic/face-api and @vladmandic/human,
 * in one Chromium run:
 *   - per stage and end to end, for a webcam-sized frame (one face), a group photo and a photo at the
 *     seed's scale, on WASM 1 thread, WASM with threads and WebGPU (SwiftShader here, a software adapter);
 *   - the first 50 frames after load, and steady state (after the JIT has settled);
 *   - verification and identification accuracy on ../shared/fixtures/faces for both libraries.
 * Run with `npm run bench` (all sections) or `npx tsx bench/run/pipeline.ts`.
 */
import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { launchChromium } from '../../testkit/chromium.ts';
import { bestAccuracy, rocAuc, type ScoredPair } from '../../src/core/search/metrics.ts';
import type { BackendPreference } from '../../src/runtime/session.ts';
import type { AnalysisTimings, AnalyzeRequest } from '../../src/worker/api.ts';
import { DEFAULT_REQUEST_OPTIONS, liveRequest, matchRequest, photoRequest } from '../../src/worker/requests.ts';
import { FACES, peoplePhotos } from '../../testkit/fixtures.ts';
import type { PeerRun } from '../pages/peer.ts';
import type { FaceprintRun } from '../pages/pipeline.ts';
import { serveBench } from './server.ts';
import { fmtSummary, ms, summarize, type Summary } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FACE_API_MODELS = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'model');
const HUMAN_MODELS = join(ROOT, 'node_modules', '@vladmandic', 'human', 'models');
const TFJS_WASM = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

const photos = peoplePhotos().map(({ person, path }) => ({ person, url: `/fixtures/${path}` }));

/** The frames every configuration runs on. */
const FRAMES = {
  /** A one-face photo fitted into 640×480, as the fake webcam shows it. */
  webcam: { url: '/fixtures/resolution/obama-720p.jpg', letterbox: true },
  /** The fixtures' largest group photo (2000×1428, 2 faces). */
  group: { url: '/fixtures/groups/obama_and_biden.jpg', letterbox: false },
} as const;
/** A one-face photo at the seed's scale (1280×720: the detector sees 1024×576). */
const PHOTO = '/fixtures/resolution/obama-720p.jpg';

export interface PipelineOptions {
  /** Frames in the "first after load" window. */
  readonly firstFrames: number;
  /** Frames run (and discarded) before measuring steady state. */
  readonly settleFrames: number;
  readonly steadyFrames: number;
  /** Frames on the software WebGPU adapter (seconds each). */
  readonly webgpuFrames: number;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = { firstFrames: 50, settleFrames: 150, steadyFrames: 100, webgpuFrames: 3 };

/**
 * FACEPRINT_BENCH_FRAMES=n runs n frames for every measurement (1 on the WebGPU adapter): a quick
 * check that the whole benchmark runs, not figures to publish.
 */
export function pipelineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PipelineOptions {
  const raw = env.FACEPRINT_BENCH_FRAMES;
  if (raw === undefined || raw === '') return DEFAULT_PIPELINE_OPTIONS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FACEPRINT_BENCH_FRAMES must be a whole number of frames, not "${raw}"`);
  return { firstFrames: n, settleFrames: n, steadyFrames: n, webgpuFrames: 1 };
}

const STAGES = ['decode', 'detect', 'align', 'pose', 'embed', 'search', 'total'] as const satisfies readonly (keyof AnalysisTimings)[];

export interface RunSummary {
  readonly wall: Summary;
  readonly stages: Record<(typeof STAGES)[number], Summary>;
  readonly faces: number;
}

export interface ConfigReport {
  readonly name: string;
  readonly backend: string;
  readonly threads: number;
  readonly loadMs: number;
  readonly webcamFirst: RunSummary;
  readonly webcamSteady: RunSummary;
  readonly group: RunSummary;
  readonly photo: RunSummary;
  /** The webcam frame with the live request this issue started from (threaded WASM only). */
  readonly webcamBefore: RunSummary | null;
}

export interface PeerReport {
  readonly name: string;
  readonly loadMs: number;
  readonly threads: number;
  readonly webcamFirst: Summary;
  readonly webcamSteady: Summary;
  readonly group: Summary;
  readonly faces: { readonly webcam: number; readonly group: number };
}

export interface AccuracyReport {
  readonly photos: number;
  readonly genuinePairs: number;
  readonly impostorPairs: number;
  readonly missed: number;
  readonly auc: number;
  readonly bestAccuracy: number;
  readonly rank1: number;
  readonly rank1Probes: number;
}

interface GalleryEntry {
  readonly person: string;
  readonly embedding: readonly number[];
}

export interface PipelineReport {
  readonly faceprint: ConfigReport[];
  readonly faceApi: PeerReport;
  readonly human: PeerReport;
  readonly accuracy: { readonly faceprint: AccuracyReport; readonly faceApi: AccuracyReport; readonly human: AccuracyReport };
}

function summarizeRuns(runs: readonly FaceprintRun[]): RunSummary {
  const stages = Object.fromEntries(STAGES.map((s) => [s, summarize(runs.map((r) => r.timings[s]))])) as RunSummary['stages'];
  return { wall: summarize(runs.map((r) => r.wallMs)), stages, faces: runs[0]?.faces ?? 0 };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** Serves the fixtures, face-api's and Human's weights and tfjs's WASM binaries from disk, same-origin. */
async function routeFiles(context: BrowserContext): Promise<void> {
  const mount = async (prefix: string, dir: string) =>
    context.route(`**${prefix}**`, async (route) => {
      const path = decodeURIComponent(new URL(route.request().url()).pathname.slice(prefix.length));
      const file = join(dir, path);
      if (!file.startsWith(dir)) return route.abort();
      try {
        await route.fulfill({
          body: readFileSync(file),
          contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        });
      } catch {
        await route.fulfill({ status: 404 });
      }
    });
  await mount('/fixtures/', FACES);
  await mount('/faceapi-model/', FACE_API_MODELS);
  await mount('/human-models/', HUMAN_MODELS);
  await mount('/tfjs-wasm/', TFJS_WASM);
}

/** The pipeline page (Faceprint and face-api.js) or Human's own page (bench/pages/human.ts says why). */
type BenchPage = 'pipeline' | 'human';

async function openBenchPage(context: BrowserContext, origin: string, name: BenchPage = 'pipeline'): Promise<Page> {
  await routeFiles(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${origin}/bench/pages/${name}.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return page;
}

const liveFrameRequest: AnalyzeRequest = liveRequest(DEFAULT_REQUEST_OPTIONS, {
  flip: false,
  match: matchRequest(DEFAULT_REQUEST_OPTIONS.match, 'people'),
});
/** The live request before the speed work: 480 px detector input and the pose model on every face. */
const liveFrameRequestBefore: AnalyzeRequest = { ...liveFrameRequest, detect: { maxSide: 480 }, poseModel: 'always' };
const photoFileRequest: AnalyzeRequest = photoRequest(DEFAULT_REQUEST_OPTIONS, {
  match: matchRequest(DEFAULT_REQUEST_OPTIONS.match, 'people'),
});

async function benchFaceprint(
  context: BrowserContext,
  origin: string,
  name: string,
  preference: BackendPreference,
  threads: number,
  o: PipelineOptions,
  gallery: readonly GalleryEntry[],
): Promise<ConfigReport> {
  const page = await openBenchPage(context, origin);
  const { info, loadMs } = await page.evaluate(([p, t]) => window.faceprintBench.initFaceprint(p, t), [preference, threads] as const);
  const software = preference === 'webgpu';
  const first = software ? o.webgpuFrames : o.firstFrames;
  for (const [id, frame] of Object.entries(FRAMES))
    await page.evaluate(([i, u, l]) => window.faceprintBench.loadFrame(i, u, l), [id, frame.url, frame.letterbox] as const);
  // The first frames after load, before anything else warms the engine up.
  const webcamFirst = await page.evaluate(([r, n]) => window.faceprintBench.faceprintFrame('webcam', r, n), [
    liveFrameRequest,
    first,
  ] as const);
  // A small gallery (the fixture people), so that the search stage searches something.
  for (const { person, embedding } of gallery)
    await page.evaluate(([n, e]) => window.faceprintBench.enrollFaceprint(n, e), [person, embedding] as const);
  if (!software)
    await page.evaluate(([r, n]) => window.faceprintBench.faceprintFrame('webcam', r, n), [liveFrameRequest, o.settleFrames] as const);
  const steady = software ? o.webgpuFrames : o.steadyFrames;
  const webcamSteady = await page.evaluate(([r, n]) => window.faceprintBench.faceprintFrame('webcam', r, n), [
    liveFrameRequest,
    steady,
  ] as const);
  const groupRequest = { ...liveFrameRequest, detect: 'photo' as const };
  const group = await page.evaluate(([r, n]) => window.faceprintBench.faceprintFrame('group', r, n), [
    groupRequest,
    Math.min(steady, 30),
  ] as const);
  const photo = await page.evaluate(([u, r, n]) => window.faceprintBench.faceprintPhoto(u, r, n), [
    PHOTO,
    photoFileRequest,
    Math.min(steady, 30),
  ] as const);
  const before =
    preference === 'wasm' && threads > 1
      ? await page.evaluate(([r, n]) => window.faceprintBench.faceprintFrame('webcam', r, n), [
          liveFrameRequestBefore,
          Math.min(steady, 50),
        ] as const)
      : null;
  await page.close();
  return {
    name,
    backend: info.backend,
    threads: info.threads,
    loadMs,
    webcamFirst: summarizeRuns(webcamFirst),
    webcamSteady: summarizeRuns(webcamSteady),
    group: summarizeRuns(group),
    photo: summarizeRuns(photo),
    webcamBefore: before ? summarizeRuns(before) : null,
  };
}

/**
 * tfjs's WASM backend takes hardwareConcurrency / 2 threads, fixed when face-api first touches tfjs
 * (before any call of ours could change it): the page is told of twice the cores, so that it gets as
 * many threads as Faceprint. Init scripts do not reach workers, so Faceprint's worker still sees the
 * real count. Human's page gets the same, as it runs the same tfjs.
 */
async function givePeerEqualThreads(context: BrowserContext, cores: number): Promise<void> {
  // As source text: a function would be serialised with the helpers tsx adds to it.
  await context.addInitScript({
    content: `Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${cores * 2} });`,
  });
}

/** Opens a peer's page with its WASM threads equal to Faceprint's, its models loaded. */
async function openPeerPage(context: BrowserContext, origin: string, name: BenchPage, cores: number) {
  await givePeerEqualThreads(context, cores);
  const page = await openBenchPage(context, origin, name);
  const init = await page.evaluate((t) => window.peerBench.initPeer(t), cores);
  if (init.threads !== cores) console.warn(`warning: ${name} page runs ${init.threads} WASM threads, Faceprint ${cores}`);
  return { page, init };
}

async function benchPeer(
  context: BrowserContext,
  origin: string,
  peer: { readonly name: string; readonly page: BenchPage },
  cores: number,
  o: PipelineOptions,
): Promise<PeerReport> {
  const { page, init } = await openPeerPage(context, origin, peer.page, cores);
  for (const [id, frame] of Object.entries(FRAMES))
    await page.evaluate(([i, u, l]) => window.peerBench.loadFrame(i, u, l), [id, frame.url, frame.letterbox] as const);
  const first: PeerRun[] = await page.evaluate((n) => window.peerBench.peerFrame('webcam', n), o.firstFrames);
  await page.evaluate((n) => window.peerBench.peerFrame('webcam', n), o.settleFrames);
  const steady = await page.evaluate((n) => window.peerBench.peerFrame('webcam', n), o.steadyFrames);
  const group = await page.evaluate((n) => window.peerBench.peerFrame('group', n), Math.min(o.steadyFrames, 30));
  await page.close();
  const wall = (runs: readonly PeerRun[]) => summarize(runs.map((r) => r.wallMs));
  return {
    name: peer.name,
    loadMs: init.loadMs,
    threads: init.threads,
    webcamFirst: wall(first),
    webcamSteady: wall(steady),
    group: wall(group),
    faces: { webcam: steady[0]?.faces ?? 0, group: group[0]?.faces ?? 0 },
  };
}

const FACE_API = { name: 'face-api.js', page: 'pipeline' } as const;
const HUMAN = { name: 'Human', page: 'human' } as const;

/** AUC and best accuracy over every pair of photos; rank-1 leave-one-out over the others. */
export function accuracyOf(
  items: readonly { person: string; vector: readonly number[] | null }[],
  similarity: (a: readonly number[], b: readonly number[]) => number,
): AccuracyReport {
  const pairs: ScoredPair[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      // A photo without a face fails every comparison it is in.
      const score = a.vector && b.vector ? similarity(a.vector, b.vector) : Number.NEGATIVE_INFINITY;
      pairs.push({ score, same: a.person === b.person });
    }
  }
  let probes = 0;
  let correct = 0;
  items.forEach((probe, i) => {
    if (!items.some((other, j) => j !== i && other.person === probe.person)) return;
    probes++;
    if (!probe.vector) return;
    let best = { score: Number.NEGATIVE_INFINITY, person: '' };
    items.forEach((other, j) => {
      if (j === i || !other.vector) return;
      const score = similarity(probe.vector!, other.vector);
      if (score > best.score) best = { score, person: other.person };
    });
    if (best.person === probe.person) correct++;
  });
  return {
    photos: items.length,
    genuinePairs: pairs.filter((p) => p.same).length,
    impostorPairs: pairs.filter((p) => !p.same).length,
    missed: items.filter((i) => !i.vector).length,
    auc: rocAuc(pairs),
    bestAccuracy: bestAccuracy(pairs).accuracy,
    rank1: correct / probes,
    rank1Probes: probes,
  };
}

const cosine = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
/**
 * face-api.js compares descriptors by Euclidean distance (its FaceMatcher): a smaller distance is more
 * alike. So does Human: its match.similarity is this distance rescaled, then clamped to 0..1 and rounded
 * to hundredths, which would tie pairs; the distance itself ranks them in the same order without ties.
 */
const negativeDistance = (a: readonly number[], b: readonly number[]): number => -Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

/** The largest face's descriptor in each fixture photo, from a peer's own page. */
async function peerDescriptors(context: BrowserContext, origin: string, name: BenchPage, cores: number) {
  const { page } = await openPeerPage(context, origin, name, cores);
  const items = [];
  for (const { person, url } of photos) items.push({ person, vector: await page.evaluate((u) => window.peerBench.peerDescriptor(u), url) });
  await page.close();
  return items;
}

async function benchAccuracy(
  context: BrowserContext,
  origin: string,
  cores: number,
): Promise<{ accuracy: Omit<PipelineReport['accuracy'], 'human'>; gallery: GalleryEntry[] }> {
  await givePeerEqualThreads(context, cores);
  const page = await openBenchPage(context, origin);
  await page.evaluate((t) => window.faceprintBench.initFaceprint('wasm', t), cores);
  await page.evaluate((t) => window.peerBench.initPeer(t), cores);
  // The enrolment request: the largest recognisable face, with the app's default settings.
  const request = photoRequest(DEFAULT_REQUEST_OPTIONS, { largestFaceOnly: true });
  const ours = [];
  const theirs = [];
  for (const { person, url } of photos) {
    const { embedding } = await page.evaluate(([u, r]) => window.faceprintBench.faceprintEmbedding(u, r), [url, request] as const);
    ours.push({ person, vector: embedding });
    theirs.push({ person, vector: await page.evaluate((u) => window.peerBench.peerDescriptor(u), url) });
  }
  await page.close();
  // Each person's first photo with a face is their gallery entry in the speed runs.
  const gallery: GalleryEntry[] = [];
  for (const { person, vector } of ours)
    if (vector && !gallery.some((g) => g.person === person)) gallery.push({ person, embedding: vector });
  return { accuracy: { faceprint: accuracyOf(ours, cosine), faceApi: accuracyOf(theirs, negativeDistance) }, gallery };
}

export async function benchPipeline(
  options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
  log: (line: string) => void = console.log,
): Promise<PipelineReport> {
  const server = await serveBench();
  const browser = await launchChromium({ webgpu: true });
  try {
    const cores = await (async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const n = await page.evaluate(() => navigator.hardwareConcurrency);
      await context.close();
      return n;
    })();
    const configs: { name: string; preference: BackendPreference; threads: number }[] = [
      { name: 'WASM, 1 thread', preference: 'wasm', threads: 1 },
      { name: `WASM, ${cores} threads`, preference: 'wasm', threads: cores },
    ];
    if (options.webgpuFrames > 0) configs.push({ name: 'WebGPU (SwiftShader, software)', preference: 'webgpu', threads: cores });
    log('accuracy on the fixtures…');
    let context = await browser.newContext();
    const { accuracy, gallery } = await benchAccuracy(context, server.origin, cores);
    await context.close();
    context = await browser.newContext();
    const humanAccuracy = accuracyOf(await peerDescriptors(context, server.origin, 'human', cores), negativeDistance);
    await context.close();
    const faceprint: ConfigReport[] = [];
    for (const c of configs) {
      log(`faceprint: ${c.name}…`);
      context = await browser.newContext();
      const report = await benchFaceprint(context, server.origin, c.name, c.preference, c.threads, options, gallery);
      faceprint.push(report);
      await context.close();
      log(
        `  ${report.backend}, ${report.threads} threads: webcam steady ${fmtSummary(report.webcamSteady.wall)} ms, photo ${fmtSummary(report.photo.wall)} ms`,
      );
    }
    const peers: PeerReport[] = [];
    for (const peer of [FACE_API, HUMAN]) {
      log(`${peer.name}…`);
      context = await browser.newContext();
      const report = await benchPeer(context, server.origin, peer, cores, options);
      peers.push(report);
      await context.close();
      log(`  ${report.threads} threads: webcam steady ${fmtSummary(report.webcamSteady)} ms`);
    }
    return { faceprint, faceApi: peers[0]!, human: peers[1]!, accuracy: { ...accuracy, human: humanAccuracy } };
  } finally {
    await browser.close();
    await server.close();
  }
}

export function pipelineMarkdown(r: PipelineReport): string {
  const lines: string[] = [];
  const threaded = r.faceprint.find((c) => c.backend === 'wasm' && c.threads > 1) ?? r.faceprint[0]!;
  lines.push(
    'Times in ms, median / p95. "Wall" is what the page waits for one frame: grabbing it, the transfer to the worker and back.',
    '',
  );
  lines.push('| Configuration | Frame | Wall | Decode | Detect | Align | Pose | Embed | Search | Worker total | Faces |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of r.faceprint) {
    const rows: [string, RunSummary][] = [
      ['webcam 640×480, first frames', c.webcamFirst],
      ['webcam 640×480, steady', c.webcamSteady],
      ['group photo (2 faces), steady', c.group],
      ['photo 1280×720 file, steady', c.photo],
      ...(c.webcamBefore
        ? [['webcam 640×480, steady, before: 480 px detector, pose model on every face', c.webcamBefore] as [string, RunSummary]]
        : []),
    ];
    for (const [label, s] of rows) {
      lines.push(
        `| ${c.name} | ${label} (n=${s.wall.n}) | ${fmtSummary(s.wall)} | ${STAGES.map((st) => fmtSummary(s.stages[st])).join(' | ')} | ${s.faces} |`,
      );
    }
  }
  const peers = [r.faceApi, r.human];
  lines.push(
    '',
    `| Peers (tfjs WASM) | ${peers.map((p) => `${p.name} (${p.threads} threads): wall | faces`).join(' | ')} |`,
    `|---|${peers.map(() => '---|---').join('|')}|`,
  );
  const peerRows: [string, (p: PeerReport) => Summary, (p: PeerReport) => number][] = [
    ['webcam 640×480, first frames', (p) => p.webcamFirst, (p) => p.faces.webcam],
    ['webcam 640×480, steady', (p) => p.webcamSteady, (p) => p.faces.webcam],
    ['group photo, steady', (p) => p.group, (p) => p.faces.group],
  ];
  for (const [label, summary, faces] of peerRows)
    lines.push(`| ${label} | ${peers.map((p) => `${fmtSummary(summary(p))} (n=${summary(p).n}) | ${faces(p)}`).join(' | ')} |`);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  for (const p of peers) {
    lines.push('', `Ratios, Faceprint (${threaded.name}) / ${p.name} (${p.threads} threads), by median wall time:`, '');
    lines.push(
      `- webcam frame, first frames: ${ratio(threaded.webcamFirst.wall.median, p.webcamFirst.median)} (${ms(threaded.webcamFirst.wall.median)} vs ${ms(p.webcamFirst.median)} ms)`,
    );
    lines.push(
      `- webcam frame, steady: ${ratio(threaded.webcamSteady.wall.median, p.webcamSteady.median)} (${ms(threaded.webcamSteady.wall.median)} vs ${ms(p.webcamSteady.median)} ms; ${(p.webcamSteady.median / threaded.webcamSteady.wall.median).toFixed(1)}× faster)`,
    );
    lines.push(
      `- group photo, steady: ${ratio(threaded.group.wall.median, p.group.median)} (${ms(threaded.group.wall.median)} vs ${ms(p.group.median)} ms)`,
    );
    lines.push(`- models loaded in the page: ${ratio(threaded.loadMs, p.loadMs)} (${ms(threaded.loadMs)} vs ${ms(p.loadMs)} ms)`);
  }
  lines.push(
    '',
    `Model load in the page: Faceprint ${r.faceprint.map((c) => `${c.name} ${ms(c.loadMs)} ms`).join(', ')}; ${peers.map((p) => `${p.name} ${ms(p.loadMs)} ms`).join('; ')}.`,
  );
  const a = r.accuracy;
  const accuracies = [a.faceprint, a.faceApi, a.human];
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const row = (label: string, cell: (x: AccuracyReport) => string) => `| ${label} | ${accuracies.map(cell).join(' | ')} |`;
  lines.push('', '| Accuracy on ../shared/fixtures/faces/people | Faceprint | face-api.js | Human |', '|---|---|---|---|');
  lines.push(row('photos (no face found)', (x) => `${x.photos} (${x.missed})`));
  lines.push(
    row(`verification AUC (${a.faceprint.genuinePairs} genuine, ${a.faceprint.impostorPairs} impostor pairs)`, (x) => x.auc.toFixed(4)),
  );
  lines.push(row('best verification accuracy', (x) => pct(x.bestAccuracy)));
  lines.push(row(`rank-1 identification, leave one out (${a.faceprint.rank1Probes} probes)`, (x) => pct(x.rank1)));
  lines.push(
    '',
    'Similarity: cosine for Faceprint; Euclidean distance between descriptors for face-api.js (its FaceMatcher) and Human (the order of its match.similarity).',
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await benchPipeline(pipelineOptionsFromEnv());
  console.log(pipelineMarkdown(report));
}
