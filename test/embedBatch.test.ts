/**
 * The embedder and the pose model take every face of a photo in one call (a symbolic batch dim,
 * derived at install): each face's numbers must be those of the one-face-per-call path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModels } from '../src/cli/models.ts';
import { EMBED_BATCH, embedFace, embedFaces } from '../src/core/pipeline/embed.ts';
import type { Box } from '../src/core/pipeline/detect.ts';
import { flipHorizontal, type RgbImage } from '../src/core/pipeline/image.ts';
import { analyze, type AnalyzedFace } from '../src/core/pipeline/pipeline.ts';
import { estimatePose, estimatePoses, POSE_BATCH } from '../src/core/pipeline/pose.ts';
import type { ModelRunner } from '../src/core/pipeline/runner.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';
import { FIXTURES_MISSING, HAVE_FIXTURES, peoplePhotos } from '../testkit/fixtures.ts';
import { analyzeFixture, load } from './support.ts';

const GROUPS = ['kit_with_rose.jpg', 'obama_and_biden.jpg', 'two_people.jpg'];
const SAME = 0.99999;

/** Every face the detector finds in the group photos and the people photos: more than one batch holds. */
const crowd: { image: RgbImage; face: AnalyzedFace }[] = [];

beforeAll(async () => {
  if (!HAVE_FIXTURES) return;
  for (const path of [...GROUPS.map((g) => `groups/${g}`), ...peoplePhotos().map((p) => p.path)]) {
    const image = await load(...path.split('/'));
    for (const face of await analyzeFixture(path, { embed: false, poseModel: false })) crowd.push({ image, face });
  }
});

/** The reference: one image per embedder call, the flip sum made here. */
async function oneByOne(embedder: ModelRunner, face: RgbImage): Promise<Float32Array> {
  const plain = await embedFace(embedder, face, false);
  const mirror = await embedFace(embedder, flipHorizontal(face), false);
  const sum = plain.map((v, i) => v + mirror[i]!);
  const norm = Math.hypot(...sum);
  return sum.map((v) => v / norm);
}

/** The embedder with each call's batch size recorded. */
function counting(runner: ModelRunner, batches: number[]): ModelRunner {
  return {
    run: (feeds) => {
      batches.push(Object.values(feeds)[0]!.dims[0]!);
      return runner.run(feeds);
    },
  };
}

describe.skipIf(!HAVE_FIXTURES)('batched embedder and pose model', () => {
  it('embeds every face of a group photo in one call, each face as the one-face path does', async () => {
    const { models } = await loadNodeModels();
    for (const group of GROUPS) {
      const batches: number[] = [];
      const faces = await analyze({ ...models, embedder: counting(models.embedder, batches) }, await load('groups', group), {
        flip: true,
        embedFiltered: true,
      });
      expect(faces.length, group).toBeGreaterThanOrEqual(2);
      expect(batches, group).toEqual([2 * faces.length]); // each face and its mirror, in one call
      for (const [i, face] of faces.entries()) {
        const alone = await oneByOne(models.embedder, face.aligned);
        expect(cosineSimilarity(face.embedding!, alone), `${group} face ${i}`).toBeGreaterThanOrEqual(SAME);
      }
    }
  });

  it(`bounds a crowd to ${EMBED_BATCH} images per call, every face unchanged`, async () => {
    const { models } = await loadNodeModels();
    expect(crowd.length).toBeGreaterThan(EMBED_BATCH); // more than one call even without flip
    const batches: number[] = [];
    const aligned = crowd.map((c) => c.face.aligned);
    const embeddings = await embedFaces(counting(models.embedder, batches), aligned, true);
    const images = 2 * aligned.length;
    expect(batches.length).toBe(Math.ceil(images / EMBED_BATCH));
    expect(Math.max(...batches)).toBe(EMBED_BATCH);
    expect(batches.reduce((a, b) => a + b)).toBe(images);
    for (const [i, face] of aligned.entries()) {
      expect(cosineSimilarity(embeddings[i]!, await oneByOne(models.embedder, face)), `face ${i}`).toBeGreaterThanOrEqual(SAME);
    }
    // Without flip, too: one face per image.
    const plain = await embedFaces(models.embedder, aligned, false);
    for (const [i, face] of aligned.entries()) {
      expect(cosineSimilarity(plain[i]!, await embedFace(models.embedder, face, false)), `face ${i}`).toBeGreaterThanOrEqual(SAME);
    }
  });

  it(`reads each face's pose in batches of ${POSE_BATCH} as it does one face at a time`, async () => {
    const { models } = await loadNodeModels();
    const batches: number[] = [];
    const poseModel = counting(models.pose, batches);
    // Faces of one photo share a call; here the crowd's faces come from several photos, so each photo is one call.
    const byImage = new Map<RgbImage, AnalyzedFace[]>();
    for (const { image, face } of crowd) byImage.set(image, [...(byImage.get(image) ?? []), face]);
    for (const [image, faces] of byImage) {
      const poses = await estimatePoses(
        poseModel,
        image,
        faces.map((f) => f.box),
      );
      for (const [i, face] of faces.entries()) {
        const alone = await estimatePose(models.pose, image, face.box);
        expect(poses[i]!.yaw).toBeCloseTo(alone.yaw, 3);
        expect(poses[i]!.pitch).toBeCloseTo(alone.pitch, 3);
        expect(poses[i]!.roll).toBeCloseTo(alone.roll, 3);
      }
    }
    expect(batches).toEqual([...byImage.values()].map((faces) => faces.length));
    // More boxes than one call holds: the same face many times gives the same pose in every row.
    const { image, face } = crowd[0]!;
    const manyBatches: number[] = [];
    const many = await estimatePoses(counting(models.pose, manyBatches), image, Array<Box>(POSE_BATCH + 3).fill(face.box));
    expect(manyBatches).toEqual([POSE_BATCH, 3]);
    for (const pose of many) expect(pose.yaw).toBeCloseTo(many[0]!.yaw, 3);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
