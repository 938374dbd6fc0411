import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModels } from '../src/cli/models.ts';
import { embedFace } from '../src/core/pipeline/embed.ts';
import { crop, flipHorizontal, swapRedBlue } from '../src/core/pipeline/image.ts';
import { resize } from '../src/core/pipeline/resize.ts';
import { cosineSimilarity, decide, DEFAULT_MATCH_SETTINGS, GalleryIndex } from '../src/core/search/match.ts';
import type { AnalyzedFace } from '../src/core/pipeline/pipeline.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { fixture, FIXTURES_MISSING, HAVE_FIXTURES, peoplePhotos } from '../testkit/fixtures.ts';
import { analyzeFixture } from './support.ts';

interface Photo {
  readonly person: string;
  readonly path: string;
  readonly face: AnalyzedFace;
}

const photos: Photo[] = [];

beforeAll(async () => {
  if (!HAVE_FIXTURES) return;
  for (const { person, path } of peoplePhotos()) {
    const faces = await analyzeFixture(path, { largestFaceOnly: true, flip: true });
    photos.push({ person, path, face: faces[0]! });
  }
});

/** Genuine and impostor similarities over every pair of the people/ photos. */
function pairScores(embed: (p: Photo) => Float32Array): { genuine: number[]; impostor: number[] } {
  const e = photos.map(embed);
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < photos.length; i++) {
    for (let j = i + 1; j < photos.length; j++) {
      (photos[i]!.person === photos[j]!.person ? genuine : impostor).push(cosineSimilarity(e[i]!, e[j]!));
    }
  }
  return { genuine, impostor };
}

describe.skipIf(!HAVE_FIXTURES)('recognition on real photos', () => {
  it('scores the same person well above the threshold and different people well below', () => {
    const { genuine, impostor } = pairScores((p) => p.face.embedding!);
    expect(genuine).toHaveLength(14);
    expect(impostor).toHaveLength(91);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b) / v.length;
    expect(mean(genuine)).toBeGreaterThan(0.6);
    expect(Math.min(...genuine)).toBeGreaterThan(DEFAULT_MATCH_SETTINGS.threshold);
    expect(Math.abs(mean(impostor))).toBeLessThan(0.1);
    expect(Math.max(...impostor)).toBeLessThan(0.3);
  });

  it('identifies every photo leave-one-out, and names it at the default threshold', () => {
    let probes = 0;
    for (const probe of photos) {
      const others = photos.filter((p) => p !== probe);
      if (!others.some((p) => p.person === probe.person)) continue;
      const byPerson = new Map<string, Float32Array[]>();
      for (const p of others) byPerson.set(p.person, [...(byPerson.get(p.person) ?? []), p.face.embedding!]);
      const index = new GalleryIndex([...byPerson].map(([name, embeddings]) => ({ id: name, name, embeddings })));
      const decision = decide(index.search(probe.face.embedding!, 3));
      expect(decision.identity, probe.path).toBe(probe.person);
      probes++;
    }
    expect(probes).toBe(14);
  });

  it('keeps the embedding steady across resolutions of one photo', async () => {
    const embeddings: Float32Array[] = [];
    for (const file of ['obama-240p.jpg', 'obama-480p.jpg', 'obama-720p.jpg', 'obama-1080p.jpg', 'obama_small.jpg']) {
      const [face] = await analyzeFixture(`resolution/${file}`, { largestFaceOnly: true, flip: true });
      embeddings.push(face!.embedding!);
    }
    for (let i = 0; i < embeddings.length; i++) {
      for (let j = i + 1; j < embeddings.length; j++) expect(cosineSimilarity(embeddings[i]!, embeddings[j]!)).toBeGreaterThan(0.85);
    }
  });

  it('flip augmentation gives a face and its mirror image the same embedding', async () => {
    const { models } = await loadNodeModels();
    const face = photos[0]!.face.aligned;
    const plain = await embedFace(models.embedder, face, false);
    const mirroredPlain = await embedFace(models.embedder, flipHorizontal(face), false);
    const flipped = await embedFace(models.embedder, face, true);
    const mirroredFlipped = await embedFace(models.embedder, flipHorizontal(face), true);
    expect(cosineSimilarity(flipped, mirroredFlipped)).toBeGreaterThan(0.9999);
    expect(cosineSimilarity(plain, mirroredPlain)).toBeLessThan(0.99); // without it, the mirror moves the embedding
    expect(Math.hypot(...flipped)).toBeCloseTo(1, 5);
  });

  it('separates people better with the recipe than with its silent mistakes (the other colour order, a box crop instead of alignment)', async () => {
    const { models } = await loadNodeModels();
    const margin = ({ genuine, impostor }: { genuine: number[]; impostor: number[] }): number => {
      const g = genuine.reduce((a, b) => a + b) / genuine.length;
      const i = impostor.reduce((a, b) => a + b) / impostor.length;
      return g - i;
    };
    const recipe = margin(pairScores((p) => p.face.embedding!));
    // The embedder takes BGR (measured); the swapped image is what the RGB order that fr_feature.js uses feeds it.
    const swapped: Float32Array[] = [];
    const boxCrop: Float32Array[] = [];
    for (const p of photos) {
      swapped.push(await embedFace(models.embedder, swapRedBlue(p.face.aligned), true));
    }
    for (const p of photos) {
      const image = await decodeImageFile(fixture(p.path));
      const b = p.face.box;
      const square = crop(image, Math.round(b.x1), Math.round(b.y1), Math.round(b.x2 - b.x1), Math.round(b.y2 - b.y1));
      boxCrop.push(await embedFace(models.embedder, resize(square, 112, 112), true));
    }
    const swappedMargin = margin(pairScores((p) => swapped[photos.indexOf(p)]!));
    const cropMargin = margin(pairScores((p) => boxCrop[photos.indexOf(p)]!));
    expect(recipe).toBeGreaterThan(swappedMargin + 0.02);
    expect(recipe).toBeGreaterThan(cropMargin + 0.05);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
