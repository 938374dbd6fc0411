/**
 * Alignment: the least-squares similarity transform (Umeyama) from the 5 detected landmarks onto the
 * ArcFace template, then a bilinear warp to the 112×112 face the embedder expects.
 */
import type { Landmarks } from './detect.ts';
import { applyAffine, crop, invertAffine, warpAffine, type Affine, type Point, type RgbImage } from './image.ts';
import { downsampleBox } from './resize.ts';

export const ALIGNED_SIZE = 112;

/** InsightFace's ArcFace template for a 112×112 face, in the detector's landmark order. */
export const ARCFACE_TEMPLATE: Landmarks = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * Umeyama (1991) least-squares similarity (rotation, uniform scale, translation; no reflection) that
 * maps `src` onto `dst`. In 2-D the SVD solution has a closed form: treating points as complex numbers,
 * the rotation-and-scale factor is Σ conj(s̃)·d̃ / Σ|s̃|² over the centred points.
 */
export function umeyama(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = src.length;
  if (n < 2 || dst.length !== n) throw new Error('umeyama needs at least 2 matching point pairs');
  let sx = 0;
  let sy = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i]![0];
    sy += src[i]![1];
    dx += dst[i]![0];
    dy += dst[i]![1];
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  let re = 0;
  let im = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const ax = src[i]![0] - sx;
    const ay = src[i]![1] - sy;
    const bx = dst[i]![0] - dx;
    const by = dst[i]![1] - dy;
    re += ax * bx + ay * by;
    im += ax * by - ay * bx;
    norm += ax * ax + ay * ay;
  }
  if (norm < 1e-12) throw new Error('landmarks are degenerate (all at one point)');
  const a = re / norm; // scale·cos θ
  const b = im / norm; // scale·sin θ
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)];
}

export function similarityScale(m: Affine): number {
  return Math.hypot(m[0], m[3]);
}

export interface AlignedFace {
  readonly image: RgbImage;
  /** Original image → aligned face. */
  readonly transform: Affine;
}

/**
 * Warps the face to 112×112 on the ArcFace template. When the face is more than twice the template's
 * size, the region is first area-averaged by an integer factor so the bilinear warp does not alias.
 */
export function alignFace(image: RgbImage, landmarks: Landmarks, size = ALIGNED_SIZE): AlignedFace {
  const template =
    size === ALIGNED_SIZE
      ? ARCFACE_TEMPLATE
      : ARCFACE_TEMPLATE.map(([x, y]) => [(x * size) / ALIGNED_SIZE, (y * size) / ALIGNED_SIZE] as const);
  const transform = umeyama(landmarks, template);
  const k = Math.floor(1 / similarityScale(transform));
  if (k < 2) return { image: warpAffine(image, transform, size, size), transform };

  // Crop the source region that the output covers (plus a margin), then shrink it by k.
  const inverseCorners: Point[] = [
    [0, 0],
    [size, 0],
    [0, size],
    [size, size],
  ].map(([x, y]) => applyAffine(invertAffine(transform), [x!, y!]));
  const left = Math.floor(Math.min(...inverseCorners.map((p) => p[0]))) - k;
  const top = Math.floor(Math.min(...inverseCorners.map((p) => p[1]))) - k;
  const right = Math.ceil(Math.max(...inverseCorners.map((p) => p[0]))) + k;
  const bottom = Math.ceil(Math.max(...inverseCorners.map((p) => p[1]))) + k;
  const small = downsampleBox(crop(image, left, top, right - left, bottom - top), k);
  // Pixel i of the small image is the mean of source pixels left + i·k … left + i·k + k − 1.
  const toSmall = (p: Point): Point => [(p[0] - left - (k - 1) / 2) / k, (p[1] - top - (k - 1) / 2) / k];
  const smallTransform = umeyama(landmarks.map(toSmall), template);
  return { image: warpAffine(small, smallTransform, size, size), transform };
}
