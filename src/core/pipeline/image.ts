/**
 * The RGB image type of the pipeline and the few pixel operations it needs. Pure TypeScript: the
 * browser and Node decode images their own way and hand the pixels in here.
 */

/** 8-bit RGB, interleaved, row-major: pixel (x, y) starts at data[(y * width + x) * 3]. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export type Point = readonly [x: number, y: number];

export function createImage(width: number, height: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3) };
}

/** Whether this platform stores a Uint32's low byte first (every browser and Node in practice). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Drops the alpha channel of RGBA pixels (ImageData, sharp's raw output with alpha). */
export function rgbaToRgb(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbImage {
  const n = width * height;
  if (rgba.length !== n * 4) throw new Error(`expected ${n * 4} RGBA bytes, got ${rgba.length}`);
  const data = new Uint8Array(n * 3);
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) {
    // 32-bit reads and writes: 4 RGBA words in, 3 RGB words out (this runs on every pixel of every
    // frame); the last n % 4 pixels byte by byte.
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
    const out = new Uint32Array(data.buffer, 0, Math.floor((n * 3) / 4));
    const quads = n >> 2;
    for (let q = 0, i = 0, o = 0; q < quads; q++, i += 4, o += 3) {
      const a = words[i]! & 0xffffff;
      const b = words[i + 1]! & 0xffffff;
      const c = words[i + 2]! & 0xffffff;
      const d = words[i + 3]! & 0xffffff;
      out[o] = a | (b << 24);
      out[o + 1] = (b >>> 8) | (c << 16);
      out[o + 2] = (c >>> 16) | (d << 8);
    }
    for (let i = quads * 4, o = i * 3; i < n; i++, o += 3) {
      const p = words[i]!;
      data[o] = p;
      data[o + 1] = p >>> 8;
      data[o + 2] = p >>> 16;
    }
    return { width, height, data };
  }
  for (let i = 0, j = 0, o = 0; i < n; i++, j += 4, o += 3) {
    data[o] = rgba[j]!;
    data[o + 1] = rgba[j + 1]!;
    data[o + 2] = rgba[j + 2]!;
  }
  return { width, height, data };
}

/** The same pixels with red and blue exchanged (RGB ↔ BGR). */
export function swapRedBlue(image: RgbImage): RgbImage {
  const data = Uint8Array.from(image.data);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = image.data[i + 2]!;
    data[i + 2] = image.data[i]!;
  }
  return { ...image, data };
}

/** Integer crop; the part outside the image is black. */
export function crop(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const out = createImage(width, height);
  for (let y = 0; y < height; y++) {
    const sy = top + y;
    if (sy < 0 || sy >= image.height) continue;
    const x0 = Math.max(0, -left);
    const x1 = Math.min(width, image.width - left);
    if (x1 <= x0) continue;
    const src = (sy * image.width + left + x0) * 3;
    out.data.set(image.data.subarray(src, src + (x1 - x0) * 3), (y * width + x0) * 3);
  }
  return out;
}

export function flipHorizontal(image: RgbImage): RgbImage {
  const { width, height } = image;
  const out = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = (y * width + (width - 1 - x)) * 3;
      out.data[d] = image.data[s]!;
      out.data[d + 1] = image.data[s + 1]!;
      out.data[d + 2] = image.data[s + 2]!;
    }
  }
  return out;
}

/**
 * Bilinear sample at (x, y) in pixel-centre coordinates (pixel i covers [i - 0.5, i + 0.5]); outside the
 * image counts as black, as OpenCV's warpAffine with a constant border. Writes 3 channels at out[offset].
 */
export function sampleBilinear(image: RgbImage, x: number, y: number, out: Uint8Array, offset: number): void {
  const { width, height, data } = image;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  for (let c = 0; c < 3; c++) {
    let acc = 0;
    for (let dy = 0; dy < 2; dy++) {
      const yy = y0 + dy;
      if (yy < 0 || yy >= height) continue;
      const wy = dy === 0 ? 1 - fy : fy;
      for (let dx = 0; dx < 2; dx++) {
        const xx = x0 + dx;
        if (xx < 0 || xx >= width) continue;
        const wx = dx === 0 ? 1 - fx : fx;
        acc += wx * wy * data[(yy * width + xx) * 3 + c]!;
      }
    }
    out[offset + c] = Math.round(acc);
  }
}

/**
 * Bilinear taps along one axis for output pixel centres at start + (i + 0.5)·step − 0.5, with
 * sampleBilinear's rule that outside the image counts as black (a tap outside gets weight 0).
 */
function axisTaps(
  start: number,
  step: number,
  count: number,
  size: number,
): { i0: Int32Array; i1: Int32Array; w0: Float64Array; w1: Float64Array } {
  const i0 = new Int32Array(count);
  const i1 = new Int32Array(count);
  const w0 = new Float64Array(count);
  const w1 = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const f = start + (i + 0.5) * step - 0.5;
    const a = Math.floor(f);
    const frac = f - a;
    const inA = a >= 0 && a < size;
    const inB = a + 1 >= 0 && a + 1 < size;
    i0[i] = inA ? a : 0;
    i1[i] = inB ? a + 1 : 0;
    w0[i] = inA ? 1 - frac : 0;
    w1[i] = inB ? frac : 0;
  }
  return { i0, i1, w0, w1 };
}

/**
 * The axis-aligned crop whose output pixel (x, y) samples the source at
 * (left + (x + 0.5)·stepX − 0.5, top + (y + 0.5)·stepY − 0.5), bilinearly, black outside: the same
 * pixels as sampleBilinear at every output pixel, with the taps computed once per row and column.
 */
export function resampleCrop(
  image: RgbImage,
  left: number,
  top: number,
  stepX: number,
  stepY: number,
  width: number,
  height: number,
): RgbImage {
  const out = createImage(width, height);
  const xs = axisTaps(left, stepX, width, image.width);
  const ys = axisTaps(top, stepY, height, image.height);
  const src = image.data;
  const dst = out.data;
  const rowBytes = image.width * 3;
  for (let y = 0; y < height; y++) {
    const wy0 = ys.w0[y]!;
    const wy1 = ys.w1[y]!;
    const r0 = ys.i0[y]! * rowBytes;
    const r1 = ys.i1[y]! * rowBytes;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const wx0 = xs.w0[x]!;
      const wx1 = xs.w1[x]!;
      const c0 = xs.i0[x]! * 3;
      const c1 = xs.i1[x]! * 3;
      for (let c = 0; c < 3; c++) {
        // The same products in the same order as sampleBilinear, so the result is identical.
        const acc =
          wx0 * wy0 * src[r0 + c0 + c]! + wx1 * wy0 * src[r0 + c1 + c]! + wx0 * wy1 * src[r1 + c0 + c]! + wx1 * wy1 * src[r1 + c1 + c]!;
        dst[o + c] = Math.round(acc);
      }
    }
  }
  return out;
}

/** A 2×3 affine matrix [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = readonly [number, number, number, number, number, number];

export function applyAffine(m: Affine, p: Point): Point {
  return [m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]];
}

export function invertAffine(m: Affine): Affine {
  const det = m[0] * m[4] - m[1] * m[3];
  if (Math.abs(det) < 1e-12) throw new Error('affine transform is not invertible');
  const a = m[4] / det;
  const b = -m[1] / det;
  const d = -m[3] / det;
  const e = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5])];
}

/**
 * Warps `image` by `transform` (source → destination) into a width×height image, sampling bilinearly;
 * outside the source is black (OpenCV warpAffine semantics).
 */
export function warpAffine(image: RgbImage, transform: Affine, width: number, height: number): RgbImage {
  const inv = invertAffine(transform);
  const out = createImage(width, height);
  const { width: iw, height: ih, data: src } = image;
  const dst = out.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = inv[0] * x + inv[1] * y + inv[2];
      const sy = inv[3] * x + inv[4] * y + inv[5];
      const o = (y * width + x) * 3;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= iw || y0 + 1 >= ih) {
        sampleBilinear(image, sx, sy, dst, o); // near or past the edge: the general rule
        continue;
      }
      // All four taps inside: sampleBilinear's arithmetic, inlined (this loop runs for every face).
      const fx = sx - x0;
      const fy = sy - y0;
      const a = (y0 * iw + x0) * 3;
      const b = a + iw * 3;
      for (let c = 0; c < 3; c++) {
        dst[o + c] = Math.round(
          (1 - fx) * (1 - fy) * src[a + c]! + fx * (1 - fy) * src[a + 3 + c]! + (1 - fx) * fy * src[b + c]! + fx * fy * src[b + 3 + c]!,
        );
      }
    }
  }
  return out;
}

/**
 * Writes an image into a planar float tensor [1, 3, height, width] as (pixel / scale - mean) / std per
 * plane; `order` says which colour goes into plane 0 (mean and std are given per plane).
 */
export function toPlanarTensor(
  image: RgbImage,
  norm: { readonly scale: number; readonly mean: readonly number[]; readonly std: readonly number[] },
  order: 'RGB' | 'BGR' = 'RGB',
): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(3 * n); // [1, 3, H, W]
  for (let plane = 0; plane < 3; plane++) {
    const c = order === 'RGB' ? plane : 2 - plane;
    const mul = 1 / (norm.scale * norm.std[plane]!);
    const add = -norm.mean[plane]! / norm.std[plane]!;
    const base = plane * n;
    for (let i = 0; i < n; i++) out[base + i] = image.data[i * 3 + c]! * mul + add;
  }
  return out;
}
