/**
 * Measures which channel order each network was trained on, on real photos in `DIR/<person>/*`:
 * - embedder: raw feature norm per photo, and same/different-person similarity, for RGB and BGR input;
 * - pose model: softmax entropy (confidence) and mirror consistency (yaw and roll of a mirrored photo
 *   should be the negatives), for RGB and BGR input.
 *
 *   npx tsx scripts/colour-order.ts ../shared/fixtures/faces/people
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageFilesIn, subfolders } from '../src/cli/common.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import type { Box } from '../src/core/pipeline/detect.ts';
import { embedderInput, l2normalize } from '../src/core/pipeline/embed.ts';
import { flipHorizontal, swapRedBlue, type RgbImage } from '../src/core/pipeline/image.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { binsToDegrees, poseInput } from '../src/core/pipeline/pose.ts';
import { MODELS } from '../src/models.ts';

type Order = 'as-manifest' | 'swapped';
const ORDERS: readonly Order[] = ['as-manifest', 'swapped'];

const entropy = (logits: Float32Array): number => {
  const max = Math.max(...logits);
  const e = [...logits].map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b);
  return -e.reduce((acc, x) => acc + (x / sum) * Math.log(x / sum + 1e-12), 0);
};

async function main(dir: string): Promise<void> {
  const { models } = await loadNodeModels();
  const name = (o: Order, entry: { colorOrder: string }): string =>
    o === 'as-manifest' ? entry.colorOrder : entry.colorOrder === 'RGB' ? 'BGR' : 'RGB';
  const items: { person: string; emb: Record<Order, Float32Array> }[] = [];
  const normWins: Record<Order, number> = { 'as-manifest': 0, swapped: 0 };
  const pose: Record<Order, { entropy: number; mirrorError: number }> = {
    'as-manifest': { entropy: 0, mirrorError: 0 },
    swapped: { entropy: 0, mirrorError: 0 },
  };
  const runPose = async (img: RgbImage, box: Box): Promise<{ yaw: number; roll: number; entropy: number }> => {
    const out = await models.pose.run({ [MODELS.pose.inputName]: poseInput(img, [box]) });
    const [y, p, r] = MODELS.pose.outputNames.map((n) => out[n]!.data);
    return { yaw: binsToDegrees(y!), roll: binsToDegrees(r!), entropy: entropy(y!) + entropy(p!) + entropy(r!) };
  };
  for (const person of subfolders(dir)) {
    for (const file of imageFilesIn(join(dir, person))) {
      const image = await decodeImageFile(file);
      const [face] = await analyze(models, image, { largestFaceOnly: true, embed: false });
      const mirrored = flipHorizontal(image);
      const [mirrorFace] = await analyze(models, mirrored, { largestFaceOnly: true, embed: false });
      if (!face || !mirrorFace) continue;
      const emb = {} as Record<Order, Float32Array>;
      const norms = {} as Record<Order, number>;
      for (const o of ORDERS) {
        const t = (img: RgbImage): RgbImage => (o === 'swapped' ? swapRedBlue(img) : img);
        const raw = (await models.embedder.run({ [MODELS.embedder.inputName]: embedderInput(t(face.aligned)) }))[
          MODELS.embedder.outputNames[0]
        ]!.data;
        norms[o] = Math.hypot(...raw);
        emb[o] = l2normalize(Float32Array.from(raw));
        const a = await runPose(t(image), face.box);
        const b = await runPose(t(mirrored), mirrorFace.box);
        pose[o].entropy += a.entropy;
        pose[o].mirrorError += Math.abs(a.yaw + b.yaw) + Math.abs(a.roll + b.roll);
      }
      normWins[norms['as-manifest'] >= norms.swapped ? 'as-manifest' : 'swapped']++;
      items.push({ person, emb });
    }
  }
  console.log(`${items.length} photos`);
  for (const o of ORDERS) {
    const same: number[] = [];
    const diff: number[] = [];
    items.forEach((a, i) =>
      items.slice(i + 1).forEach((b) => (a.person === b.person ? same : diff).push(cosineSimilarity(a.emb[o], b.emb[o]))),
    );
    const mean = (v: number[]): number => v.reduce((x, y) => x + y, 0) / v.length;
    console.log(
      `embedder ${name(o, MODELS.embedder)}: larger raw norm on ${normWins[o]}/${items.length} photos; ` +
        `same-person mean ${mean(same).toFixed(3)} (min ${Math.min(...same).toFixed(3)}), different-person mean ${mean(diff).toFixed(3)} (max ${Math.max(...diff).toFixed(3)})`,
    );
  }
  for (const o of ORDERS) {
    console.log(
      `pose ${name(o, MODELS.pose)}: summed softmax entropy ${pose[o].entropy.toFixed(2)}, summed mirror error ${pose[o].mirrorError.toFixed(1)}°`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx scripts/colour-order.ts DIR');
    process.exit(2);
  }
  await main(dir);
  process.exit(0);
}
