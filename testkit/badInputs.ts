/**
 * The bad-input fixtures (issue 5): files a user may drop that are empty, cut short, not images,
 * unsupported, huge, tiny, oddly encoded, rotated or crowded. Used by test/badInput.test.ts (core and
 * CLI), e2e/badInput.spec.ts (the Identify drop zone) and e2e/lookalike.spec.ts (face-free photos);
 * each calls `ensureBadInputs()`, so a clean clone needs nothing run by hand (by hand:
 * `npx tsx scripts/make-bad-inputs.ts`, which prints the folder).
 *
 * Output: node_modules/.cache/faceprint-bad-inputs/ (git-ignored), deterministic, and skipped when it
 * was already made by this version of the generator with the same fixtures. The cases that need a
 * face are derived from the fixture photos (testkit/fixtures.ts; never copied as they are); without
 * them only the face-free cases are made and `faceCases` is false.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { FACES } from './fixtures.ts';

/** Bump when any case changes: the cache is rebuilt. */
const GENERATOR_VERSION = 3;

const REPO = resolve(import.meta.dirname, '..');
export const BAD_INPUTS_DIR = join(REPO, 'node_modules', '.cache', 'faceprint-bad-inputs');

/** The photo the face cases are made from (one frontal face), and a second person for the GIF's later frame. */
export const SOURCE_PHOTO = join(FACES, 'people', 'obama', 'obama1.jpg');
const OTHER_PERSON = join(FACES, 'people', 'biden', 'biden1.jpg');

/** Files every batch folder gets; `face` ones only when the fixtures are there. */
export const BAD_FILES = {
  empty: 'empty.jpg',
  truncated: 'truncated.jpg',
  text: 'notes.jpg',
  pdf: 'document.jpg',
  heic: 'photo.heic',
  tiff: 'scan.tiff',
  bomb: 'bomb.png',
  noFace: 'no-face.jpg',
  tiny: 'tiny-16.png',
  huge: 'huge-10000.jpg',
} as const;

export const FACE_FILES = {
  cmyk: 'cmyk.jpg',
  greyscale: 'greyscale.jpg',
  alpha: 'transparent.png',
  rotated6: 'exif-rotated-6.jpg',
  rotated3: 'exif-rotated-3.jpg',
  rotated8: 'exif-rotated-8.jpg',
  animated: 'animated.gif',
  crowd: 'crowd-36.jpg',
} as const;

/** Faces in the crowd mosaic (6 × 6 tiles of the fixture portraits). */
export const CROWD_FACES = 36;
/** The decompression bomb's declared size (its header only: the pixels are never there). */
export const BOMB_SIZE = 50_000;
export const HUGE_SIDE = 10_000;
/** The "thousands of files" folder: small images with a junk file every JUNK_EVERY. */
export const MANY_FILES = 2000;
export const JUNK_EVERY = 10;

export interface BadInputs {
  readonly dir: string;
  /** One batch: every bad case and, with fixtures, every face case. */
  readonly batch: string;
  /** MANY_FILES files for progress and Cancel. */
  readonly many: string;
  readonly faceCases: boolean;
}

// --- deterministic pixels ---------------------------------------------------------------------

/** A smooth colour field with a few blocks: photo-like bytes, no face. */
function landscape(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const block = ((x >> 5) + (y >> 5)) % 7 === 0 ? 40 : 0;
      data[i] = (90 + (x * 120) / width + block) & 255;
      data[i + 1] = (140 + (y * 80) / height) & 255;
      data[i + 2] = (200 - (x * 60) / width - block) & 255;
    }
  }
  return data;
}

const raw = (width: number, height: number) => ({ raw: { width, height, channels: 3 as const } });

// --- hand-made byte formats ---------------------------------------------------------------------

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A well-formed PNG that declares BOMB_SIZE² RGB pixels and holds only the first rows' data. */
function bombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(BOMB_SIZE, 0);
  ihdr.writeUInt32BE(BOMB_SIZE, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = deflateSync(Buffer.alloc((BOMB_SIZE * 3 + 1) * 4)); // 4 black rows; zeros compress ~1000:1
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** What a sniffer sees of an iPhone photo: an ISO-BMFF `ftyp` box with HEIC brands, then data. */
function heicLike(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  const junk = Buffer.alloc(4000);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) % 251;
  return Buffer.concat([ftyp, junk]);
}

const PDF = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj
trailer << /Root 1 0 R >>
%%EOF
`;

// --- the cases -----------------------------------------------------------------------------------

async function writeBadCases(dir: string): Promise<void> {
  writeFileSync(join(dir, BAD_FILES.empty), Buffer.alloc(0));
  const whole = await sharp(landscape(640, 480), raw(640, 480)).jpeg({ quality: 85 }).toBuffer();
  writeFileSync(join(dir, BAD_FILES.truncated), whole.subarray(0, Math.floor(whole.length * 0.55)));
  writeFileSync(join(dir, BAD_FILES.text), 'Shopping list\n- milk\n- eggs\nThis is a text file with a .jpg name.\n');
  writeFileSync(join(dir, BAD_FILES.pdf), PDF);
  writeFileSync(join(dir, BAD_FILES.heic), heicLike());
  await sharp(landscape(320, 240), raw(320, 240)).tiff().toFile(join(dir, BAD_FILES.tiff));
  writeFileSync(join(dir, BAD_FILES.bomb), bombPng());
  writeFileSync(join(dir, BAD_FILES.noFace), whole);
  await sharp(landscape(16, 16), raw(16, 16)).png().toFile(join(dir, BAD_FILES.tiny));
}

/** HUGE_SIDE² white, with the source portrait large in the middle when the fixtures are there. */
async function writeHuge(path: string, withFace: boolean): Promise<void> {
  const canvas = sharp({ create: { width: HUGE_SIDE, height: HUGE_SIDE, channels: 3, background: '#f4f1ea' } });
  const layers = withFace ? [{ input: await sharp(SOURCE_PHOTO).resize({ width: 3000 }).toBuffer(), left: 3500, top: 3100 }] : [];
  await canvas.composite(layers).jpeg({ quality: 80 }).toFile(path);
}

async function writeFaceCases(dir: string): Promise<void> {
  const source = readFileSync(SOURCE_PHOTO);
  const { width = 0, height = 0 } = await sharp(source).metadata();
  await sharp(source).toColourspace('cmyk').jpeg({ quality: 92 }).toFile(join(dir, FACE_FILES.cmyk));
  await sharp(source).greyscale().toColourspace('b-w').jpeg({ quality: 92 }).toFile(join(dir, FACE_FILES.greyscale));
  // Transparent outside an ellipse around the face, as a cut-out portrait is.
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><ellipse cx="${width / 2}" cy="${height * 0.45}" rx="${width * 0.42}" ry="${height * 0.45}" fill="#fff"/></svg>`,
  );
  await sharp(source)
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toFile(join(dir, FACE_FILES.alpha));
  // Pixels stored turned, with the EXIF orientation that shows them upright (6: turn 90° clockwise to show).
  for (const [file, orientation, storedTurn] of [
    [FACE_FILES.rotated6, 6, 270],
    [FACE_FILES.rotated3, 3, 180],
    [FACE_FILES.rotated8, 8, 90],
  ] as const) {
    const stored = await sharp(source).rotate(storedTurn).toBuffer();
    await sharp(stored).withMetadata({ orientation }).jpeg({ quality: 92 }).toFile(join(dir, file));
  }
  // Two frames: the source person first, someone else second.
  const frameSize = { width: 455, height: 568, fit: 'cover' as const };
  const first = await sharp(source).resize(frameSize).png().toBuffer();
  const second = await sharp(OTHER_PERSON).resize(frameSize).png().toBuffer();
  await sharp([first, second], { join: { animated: true } })
    .gif({ delay: [500, 500], loop: 0 })
    .toFile(join(dir, FACE_FILES.animated));
  // 6 × 6 tiles of the portraits: 36 faces.
  const people = join(FACES, 'people');
  const portraits = [
    'obama/obama1.jpg',
    'biden/biden1.jpg',
    'kit_harington/kit1.jpg',
    'rose_leslie/rose1.jpg',
    'alex_lacamoire/alex2.jpg',
    'obama/obama2.jpg',
    'biden/biden2.jpg',
    'kit_harington/kit2.jpg',
    'rose_leslie/rose2.jpg',
  ];
  const tile = 220;
  const tiles = await Promise.all(
    portraits.map((p) => sharp(join(people, p)).resize({ width: tile, height: tile, fit: 'cover', position: 'north' }).jpeg().toBuffer()),
  );
  const side = Math.sqrt(CROWD_FACES);
  await sharp({ create: { width: tile * side, height: tile * side, channels: 3, background: '#808080' } })
    .composite(
      Array.from({ length: CROWD_FACES }, (_, i) => ({
        input: tiles[i % tiles.length]!,
        left: (i % side) * tile,
        top: Math.floor(i / side) * tile,
      })),
    )
    .jpeg({ quality: 90 })
    .toFile(join(dir, FACE_FILES.crowd));
}

/** MANY_FILES small files: photo-like images, and every JUNK_EVERY-th a text file named .jpg. */
async function writeMany(dir: string): Promise<void> {
  const small = await sharp(landscape(96, 72), raw(96, 72)).jpeg({ quality: 70 }).toBuffer();
  for (let i = 0; i < MANY_FILES; i++) {
    const name = `img-${String(i).padStart(4, '0')}.jpg`;
    writeFileSync(join(dir, name), i % JUNK_EVERY === JUNK_EVERY - 1 ? `junk ${i}\n` : small);
  }
}

async function generate(target: string, withFaces: boolean): Promise<void> {
  const batch = join(target, 'batch');
  const many = join(target, 'many');
  mkdirSync(batch, { recursive: true });
  mkdirSync(many, { recursive: true });
  await writeBadCases(batch);
  await writeHuge(join(batch, BAD_FILES.huge), withFaces);
  if (withFaces) await writeFaceCases(batch);
  await writeMany(many);
}

/** Makes the fixtures unless this version already made them (with the same fixtures available). */
export async function ensureBadInputs(): Promise<BadInputs> {
  const faceCases = existsSync(SOURCE_PHOTO) && existsSync(OTHER_PERSON);
  const stamp = JSON.stringify({ version: GENERATOR_VERSION, faceCases });
  const stampFile = join(BAD_INPUTS_DIR, 'stamp.json');
  const result: BadInputs = { dir: BAD_INPUTS_DIR, batch: join(BAD_INPUTS_DIR, 'batch'), many: join(BAD_INPUTS_DIR, 'many'), faceCases };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return result;
  // Built aside and moved in whole: two test runners starting at once never see half a folder.
  const building = `${BAD_INPUTS_DIR}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  await generate(building, faceCases);
  writeFileSync(join(building, 'stamp.json'), stamp);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    rmSync(building, { recursive: true, force: true }); // someone else finished first
    return result;
  }
  rmSync(BAD_INPUTS_DIR, { recursive: true, force: true });
  renameSync(building, BAD_INPUTS_DIR);
  return result;
}
