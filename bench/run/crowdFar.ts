/**
 * Within-photo stranger pairs by face size (issue 13), on every group photo the fixtures can make: crowd
 * mosaics of the people/ portraits (testkit/mosaic.ts) with faces 16–64 px wide, clean, blurred
 * (σ = 3% of the face width, each portrait before shrinking) and JPEG quality 10 (the whole mosaic).
 * For each kind and in all: stranger pairs by the smaller face's box width, how many score at or above
 * the default threshold (FAR), the highest score; then the same over the pairs where both faces clear
 * the recognition floor (core/pipeline/quality.ts RECOGNITION_FLOOR). Quality figures only (no timing).
 *
 *   npx tsx bench/run/crowdFar.ts
 */
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { analyzeImage, analyzeOptions, DEFAULT_COMMON, imageFilesIn, loadImage, subfolders } from '../../src/cli/common.ts';
import type { RgbImage } from '../../src/core/pipeline/image.ts';
import { RECOGNITION_FLOOR } from '../../src/core/pipeline/quality.ts';
import { DEFAULT_MATCH_SETTINGS } from '../../src/core/search/match.ts';
import { FACES } from '../../testkit/fixtures.ts';
import {
  countStrangerPairs,
  labelMosaicFaces,
  portraitMosaic,
  widthBands,
  type MosaicPortrait,
  type WidthBand,
} from '../../testkit/mosaic.ts';

const options = analyzeOptions(DEFAULT_COMMON);
const threshold = DEFAULT_MATCH_SETTINGS.threshold;
const edges = [0, 20, 24, 28, 32, 36, 40, 48, 64, Infinity];
const widths = [16, 20, 24, 28, 32, 36, 40, 48, 64];

const photos: MosaicPortrait[] = [];
for (const person of subfolders(join(FACES, 'people'))) {
  for (const file of imageFilesIn(join(FACES, 'people', person))) {
    const loaded = await loadImage(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const [face] = await analyzeImage(loaded.image, { ...options, largestFaceOnly: true, embed: false });
    if (face) photos.push({ file, person, faceWidth: face.box.x2 - face.box.x1 });
  }
}

const blur = async (image: RgbImage, p: MosaicPortrait): Promise<RgbImage> => {
  const { data, info } = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .blur(0.03 * p.faceWidth)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
};

const KINDS = [
  { name: 'clean', options: {} },
  { name: 'blur σ 3%', options: { damage: blur } },
  { name: 'JPEG q10', options: { jpegQuality: 10 } },
] as const;

const table = (title: string, bands: readonly WidthBand[]): void => {
  console.log(`\n${title}\n`);
  console.log('| smaller face | stranger pairs | at or above 0.48 | FAR | highest |');
  console.log('|---|---|---|---|---|');
  for (const b of bands) {
    if (b.pairs)
      console.log(`| ${b.name} | ${b.pairs} | ${b.passing} | ${((100 * b.passing) / b.pairs).toFixed(2)}% | ${b.highest.toFixed(3)} |`);
  }
};

const all = widthBands(edges);
const aboveFloor = widthBands([RECOGNITION_FLOOR.minBoxWidth, Infinity]);
let faces = 0;
let refused = 0;
for (const kind of KINDS) {
  const bands = widthBands(edges);
  for (const width of widths) {
    const { image, tiles } = await portraitMosaic(photos, width, kind.options);
    const found = (await analyzeImage(image, options)).filter((f) => f.embedding && f.poseCheck.passed);
    const labelled = labelMosaicFaces(
      found.map((f, i) => ({ id: `${kind.name}/${width}#${i}`, box: f.box, embedding: f.embedding!, ok: f.recognition.recognisable })),
      tiles,
    );
    faces += labelled.length;
    refused += labelled.filter((f) => !f.ok).length;
    countStrangerPairs(labelled, threshold, edges, bands);
    countStrangerPairs(labelled, threshold, edges, all);
    countStrangerPairs(
      labelled.filter((f) => f.ok),
      threshold,
      [RECOGNITION_FLOOR.minBoxWidth, Infinity],
      aboveFloor,
    );
  }
  table(`${kind.name}: ${widths.length} mosaics of ${photos.length} portraits (faces ${widths[0]}–${widths.at(-1)} px)`, bands);
}
table(`All ${faces} mosaic faces (${basename(FACES)}/people), threshold ${threshold}`, all);
table(
  `Only faces that clear the recognition floor (${faces - refused} of ${faces}; box ≥ ${RECOGNITION_FLOOR.minBoxWidth} px, sharpness ≥ ${RECOGNITION_FLOOR.minSharpness}, detector score ≥ ${RECOGNITION_FLOOR.minDetectorScore})`,
  aboveFloor,
);
process.exit(0);
