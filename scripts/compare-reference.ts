/**
 * Faceprint's `analyze` against the plain reference pipeline (scripts/reference-pipeline.ts), same three
 * models, on graded degraded copies of the fixture portraits (testkit/degradedFixtures.ts
 * GRADED_DEGRADATIONS: face 32/24/20 px by downscaling the whole photo, blur σ 2/3/4% of the face width).
 * Pairs as scripts/one-side-degraded.ts makes them: each clean portrait against the degraded copy of
 * every other one, each pipeline against its own clean embeddings, flip test on.
 *
 * Per kind: AUC and TAR at FAR ≤ 1% for Faceprint, the reference and two hybrids that localise a
 * difference (reference landmarks → Faceprint's align and embed; Faceprint's landmarks → reference
 * warp and embed), then stage by stage between the two pipelines on the degraded photos: mean landmark
 * distance (px of the degraded photo), aligned-crop mean absolute difference (0–255) and the cosine of
 * the two embeddings of the same face. Quality figures only: machine load changes nothing.
 *
 *   npx tsx scripts/compare-reference.ts ../shared/fixtures/faces/people
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageFilesIn, subfolders, VERIFY_OPTIONS } from '../src/cli/common.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import { alignFace, ARCFACE_TEMPLATE } from '../src/core/pipeline/align.ts';
import type { Landmarks } from '../src/core/pipeline/detect.ts';
import { embedFace } from '../src/core/pipeline/embed.ts';
import type { RgbImage } from '../src/core/pipeline/image.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';
import { rocAuc, tarAtFar, type ScoredPair } from '../src/core/search/metrics.ts';
import { degradeGraded, GRADED_DEGRADATIONS, gradedName } from '../testkit/degradedFixtures.ts';
import { referenceEmbed, referenceLargestFace, referenceUmeyama, referenceWarp, type Pt } from './reference-pipeline.ts';

const PIPELINES = ['Faceprint', 'reference', 'ref landmarks → Faceprint align+embed', 'Faceprint landmarks → ref warp+embed'] as const;
type Pipeline = (typeof PIPELINES)[number];

interface FaceResult {
  readonly embeddings: Record<Pipeline, Float32Array>;
  readonly landmarkPx: number;
  readonly cropMad: number;
  readonly crossCosine: number;
  readonly width: number;
}

async function main(dir: string): Promise<void> {
  const { models } = await loadNodeModels();
  const template = ARCFACE_TEMPLATE.map(([x, y]) => [x, y] as Pt);

  async function both(image: RgbImage): Promise<FaceResult | null> {
    const [fp] = await analyze(models, image, { ...VERIFY_OPTIONS, flip: true, poseModel: false });
    const ref = await referenceLargestFace(models, image, { flip: true });
    if (!fp?.embedding || !ref) return null;
    const refLandmarks = ref.landmarks as unknown as Landmarks;
    const hybridA = await embedFace(models.embedder, alignFace(image, refLandmarks).image, true);
    const fpWarp = referenceWarp(image, referenceUmeyama(fp.landmarks as unknown as Pt[], template));
    const hybridB = await referenceEmbed(models.embedder, fpWarp, true);
    let mad = 0;
    for (let i = 0; i < fp.aligned.data.length; i++) mad += Math.abs(fp.aligned.data[i]! - ref.aligned.data[i]!);
    const lm = fp.landmarks.reduce((s, p, i) => s + Math.hypot(p[0] - ref.landmarks[i]![0], p[1] - ref.landmarks[i]![1]), 0) / 5;
    return {
      embeddings: {
        Faceprint: fp.embedding,
        reference: ref.embedding,
        'ref landmarks → Faceprint align+embed': hybridA,
        'Faceprint landmarks → ref warp+embed': hybridB,
      },
      landmarkPx: lm,
      cropMad: mad / fp.aligned.data.length,
      crossCosine: cosineSimilarity(fp.embedding, ref.embedding),
      width: fp.box.x2 - fp.box.x1,
    };
  }

  const photos: { person: string; image: RgbImage; clean: FaceResult }[] = [];
  for (const person of subfolders(dir)) {
    for (const file of imageFilesIn(join(dir, person))) {
      const image = await decodeImageFile(file);
      const clean = await both(image);
      if (clean) photos.push({ person, image, clean });
    }
  }
  const pairsOf = (bad: (FaceResult | null)[], p: Pipeline): ScoredPair[] => {
    const pairs: ScoredPair[] = [];
    photos.forEach((a, i) =>
      photos.forEach((b, j) => {
        const e = bad[j];
        if (i !== j && e) pairs.push({ score: cosineSimilarity(a.clean.embeddings[p], e.embeddings[p]), same: a.person === b.person });
      }),
    );
    return pairs;
  };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${photos.length} portraits; each clean against each other's degraded copy; flip test on\n`);
  console.log('| degraded side | pipeline | found | AUC | TAR at FAR ≤ 1% | same-person mean | different-person max |');
  console.log('|---|---|---|---|---|---|---|');
  const stages: string[] = [];
  for (const d of GRADED_DEGRADATIONS) {
    const bad = await Promise.all(photos.map(async (p) => both(await degradeGraded(p.image, d, p.clean.width))));
    for (const p of PIPELINES) {
      const pairs = pairsOf(bad, p);
      const same = pairs.filter((x) => x.same).map((x) => x.score);
      const diff = pairs.filter((x) => !x.same).map((x) => x.score);
      console.log(
        `| ${gradedName(d)} | ${p} | ${bad.filter(Boolean).length}/${photos.length} | ${rocAuc(pairs).toFixed(4)} | ${(100 * tarAtFar(pairs).tar).toFixed(1)}% | ${mean(same).toFixed(3)} | ${Math.max(...diff).toFixed(3)} |`,
      );
    }
    const found = bad.filter((b): b is FaceResult => b !== null);
    stages.push(
      `| ${gradedName(d)} | ${mean(found.map((f) => f.width)).toFixed(1)} | ${mean(found.map((f) => f.landmarkPx)).toFixed(2)} / ${Math.max(...found.map((f) => f.landmarkPx)).toFixed(2)} | ` +
        `${mean(found.map((f) => f.cropMad)).toFixed(1)} | ${mean(found.map((f) => f.crossCosine)).toFixed(3)} / ${Math.min(...found.map((f) => f.crossCosine)).toFixed(3)} |`,
    );
  }
  const clean = photos.map((p) => p.clean);
  console.log('\nStage by stage, Faceprint against the reference on the same degraded photo:\n');
  console.log(
    '| photos | face box width (px) | landmark distance, mean / max (px) | aligned crop mean abs diff | embedding cosine, mean / min |',
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| clean | ${mean(clean.map((f) => f.width)).toFixed(1)} | ${mean(clean.map((f) => f.landmarkPx)).toFixed(2)} / ${Math.max(...clean.map((f) => f.landmarkPx)).toFixed(2)} | ` +
      `${mean(clean.map((f) => f.cropMad)).toFixed(1)} | ${mean(clean.map((f) => f.crossCosine)).toFixed(3)} / ${Math.min(...clean.map((f) => f.crossCosine)).toFixed(3)} |`,
  );
  for (const s of stages) console.log(s);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx scripts/compare-reference.ts DIR');
    process.exit(2);
  }
  await main(dir);
  process.exit(0);
}
