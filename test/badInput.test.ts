/**
 * Bad input through the CLI's decode path (header check, then sharp) and the core pipeline, on the
 * files testkit/badInputs.ts generates: each gets its specific message or the right result, and
 * a batch goes on past them. The face cases are derived from the fixture photos and skip without them.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_FILES,
  BOMB_SIZE,
  CROWD_FACES,
  ensureBadInputs,
  FACE_FILES,
  HUGE_SIDE,
  JUNK_EVERY,
  MANY_FILES,
  SOURCE_PHOTO,
  type BadInputs,
} from '../testkit/badInputs.ts';
import { readImageFile, type DecodedFile } from '../src/cli/decode.ts';
import { BROWSER_FORMATS, checkImageFile } from '../src/core/formats/imageHeader.ts';
import { MAX_PIXELS } from '../src/core/formats/imageLimits.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';
import type { AnalyzedFace } from '../src/core/pipeline/pipeline.ts';
import { FIXTURES_MISSING, HAVE_FIXTURES } from '../testkit/fixtures.ts';
import { analyzeImage } from './support.ts';

let inputs: BadInputs;
beforeAll(async () => {
  inputs = await ensureBadInputs();
}, 60_000);

const batchFile = (name: string): string => join(inputs.batch, name);
const browserCheck = (name: string) =>
  checkImageFile(readFileSync(batchFile(name)), { supported: BROWSER_FORMATS, maxPixels: MAX_PIXELS, reader: 'this browser' });

async function decodeError(name: string): Promise<string> {
  try {
    await readImageFile(batchFile(name));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${name} decoded, but should have been refused`);
}

/** The message each refused file gets, from the shared header check (the CLI prefixes the path). */
const REFUSED: readonly { readonly name: string; readonly message: string }[] = [
  { name: BAD_FILES.empty, message: 'the file is empty (0 bytes)' },
  { name: BAD_FILES.truncated, message: 'the JPEG is truncated or damaged: the file ends before the image does' },
  { name: BAD_FILES.text, message: 'not an image: it looks like a text file' },
  { name: BAD_FILES.pdf, message: 'not an image: it looks like a PDF document' },
  { name: BAD_FILES.bomb, message: `too large: ${BOMB_SIZE}×${BOMB_SIZE} is 2500 MP; the limit is 100 MP` },
];
const HEIC_MESSAGE = 'unsupported format: HEIC/HEIF photos (the iPhone default) cannot be read by';

describe('files refused with a specific message, in the CLI and the app alike', () => {
  it.each(REFUSED)('$name: "$message"', async ({ name, message }) => {
    expect(await decodeError(name)).toBe(`${batchFile(name)}: ${message}`);
    expect(browserCheck(name)).toEqual({ ok: false, message });
  });

  it('HEIC: unsupported, say so and what to do', async () => {
    expect(await decodeError(BAD_FILES.heic)).toBe(`${batchFile(BAD_FILES.heic)}: ${HEIC_MESSAGE} the faceprint CLI; convert it to JPEG`);
    expect(browserCheck(BAD_FILES.heic)).toEqual({ ok: false, message: `${HEIC_MESSAGE} this browser; convert it to JPEG` });
  });

  it('TIFF: unsupported in the browser (with the reason); the CLI reads it (libvips does)', async () => {
    expect(browserCheck(BAD_FILES.tiff)).toEqual({
      ok: false,
      message: 'unsupported format: TIFF images cannot be read by this browser; convert it to JPEG',
    });
    const { image } = await readImageFile(batchFile(BAD_FILES.tiff));
    expect([image.width, image.height]).toEqual([320, 240]);
  });
});

describe('readable files that are odd', () => {
  it('a photo with no face: decoded, analysed, no faces', async () => {
    const { image, notes } = await readImageFile(batchFile(BAD_FILES.noFace));
    expect(notes).toEqual([]);
    expect(await analyzeImage(image)).toEqual([]);
  });

  it('a 16×16 image: no crash, no faces, and a note that it is too small', async () => {
    const { image, notes } = await readImageFile(batchFile(BAD_FILES.tiny));
    expect([image.width, image.height]).toEqual([16, 16]);
    expect(notes).toEqual(['very small image (16×16 pixels): too small to find a face in']);
    expect(await analyzeImage(image)).toEqual([]);
  });

  it(`a ${HUGE_SIDE}×${HUGE_SIDE} photo: shrunk to 4096 before detection, the note says so${HAVE_FIXTURES ? ', and its face is found' : ''}`, async () => {
    const { image, notes } = await readImageFile(batchFile(BAD_FILES.huge));
    expect([image.width, image.height]).toEqual([4096, 4096]);
    expect(notes).toEqual([`analysed at 4096×4096 (the photo is ${HUGE_SIDE}×${HUGE_SIDE})`]);
    const faces = await analyzeImage(image);
    expect(faces).toHaveLength(inputs.faceCases ? 1 : 0);
  });

  it(`a folder of ${MANY_FILES} files: every junk file refused by the header check, every image passed`, () => {
    const files = readdirSync(inputs.many).sort();
    expect(files).toHaveLength(MANY_FILES);
    const verdicts = files.map((f) =>
      checkImageFile(readFileSync(join(inputs.many, f)), { supported: BROWSER_FORMATS, maxPixels: MAX_PIXELS, reader: 'this browser' }),
    );
    const refused = verdicts.filter((v) => !v.ok);
    expect(refused).toHaveLength(MANY_FILES / JUNK_EVERY);
    expect(new Set(refused.map((v) => (v.ok ? '' : v.message)))).toEqual(new Set(['not an image: it looks like a text file']));
  });
});

describe.skipIf(!HAVE_FIXTURES)('face photos in odd encodings (derived from the fixtures)', () => {
  let reference: AnalyzedFace;
  beforeAll(async () => {
    const [face] = await analyzeImage((await readImageFile(SOURCE_PHOTO)).image, { largestFaceOnly: true });
    if (!face?.embedding) throw new Error(`no face in ${SOURCE_PHOTO}`);
    reference = face;
  });

  async function largestFace(name: string): Promise<{ decoded: DecodedFile; face: AnalyzedFace; similarity: number }> {
    const decoded = await readImageFile(batchFile(name));
    const [face] = await analyzeImage(decoded.image, { largestFaceOnly: true });
    if (!face?.embedding || !reference.embedding) throw new Error(`no face found in ${name}`);
    return { decoded, face, similarity: cosineSimilarity(face.embedding, reference.embedding) };
  }

  it.each([FACE_FILES.cmyk, FACE_FILES.greyscale, FACE_FILES.alpha])(
    '%s: the face is found, its identity embedding close to the original photo’s',
    async (name) => {
      const { decoded, similarity } = await largestFace(name);
      expect([decoded.image.width, decoded.image.height]).toEqual([910, 1137]);
      expect(similarity).toBeGreaterThan(0.85);
    },
  );

  it.each([FACE_FILES.rotated6, FACE_FILES.rotated3, FACE_FILES.rotated8])(
    '%s (EXIF-rotated): decoded upright, eyes above the mouth, where the original has them',
    async (name) => {
      const { decoded, face, similarity } = await largestFace(name);
      expect([decoded.image.width, decoded.image.height]).toEqual([910, 1137]);
      const [leftEye, rightEye, , leftMouth, rightMouth] = face.landmarks;
      expect(Math.max(leftEye[1], rightEye[1])).toBeLessThan(Math.min(leftMouth[1], rightMouth[1]));
      expect(leftEye[0]).toBeLessThan(rightEye[0]);
      face.landmarks.forEach(([x, y], i) => {
        const [rx, ry] = reference.landmarks[i]!;
        expect(Math.hypot(x - rx, y - ry), `landmark ${i}`).toBeLessThan(6);
      });
      expect(similarity).toBeGreaterThan(0.95);
    },
  );

  it('animated GIF: the first frame is used (the note says so): the first frame’s person, not the second’s', async () => {
    const { decoded, similarity } = await largestFace(FACE_FILES.animated);
    expect(decoded.notes).toEqual(['animated GIF: using the first frame']);
    expect(similarity).toBeGreaterThan(0.7); // the second frame is someone else: it would score near 0
  });

  it(`a photo with ${CROWD_FACES} faces: at least 30 found, each with an embedding or a pose reason`, async () => {
    const { image } = await readImageFile(batchFile(FACE_FILES.crowd));
    const faces = await analyzeImage(image);
    expect(faces.length).toBeGreaterThanOrEqual(30);
    expect(faces.length).toBeLessThanOrEqual(CROWD_FACES);
    for (const face of faces) expect(face.embedding !== null || !face.poseCheck.passed).toBe(true);
  });
});

describe.skipIf(!HAVE_FIXTURES)('the CLI over the whole batch', () => {
  it('one error line per bad file, with its message; every other file analysed; exit code 1', async () => {
    const files = readdirSync(inputs.batch).sort().map(batchFile);
    const bin = resolve(import.meta.dirname, '..', 'bin', 'faceprint.js');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [bin, 'detect', '--json', ...files], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(1);
    const expectedErrors = [
      ...REFUSED.map(({ name, message }) => `error: ${batchFile(name)}: ${message}`),
      `error: ${batchFile(BAD_FILES.heic)}: ${HEIC_MESSAGE} the faceprint CLI; convert it to JPEG`,
    ];
    expect(run.stderr.trim().split('\n').sort()).toEqual(expectedErrors.sort());
    interface Out {
      images: { file: string; notes?: string[]; faces?: unknown[]; error?: string }[];
    }
    const { images } = JSON.parse(run.stdout) as Out;
    expect(images.map((i) => i.file)).toEqual(files);
    const byName = new Map(images.map((i) => [i.file.replace(/^.*\//, ''), i]));
    expect(byName.get(FACE_FILES.crowd)?.faces?.length).toBeGreaterThanOrEqual(30);
    expect(byName.get(FACE_FILES.animated)?.notes).toEqual(['animated GIF: using the first frame']);
    for (const name of [FACE_FILES.cmyk, FACE_FILES.greyscale, FACE_FILES.alpha, FACE_FILES.rotated6, BAD_FILES.huge])
      expect(byName.get(name)?.faces, name).toHaveLength(1);
    expect(byName.get(BAD_FILES.noFace)?.faces).toEqual([]);
  });
});

if (!HAVE_FIXTURES) console.warn(`bad-input face cases ${FIXTURES_MISSING}`);
