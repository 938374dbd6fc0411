import { describe, expect, it } from 'vitest';
import { alignFace, ARCFACE_TEMPLATE, similarityScale, umeyama } from '../src/core/pipeline/align.ts';
import { applyAffine, type Affine, type Point } from '../src/core/pipeline/image.ts';
import { FIXTURES_MISSING, HAVE_FIXTURES } from '../testkit/fixtures.ts';
import { analyzeImage, load } from './support.ts';

function similarity(scale: number, angleDeg: number, tx: number, ty: number): Affine {
  const a = scale * Math.cos((angleDeg * Math.PI) / 180);
  const b = scale * Math.sin((angleDeg * Math.PI) / 180);
  return [a, -b, tx, b, a, ty];
}

describe('Umeyama similarity fit', () => {
  it('recovers a known similarity exactly', () => {
    const truth = similarity(0.37, 23, 41.5, -12.25);
    const src: Point[] = [
      [100, 120],
      [180, 118],
      [140, 170],
      [110, 210],
      [175, 212],
    ];
    const fit = umeyama(
      src,
      src.map((p) => applyAffine(truth, p)),
    );
    fit.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 9));
    expect(similarityScale(fit)).toBeCloseTo(0.37, 12);
  });

  it('is the least-squares fit: noise-free points map with zero residual, noisy ones with the smallest one', () => {
    const src = ARCFACE_TEMPLATE.map(([x, y]) => [x * 3 + 200, y * 3 + 50] as Point);
    const noisy = ARCFACE_TEMPLATE.map(([x, y], i) => [x + (i % 2 ? 0.8 : -0.8), y + (i % 3 ? 0.5 : -0.5)] as Point);
    const fit = umeyama(src, noisy);
    const residual = (m: Affine): number =>
      src.reduce((s, p, i) => s + Math.hypot(applyAffine(m, p)[0] - noisy[i]![0], applyAffine(m, p)[1] - noisy[i]![1]) ** 2, 0);
    // Any perturbation of the optimum increases the squared error.
    for (const d of [0.001, -0.001]) {
      expect(residual([fit[0] + d, fit[1], fit[2], fit[3], fit[4] + d, fit[5]])).toBeGreaterThan(residual(fit));
      expect(residual([fit[0], fit[1], fit[2] + d * 100, fit[3], fit[4], fit[5]])).toBeGreaterThan(residual(fit));
    }
  });

  it('rejects degenerate landmarks', () => {
    expect(() =>
      umeyama(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(/degenerate/);
  });
});

describe.skipIf(!HAVE_FIXTURES)('alignment on real photos', () => {
  it.skipIf(!HAVE_FIXTURES)('maps the detected landmarks onto the ArcFace template', async () => {
    for (const path of ['people/obama/obama1.jpg', 'people/kit_harington/kit2.jpg', 'groups/two_people.jpg']) {
      const image = await load(...path.split('/'));
      const faces = await analyzeImage(image, { embed: false });
      expect(faces.length).toBeGreaterThan(0);
      for (const face of faces) {
        const { transform, image: aligned } = alignFace(image, face.landmarks);
        expect(aligned.width).toBe(112);
        const mapped = face.landmarks.map((p) => applyAffine(transform, p));
        const errors = mapped.map((p, i) => Math.hypot(p[0] - ARCFACE_TEMPLATE[i]![0], p[1] - ARCFACE_TEMPLATE[i]![1]));
        // A similarity cannot fit 5 real landmarks exactly (faces differ from the template: a wide
        // smile, a turned head), but they land within a few pixels of 112, the eyes closest.
        expect(Math.max(...errors)).toBeLessThan(8);
        expect(errors.reduce((a, b) => a + b) / errors.length).toBeLessThan(5);
        expect(Math.max(errors[0]!, errors[1]!)).toBeLessThan(4);
      }
    }
  });

  it.skipIf(!HAVE_FIXTURES)('warps the pixels to where the transform sends the landmarks', async () => {
    for (const path of ['people/obama/obama1.jpg', 'people/rose_leslie/rose1.jpg', 'resolution/obama-1080p.jpg']) {
      const image = await load(...path.split('/'));
      const [face] = await analyzeImage(image, { embed: false });
      const { image: aligned, transform } = alignFace(image, face!.landmarks);
      // Detect again, on the aligned face itself (the border retry finds a face that fills the frame).
      const [again] = await analyzeImage(aligned, { embed: false, poseModel: false });
      expect(again, path).toBeDefined();
      again!.landmarks.forEach(([x, y], i) => {
        const [ex, ey] = applyAffine(transform, face!.landmarks[i]!);
        expect(Math.hypot(x - ex, y - ey), `${path} landmark ${i}`).toBeLessThan(4.5);
      });
    }
  });

  it.skipIf(!HAVE_FIXTURES)('aligns a large face the same way with or without the anti-alias pre-shrink', async () => {
    const image = await load('resolution', 'obama-1080p.jpg');
    const [face] = await analyzeImage(image, { embed: false });
    const aligned = alignFace(image, face!.landmarks).image;
    const small = await load('resolution', 'obama-480p.jpg');
    const [smallFace] = await analyzeImage(small, { embed: false });
    const alignedSmall = alignFace(small, smallFace!.landmarks).image;
    let diff = 0;
    for (let i = 0; i < aligned.data.length; i++) diff += Math.abs(aligned.data[i]! - alignedSmall.data[i]!);
    // Same photo at two resolutions: the aligned faces differ by a few grey levels on average.
    expect(diff / aligned.data.length).toBeLessThan(12);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
