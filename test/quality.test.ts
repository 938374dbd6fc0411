import { beforeAll, describe, expect, it } from 'vitest';
import { degrade, type Degradation } from '../testkit/degradedFixtures.ts';
import { decodeImageFile } from '../src/cli/decode.ts';
import { boxArea, type Box } from '../src/core/pipeline/detect.ts';
import { createImage, type RgbImage } from '../src/core/pipeline/image.ts';
import type { AnalyzedFace } from '../src/core/pipeline/pipeline.ts';
import { checkPose, type PoseCheck } from '../src/core/pipeline/pose.ts';
import {
  assessCapture,
  DEFAULT_QUALITY_LIMITS,
  FACE_REGION,
  measureFaceQuality,
  type FaceQuality,
  type QualityIssueCode,
} from '../src/core/pipeline/quality.ts';
import { FIXTURES_MISSING, fixture, HAVE_FIXTURES, peoplePhotos } from '../testkit/fixtures.ts';
import { analyzeImage, load } from './support.ts';

const BOX: Box = { x1: 10, y1: 20, x2: 130, y2: 180 };
const PASSED: PoseCheck = { passed: true };
const GOOD: FaceQuality = { faceSize: 150, sharpness: 400, brightness: 130 };

function uniform(r: number, g: number, b: number, size = 112): RgbImage {
  const image = createImage(size, size);
  for (let i = 0; i < image.data.length; i += 3) {
    image.data[i] = r;
    image.data[i + 1] = g;
    image.data[i + 2] = b;
  }
  return image;
}

const codes = (v: { issues: readonly { code: QualityIssueCode }[] }): QualityIssueCode[] => v.issues.map((i) => i.code);

describe('measureFaceQuality (synthetic)', () => {
  it('reads a uniform grey as its level, with no sharpness', () => {
    for (const level of [0, 37, 128, 255]) {
      const q = measureFaceQuality(uniform(level, level, level), BOX);
      expect(q.brightness).toBeCloseTo(level, 4);
      expect(q.sharpness).toBe(0);
    }
  });

  it('uses BT.601 luma, and the shortest side of the box', () => {
    const q = measureFaceQuality(uniform(200, 50, 10), BOX);
    expect(q.brightness).toBeCloseTo(0.299 * 200 + 0.587 * 50 + 0.114 * 10, 3);
    expect(q.faceSize).toBe(120);
    expect(measureFaceQuality(uniform(0, 0, 0), { x1: 0, y1: 0, x2: 90, y2: 60 }).faceSize).toBe(60);
  });

  it('measures only the central face region, and is deterministic', () => {
    const image = uniform(100, 100, 100);
    // A checkerboard outside the region (and its 1-pixel Laplacian border) changes nothing.
    for (let y = 0; y < 112; y++) {
      for (let x = 0; x < 112; x++) {
        const inside = x >= FACE_REGION.x0 - 1 && x <= FACE_REGION.x1 && y >= FACE_REGION.y0 - 1 && y <= FACE_REGION.y1;
        if (!inside && (x + y) % 2 === 0) image.data.fill(255, (y * 112 + x) * 3, (y * 112 + x) * 3 + 3);
      }
    }
    const before = Uint8Array.from(image.data);
    expect(measureFaceQuality(image, BOX)).toEqual({ faceSize: 120, sharpness: 0, brightness: expect.closeTo(100, 4) });
    expect(image.data).toEqual(before);

    // Inside, a checkerboard is very sharp; the same input always gives the same numbers.
    for (let y = FACE_REGION.y0; y < FACE_REGION.y1; y++) {
      for (let x = FACE_REGION.x0; x < FACE_REGION.x1; x++)
        if ((x + y) % 2 === 0) image.data.fill(200, (y * 112 + x) * 3, (y * 112 + x) * 3 + 3);
    }
    const a = measureFaceQuality(image, BOX);
    expect(a.sharpness).toBeGreaterThan(10_000);
    expect(a.brightness).toBeCloseTo(150, 0);
    expect(measureFaceQuality(image, BOX)).toEqual(a);
  });
});

describe('assessCapture (synthetic)', () => {
  it('no face', () => {
    const v = assessCapture([]);
    expect(v).toMatchObject({ accepted: false, face: null });
    expect(codes(v)).toEqual(['no-face']);
    expect(v.issues[0]!.message).toMatch(/look into the camera/);
  });

  it('accepts one good face', () => {
    expect(assessCapture([{ box: BOX, poseCheck: PASSED, quality: GOOD }])).toEqual({ accepted: true, issues: [], face: 0 });
  });

  it('judges the largest face; others half its width or more block the capture, smaller ones do not', () => {
    const small: Box = { x1: 300, y1: 20, x2: 340, y2: 75 }; // 40 px wide: a third of the 120 px face
    const similar: Box = { x1: 300, y1: 20, x2: 400, y2: 150 }; // 100 px wide
    const background = assessCapture([
      { box: small, poseCheck: PASSED, quality: { ...GOOD, faceSize: 40 } },
      { box: BOX, poseCheck: PASSED, quality: GOOD },
    ]);
    expect(background).toEqual({ accepted: true, issues: [], face: 1 });
    const two = assessCapture([
      { box: BOX, poseCheck: PASSED, quality: GOOD },
      { box: similar, poseCheck: checkPose({ yaw: 70, pitch: 0, roll: 0 }), quality: GOOD },
      { box: small, poseCheck: PASSED, quality: GOOD },
    ]);
    expect(two.face).toBe(0);
    expect(codes(two)).toEqual(['several-faces']);
    expect(two.issues[0]!.message).toMatch(/^2 faces in view — only the person enrolling/);
  });

  it('lists every issue of the judged face at once, each with what to do', () => {
    const turned = checkPose({ yaw: -60, pitch: 0, roll: 0 });
    const v = assessCapture([{ box: BOX, poseCheck: turned, quality: { faceSize: 50, sharpness: 10, brightness: 20 } }]);
    expect(v.accepted).toBe(false);
    expect(codes(v)).toEqual(['too-small', 'turned', 'blurry', 'too-dark']);
    const [small, pose, blurry, dark] = v.issues.map((i) => i.message);
    expect(small).toMatch(/50 px, need 80.*move closer/);
    expect(pose).toContain(!turned.passed && turned.reason);
    expect(pose).toMatch(/turned too far to the side to recognise reliably \(yaw -60°, limit ±45°\).*look straight/);
    expect(blurry).toMatch(/blurry — hold still/);
    expect(dark).toBe('Too dark — face a window or turn on a light');
    expect(codes(assessCapture([{ box: BOX, poseCheck: PASSED, quality: { ...GOOD, brightness: 240 } }]))).toEqual(['too-bright']);
  });

  it('uses the limits given, inclusive at the boundary', () => {
    const at = DEFAULT_QUALITY_LIMITS;
    const edge: FaceQuality = { faceSize: at.minFaceSize, sharpness: at.minSharpness, brightness: at.minBrightness };
    expect(assessCapture([{ box: BOX, poseCheck: PASSED, quality: edge }]).accepted).toBe(true);
    expect(assessCapture([{ box: BOX, poseCheck: PASSED, quality: { ...edge, brightness: at.maxBrightness } }]).accepted).toBe(true);
    const strict = { ...at, minFaceSize: 200 };
    expect(codes(assessCapture([{ box: BOX, poseCheck: PASSED, quality: GOOD }], strict))).toEqual(['too-small']);
  });
});

interface Shot {
  readonly name: string;
  readonly faces: readonly AnalyzedFace[];
}

const withQuality = (faces: readonly AnalyzedFace[]) => faces.map((f) => ({ ...f, quality: measureFaceQuality(f.aligned, f.box) }));
const largest = (faces: readonly AnalyzedFace[]): AnalyzedFace => faces.reduce((a, b) => (boxArea(b.box) > boxArea(a.box) ? b : a));
const describeQuality = (faces: readonly AnalyzedFace[]): string =>
  withQuality(faces)
    .map(({ quality: q }) => `size ${q.faceSize.toFixed(0)}, sharpness ${q.sharpness.toFixed(0)}, brightness ${q.brightness.toFixed(0)}`)
    .join(' | ');

/** Damage applied to a few photos: the sharpest (hardest to call blurry), the brightest, the smallest face. */
const DAMAGED = [
  'people/alex_lacamoire/alex3.jpg',
  'people/kit_harington/kit2.jpg',
  'people/rose_leslie/rose2.jpg',
  'people/kit_harington/kit1.jpg',
];
const DAMAGE: readonly [Degradation, QualityIssueCode][] = [
  ['blur', 'blurry'],
  ['dark', 'too-dark'],
  ['tiny', 'too-small'],
];

describe.skipIf(!HAVE_FIXTURES)('the quality gate on real photos', () => {
  const originals: Shot[] = [];
  const damaged = new Map<Degradation, Shot[]>();
  const groups: Shot[] = [];

  beforeAll(async () => {
    for (const { path } of peoplePhotos()) originals.push({ name: path, faces: await analyzeImage(await load(path), { embed: false }) });
    for (const path of DAMAGED) {
      const face = largest(originals.find((s) => s.name === path)!.faces);
      for (const [kind] of DAMAGE) {
        const image = await decodeImageFile(await degrade(fixture(path), kind, face.box.x2 - face.box.x1));
        damaged.set(kind, [
          ...(damaged.get(kind) ?? []),
          { name: `${path} (${kind})`, faces: await analyzeImage(image, { embed: false }) },
        ]);
      }
    }
    for (const name of ['two_people.jpg', 'obama_and_biden.jpg', 'kit_with_rose.jpg']) {
      groups.push({ name, faces: await analyzeImage(await load('groups', name), { embed: false }) });
    }
  });

  it('accepts the largest face of every original people/ photo', () => {
    expect(originals).toHaveLength(15);
    for (const { name, faces } of originals) {
      const verdict = assessCapture(withQuality([largest(faces)]));
      expect(verdict.issues, `${name}: ${describeQuality([largest(faces)])}`).toEqual([]);
      expect(verdict.accepted).toBe(true);
    }
  });

  it.each(DAMAGE)('%s copies fail as %s (and only the damage they have)', (kind, code) => {
    for (const { name, faces } of damaged.get(kind)!) {
      expect(faces.length, name).toBeGreaterThan(0);
      const verdict = assessCapture(withQuality(faces));
      const found = codes(verdict);
      expect(verdict.accepted).toBe(false);
      expect(found, `${name}: ${describeQuality(faces)}`).toContain(code);
      // Blur leaves size and light alone; darkness leaves size alone; shrinking leaves light alone.
      if (kind === 'blur') expect(found, name).not.toContain('too-dark');
      if (kind !== 'tiny') expect(found, name).not.toContain('too-small');
      if (kind !== 'dark') expect(found, name).not.toContain('too-dark');
    }
  });

  it('rejects group photos with several similar-sized faces, judging the largest', () => {
    for (const { name, faces } of groups) {
      const verdict = assessCapture(withQuality(faces));
      expect(codes(verdict), `${name}: ${describeQuality(faces)}`).toContain('several-faces');
      expect(faces[verdict.face!], name).toBe(largest(faces));
    }
  });

  it('says why a turned face is refused', () => {
    const face = largest(originals[0]!.faces);
    const poseCheck = checkPose({ ...face.pose, yaw: 62 });
    const verdict = assessCapture(withQuality([{ ...face, poseCheck }]));
    expect(codes(verdict)).toEqual(['turned']);
    expect(verdict.issues[0]!.message).toContain(!poseCheck.passed && poseCheck.reason);
    expect(verdict.issues[0]!.message).toMatch(/turned too far to the side to recognise reliably \(yaw 62°/);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
