/**
 * A plain reference of the recognition pipeline, written from the papers' and InsightFace's recipe and
 * independent of src/core/pipeline (only the model runners are shared), so Faceprint can be checked
 * stage by stage against it (scripts/compare-reference.ts):
 *
 * 1. RetinaFace (Deng et al. 2019; InsightFace model_zoo/retinaface.py): the photo letterboxed into a
 *    640×640 input (top-left, black), resized with OpenCV's INTER_LINEAR (half-pixel centres, no
 *    pre-filter). Raw 0–255 pixels in RGB: this graph opens with its own scalar Sub and Mul
 *    (`_minusscalar0`, `_mulscalar0`), and InsightFace's retinaface.py feeds the MXNet mnet.25 model RGB
 *    with zero means. (The R50 model's 104/117/123 BGR means are not this file's.) Anchors of base 16
 *    at strides 32/16/8 with scales (32,16)/(8,4)/(2,1), landmark deltas ×0.2, score 0.5, NMS 0.4.
 * 2. Umeyama (1991) similarity from the five landmarks onto the ArcFace 112×112 template.
 * 3. cv2.warpAffine bilinear of the ORIGINAL pixels (integer pixel centres, black border).
 * 4. The embedder: (x − 127.5) / 127.5, planar BGR, L2-normalised; optional flip-sum.
 */
import type { ModelRunner, TensorData } from '../src/core/pipeline/runner.ts';

export interface Picture {
  readonly width: number;
  readonly height: number;
  /** RGB, interleaved. */
  readonly data: Uint8Array;
}

export type Pt = [number, number];

export interface ReferenceFace {
  readonly box: [number, number, number, number];
  readonly score: number;
  readonly landmarks: Pt[];
  readonly aligned: Picture;
  readonly embedding: Float32Array;
}

export interface ReferenceOptions {
  readonly flip?: boolean;
  /** Detector input side (InsightFace's det_size); default 640. */
  readonly detSize?: number;
  readonly scoreThreshold?: number;
  readonly colourOrder?: 'RGB' | 'BGR';
}

const TEMPLATE: Pt[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/** cv2.resize INTER_LINEAR: source x = (x + 0.5)·(sw/dw) − 0.5, clamped to the edge. */
export function cvResizeLinear(src: Picture, dw: number, dh: number): Picture {
  const out = new Uint8Array(dw * dh * 3);
  const fx = src.width / dw;
  const fy = src.height / dh;
  for (let y = 0; y < dh; y++) {
    let sy = (y + 0.5) * fy - 0.5;
    if (sy < 0) sy = 0;
    const y0 = Math.min(Math.floor(sy), src.height - 1);
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = sy - y0;
    for (let x = 0; x < dw; x++) {
      let sx = (x + 0.5) * fx - 0.5;
      if (sx < 0) sx = 0;
      const x0 = Math.min(Math.floor(sx), src.width - 1);
      const x1 = Math.min(x0 + 1, src.width - 1);
      const wx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const a = src.data[(y0 * src.width + x0) * 3 + c]!;
        const b = src.data[(y0 * src.width + x1) * 3 + c]!;
        const d = src.data[(y1 * src.width + x0) * 3 + c]!;
        const e = src.data[(y1 * src.width + x1) * 3 + c]!;
        const v = (1 - wy) * ((1 - wx) * a + wx * b) + wy * ((1 - wx) * d + wx * e);
        out[(y * dw + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { width: dw, height: dh, data: out };
}

interface Raw {
  box: [number, number, number, number];
  score: number;
  landmarks: Pt[];
}

function iou(a: Raw['box'], b: Raw['box']): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1;
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1;
  if (w <= 0 || h <= 0) return 0;
  const area = (r: Raw['box']): number => (r[2] - r[0] + 1) * (r[3] - r[1] + 1);
  return (w * h) / (area(a) + area(b) - w * h);
}

/** Every face RetinaFace finds, in original-image pixels, best first. */
export async function referenceDetect(detector: ModelRunner, image: Picture, o: ReferenceOptions = {}): Promise<Raw[]> {
  const size = o.detSize ?? 640;
  const ratio = image.height / image.width;
  const newH = ratio > 1 ? size : Math.floor(size * ratio);
  const newW = ratio > 1 ? Math.floor(size / ratio) : size;
  const detScale = newH / image.height;
  const resized = cvResizeLinear(image, Math.max(1, newW), Math.max(1, newH));
  const plane = size * size;
  const input = new Float32Array(3 * plane);
  const order = o.colourOrder ?? 'RGB';
  for (let y = 0; y < resized.height; y++) {
    for (let x = 0; x < resized.width; x++) {
      const s = (y * resized.width + x) * 3;
      for (let p = 0; p < 3; p++) input[p * plane + y * size + x] = resized.data[s + (order === 'RGB' ? p : 2 - p)]!;
    }
  }
  const out = await detector.run({ data: { data: input, dims: [1, 3, size, size] } });
  const found: Raw[] = [];
  const scales: Record<number, number[]> = { 32: [32, 16], 16: [8, 4], 8: [2, 1] };
  for (const stride of [32, 16, 8]) {
    const cls = out[`face_rpn_cls_prob_reshape_stride${stride}`] as TensorData;
    const bbox = out[`face_rpn_bbox_pred_stride${stride}`] as TensorData;
    const lmk = out[`face_rpn_landmark_pred_stride${stride}`] as TensorData;
    const [, , h, w] = cls.dims as number[];
    const A = scales[stride]!.length;
    const hw = h! * w!;
    for (let a = 0; a < A; a++) {
      const anchor = 16 * scales[stride]![a]!;
      for (let i = 0; i < h!; i++) {
        for (let j = 0; j < w!; j++) {
          const k = i * w! + j;
          const score = cls.data[(A + a) * hw + k]!;
          if (score < (o.scoreThreshold ?? 0.5)) continue;
          // anchor [x1, y1, x2, y2] = shifted [0, 0, 15, 15] scaled about its centre; width = x2 − x1 + 1.
          const cx = j * stride + 7.5;
          const cy = i * stride + 7.5;
          const d = (c: number): number => bbox.data[(a * 4 + c) * hw + k]!;
          const pcx = d(0) * anchor + cx;
          const pcy = d(1) * anchor + cy;
          const pw = Math.exp(d(2)) * anchor;
          const ph = Math.exp(d(3)) * anchor;
          const landmarks: Pt[] = [];
          for (let p = 0; p < 5; p++) {
            const lx = lmk.data[(a * 10 + 2 * p) * hw + k]! * 0.2;
            const ly = lmk.data[(a * 10 + 2 * p + 1) * hw + k]! * 0.2;
            landmarks.push([(lx * anchor + cx) / detScale, (ly * anchor + cy) / detScale]);
          }
          found.push({
            box: [
              (pcx - 0.5 * (pw - 1)) / detScale,
              (pcy - 0.5 * (ph - 1)) / detScale,
              (pcx + 0.5 * (pw - 1)) / detScale,
              (pcy + 0.5 * (ph - 1)) / detScale,
            ],
            score,
            landmarks,
          });
        }
      }
    }
  }
  found.sort((x, y) => y.score - x.score);
  const kept: Raw[] = [];
  for (const f of found) if (kept.every((k) => iou(k.box, f.box) <= 0.4)) kept.push(f);
  return kept;
}

/**
 * Umeyama's least-squares similarity src → dst via the 2×2 cross-covariance: for a similarity in 2-D
 * the SVD reduces to the rotation angle atan2(Σ21 − Σ12, Σ11 + Σ22) and scale |·| / var(src).
 */
export function referenceUmeyama(src: readonly Pt[], dst: readonly Pt[]): [number, number, number, number, number, number] {
  const n = src.length;
  const mean = (ps: readonly Pt[]): Pt => [ps.reduce((s, p) => s + p[0], 0) / n, ps.reduce((s, p) => s + p[1], 0) / n];
  const ms = mean(src);
  const md = mean(dst);
  let s11 = 0;
  let s12 = 0;
  let s21 = 0;
  let s22 = 0;
  let varS = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i]![0] - ms[0];
    const sy = src[i]![1] - ms[1];
    const dx = dst[i]![0] - md[0];
    const dy = dst[i]![1] - md[1];
    s11 += dx * sx;
    s12 += dx * sy;
    s21 += dy * sx;
    s22 += dy * sy;
    varS += sx * sx + sy * sy;
  }
  const theta = Math.atan2(s21 - s12, s11 + s22);
  const scale = Math.hypot(s21 - s12, s11 + s22) / varS;
  const a = scale * Math.cos(theta);
  const b = scale * Math.sin(theta);
  return [a, -b, md[0] - (a * ms[0] - b * ms[1]), b, a, md[1] - (b * ms[0] + a * ms[1])];
}

/** cv2.warpAffine(src, M, (size, size)), INTER_LINEAR, BORDER_CONSTANT 0. */
export function referenceWarp(src: Picture, m: readonly number[], size = 112): Picture {
  const det = m[0]! * m[4]! - m[1]! * m[3]!;
  const ia = m[4]! / det;
  const ib = -m[1]! / det;
  const id = -m[3]! / det;
  const ie = m[0]! / det;
  const ic = -(ia * m[2]! + ib * m[5]!);
  const iff = -(id * m[2]! + ie * m[5]!);
  const out = new Uint8Array(size * size * 3);
  const px = (x: number, y: number, c: number): number =>
    x < 0 || y < 0 || x >= src.width || y >= src.height ? 0 : src.data[(y * src.width + x) * 3 + c]!;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = ia * x + ib * y + ic;
      const sy = id * x + ie * y + iff;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const wx = sx - x0;
      const wy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const v =
          (1 - wy) * ((1 - wx) * px(x0, y0, c) + wx * px(x0 + 1, y0, c)) + wy * ((1 - wx) * px(x0, y0 + 1, c) + wx * px(x0 + 1, y0 + 1, c));
        out[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { width: size, height: size, data: out };
}

function unit(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** The embedding of a 112×112 face: (x − 127.5) / 127.5, planar BGR, unit length; flip-sum when asked. */
export async function referenceEmbed(embedder: ModelRunner, face: Picture, flip = true): Promise<Float32Array> {
  const run = async (mirror: boolean): Promise<Float32Array> => {
    const n = 112 * 112;
    const input = new Float32Array(3 * n);
    for (let y = 0; y < 112; y++) {
      for (let x = 0; x < 112; x++) {
        const s = (y * 112 + (mirror ? 111 - x : x)) * 3;
        const d = y * 112 + x;
        for (let p = 0; p < 3; p++) input[p * n + d] = (face.data[s + 2 - p]! - 127.5) / 127.5;
      }
    }
    const out = await embedder.run({ input: { data: input, dims: [1, 3, 112, 112] } });
    return unit(Float32Array.from(out['output']!.data));
  };
  const e = await run(false);
  if (!flip) return e;
  const m = await run(true);
  return unit(e.map((x, i) => x + m[i]!));
}

/** The largest face of the photo (as `analyze(…, { largestFaceOnly })` picks it), or null. */
export async function referenceLargestFace(
  models: { readonly detector: ModelRunner; readonly embedder: ModelRunner },
  image: Picture,
  o: ReferenceOptions = {},
): Promise<ReferenceFace | null> {
  let faces = await referenceDetect(models.detector, image, o);
  // As Faceprint's verify path does: a face known to be there is looked for again at a low threshold.
  if (faces.length === 0) faces = await referenceDetect(models.detector, image, { ...o, scoreThreshold: 0.2 });
  if (faces.length === 0) return null;
  const area = (f: Raw): number => (f.box[2] - f.box[0]) * (f.box[3] - f.box[1]);
  const face = faces.reduce((a, b) => (area(b) > area(a) ? b : a));
  const aligned = referenceWarp(image, referenceUmeyama(face.landmarks, TEMPLATE));
  return { ...face, aligned, embedding: await referenceEmbed(models.embedder, aligned, o.flip ?? true) };
}
