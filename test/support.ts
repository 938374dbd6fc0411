/** Shared by the vitest suites: the real fixture photos (testkit/fixtures.ts) decoded and analysed with the real models. */
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import type { RgbImage } from '../src/core/pipeline/image.ts';
import { analyze, type AnalyzeOptions, type AnalyzedFace } from '../src/core/pipeline/pipeline.ts';
import { fixture } from '../testkit/fixtures.ts';

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
