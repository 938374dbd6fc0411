/**
 * Clustering where it is hard: degraded copies of the fixture portraits mixed with the clean ones,
 * and crowd photos made by tiling the portraits small (every tile a known person), as the accuracy
 * issue asks. Quality figures only (no timing), so a busy machine changes nothing here.
 *
 *   npx tsx bench/run/clusterHard.ts
 *
 * 1. For each kind of damage (testkit/degradedFixtures.ts): every face of people/ clean plus every
 *    face of its degraded copy, grouped with the default settings. Truth: the largest face of a photo
 *    is its folder's person; any other face is a bystander of its own.
 * 2. Mosaics: all people/ photos in one image, each shrunk so its face is W px wide (W from 16 to 64),
 *    5 mosaics. Within each mosaic, every pair of faces of different people is a stranger pair (the
 *    class-photo test): the share scoring at or above the threshold, by the smaller face's width. Then
 *    all mosaic faces with the clean faces, grouped: pairwise precision and recall, and how many faces
 *    the size floor set apart.
 */
import { basename, join } from 'node:path';
import { analyzeImage, analyzeOptions, DEFAULT_COMMON, imageFilesIn, loadImage, subfolders } from '../../src/cli/common.ts';
import type { RgbImage } from '../../src/core/pipeline/image.ts';
import { clusterFaces, DEFAULT_CLUSTER_SETTINGS, type ClusterFace, type ClusterSettings } from '../../src/core/search/cluster.ts';
import { DEGRADATIONS, degrade } from '../../testkit/degradedFixtures.ts';
import { FACES } from '../../testkit/fixtures.ts';
import { countStrangerPairs, labelMosaicFaces, portraitMosaic, rgbOf, widthBands } from '../../testkit/mosaic.ts';
import { pairScore } from './clusterScore.ts';

interface Photo {
  readonly file: string;
  readonly person: string;
  readonly faceWidth: number;
}

interface LabelledFace extends ClusterFace {
  readonly person: string;
}

const options = analyzeOptions(DEFAULT_COMMON);
const threshold = DEFAULT_CLUSTER_SETTINGS.match.threshold;

/** The faces of one image that pass the pose filter, the largest (or the one in `isPerson`) labelled `person`. */
async function facesOf(
  image: RgbImage,
  idPrefix: string,
  label: (box: { x1: number; y1: number; x2: number; y2: number }, largest: boolean) => string,
): Promise<LabelledFace[]> {
  const found = (await analyzeImage(image, options)).filter((f) => f.embedding && f.poseCheck.passed);
  const width = (i: number) => found[i]!.box.x2 - found[i]!.box.x1;
  const largest = found.reduce((best, _, i) => (width(i) > width(best) ? i : best), 0);
  return found.map((f, i) => ({
    id: `${idPrefix}#${i}`,
    embedding: f.embedding!,
    boxWidth: width(i),
    quality: f.score,
    person: label(f.box, i === largest),
  }));
}

function groupRow(name: string, faces: readonly LabelledFace[], settings: ClusterSettings = DEFAULT_CLUSTER_SETTINGS): string {
  const result = clusterFaces(faces, settings);
  const truth = new Map(faces.map((f) => [f.id, f.person]));
  const kept = faces.filter((f) => !result.tooSmall.includes(f.id));
  const { precision, recall } = pairScore(
    result.clusters.map((c) => c.faceIds),
    new Map(kept.map((f) => [f.id, truth.get(f.id)!])),
  );
  const people = new Set(kept.filter((f) => !f.person.startsWith('bystander')).map((f) => f.person)).size;
  return `| ${name} | ${faces.length} | ${result.tooSmall.length} | ${people} | ${result.clusters.length} | ${result.others.length} | ${precision.toFixed(3)} | ${recall.toFixed(3)} |`;
}

const photos: Photo[] = [];
const clean: LabelledFace[] = [];
for (const person of subfolders(join(FACES, 'people'))) {
  for (const file of imageFilesIn(join(FACES, 'people', person))) {
    const loaded = await loadImage(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const faces = await facesOf(loaded.image, basename(file), (_, largest) => (largest ? person : `bystander ${file}`));
    const own = faces.find((f) => f.person === person);
    if (!own) continue;
    photos.push({ file, person, faceWidth: own.boxWidth! });
    clean.push(...faces.map((f) => (f.person === person ? f : { ...f, person: `bystander ${f.id}` })));
  }
}

console.log(
  `${photos.length} portraits of ${new Set(photos.map((p) => p.person)).size} people; threshold ${threshold}, join at ${threshold + DEFAULT_CLUSTER_SETTINGS.linkMargin}, size floor ${DEFAULT_CLUSTER_SETTINGS.minBoxWidth} px\n`,
);
console.log('| faces | all | too small | people left | groups | others | pairwise precision | pairwise recall |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(groupRow('clean', clean));
for (const kind of DEGRADATIONS) {
  const degraded: LabelledFace[] = [];
  for (const [i, p] of photos.entries()) {
    const image = await rgbOf(await degrade(p.file, kind, p.faceWidth, i + 1));
    degraded.push(
      ...(await facesOf(image, `${kind}/${basename(p.file)}`, (_, largest) => (largest ? p.person : `bystander ${kind}/${p.file}`))).map(
        (f) => (f.person.startsWith('bystander') ? { ...f, person: `bystander ${f.id}` } : f),
      ),
    );
  }
  console.log(groupRow(`clean + ${kind}`, [...clean, ...degraded]));
}

const edges = [0, 20, 24, 28, 32, 40, 48, Infinity];
const strangers = widthBands(edges);
const mosaicFaces: LabelledFace[] = [];
for (const width of [16, 20, 24, 28, 32, 40, 48, 64]) {
  const { image, tiles } = await portraitMosaic(photos, width);
  const found = (await analyzeImage(image, options)).filter((f) => f.embedding && f.poseCheck.passed);
  const labelled = labelMosaicFaces(
    found.map((f, i) => ({ id: `mosaic${width}#${i}`, box: f.box, embedding: f.embedding!, score: f.score })),
    tiles,
  );
  countStrangerPairs(labelled, threshold, edges, strangers);
  mosaicFaces.push(
    ...labelled.map((f) => ({ id: f.id, embedding: f.embedding, boxWidth: f.box.x2 - f.box.x1, quality: f.score, person: f.person })),
  );
}
console.log(
  `\nMosaics: ${mosaicFaces.length} faces found in 8 mosaics (face widths 16–64 px). Within-mosaic stranger pairs by the smaller face's width:\n`,
);
console.log('| smaller face | stranger pairs | at or above the threshold | FAR | highest |');
console.log('|---|---|---|---|---|');
strangers.forEach((s) => {
  if (s.pairs)
    console.log(`| ${s.name} | ${s.pairs} | ${s.passing} | ${((100 * s.passing) / s.pairs).toFixed(2)}% | ${s.highest.toFixed(2)} |`);
});
console.log('\nGrouping the mosaic faces with the clean portraits:\n');
console.log('| faces | all | too small | people left | groups | others | pairwise precision | pairwise recall |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(groupRow('clean + mosaics', [...clean, ...mosaicFaces]));
console.log(groupRow('clean + mosaics, no size floor', [...clean, ...mosaicFaces], { ...DEFAULT_CLUSTER_SETTINGS, minBoxWidth: 0 }));
