/**
 * The model variants of scripts/quantize.ts (issue 11) on the real models: the installed fp16 files are
 * what the derivation makes, store their weights as float16 and give fp32's results on a real face; the
 * int8 quantiser puts QDQ around every Conv it quantises, deterministically. The full comparison is
 * bench/run/quantEval.ts.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from '../src/cli/decode.ts';
import { readVerifiedModel } from '../src/cli/models.ts';
import { embedderInput, embedFace } from '../src/core/pipeline/embed.ts';
import { flipHorizontal } from '../src/core/pipeline/image.ts';
import { analyze, type AnalyzedFace } from '../src/core/pipeline/pipeline.ts';
import type { FaceModels } from '../src/core/pipeline/runner.ts';
import { FP16_MODELS, FP32_MODELS } from '../src/models.ts';
import { createRunner } from '../src/runtime/session.ts';
import { calibrate } from '../scripts/quant-calibrate.ts';
import { toFloat16Weights } from '../scripts/float16.ts';
import { decodeModel, type Model } from '../scripts/onnxModel.ts';
import { foldBatchNorm, planConvs, quantizeQdq } from '../scripts/quantize.ts';
import { fixture, FIXTURES_MISSING, HAVE_FIXTURES } from '../testkit/fixtures.ts';

const ROLES = ['detector', 'embedder', 'pose'] as const;
const FLOAT = 1;
const FLOAT16 = 10;
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
const elements = (t: { dims?: (number | { toNumber(): number })[] | null }): number =>
  (t.dims ?? []).reduce<number>((n, d) => n * (typeof d === 'number' ? d : d.toNumber()), 1);

describe('fp16 model variants', () => {
  it('are the fp32 files with float16 weights, derived to the same bytes as the manifest pins', () => {
    for (const role of ROLES) {
      const derived = toFloat16Weights(decodeModel(readVerifiedModel(FP32_MODELS[role])));
      expect(sha256(derived), role).toBe(FP16_MODELS[role].sha256);
      expect(readVerifiedModel(FP16_MODELS[role]).length, role).toBe(FP16_MODELS[role].size);
      const graph = decodeModel(derived).graph!;
      const halves = graph.initializer!.filter((t) => t.dataType === FLOAT16);
      expect(halves.length, role).toBeGreaterThan(0);
      // No float32 weight of any size is left, and each float16 one is expanded by one Cast.
      expect(
        graph.initializer!.filter((t) => t.dataType === FLOAT && elements(t) >= 16),
        role,
      ).toEqual([]);
      const casts = graph.node!.filter((n) => n.opType === 'Cast').map((n) => n.input![0]);
      expect(casts.sort(), role).toEqual(halves.map((t) => t.name).sort());
    }
  });
});

describe.skipIf(!HAVE_FIXTURES)('model variants on a real face', () => {
  let fp32: FaceModels;
  let face: AnalyzedFace;
  const photo = fixture('people', 'obama', 'obama1.jpg');

  beforeAll(async () => {
    // The app serves the fp16 embedder: the reference here is every model's fp32 form.
    fp32 = {
      detector: await createRunner(readVerifiedModel(FP32_MODELS.detector), 'wasm', 2),
      embedder: await createRunner(readVerifiedModel(FP32_MODELS.embedder), 'wasm', 2),
      pose: await createRunner(readVerifiedModel(FP32_MODELS.pose), 'wasm', 2),
    };
    [face] = (await analyze(fp32, await decodeImageFile(photo), { largestFaceOnly: true, flip: true, poseModel: true })) as [AnalyzedFace];
  });

  it('fp16: the same face, landmarks, pose and embedding as fp32', async () => {
    const fp16: FaceModels = {
      detector: await createRunner(readVerifiedModel(FP16_MODELS.detector), 'wasm', 2),
      embedder: await createRunner(readVerifiedModel(FP16_MODELS.embedder), 'wasm', 2),
      pose: await createRunner(readVerifiedModel(FP16_MODELS.pose), 'wasm', 2),
    };
    const [got] = await analyze(fp16, await decodeImageFile(photo), { largestFaceOnly: true, flip: true, poseModel: true });
    expect(got).toBeDefined();
    face.landmarks.forEach((p, i) => {
      expect(Math.hypot(p[0] - got!.landmarks[i]![0], p[1] - got!.landmarks[i]![1])).toBeLessThan(0.5);
    });
    expect(Math.abs(face.pose.yaw - got!.pose.yaw)).toBeLessThan(1);
    expect(dot(face.embedding!, got!.embedding!)).toBeGreaterThan(0.999);
    // The embedder alone, on fp32's aligned face: float16 weights barely move the embedding.
    expect(dot(face.embedding!, await embedFace(fp16.embedder, face.aligned, true))).toBeGreaterThan(0.9999);
  });

  it('int8: QDQ around every quantised Conv, the same bytes each time, close to fp32', async () => {
    const model: Model = decodeModel(readVerifiedModel(FP32_MODELS.embedder));
    foldBatchNorm(model);
    const inputs = [embedderInput(face.aligned), embedderInput(flipHorizontal(face.aligned))];
    const ranges = await calibrate(model, FP32_MODELS.embedder.inputName, inputs);
    const bytes = quantizeQdq(model, ranges);
    expect(sha256(quantizeQdq(model, ranges))).toBe(sha256(bytes));

    const graph = decodeModel(bytes).graph!;
    const producer = new Map(graph.node!.flatMap((n) => n.output!.map((o) => [o, n.opType] as const)));
    const readers = (t: string): (string | null | undefined)[] => graph.node!.filter((n) => n.input!.includes(t)).map((n) => n.opType);
    const convs = graph.node!.filter((n) => n.opType === 'Conv');
    const quantised = convs.filter((c) => producer.get(c.input![1]!) === 'DequantizeLinear');
    // Every Conv but the last (the embedding itself, kept fp32) reads DQ activations, weights and bias and feeds a Q.
    expect(quantised.length).toBe(planConvs(model).length);
    expect(quantised.length).toBe(convs.length - 1);
    for (const c of quantised) {
      expect(c.input!.map((i) => producer.get(i))).toEqual(['DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear']);
      const out = c.output![0]!;
      const next = readers(out);
      const quantisedOut = next[0] === 'Relu' ? readers(graph.node!.find((n) => n.input![0] === out)!.output![0]!) : next;
      expect(quantisedOut).toEqual(['QuantizeLinear']);
    }
    const int8 = await createRunner(bytes, 'wasm', 2);
    expect(dot(face.embedding!, await embedFace(int8, face.aligned, true))).toBeGreaterThan(0.95);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
