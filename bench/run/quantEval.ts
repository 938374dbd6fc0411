/**
 * Issue 11's evaluation of model variants against the fp32 files, on WASM in Node through
 * src/runtime/session.ts: fp16-stored weights, static QDQ int8 (int8 compute) and int8-stored weights
 * with fp32 compute (bench/run/quantVariants.ts). It measures:
 *
 * - download size of each file;
 * - speed as ratios variant/fp32 only (a shared machine makes absolute times meaningless): the models
 *   run interleaved in one process, the order rotating every round so that none is always first, and
 *   each ratio is of medians; wall time and the process's CPU time are both given;
 * - per face, on every fixture photo and the degraded copies of faces/people: face counts, box and
 *   landmark drift in px, embedding cosine to fp32 (end to end, and of the variant embedder on the
 *   fp32 aligned face), pose drift where the pose model differs;
 * - the verification table (AUC, best accuracy, rank-1 leave-one-out) on faces/people and on each
 *   degraded copy, fp32 beside each variant.
 *
 *   npx tsx bench/run/quantEval.ts                      the full evaluation (run it alone on the machine)
 *   npx tsx bench/run/quantEval.ts --rounds 5 --quick   a check that it runs (few photos, no degraded copies)
 * Options: --rounds N (speed rounds, default 40), --threads N (default 2, as the app on 2 cores), --quick.
 */
import { decodeImageFile } from '../../src/cli/decode.ts';
import { analyzeOptions, DEFAULT_COMMON, VERIFY_OPTIONS } from '../../src/cli/common.ts';
import type { RgbImage } from '../../src/core/pipeline/image.ts';
import { detectorGeometry, detectorInput } from '../../src/core/pipeline/detect.ts';
import { embedderInput, embedFace } from '../../src/core/pipeline/embed.ts';
import { analyze, type AnalyzeOptions, type AnalyzedFace } from '../../src/core/pipeline/pipeline.ts';
import type { FaceModels, TensorData } from '../../src/core/pipeline/runner.ts';
import { MODELS, type ModelRole } from '../../src/models.ts';
import { createRunner, type ReleasableRunner } from '../../src/runtime/session.ts';
import { LIVE_DETECT_MAX_SIDE } from '../../src/worker/requests.ts';
import { fixturePhotos } from '../../scripts/quant-calibrate.ts';
import { tinyWeights } from '../../scripts/float16.ts';
import { decodeModel } from '../../scripts/onnxModel.ts';
import { DEGRADATIONS, degrade } from '../../testkit/degradedFixtures.ts';
import { FACES, fixture, PEOPLE } from '../../testkit/fixtures.ts';
import { accuracyOf, type AccuracyReport } from './pipeline.ts';
import { driftMarkdown, fmt, median, pct, tablesMarkdown, type FaceDrift } from './quantReport.ts';
import { flushedModels, fp16Models, fp32Models, int8Models, int8WeightModels, type ModelSet, type VariantName } from './quantVariants.ts';

interface Options {
  readonly rounds: number;
  readonly threads: number;
  readonly quick: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let rounds = 40;
  let threads = 2;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--threads') threads = Number(argv[++i]);
    else if (a === '--quick') quick = true;
    else throw new Error(`unknown option ${a ?? ''}`);
  }
  if (!(rounds >= 1) || !(threads >= 1)) throw new Error('--rounds and --threads take a positive number');
  return { rounds, threads, quick };
}

interface SpeedCase {
  readonly name: string;
  readonly role: ModelRole;
  readonly input: TensorData;
}

interface SpeedRow {
  readonly name: string;
  /** Median wall and CPU time of the variant over fp32's, by variant. */
  readonly ratios: Partial<Record<VariantName, { readonly wall: number; readonly cpu: number }>>;
}

function speedCases(photo: RgbImage, face: RgbImage): SpeedCase[] {
  const frame = detectorGeometry(640, 480, { maxSide: LIVE_DETECT_MAX_SIDE });
  const large = detectorGeometry(1280, 720, 'photo');
  const pose = new Float32Array(3 * 224 * 224).fill(0.5);
  return [
    {
      name: `detector, 640×480 frame (${frame.inputWidth}×${frame.inputHeight} input)`,
      role: 'detector',
      input: detectorInput(photo, frame),
    },
    {
      name: `detector, 1280×720 photo (${large.inputWidth}×${large.inputHeight} input)`,
      role: 'detector',
      input: detectorInput(photo, large),
    },
    { name: 'embedder, 1 face', role: 'embedder', input: embedderInput(face) },
    { name: 'pose, 1 face', role: 'pose', input: { data: pose, dims: [1, 3, 224, 224] } },
  ];
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

async function measureSpeed(sets: ReadonlyMap<VariantName, ModelSet>, cases: readonly SpeedCase[], o: Options): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  for (const c of cases) {
    const fp32 = sets.get('fp32')!;
    // A variant that leaves this model as it is (int8's pose model) is not timed against itself.
    const names = [...sets.keys()].filter((v) => v === 'fp32' || !sameBytes(sets.get(v)![c.role], fp32[c.role]));
    if (names.length < 2) continue;
    const runners = await Promise.all(names.map((v) => createRunner(sets.get(v)![c.role], 'wasm', o.threads)));
    const feeds = { [MODELS[c.role].inputName]: c.input };
    for (const r of runners) for (let i = 0; i < 3; i++) await r.run(feeds);
    const wall: number[][] = names.map(() => []);
    const cpu: number[][] = names.map(() => []);
    for (let round = 0; round < o.rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const i = (round + k) % names.length;
        const startCpu = process.cpuUsage();
        const start = performance.now();
        await runners[i]!.run(feeds);
        wall[i]!.push(performance.now() - start);
        const used = process.cpuUsage(startCpu);
        cpu[i]!.push((used.user + used.system) / 1000);
      }
    }
    const ratios: SpeedRow['ratios'] = {};
    names.forEach((v, i) => {
      if (i > 0) ratios[v] = { wall: median(wall[i]!) / median(wall[0]!), cpu: median(cpu[i]!) / median(cpu[0]!) };
    });
    rows.push({ name: c.name, ratios });
    for (const r of runners) await r.release();
  }
  return rows;
}

// ---- accuracy ----

interface EvalPhoto {
  readonly label: string;
  readonly person: string | null;
  readonly image: RgbImage;
  /** Which verification table the photo belongs to: 'people', a degradation, or none. */
  readonly table: string | null;
}

async function evalPhotos(quick: boolean, fp32: FaceModels): Promise<EvalPhoto[]> {
  const photos: EvalPhoto[] = [];
  const people = Object.entries(PEOPLE).flatMap(([person, files]) => files.map((f) => ({ person, file: fixture('people', person, f) })));
  // Quick: two photos of each person who has two, so that there are genuine pairs.
  const chosen = quick
    ? people.filter((p, i) => people[i + 1]?.person === p.person || people[i - 1]?.person === p.person).slice(0, 6)
    : people;
  for (const p of chosen) photos.push({ label: p.file, person: p.person, image: await decodeImageFile(p.file), table: 'people' });
  const others = fixturePhotos().filter((f) => !f.includes('/people/'));
  for (const f of quick ? others.slice(0, 2) : others)
    photos.push({ label: f, person: null, image: await decodeImageFile(f), table: null });
  if (quick) return photos;
  // The degraded copies, as testkit/degradedFixtures.ts writes them (same face widths and seeds).
  const widths: { person: string; file: string; width: number }[] = [];
  for (const p of people) {
    const [face] = await analyze(fp32, await decodeImageFile(p.file), { largestFaceOnly: true, embed: false, poseModel: false });
    if (face) widths.push({ person: p.person, file: p.file, width: face.box.x2 - face.box.x1 });
  }
  for (const kind of DEGRADATIONS) {
    for (const [i, p] of widths.entries()) {
      const image = await decodeImageFile(await degrade(p.file, kind, p.width, i + 1));
      photos.push({ label: `${kind}:${p.file}`, person: p.person, image, table: kind });
    }
  }
  return photos;
}

const iou = (a: AnalyzedFace['box'], b: AnalyzedFace['box']): number => {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  const area = (x: typeof a): number => (x.x2 - x.x1) * (x.y2 - x.y1);
  return inter / (area(a) + area(b) - inter);
};

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** Every face, embedded whatever its pose, with the pose model's pose. */
const ALL_FACES: AnalyzeOptions = analyzeOptions(DEFAULT_COMMON, { embedFiltered: true, poseModel: true });

async function faceDrift(photos: readonly EvalPhoto[], fp32: FaceModels, variant: FaceModels): Promise<FaceDrift> {
  const d: FaceDrift = {
    photos: photos.length,
    faces: 0,
    countMismatches: [],
    unmatched: 0,
    boxDrift: [],
    landmarkDrift: [],
    scoreDrift: [],
    cosine: [],
    embedderCosine: [],
    poseDrift: [],
    worst: [],
  };
  for (const p of photos) {
    const ref = await analyze(fp32, p.image, ALL_FACES);
    const got = await analyze(variant, p.image, ALL_FACES);
    d.faces += ref.length;
    if (ref.length !== got.length) d.countMismatches.push(`${p.label.replace(FACES, 'faces')}: ${ref.length} → ${got.length}`);
    const free = new Set(got);
    for (const r of ref) {
      let best: AnalyzedFace | null = null;
      for (const g of free) if (iou(r.box, g.box) >= 0.5 && (!best || iou(r.box, g.box) > iou(r.box, best.box))) best = g;
      if (!best) {
        d.unmatched++;
        continue;
      }
      free.delete(best);
      const b = best;
      d.boxDrift.push(
        Math.max(
          Math.abs(r.box.x1 - b.box.x1),
          Math.abs(r.box.y1 - b.box.y1),
          Math.abs(r.box.x2 - b.box.x2),
          Math.abs(r.box.y2 - b.box.y2),
        ),
      );
      d.landmarkDrift.push(Math.max(...r.landmarks.map((l, i) => Math.hypot(l[0] - b.landmarks[i]![0], l[1] - b.landmarks[i]![1]))));
      d.scoreDrift.push(Math.abs(r.score - b.score));
      if (r.embedding && b.embedding) {
        const c = dot(r.embedding, b.embedding);
        d.cosine.push(c);
        d.worst.push({ label: p.label, width: r.box.x2 - r.box.x1, cosine: c });
      }
      if (r.embedding) d.embedderCosine.push(dot(r.embedding, await embedFace(variant.embedder, r.aligned, ALL_FACES.flip)));
      d.poseDrift.push(
        Math.max(Math.abs(r.pose.yaw - b.pose.yaw), Math.abs(r.pose.pitch - b.pose.pitch), Math.abs(r.pose.roll - b.pose.roll)),
      );
    }
  }
  return d;
}

const VERIFY: AnalyzeOptions = analyzeOptions(DEFAULT_COMMON, VERIFY_OPTIONS);
const cosine = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

async function verificationTables(photos: readonly EvalPhoto[], models: FaceModels): Promise<Map<string, AccuracyReport>> {
  const byTable = new Map<string, { person: string; vector: number[] | null }[]>();
  for (const p of photos) {
    if (!p.table || !p.person) continue;
    const [face] = await analyze(models, p.image, VERIFY);
    const items = byTable.get(p.table) ?? [];
    items.push({ person: p.person, vector: face?.embedding ? [...face.embedding] : null });
    byTable.set(p.table, items);
  }
  return new Map([...byTable].map(([t, items]) => [t, accuracyOf(items, cosine)]));
}

type ReleasableModels = FaceModels & { readonly [R in keyof FaceModels]: ReleasableRunner };

async function release(models: ReleasableModels): Promise<void> {
  for (const r of [models.detector, models.embedder, models.pose]) await r.release();
}

async function faceModels(set: ModelSet, threads: number): Promise<ReleasableModels> {
  return {
    detector: await createRunner(set.detector, 'wasm', threads),
    embedder: await createRunner(set.embedder, 'wasm', threads),
    pose: await createRunner(set.pose, 'wasm', threads),
  };
}

/** Progress goes to stderr, the report to stdout. */
const progress = (step: string): void => console.error(`quantEval: ${step}…`);

async function main(o: Options): Promise<void> {
  progress('building and calibrating the variants');
  const fp32 = fp32Models();
  const sets = new Map<VariantName, ModelSet>([
    ['fp32', fp32],
    ['fp16', fp16Models(fp32)],
    ['int8', await int8Models(fp32)],
    ['int8-weights', int8WeightModels(fp32)],
  ]);
  const out: string[] = [
    `# int8 and fp16 variants vs fp32 (WASM in Node, ${o.threads} threads, ${o.rounds} speed rounds${o.quick ? ', quick' : ''})`,
    '',
    '### Download size (bytes)',
    '',
    `| model | ${[...sets.keys()].join(' | ')} |`,
    `|---|${[...sets.keys()].map(() => '---').join('|')}|`,
  ];
  for (const role of ['detector', 'embedder', 'pose'] as const) {
    const base = fp32[role].length;
    out.push(`| ${role} | ${[...sets.values()].map((s) => `${s[role].length} (${pct(s[role].length / base)})`).join(' | ')} |`);
  }
  out.push(
    '',
    `Non-zero fp32 weights that float16 rounds to 0 (below 2^-25): ${(['detector', 'embedder', 'pose'] as const).map((r) => `${r} ${tinyWeights(decodeModel(fp32[r]))}`).join(', ')}.`,
    '',
  );

  const photo = await decodeImageFile(fixture('people', 'obama', 'obama1.jpg'));
  const models32 = await faceModels(fp32, o.threads);
  const [face] = await analyze(models32, photo, { largestFaceOnly: true, embed: false, poseModel: false });
  if (!face) throw new Error('no face in obama1.jpg');
  const timed = new Map([...sets, ['fp32-flushed', flushedModels(fp32)] as const]);
  progress('speed');
  const speed = await measureSpeed(timed, speedCases(photo, face.aligned), o);
  out.push(
    '### Speed, variant / fp32 (median wall time ratio; CPU time ratio)',
    '',
    'fp32-flushed: fp32 with the weights that float16 rounds to 0 set to 0 (timed only), to show how much of fp16 speed comes from there.',
    '',
    '| input | fp16 | int8 | int8-weights | fp32-flushed |',
    '|---|---|---|---|---|',
  );
  for (const r of speed) {
    const cell = (v: VariantName): string => {
      const x = r.ratios[v];
      return x ? `${fmt(x.wall)}; ${fmt(x.cpu)}` : 'same file';
    };
    out.push(`| ${r.name} | ${cell('fp16')} | ${cell('int8')} | ${cell('int8-weights')} | ${cell('fp32-flushed')} |`);
  }
  out.push('');

  progress('photos and degraded copies');
  const photos = await evalPhotos(o.quick, models32);
  progress(`fp32 tables on ${photos.length} photos`);
  const tables = new Map<VariantName, Map<string, AccuracyReport>>([['fp32', await verificationTables(photos, models32)]]);
  for (const name of ['fp16', 'int8', 'int8-weights'] as const) {
    progress(name);
    const models = await faceModels(sets.get(name)!, o.threads);
    out.push(...driftMarkdown(name, await faceDrift(photos, models32, models)));
    tables.set(name, await verificationTables(photos, models));
    await release(models);
  }
  out.push(...tablesMarkdown(tables));
  console.log(out.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(parseArgs(process.argv.slice(2)));
  process.exit(0);
}
