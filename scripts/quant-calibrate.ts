/**
 * Calibration of the int8 variants (scripts/quantize.ts) on the fixture photos: the detector's inputs at
 * the sizes the app uses (photos, and 320 px live frames) built by the core's own detectorGeometry and
 * detectorInput, and the embedder's inputs from the faces the fp32 pipeline aligns (and their mirror
 * images, which flip test-time augmentation embeds). The range of a tensor is its min and max over all.
 *
 *   npx tsx scripts/quant-calibrate.ts OUT.json   writes the detector's and embedder's ranges
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImageFile } from '../src/cli/decode.ts';
import { imageFilesIn, subfolders } from '../src/cli/common.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import { detectorGeometry, detectorInput, type DetectorInputSize } from '../src/core/pipeline/detect.ts';
import { embedderInput } from '../src/core/pipeline/embed.ts';
import { flipHorizontal, type RgbImage } from '../src/core/pipeline/image.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import type { TensorData } from '../src/core/pipeline/runner.ts';
import { FP32_MODELS } from '../src/models.ts';
import { createRunner } from '../src/runtime/session.ts';
import { FACES } from '../testkit/fixtures.ts';
import type { Model } from './onnxModel.ts';
import { calibrationTensors, exposeTensors, type Range, type Ranges } from './quantize.ts';

/** The sizes the app runs the detector at: photos (InsightFace's rule) and live frames. */
export const CALIBRATION_SIZES: readonly DetectorInputSize[] = ['photo', { maxSide: 320 }];

/** Every fixture photo (people, groups, resolution, partial). */
export function fixturePhotos(): string[] {
  const people = subfolders(join(FACES, 'people')).flatMap((p) => imageFilesIn(join(FACES, 'people', p)));
  return [...people, ...['groups', 'resolution', 'partial'].flatMap((d) => imageFilesIn(join(FACES, d)))];
}

export interface CalibrationSet {
  readonly detector: TensorData[];
  readonly embedder: TensorData[];
}

export async function calibrationInputs(files: readonly string[] = fixturePhotos()): Promise<CalibrationSet> {
  const { models } = await loadNodeModels();
  const detector: TensorData[] = [];
  const embedder: TensorData[] = [];
  for (const file of files) {
    const image: RgbImage = await decodeImageFile(file);
    for (const size of CALIBRATION_SIZES) detector.push(detectorInput(image, detectorGeometry(image.width, image.height, size)));
    for (const face of await analyze(models, image, { embed: false, poseModel: false })) {
      embedder.push(embedderInput(face.aligned), embedderInput(flipHorizontal(face.aligned)));
    }
  }
  return { detector, embedder };
}

/** Min and max of every tensor the int8 variant quantises, over `inputs` run through the fp32 model. */
export async function calibrate(model: Model, inputName: string, inputs: readonly TensorData[]): Promise<Ranges> {
  const tensors = calibrationTensors(model);
  const runner = await createRunner(exposeTensors(model, tensors), 'wasm');
  const ranges: Record<string, Range> = {};
  for (const input of inputs) {
    const outputs = await runner.run({ [inputName]: input });
    for (const name of tensors) {
      const t = outputs[name];
      if (!t) throw new Error(`calibration output ${name} is missing`);
      let { min, max } = ranges[name] ?? { min: Infinity, max: -Infinity };
      for (const v of t.data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      ranges[name] = { min, max };
    }
  }
  await runner.release();
  return ranges;
}

export const CALIBRATED_MODELS = { detector: FP32_MODELS.detector, embedder: FP32_MODELS.embedder } as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: tsx scripts/quant-calibrate.ts OUT.json');
    process.exit(2);
  }
  const { readVerifiedModel } = await import('../src/cli/models.ts');
  const { decodeModel } = await import('./onnxModel.ts');
  const { foldBatchNorm } = await import('./quantize.ts');
  const set = await calibrationInputs();
  const result: Record<string, Ranges> = {};
  for (const [role, entry] of Object.entries(CALIBRATED_MODELS)) {
    const model = decodeModel(readVerifiedModel(entry));
    foldBatchNorm(model);
    result[role] = await calibrate(model, entry.inputName, role === 'detector' ? set.detector : set.embedder);
  }
  writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`ranges: ${out} (${set.detector.length} detector inputs, ${set.embedder.length} embedder inputs)`);
  process.exit(0);
}
