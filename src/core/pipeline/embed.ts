/**
 * Face embedding with fr_feature.onnx (MobileFaceNet): the aligned 112×112 face as (x − 127) / 128,
 * planar in the manifest's colour order (BGR, measured), → L2-normalised 512-d vector; optional flip
 * test-time augmentation.
 */
import { MODELS } from '../../models.ts';
import { ALIGNED_SIZE } from './align.ts';
import { flipHorizontal, toPlanarTensor, type RgbImage } from './image.ts';
import { output, type ModelRunner, type TensorData } from './runner.ts';

export const EMBEDDING_SIZE = 512;

export function embedderInput(face: RgbImage): TensorData {
  if (face.width !== ALIGNED_SIZE || face.height !== ALIGNED_SIZE) {
    throw new Error(`embedder needs a ${ALIGNED_SIZE}×${ALIGNED_SIZE} aligned face, got ${face.width}×${face.height}`);
  }
  return {
    data: toPlanarTensor(face, MODELS.embedder.normalization, MODELS.embedder.colorOrder),
    dims: [1, 3, ALIGNED_SIZE, ALIGNED_SIZE],
  };
}

/** Scales `v` to unit length in place and returns it. */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

async function rawEmbedding(embedder: ModelRunner, face: RgbImage): Promise<Float32Array> {
  const out = output(await embedder.run({ [MODELS.embedder.inputName]: embedderInput(face) }), MODELS.embedder.outputNames[0]);
  if (out.data.length !== EMBEDDING_SIZE) throw new Error(`embedder returned ${out.data.length} values, expected ${EMBEDDING_SIZE}`);
  return Float32Array.from(out.data); // [512]; copied, since runners may reuse output buffers
}

/**
 * The unit embedding of an aligned face. With `flip`, the face and its mirror image are embedded, their
 * unit embeddings added and the sum normalised (InsightFace's flip test).
 */
export async function embedFace(embedder: ModelRunner, face: RgbImage, flip = false): Promise<Float32Array> {
  const e = l2normalize(await rawEmbedding(embedder, face));
  if (!flip) return e;
  const m = l2normalize(await rawEmbedding(embedder, flipHorizontal(face)));
  for (let i = 0; i < e.length; i++) e[i]! += m[i]!;
  return l2normalize(e);
}
