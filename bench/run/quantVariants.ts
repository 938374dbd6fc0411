/**
 * The model variants that bench/run/quantEval.ts compares with the fp32 files: fp16-stored weights for
 * every model, and static int8 QDQ for the detector and the embedder calibrated on the fixture photos
 * (scripts/quantize.ts, scripts/quant-calibrate.ts).
 */
import { readVerifiedModel } from '../../src/cli/models.ts';
import { FP32_MODELS, MODELS, type ModelRole } from '../../src/models.ts';
import { calibrate, calibrationInputs } from '../../scripts/quant-calibrate.ts';
import { flushTinyWeights, toFloat16Weights } from '../../scripts/float16.ts';
import { decodeModel } from '../../scripts/onnxModel.ts';
import { foldBatchNorm, quantizeQdq, toInt8Weights } from '../../scripts/quantize.ts';

/**
 * `int8`: static QDQ (int8 compute); `int8-weights`: Conv weights stored int8 behind a DequantizeLinear,
 * fp32 compute; `fp32-flushed`: fp32 with the weights that float16 rounds to 0 set to 0, timed only, to explain fp16's speed.
 */
export type VariantName = 'fp32' | 'fp32-flushed' | 'fp16' | 'int8' | 'int8-weights';
export type ModelSet = Readonly<Record<ModelRole, Uint8Array>>;

export function fp32Models(): ModelSet {
  return {
    detector: readVerifiedModel(FP32_MODELS.detector),
    embedder: readVerifiedModel(FP32_MODELS.embedder),
    pose: readVerifiedModel(FP32_MODELS.pose),
  };
}

export function fp16Models(fp32: ModelSet): ModelSet {
  return {
    detector: toFloat16Weights(decodeModel(fp32.detector)),
    embedder: toFloat16Weights(decodeModel(fp32.embedder)),
    pose: toFloat16Weights(decodeModel(fp32.pose)),
  };
}

/**
 * int8-stored detector and embedder weights. The pose model stays fp32: per-channel DequantizeLinear needs
 * opset 13, and its Split (opset 9) changed meaning there.
 */
export function int8WeightModels(fp32: ModelSet): ModelSet {
  return {
    detector: toInt8Weights(decodeModel(fp32.detector)),
    embedder: toInt8Weights(decodeModel(fp32.embedder)),
    pose: fp32.pose,
  };
}

export function flushedModels(fp32: ModelSet): ModelSet {
  return {
    detector: flushTinyWeights(decodeModel(fp32.detector)),
    embedder: flushTinyWeights(decodeModel(fp32.embedder)),
    pose: flushTinyWeights(decodeModel(fp32.pose)),
  };
}

/** int8 detector and embedder; the pose model stays fp32 (rarely run, and not calibrated here). */
export async function int8Models(fp32: ModelSet, photos?: readonly string[]): Promise<ModelSet> {
  const set = await calibrationInputs(photos);
  const quantize = async (role: 'detector' | 'embedder'): Promise<Uint8Array> => {
    const model = decodeModel(fp32[role]);
    foldBatchNorm(model);
    const ranges = await calibrate(model, MODELS[role].inputName, set[role]);
    return quantizeQdq(model, ranges);
  };
  return { detector: await quantize('detector'), embedder: await quantize('embedder'), pose: fp32.pose };
}
