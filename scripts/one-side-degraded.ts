/**
 * Verification with one side degraded, as the accuracy issue measures it: every portrait of
 * DIR/<person>/* clean against a degraded copy of every other portrait (testkit/degradedFixtures.ts),
 * for both colour orders of the embedder input (flip test on), so the colour-order choice is checked
 * on hard faces and by the impostor side too.
 *
 *   npx tsx scripts/one-side-degraded.ts ../shared/fixtures/faces/people [tiny,blur,...]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { imageFilesIn, subfolders } from '../src/cli/common.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import { embedderInput, l2normalize } from '../src/core/pipeline/embed.ts';
import { flipHorizontal, swapRedBlue, type RgbImage } from '../src/core/pipeline/image.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';
import { rocAuc, tarAtFar, type ScoredPair } from '../src/core/search/metrics.ts';
import { MODELS } from '../src/models.ts';
import { DEGRADATIONS, degrade, type Degradation } from '../testkit/degradedFixtures.ts';

const ORDERS = ['as-manifest', 'swapped'] as const;
type Order = (typeof ORDERS)[number];

async function main(dir: string, kinds: readonly Degradation[]): Promise<void> {
  const { models } = await loadNodeModels();
  const raw = async (img: RgbImage): Promise<Float32Array> =>
    l2normalize(
      Float32Array.from(
        (await models.embedder.run({ [MODELS.embedder.inputName]: embedderInput(img) }))[MODELS.embedder.outputNames[0]]!.data,
      ),
    );
  const embed = async (aligned: RgbImage, order: Order): Promise<Float32Array> => {
    const face = order === 'swapped' ? swapRedBlue(aligned) : aligned;
    const a = await raw(face);
    const b = await raw(flipHorizontal(face));
    return l2normalize(a.map((x, i) => x + b[i]!));
  };
  const alignedOf = async (image: RgbImage): Promise<{ aligned: RgbImage; width: number } | null> => {
    const [f] = await analyze(models, image, { largestFaceOnly: true, embed: false, fallbackScoreThreshold: 0.2 });
    return f ? { aligned: f.aligned, width: f.box.x2 - f.box.x1 } : null;
  };
  const photos: { person: string; file: string; aligned: RgbImage; width: number }[] = [];
  for (const person of subfolders(dir)) {
    for (const file of imageFilesIn(join(dir, person))) {
      const found = await alignedOf(await decodeImageFile(file));
      if (found) photos.push({ person, file, ...found });
    }
  }
  const other = (order: 'RGB' | 'BGR'): string => (order === 'RGB' ? 'BGR' : 'RGB');
  const orderName = (o: Order): string => (o === 'as-manifest' ? MODELS.embedder.colorOrder : other(MODELS.embedder.colorOrder));
  console.log(`${photos.length} portraits; pairs: each clean against each other's degraded copy\n`);
  console.log('| degraded side | embedder input | AUC | TAR at FAR ≤ 1% | same-person mean | different-person p99 / max |');
  console.log('|---|---|---|---|---|---|');
  for (const kind of kinds) {
    const degraded: (RgbImage | null)[] = [];
    for (const [i, p] of photos.entries()) {
      const { data, info } = await sharp(await degrade(p.file, kind, p.width, i + 1))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      degraded.push((await alignedOf({ width: info.width, height: info.height, data: new Uint8Array(data) }))?.aligned ?? null);
    }
    for (const order of ORDERS) {
      const clean = await Promise.all(photos.map((p) => embed(p.aligned, order)));
      const bad = await Promise.all(degraded.map((d) => (d ? embed(d, order) : null)));
      const pairs: ScoredPair[] = [];
      photos.forEach((a, i) =>
        photos.forEach((b, j) => {
          const e = bad[j];
          if (i === j || !e) return;
          pairs.push({ score: cosineSimilarity(clean[i]!, e), same: a.person === b.person });
        }),
      );
      const same = pairs.filter((p) => p.same).map((p) => p.score);
      const impostors = pairs
        .filter((p) => !p.same)
        .map((p) => p.score)
        .sort((x, y) => y - x);
      console.log(
        `| ${kind} (${bad.filter((e) => !e).length} not found) | ${orderName(order)} | ${rocAuc(pairs).toFixed(4)} | ${(100 * tarAtFar(pairs).tar).toFixed(1)}% | ` +
          `${(same.reduce((a, b) => a + b, 0) / same.length).toFixed(3)} | ${impostors[Math.floor(impostors.length / 100)]!.toFixed(3)} / ${impostors[0]!.toFixed(3)} |`,
      );
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx scripts/one-side-degraded.ts DIR [kind,kind…]');
    process.exit(2);
  }
  const kinds = (process.argv[3]?.split(',') ?? DEGRADATIONS) as Degradation[];
  await main(dir, kinds);
  process.exit(0);
}
