import { join } from 'node:path';
import { imageFilesIn, subfolders, VERIFY_OPTIONS } from '../src/cli/common.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import type { RgbImage } from '../src/core/pipeline/image.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';
import { rocAuc, tarAtFar, type ScoredPair } from '../src/core/search/metrics.ts';
import { degradeGraded } from '../testkit/degradedFixtures.ts';
const dir = process.argv[2]!;
const { models } = await loadNodeModels();
const photos: { person: string; image: RgbImage; width: number }[] = [];
for (const person of subfolders(dir)) for (const file of imageFilesIn(join(dir, person))) {
  const image = await decodeImageFile(file);
  const [f] = await analyze(models, image, { ...VERIFY_OPTIONS, embed: false, poseModel: false });
  photos.push({ person, image, width: f!.box.x2 - f!.box.x1 });
  console.log(file, image.width, image.height, (f!.box.x2 - f!.box.x1).toFixed(0));
}
const sizes = [{ maxSide: 640 }, 'photo', { maxSide: 480 }] as const;
for (const d of [{ kind: 'blur', sigmaFraction: 0.04 }, { kind: 'blur', sigmaFraction: 0.03 }, { kind: 'downscale', faceWidth: 20 }] as const) {
  const bad = await Promise.all(photos.map((p) => degradeGraded(p.image, d, p.width)));
  for (const inputSize of sizes) {
    const emb = async (img: RgbImage) => (await analyze(models, img, { ...VERIFY_OPTIONS, flip: true, poseModel: false, detect: { inputSize } }))[0]!.embedding!;
    const c = await Promise.all(photos.map((p) => emb(p.image)));
    const b = await Promise.all(bad.map(emb));
    const pairs: ScoredPair[] = [];
    photos.forEach((a, i) => photos.forEach((q, j) => { if (i !== j) pairs.push({ score: cosineSimilarity(c[i]!, b[j]!), same: a.person === q.person }); }));
    const same = pairs.filter((p) => p.same).map((p) => p.score);
    console.log(JSON.stringify(d), JSON.stringify(inputSize), rocAuc(pairs).toFixed(4), (100 * tarAtFar(pairs).tar).toFixed(1), (same.reduce((x, y) => x + y) / same.length).toFixed(3));
  }
}
process.exit(0);
