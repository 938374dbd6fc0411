/**
 * Face embedding with fr_feature.onnx (MobileFaceNet): the aligned 112×112 face as (x − 127) / 128,
 * planar in the manifest's colour order (BGR, measured), → L2-normalised 512-d vector; optional flip
 * test-time augmentation. The served model has a symbolic batch dim, so the faces of one photo (and
 * their mirror images) go through it in one call.
 */
import { MODELS } from '../../models.ts';
import { ALIGNED_SIZE } from './align.ts';
import { flipHorizontal, toPlanarTensor, type RgbImage } from './image.ts';
import { output, type ModelRunner, type TensorData } from './runner.ts';

export const EMBEDDING_SIZE = 512;

/**
 * Images per embedder call (a face and its mirror count as two): bounds the input tensor of a crowd
 * photo to [16, 3, 112, 112], 2.4 MB of float32, and the activations with it.
 */
export const EMBED_BATCH = 16;

const FACE_VALUES = 3 * ALIGNED_SIZE * ALIGNED_SIZE;

/** The aligned faces as one tensor [n, 3, 112, 112], face i at offset i × 3 × 112 × 112. */
export function embedderBatchInput(faces: readonly RgbImage[]): TensorData {
  const data = new Float32Array(faces.length * FACE_VALUES); // [n, 3, 112, 112]
  faces.forEach((face, i) => {
    if (face.width !== ALIGNED_SIZE || face.height !== ALIGNED_SIZE) {
      throw new Error(`embedder needs a ${ALIGNED_SIZE}×${ALIGNED_SIZE} aligned face, got ${face.width}×${face.height}`);
    }
    data.set(toPlanarTensor(face, MODELS.embedder.normalization, MODELS.embedder.colorOrder), i * FACE_VALUES);
  });
  return { data, dims: [faces.length, 3, ALIGNED_SIZE, ALIGNED_SIZE] };
}

/** One aligned face as [1, 3, 112, 112]. */
export function embedderInput(face: RgbImage): TensorData {
  return embedderBatchInput([face]);
}

/** Scales `v` to unit length in place and returns it. */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** The raw embeddings of up to EMBED_BATCH faces, in one embedder call. */
async function rawEmbeddings(embedder: ModelRunner, faces: readonly RgbImage[]): Promise<Float32Array[]> {
  const out = output(await embedder.run({ [MODELS.embedder.inputName]: embedderBatchInput(faces) }), MODELS.embedder.outputNames[0]);
  if (out.data.length !== faces.length * EMBEDDING_SIZE) {
    throw new Error(`embedder returned ${out.data.length} values for ${faces.length} faces, expected ${EMBEDDING_SIZE} each`);
  }
  // [n, 512]; each row copied, since runners may reuse output buffers.
  return faces.map((_, i) => out.data.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE));
}

/**
 * The unit embeddings of aligned faces, in order, EMBED_BATCH images per embedder call. With `flip`,
 * each face and its mirror image are embedded (side by side in the batch), their unit embeddings added
 * and the sum normalised (InsightFace's flip test).
 */
export async function embedFaces(embedder: ModelRunner, faces: readonly RgbImage[], flip = false): Promise<Float32Array[]> {
  const perFace = flip ? 2 : 1;
  const total = faces.length * perFace;
  // Image j is face ⌊j / perFace⌋, mirrored when j is odd under flip; mirrors are made per call, not all at once.
  const imageAt = (j: number): RgbImage => {
    const face = faces[Math.floor(j / perFace)]!;
    return flip && j % 2 === 1 ? flipHorizontal(face) : face;
  };
  const raw: Float32Array[] = [];
  for (let start = 0; start < total; start += EMBED_BATCH) {
    const images = Array.from({ length: Math.min(EMBED_BATCH, total - start) }, (_, k) => imageAt(start + k));
    raw.push(...(await rawEmbeddings(embedder, images)));
  }
  return faces.map((_, i) => {
    const e = l2normalize(raw[i * perFace]!);
    if (!flip) return e;
    const m = l2normalize(raw[i * perFace + 1]!);
    for (let k = 0; k < e.length; k++) e[k]! += m[k]!;
    return l2normalize(e);
  });
}

/** The unit embedding of one aligned face (see embedFaces). */
export async function embedFace(embedder: ModelRunner, face: RgbImage, flip = false): Promise<Float32Array> {
  const [embedding] = await embedFaces(embedder, [face], flip);
  return embedding!;
}
