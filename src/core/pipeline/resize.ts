/**
 * Resizing: the area filter, bilinear resize, and the same resize written straight into a float
 * tensor's planes (the detector's input on every frame).
 */
import { createImage, type RgbImage } from './image.ts';

/** Averages k×k blocks (an area filter); the last partial row/column is averaged over what exists. */
export function downsampleBox(image: RgbImage, k: number): RgbImage {
  if (!Number.isInteger(k) || k < 1) throw new Error(`box factor must be a positive integer, got ${k}`);
  if (k === 1) return image;
  const width = Math.max(1, Math.ceil(image.width / k));
  const height = Math.max(1, Math.ceil(image.height / k));
  const out = createImage(width, height);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    const ys = y * k;
    const ye = Math.min(image.height, ys + k);
    for (let x = 0; x < width; x++) {
      const xs = x * k;
      const xe = Math.min(image.width, xs + k);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = ys; yy < ye; yy++) {
        let i = (yy * image.width + xs) * 3;
        for (let xx = xs; xx < xe; xx++, i += 3) {
          r += src[i]!;
          g += src[i + 1]!;
          b += src[i + 2]!;
        }
      }
      const n = (ye - ys) * (xe - xs);
      const o = (y * width + x) * 3;
      out.data[o] = Math.round(r / n);
      out.data[o + 1] = Math.round(g / n);
      out.data[o + 2] = Math.round(b / n);
    }
  }
  return out;
}

/**
 * Bilinear taps along a row, the same for every row: for output column x, the byte offsets of its left
 * and right source pixels and the right one's weight (Float32, as resize() and resizeToPlanar() both use).
 */
function horizontalTaps(sourceWidth: number, width: number): { left: Int32Array; right: Int32Array; weight: Float32Array } {
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const weight = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(Math.max((x + 0.5) * (sourceWidth / width) - 0.5, 0), sourceWidth - 1);
    const x0 = Math.floor(fx);
    left[x] = x0 * 3;
    right[x] = Math.min(x0 + 1, sourceWidth - 1) * 3;
    weight[x] = fx - x0;
  }
  return { left, right, weight };
}

/**
 * Resizes to width×height. Bilinear, with an area pre-filter when shrinking by 2× or more so that
 * large photos do not alias (OpenCV's INTER_AREA does the same job). Edge pixels extend outwards.
 */
export function resize(image: RgbImage, width: number, height: number): RgbImage {
  const k = Math.floor(Math.min(image.width / width, image.height / height));
  const source = k >= 2 ? downsampleBox(image, k) : image;
  const { width: sw, height: sh, data: src } = source;
  const out = createImage(width, height);
  const { left, right, weight } = horizontalTaps(sw, width);
  const dst = out.data;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * (sh / height) - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const top = y0 * sw * 3;
    const bottom = Math.min(y0 + 1, sh - 1) * sw * 3;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const wx = weight[x]!;
      const tl = top + left[x]!;
      const tr = top + right[x]!;
      const bl = bottom + left[x]!;
      const br = bottom + right[x]!;
      // Unrolled over the 3 channels: this loop is the hot path of detector input preparation.
      let t = src[tl]! + (src[tr]! - src[tl]!) * wx;
      let b = src[bl]! + (src[br]! - src[bl]!) * wx;
      dst[o] = t + (b - t) * wy + 0.5;
      t = src[tl + 1]! + (src[tr + 1]! - src[tl + 1]!) * wx;
      b = src[bl + 1]! + (src[br + 1]! - src[bl + 1]!) * wx;
      dst[o + 1] = t + (b - t) * wy + 0.5;
      t = src[tl + 2]! + (src[tr + 2]! - src[tl + 2]!) * wx;
      b = src[bl + 2]! + (src[br + 2]! - src[bl + 2]!) * wx;
      dst[o + 2] = t + (b - t) * wy + 0.5;
    }
  }
  return out;
}

/** Where resizeToPlanar writes: channel c of output pixel (x, y) goes to data[offset + c·planeSize + y·rowStride + x]. */
export interface PlanarTarget {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly planeSize: number;
}

/**
 * resize() written straight into the planes of a float tensor (RGB order, raw 0..255): the same
 * rounded pixel values as resize() followed by a planar copy, without the intermediate RGB image or
 * the second pass. This is the detector's input preparation, on every frame.
 */
export function resizeToPlanar(image: RgbImage, width: number, height: number, target: PlanarTarget): void {
  const k = Math.floor(Math.min(image.width / width, image.height / height));
  const source = k >= 2 ? downsampleBox(image, k) : image;
  const { width: sw, height: sh, data: src } = source;
  const { data: out, offset, rowStride, planeSize } = target;
  const g = planeSize;
  const b2 = 2 * planeSize;
  if (sw === width && sh === height) {
    // resize() would sample every pixel at its own centre with zero weights: a copy, exactly.
    for (let y = 0; y < height; y++) {
      let o = offset + y * rowStride;
      let s = y * sw * 3;
      for (let x = 0; x < width; x++, o++, s += 3) {
        out[o] = src[s]!;
        out[o + g] = src[s + 1]!;
        out[o + b2] = src[s + 2]!;
      }
    }
    return;
  }
  // resize()'s taps and arithmetic, so the values are identical.
  const { left, right, weight } = horizontalTaps(sw, width);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * (sh / height) - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const top = y0 * sw * 3;
    const bottom = Math.min(y0 + 1, sh - 1) * sw * 3;
    let o = offset + y * rowStride;
    for (let x = 0; x < width; x++, o++) {
      const wx = weight[x]!;
      const tl = top + left[x]!;
      const tr = top + right[x]!;
      const bl = bottom + left[x]!;
      const br = bottom + right[x]!;
      // `| 0` truncates as resize()'s Uint8Array store does (the values are in [0.5, 255.5]).
      let t = src[tl]! + (src[tr]! - src[tl]!) * wx;
      let b = src[bl]! + (src[br]! - src[bl]!) * wx;
      out[o] = (t + (b - t) * wy + 0.5) | 0;
      t = src[tl + 1]! + (src[tr + 1]! - src[tl + 1]!) * wx;
      b = src[bl + 1]! + (src[br + 1]! - src[bl + 1]!) * wx;
      out[o + g] = (t + (b - t) * wy + 0.5) | 0;
      t = src[tl + 2]! + (src[tr + 2]! - src[tl + 2]!) * wx;
      b = src[bl + 2]! + (src[br + 2]! - src[bl + 2]!) * wx;
      out[o + b2] = (t + (b - t) * wy + 0.5) | 0;
    }
  }
}
