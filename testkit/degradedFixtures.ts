/**
 * Degraded copies of a `DIR/<person>/*` photo set, one folder per kind of damage, each with a pairs.csv
 * of every same/different pair, for `faceprint eval-pairs` (test/robustness.test.ts, test/quality.test.ts,
 * and by hand through scripts/degrade-fixtures.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { RgbImage } from '../src/core/pipeline/image.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { imageFilesIn, subfolders } from '../src/cli/common.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import { pairsCsv } from './pairs.ts';

export const DEGRADATIONS = ['tiny', 'blur', 'jpeg10', 'dark', 'noise', 'rotate30'] as const;
export type Degradation = (typeof DEGRADATIONS)[number];

/** Deterministic Gaussian noise (σ = 25 grey levels) from a fixed-seed generator. */
function addNoise(data: Uint8Array, seed: number): void {
  let s = seed >>> 0 || 1;
  const uniform = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + 25 * g)));
  }
}

/** One degraded JPEG of `file`; `faceWidth` is the width of its largest face in the upright image. */
export async function degrade(file: string, kind: Degradation, faceWidth: number, seed = 1): Promise<Buffer> {
  const image = await decodeImageFile(file);
  const raw = (): Sharp =>
    sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
      raw: { width: image.width, height: image.height, channels: 3 },
    });
  switch (kind) {
    case 'tiny': {
      // The whole photo shrunk so the face is about 24 px wide.
      const scale = Math.min(1, 24 / faceWidth);
      return raw()
        .resize(Math.max(8, Math.round(image.width * scale)))
        .jpeg({ quality: 95 })
        .toBuffer();
    }
    case 'blur':
      return raw()
        .blur(Math.max(1, faceWidth / 40))
        .jpeg({ quality: 95 })
        .toBuffer();
    case 'jpeg10':
      return raw().jpeg({ quality: 10 }).toBuffer();
    case 'dark':
      // A quarter of the light, with the sensor's gamma: mid-grey 128 → 32.
      return raw().linear(0.25, 0).jpeg({ quality: 95 }).toBuffer();
    case 'noise': {
      const data = Uint8Array.from(image.data);
      addNoise(data, seed);
      return sharp(Buffer.from(data), { raw: { width: image.width, height: image.height, channels: 3 } })
        .jpeg({ quality: 95 })
        .toBuffer();
    }
    case 'rotate30':
      return raw()
        .rotate(30, { background: { r: 0, g: 0, b: 0 } })
        .jpeg({ quality: 95 })
        .toBuffer();
  }
}

/**
 * A graded degradation, as the small-faces issue measures them: the whole photo shrunk (Lanczos) so
 * its face is `faceWidth` px wide, or a Gaussian blur of σ = `sigmaFraction` × the face width.
 */
export type GradedDegradation =
  { readonly kind: 'downscale'; readonly faceWidth: number } | { readonly kind: 'blur'; readonly sigmaFraction: number };

export const GRADED_DEGRADATIONS: readonly GradedDegradation[] = [
  { kind: 'downscale', faceWidth: 32 },
  { kind: 'downscale', faceWidth: 24 },
  { kind: 'downscale', faceWidth: 20 },
  { kind: 'blur', sigmaFraction: 0.02 },
  { kind: 'blur', sigmaFraction: 0.03 },
  { kind: 'blur', sigmaFraction: 0.04 },
];

export const gradedName = (d: GradedDegradation): string =>
  d.kind === 'downscale' ? `face ${d.faceWidth} px` : `blur σ ${Math.round(d.sigmaFraction * 100)}%`;

/** The decoded RGB pixels of one graded copy of `image`, whose largest face is `faceWidth` px wide. */
export async function degradeGraded(image: RgbImage, d: GradedDegradation, faceWidth: number): Promise<RgbImage> {
  const raw = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 3 },
  });
  const shaped =
    d.kind === 'downscale'
      ? raw.resize(Math.max(8, Math.round(image.width * Math.min(1, d.faceWidth / faceWidth))), undefined, { kernel: 'lanczos3' })
      : raw.blur(Math.max(0.3, d.sigmaFraction * faceWidth));
  const { data, info } = await shaped.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

export interface DegradedSet {
  readonly kind: Degradation;
  readonly root: string;
  readonly pairs: string;
}

/** Writes OUT/<kind>/<person>/<photo>.jpg and OUT/<kind>/pairs.csv for every kind. */
export async function writeDegradedSets(
  peopleDir: string,
  outDir: string,
  kinds: readonly Degradation[] = DEGRADATIONS,
): Promise<DegradedSet[]> {
  const { models } = await loadNodeModels();
  const photos: { person: string; file: string; faceWidth: number }[] = [];
  for (const person of subfolders(peopleDir)) {
    for (const file of imageFilesIn(join(peopleDir, person))) {
      const [face] = await analyze(models, await decodeImageFile(file), { largestFaceOnly: true, embed: false, poseModel: false });
      if (face) photos.push({ person, file, faceWidth: face.box.x2 - face.box.x1 });
    }
  }
  const rel = (p: { person: string; file: string }): string => `${p.person}/${basename(p.file, extname(p.file))}.jpg`;
  const csv = pairsCsv(photos.map((p) => ({ person: p.person, path: rel(p) })));
  const sets: DegradedSet[] = [];
  for (const kind of kinds) {
    const root = join(outDir, kind);
    for (const [i, p] of photos.entries()) {
      const target = join(root, rel(p));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await degrade(p.file, kind, p.faceWidth, i + 1));
    }
    const pairs = join(root, 'pairs.csv');
    writeFileSync(pairs, csv);
    sets.push({ kind, root, pairs });
  }
  return sets;
}
