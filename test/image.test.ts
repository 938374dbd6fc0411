import { describe, expect, it } from 'vitest';
import {
  applyAffine,
  createImage,
  crop,
  flipHorizontal,
  invertAffine,
  resampleCrop,
  rgbaToRgb,
  sampleBilinear,
  type Affine,
  toPlanarTensor,
  warpAffine,
  type RgbImage,
} from '../src/core/pipeline/image.ts';
import { downsampleBox, resize } from '../src/core/pipeline/resize.ts';

/** A gradient image whose pixel values encode their coordinates. */
function gradient(width: number, height: number): RgbImage {
  const img = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      img.data[i] = x * 4;
      img.data[i + 1] = y * 4;
      img.data[i + 2] = 200;
    }
  }
  return img;
}

const px = (img: RgbImage, x: number, y: number): number[] => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];

describe('image helpers', () => {
  it('drops alpha from RGBA', () => {
    const rgb = rgbaToRgb(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0]), 2, 1);
    expect([...rgb.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => rgbaToRgb(new Uint8Array(7), 2, 1)).toThrow(/RGBA bytes/);
  });

  it('drops alpha the same way from a word-aligned buffer and from an unaligned view', () => {
    const bytes = Uint8Array.from({ length: 4 * 5 * 3 + 1 }, (_, i) => (i * 37 + 11) % 256);
    const expected = [...bytes.subarray(1)].filter((_, i) => i % 4 !== 3);
    expect([...rgbaToRgb(bytes.subarray(1), 5, 3).data]).toEqual(expected); // byteOffset 1: the byte-wise path
    expect([...rgbaToRgb(Uint8ClampedArray.from(bytes.subarray(1)), 5, 3).data]).toEqual(expected); // aligned: 32-bit reads
  });

  it('flips horizontally', () => {
    const img = gradient(5, 3);
    const flipped = flipHorizontal(img);
    expect(px(flipped, 0, 1)).toEqual(px(img, 4, 1));
    expect(px(flipHorizontal(flipped), 2, 2)).toEqual(px(img, 2, 2));
  });

  it('crops with black outside the image', () => {
    const img = gradient(4, 4);
    const c = crop(img, -1, 2, 3, 3);
    expect(px(c, 0, 0)).toEqual([0, 0, 0]);
    expect(px(c, 1, 0)).toEqual(px(img, 0, 2));
    expect(px(c, 2, 1)).toEqual(px(img, 1, 3));
    expect(px(c, 1, 2)).toEqual([0, 0, 0]);
  });

  it('resizes a linear gradient linearly and area-averages big reductions', () => {
    const img = gradient(40, 40);
    const half = resize(img, 20, 20);
    // Output pixel x covers source pixels 2x and 2x+1: red is their mean, 4·(2x + 0.5).
    expect(px(half, 5, 0)[0]).toBe(42);
    const box = downsampleBox(img, 4);
    expect(box.width).toBe(10);
    expect(px(box, 1, 1)).toEqual([4 * 5.5, 4 * 5.5, 200].map(Math.round));
    const small = resize(img, 5, 5);
    expect(px(small, 2, 2)[0]).toBeCloseTo(4 * 19.5, -1);
  });

  it('warps by an affine transform with bilinear sampling', () => {
    const img = gradient(20, 20);
    // Destination = source shifted by (+2, +3).
    const out = warpAffine(img, [1, 0, 2, 0, 1, 3], 20, 20);
    expect(px(out, 7, 8)).toEqual(px(img, 5, 5));
    expect(px(out, 0, 0)).toEqual([0, 0, 0]); // outside the source is black
    const m = [0.5, -0.2, 3, 0.2, 0.5, -1] as const;
    const p = applyAffine(invertAffine(m), applyAffine(m, [7, 9]));
    expect(p[0]).toBeCloseTo(7, 10);
    expect(p[1]).toBeCloseTo(9, 10);
  });

  it('builds planar tensors with the given normalisation', () => {
    const img = createImage(2, 1);
    img.data.set([255, 127, 0, 0, 255, 127]);
    const t = toPlanarTensor(img, { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] });
    expect([...t]).toEqual([1, -127 / 128, 0, 1, -127 / 128, 0]);
  });

  describe('fast resampling paths give exactly the general rule (sampleBilinear at every pixel)', () => {
    /** Deterministic noise, so that any difference in a tap or a weight shows. */
    function noise(width: number, height: number): RgbImage {
      const img = createImage(width, height);
      let state = 12345;
      for (let i = 0; i < img.data.length; i++) {
        state = (state * 1103515245 + 12345) >>> 0;
        img.data[i] = state >>> 24;
      }
      return img;
    }
    function reference(image: RgbImage, width: number, height: number, at: (x: number, y: number) => [number, number]): RgbImage {
      const out = createImage(width, height);
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) sampleBilinear(image, ...at(x, y), out.data, (y * width + x) * 3);
      return out;
    }
    const image = noise(61, 47);

    it('resampleCrop, inside, across every edge and past it', () => {
      for (const [left, top, sx, sy] of [
        [5.3, 7.9, 0.37, 0.41],
        [-10.5, -3.2, 0.9, 1.3],
        [40.1, 30.7, 0.5, 0.5],
        [-100, -100, 0.1, 0.1],
      ] as const) {
        const fast = resampleCrop(image, left, top, sx, sy, 40, 33);
        const slow = reference(image, 40, 33, (x, y) => [left + (x + 0.5) * sx - 0.5, top + (y + 0.5) * sy - 0.5]);
        expect(fast.data).toEqual(slow.data);
      }
    });

    it('warpAffine with rotation, scale and a part outside the image', () => {
      const angle = 0.3;
      const m: Affine = [1.7 * Math.cos(angle), -1.7 * Math.sin(angle), 30, 1.7 * Math.sin(angle), 1.7 * Math.cos(angle), 25];
      const fast = warpAffine(image, m, 56, 50);
      const inv = invertAffine(m);
      const slow = reference(image, 56, 50, (x, y) => [inv[0] * x + inv[1] * y + inv[2], inv[3] * x + inv[4] * y + inv[5]]);
      expect(fast.data).toEqual(slow.data);
      // Both the inlined interior and the edge path ran.
      expect(fast.data.some((v) => v !== 0)).toBe(true);
      expect(px(fast, 0, 0)).toEqual([0, 0, 0]);
    });
  });
});
