import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import { detectFaces, detectorGeometry, detectorInput, type Detection } from '../src/core/pipeline/detect.ts';
import { crop } from '../src/core/pipeline/image.ts';
import { resize } from '../src/core/pipeline/resize.ts';
import { fixture, FIXTURES_MISSING, HAVE_FIXTURES, peoplePhotos } from '../testkit/fixtures.ts';
import { analyzeFixture, analyzeImage, load } from './support.ts';

function expectInsideBox(d: Detection): void {
  for (const [x, y] of d.landmarks) {
    expect(x).toBeGreaterThanOrEqual(d.box.x1);
    expect(x).toBeLessThanOrEqual(d.box.x2);
    expect(y).toBeGreaterThanOrEqual(d.box.y1);
    expect(y).toBeLessThanOrEqual(d.box.y2);
  }
}

function expectAnatomical(d: Detection): void {
  expectInsideBox(d);
  const [le, re, nose, ml, mr] = d.landmarks;
  expect(le[0]).toBeLessThan(re[0]); // image-left eye first
  expect(ml[0]).toBeLessThan(mr[0]);
  expect(nose[0]).toBeGreaterThan(Math.min(le[0], ml[0]));
  expect(nose[0]).toBeLessThan(Math.max(re[0], mr[0]));
  expect(nose[1]).toBeGreaterThan(Math.min(le[1], re[1])); // eyes above the nose
  expect(Math.max(ml[1], mr[1])).toBeGreaterThan(nose[1]); // mouth below the nose
}

describe('detector geometry', () => {
  it('follows the photo scale rule: short side 720, long side ≤ 1024, multiples of 32', () => {
    const g = detectorGeometry(1280, 720, 'photo');
    expect(g.resizedHeight).toBe(576); // 1280·(720/720)=1280 > 1024, so the long side sets the scale
    expect(g.resizedWidth).toBe(1024);
    expect([g.inputWidth, g.inputHeight]).toEqual([1024, 576]);
    const small = detectorGeometry(320, 240, 'photo');
    expect(small.resizedHeight).toBe(720);
    expect(small.resizedWidth).toBe(960);
    expect(small.inputWidth % 32).toBe(0);
    const webcam = detectorGeometry(640, 480, { maxSide: 320 });
    expect([webcam.resizedWidth, webcam.resizedHeight, webcam.inputWidth, webcam.inputHeight]).toEqual([320, 240, 320, 256]);
  });
});

describe.skipIf(!HAVE_FIXTURES)('RetinaFace on real photos', () => {
  it('counts the faces in the group photos', async () => {
    expect(await analyzeFixture('groups/two_people.jpg', { embed: false })).toHaveLength(2);
    expect(await analyzeFixture('groups/kit_with_rose.jpg', { embed: false })).toHaveLength(2);
    // Obama and Biden, and a child in the lower-right corner (a real, smaller face).
    const ob = await analyzeFixture('groups/obama_and_biden.jpg', { embed: false });
    expect(ob).toHaveLength(3);
    const widths = ob.map((f) => f.box.x2 - f.box.x1).sort((a, b) => b - a);
    expect(widths[2]).toBeLessThan(widths[1]! * 0.85);
  });

  it('finds exactly one confident face in each portrait, with landmarks inside the box in anatomical order', async () => {
    for (const { path } of peoplePhotos()) {
      const faces = await analyzeFixture(path, { embed: false, poseModel: false });
      const confident = faces.filter((f) => f.score > 0.9);
      expect(confident, path).toHaveLength(1);
      for (const f of confident) expectAnatomical(f);
      for (const f of faces) expectInsideBox(f);
    }
  });

  it('finds the same face at every resolution, mapped back to image coordinates', async () => {
    const boxes: number[][] = [];
    for (const file of ['obama-240p.jpg', 'obama-480p.jpg', 'obama-720p.jpg', 'obama-1080p.jpg']) {
      const image = await load('resolution', file);
      const [face] = await analyzeImage(image, { embed: false, poseModel: false });
      expect(face).toBeDefined();
      const s = 1 / image.width; // compare in relative coordinates
      boxes.push([face!.box.x1 * s, face!.box.y1 * s, face!.box.x2 * s, face!.box.y2 * s, face!.landmarks[2][0] * s]);
    }
    for (const b of boxes.slice(1)) b.forEach((v, i) => expect(Math.abs(v - boxes[0]![i]!)).toBeLessThan(0.01));
  });

  it('builds the detector input in one pass with exactly the pixels of resize() and a planar copy', async () => {
    const photo = await load('groups', 'obama_and_biden.jpg');
    const webcam = crop(photo, 0, 0, 640, 480);
    for (const [image, size, padding] of [
      [photo, 'photo', 0], // 2000×1428 → 1009×720: bilinear
      [photo, 'photo', 0.5], // with the border retry's padding
      [webcam, { maxSide: 320 }, 0], // 640×480 → 320×240: area average, then a copy
      [crop(photo, 0, 0, 300, 200), 'photo', 0], // enlarged
    ] as const) {
      const g = detectorGeometry(image.width, image.height, size, padding);
      const resized = resize(image, g.resizedWidth, g.resizedHeight);
      const planeSize = g.inputWidth * g.inputHeight;
      const expected = new Float32Array(3 * planeSize);
      for (let y = 0; y < g.resizedHeight; y++) {
        for (let x = 0; x < g.resizedWidth; x++) {
          for (let c = 0; c < 3; c++) {
            expected[c * planeSize + (y + g.offsetY) * g.inputWidth + g.offsetX + x] = resized.data[(y * g.resizedWidth + x) * 3 + c]!;
          }
        }
      }
      const input = detectorInput(image, g);
      expect(input.dims).toEqual([1, 3, g.inputHeight, g.inputWidth]);
      // Counted by hand: toEqual on millions of floats takes most of a minute.
      let differing = 0;
      for (let i = 0; i < expected.length; i++) if (input.data[i] !== expected[i]) differing++;
      expect(input.data.length).toBe(expected.length);
      expect(differing).toBe(0);
    }
  });

  it('finds the face in a webcam-sized frame with a small detector input', async () => {
    const image = await load('resolution', 'obama-480p.jpg');
    const [photo] = await analyzeImage(image, { embed: false, poseModel: false });
    const small = await analyzeImage(image, { embed: false, poseModel: false, detect: { inputSize: { maxSide: 320 } } });
    expect(small).toHaveLength(1);
    const width = photo!.box.x2 - photo!.box.x1;
    small[0]!.landmarks.forEach(([x, y], i) => {
      const [px, py] = photo!.landmarks[i]!;
      expect(Math.hypot(x - px, y - py)).toBeLessThan(0.08 * width);
    });
  });

  it('detects a tight crop where the face fills the whole image', async () => {
    const image = await load('people', 'obama', 'obama1.jpg');
    const [face] = await analyzeImage(image, { embed: false, poseModel: false });
    const { x1, y1, x2, y2 } = face!.box;
    // The box shrunk by 15% on each side: only the inner face remains.
    const [w, h] = [x2 - x1, y2 - y1];
    const [left, top] = [Math.round(x1 + 0.15 * w), Math.round(y1 + 0.15 * h)];
    const tight = crop(image, left, top, Math.round(0.7 * w), Math.round(0.7 * h));
    const { models } = await loadNodeModels();
    // Without a border the detector does not see it …
    expect(await detectFaces(models.detector, tight)).toHaveLength(0);
    // … the pipeline retries with one and finds it, with landmarks where they were.
    const found = await analyzeImage(tight, { embed: false, poseModel: false });
    expect(found).toHaveLength(1);
    found[0]!.landmarks.forEach(([x, y], i) => {
      const [bx, by] = face!.landmarks[i]!;
      expect(Math.hypot(x + left - bx, y + top - by)).toBeLessThan(0.06 * w);
    });
  });

  it('detects a face cut off by the frame edge', async () => {
    for (const f of ['tests_obama_partial_face.jpg', 'tests_obama_partial_face2.jpg']) {
      const faces = await analyzeFixture(`partial/${f}`, { embed: false });
      expect(faces.length, f).toBeGreaterThanOrEqual(1);
    }
  });

  it('decodes EXIF-rotated photos upright, as a browser shows them', async () => {
    const upright = await sharp(fixture('people', 'obama', 'obama1.jpg'))
      .rotate()
      .jpeg()
      .toBuffer();
    // Stored pixels turned so that the EXIF orientation turns them back upright.
    const stored: Record<number, number> = { 3: 180, 6: 270, 8: 90 };
    for (const [orientation, angle] of Object.entries(stored)) {
      const file = await sharp(upright)
        .rotate(angle)
        .withMetadata({ orientation: Number(orientation) })
        .jpeg()
        .toBuffer();
      const image = await decodeImageFile(file);
      expect([image.width, image.height]).toEqual([910, 1137]);
      const [face] = await analyzeImage(image, { embed: false });
      expect(face, `orientation ${orientation}`).toBeDefined();
      expectAnatomical(face!);
      expect(Math.abs(face!.pose.roll)).toBeLessThan(15);
    }
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
