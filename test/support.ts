/** Shared by the vitest suites: the real fixture photos (beside the repo) and the real models. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import type { RgbImage } from '../src/core/image.ts';
import { analyze, type AnalyzeOptions, type AnalyzedFace } from '../src/core/pipeline.ts';

export const FACES = resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'faces');
export const HAVE_FIXTURES = existsSync(FACES);
export const FIXTURES_MISSING = `skipped: the shared fixture photos are not at ${FACES} (see ../shared/fixtures/README.md)`;

if (!HAVE_FIXTURES) console.warn(FIXTURES_MISSING);

export const fixture = (...parts: string[]): string => join(FACES, ...parts);

export async function load(...parts: string[]): Promise<RgbImage> {
  return decodeImageFile(fixture(...parts));
}

export async function analyzeImage(image: RgbImage, options: AnalyzeOptions = {}): Promise<AnalyzedFace[]> {
  const { models } = await loadNodeModels();
  return analyze(models, image, options);
}

export async function analyzeFixture(path: string, options: AnalyzeOptions = {}): Promise<AnalyzedFace[]> {
  return analyzeImage(await decodeImageFile(fixture(path)), options);
}

export const PEOPLE: Readonly<Record<string, readonly string[]>> = {
  alex_lacamoire: ['alex1.png', 'alex2.jpg', 'alex3.jpg'],
  biden: ['biden1.jpg', 'biden2.jpg'],
  kit_harington: ['kit1.jpg', 'kit2.jpg', 'kit3.jpg'],
  lin_manuel_miranda: ['lin1.png'],
  obama: ['obama1.jpg', 'obama2.jpg', 'obama3.jpg', 'obama4.jpg'],
  rose_leslie: ['rose1.jpg', 'rose2.jpg'],
};

export const peoplePhotos = (): { person: string; path: string }[] =>
  Object.entries(PEOPLE).flatMap(([person, files]) => files.map((f) => ({ person, path: join('people', person, f) })));
