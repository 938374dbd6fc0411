/**
 * What a file is, from its bytes, before anything decodes it: the format by magic number, the pixel
 * size from the header (JPEG SOFn, PNG IHDR, GIF screen, WebP VP8/VP8L/VP8X, BMP, AVIF ispe), EXIF
 * orientation, animation, and whether the file was cut short. The worker and the CLI both check a
 * file here first, so a decompression bomb is refused by its declared size before any pixel exists,
 * and every bad file gets the same specific message in the app and on the command line.
 * Pure TypeScript: no DOM, no Node.
 */
import { tooManyPixelsText } from './imageLimits.ts';

/** Image formats the sniffer recognises; whether one can be read depends on the decoder (see ImagePolicy). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'heic' | 'tiff';

/** Files that are recognisably something other than a photo. */
export type OtherKind = 'pdf' | 'text' | 'html' | 'svg' | 'zip' | 'video' | 'psd' | 'jxl';

export interface ImageHeader {
  readonly kind: 'image';
  readonly format: ImageFormat;
  /** As stored, before EXIF orientation; null when the header does not say (or is cut short). */
  readonly width: number | null;
  readonly height: number | null;
  /** EXIF orientation 1–8 (JPEG only; 1 when absent). 5–8 swap width and height when shown upright. */
  readonly orientation: number;
  /** More than one frame (animated GIF, animated WebP, APNG): decoders use the first. */
  readonly animated: boolean;
  /** The file ends before the image does (no JPEG end marker, no PNG IEND, no GIF frame). */
  readonly truncated: boolean;
}

export type Sniffed =
  { readonly kind: 'empty' } | ImageHeader | { readonly kind: 'other'; readonly what: OtherKind } | { readonly kind: 'unknown' };

export const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  avif: 'AVIF',
  heic: 'HEIC/HEIF',
  tiff: 'TIFF',
};

const OTHER_NAMES: Readonly<Record<OtherKind, string>> = {
  pdf: 'a PDF document',
  text: 'a text file',
  html: 'a web page (HTML)',
  svg: 'an SVG drawing',
  zip: 'a ZIP archive',
  video: 'a video',
  psd: 'a Photoshop document (PSD)',
  jxl: 'a JPEG XL image',
};

// ---------------------------------------------------------------------------------------------
// Byte helpers (bounds-checked: a short file reads as missing data, never as an exception)

const u8 = (b: Uint8Array, i: number): number => (i < b.length ? b[i]! : -1);
function be16(b: Uint8Array, i: number): number {
  return i + 2 <= b.length ? (b[i]! << 8) | b[i + 1]! : -1;
}
function le16(b: Uint8Array, i: number): number {
  return i + 2 <= b.length ? b[i]! | (b[i + 1]! << 8) : -1;
}
function be32(b: Uint8Array, i: number): number {
  return i + 4 <= b.length ? ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0 : -1;
}
function le32(b: Uint8Array, i: number): number {
  return i + 4 <= b.length ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0 : -1;
}
function le24(b: Uint8Array, i: number): number {
  return i + 3 <= b.length ? b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) : -1;
}
function ascii(b: Uint8Array, i: number, n: number): string {
  let s = '';
  for (let k = i; k < i + n && k < b.length; k++) s += String.fromCharCode(b[k]!);
  return s;
}
function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((v, k) => b[at + k] === v);
}

const image = (format: ImageFormat, fields: Partial<Omit<ImageHeader, 'kind' | 'format'>> = {}): ImageHeader => ({
  kind: 'image',
  format,
  width: null,
  height: null,
  orientation: 1,
  animated: false,
  truncated: false,
  ...fields,
});
const positive = (v: number): number | null => (v > 0 ? v : null);

// ---------------------------------------------------------------------------------------------
// Formats

/** EXIF orientation from an APP1 segment's TIFF block (IFD0 tag 0x0112). */
function exifOrientation(b: Uint8Array, tiff: number, end: number): number {
  const little = ascii(b, tiff, 2) === 'II';
  if (!little && ascii(b, tiff, 2) !== 'MM') return 1;
  const r16 = (i: number) => (i + 2 <= end ? (little ? le16(b, i) : be16(b, i)) : -1);
  const r32 = (i: number) => (i + 4 <= end ? (little ? le32(b, i) : be32(b, i)) : -1);
  const ifd = tiff + r32(tiff + 4);
  const count = r16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (r16(entry) === 0x0112) {
      const value = r16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function sniffJpeg(b: Uint8Array): ImageHeader {
  let width: number | null = null;
  let height: number | null = null;
  let orientation = 1;
  let i = 2;
  let scanStart = -1;
  while (i < b.length) {
    if (b[i] !== 0xff) return image('jpeg', { width, height, orientation, truncated: true }); // lost sync: damaged
    while (b[i] === 0xff) i++; // fill bytes
    const marker = u8(b, i);
    i++;
    if (marker < 0) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // standalone markers
    if (marker === 0xd9) break;
    const length = be16(b, i);
    if (length < 2 || i + length > b.length) break; // the segment runs past the end of the file
    if (marker === 0xe1 && ascii(b, i + 2, 6) === 'Exif\0\0') orientation = exifOrientation(b, i + 8, i + length);
    if (isSof(marker) && width === null) {
      height = positive(be16(b, i + 3));
      width = positive(be16(b, i + 5));
    }
    if (marker === 0xda) {
      scanStart = i + length;
      break;
    }
    i += length;
  }
  // The entropy-coded data never holds FF D9 (FF is always stuffed or a restart marker), so the
  // end-of-image marker after the first scan is there exactly when the file is complete.
  let complete = false;
  if (scanStart > 0) {
    for (let k = b.length - 2; k >= scanStart; k--) {
      if (b[k] === 0xff && b[k + 1] === 0xd9) {
        complete = true;
        break;
      }
    }
  }
  return image('jpeg', { width, height, orientation, truncated: !complete });
}

function sniffPng(b: Uint8Array): ImageHeader {
  const width = ascii(b, 12, 4) === 'IHDR' ? positive(be32(b, 16)) : null;
  const height = ascii(b, 12, 4) === 'IHDR' ? positive(be32(b, 20)) : null;
  let animated = false;
  let ended = false;
  // Walk the chunks (length, type, data, CRC): IEND must be reached inside the file.
  for (let i = 8; i + 8 <= b.length;) {
    const length = be32(b, i);
    const type = ascii(b, i + 4, 4);
    if (type === 'acTL' && be32(b, i + 8) > 1) animated = true;
    if (type === 'IEND') {
      ended = true;
      break;
    }
    i += 12 + length;
    if (i > b.length) break;
  }
  return image('png', { width, height, animated, truncated: !ended });
}

function sniffGif(b: Uint8Array): ImageHeader {
  const width = positive(le16(b, 6));
  const height = positive(le16(b, 8));
  const flags = u8(b, 10);
  let i = 13 + (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0);
  let frames = 0;
  const skipSubBlocks = (at: number): number => {
    let k = at;
    while (k < b.length && b[k] !== 0) k += b[k]! + 1;
    return k + 1; // past the terminator (beyond the end when cut short)
  };
  while (i < b.length && frames < 2) {
    const block = b[i]!;
    if (block === 0x3b) break; // trailer
    if (block === 0x21) i = skipSubBlocks(i + 2);
    else if (block === 0x2c) {
      const local = u8(b, i + 9);
      i += 10 + (local & 0x80 ? 3 << ((local & 7) + 1) : 0);
      i = skipSubBlocks(i + 1); // LZW minimum code size, then the image data
      if (i <= b.length) frames++;
    } else break; // unknown block: damaged
  }
  return image('gif', { width, height, animated: frames > 1, truncated: frames === 0 });
}

function sniffWebp(b: Uint8Array): ImageHeader {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
    return image('webp', { width: positive(le16(b, 26) & 0x3fff), height: positive(le16(b, 28) & 0x3fff) });
  }
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = le32(b, 21);
    return image('webp', { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 });
  }
  if (chunk === 'VP8X') {
    return image('webp', { width: le24(b, 24) + 1, height: le24(b, 27) + 1, animated: (u8(b, 20) & 0x02) !== 0 });
  }
  return image('webp', { truncated: b.length < 30 });
}

function sniffBmp(b: Uint8Array): ImageHeader {
  const dib = le32(b, 14);
  if (dib === 12) return image('bmp', { width: positive(le16(b, 18)), height: positive(le16(b, 20)) });
  const width = le32(b, 18) | 0;
  const height = le32(b, 22) | 0; // negative: stored top-down
  return image('bmp', { width: positive(Math.abs(width)), height: positive(Math.abs(height)) });
}

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
const VIDEO_BRANDS = new Set([
  'isom',
  'iso2',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'qt  ',
  'M4V ',
  'M4A ',
  '3gp4',
  '3gp5',
  '3g2a',
  'dash',
]);

/** The largest `ispe` (image spatial extent) box in the first 64 KB: the primary image's size. */
function ispeSize(b: Uint8Array): { width: number | null; height: number | null } {
  let best: { width: number | null; height: number | null } = { width: null, height: null };
  const end = Math.min(b.length, 65536) - 16;
  for (let i = 4; i < end; i++) {
    if (b[i] === 0x69 && b[i + 1] === 0x73 && b[i + 2] === 0x70 && b[i + 3] === 0x65) {
      const w = be32(b, i + 8);
      const h = be32(b, i + 12);
      if (w > 0 && h > 0 && w * h > (best.width ?? 0) * (best.height ?? 0)) best = { width: w, height: h };
    }
  }
  return best;
}

/** ISO base media files (AVIF, HEIC, MP4, MOV) by their `ftyp` brands. */
function sniffIsoBmff(b: Uint8Array): Sniffed {
  const size = be32(b, 0);
  const brands = [ascii(b, 8, 4)];
  for (let i = 16; i + 4 <= Math.min(size, b.length, 256); i += 4) brands.push(ascii(b, i, 4));
  if (brands.some((x) => AVIF_BRANDS.has(x))) return image('avif', ispeSize(b));
  if (brands.some((x) => HEIF_BRANDS.has(x))) return image('heic', ispeSize(b));
  if (brands.some((x) => VIDEO_BRANDS.has(x))) return { kind: 'other', what: 'video' };
  return { kind: 'unknown' };
}

/** Text: no NUL and (nearly) only printable ASCII or UTF-8 in the first kilobyte. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 1024);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) odd++;
  }
  return odd <= n * 0.02;
}

function sniffText(b: Uint8Array): Sniffed {
  if (!looksLikeText(b)) return { kind: 'unknown' };
  const head = ascii(b, 0, 1024)
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { kind: 'other', what: 'svg' };
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return { kind: 'other', what: 'html' };
  return { kind: 'other', what: 'text' };
}

/** What the bytes are. Give the whole file: truncation is judged from its end. */
export function sniffImage(b: Uint8Array): Sniffed {
  if (b.length === 0) return { kind: 'empty' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return sniffJpeg(b);
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return sniffPng(b);
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return sniffGif(b);
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return sniffWebp(b);
  if (ascii(b, 0, 2) === 'BM' && b.length >= 26) return sniffBmp(b);
  if (ascii(b, 4, 4) === 'ftyp') return sniffIsoBmff(b);
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return image('tiff');
  if (ascii(b, 0, 5) === '%PDF-') return { kind: 'other', what: 'pdf' };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'other', what: 'zip' };
  if (ascii(b, 0, 4) === '8BPS') return { kind: 'other', what: 'psd' };
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return { kind: 'other', what: 'jxl' };
  return sniffText(b);
}

// ---------------------------------------------------------------------------------------------
// The verdict, in the user's words

/** What a decoder reads and how large an image it accepts. */
export interface ImagePolicy {
  readonly supported: readonly ImageFormat[];
  /** Decoded size limit (width × height, upright or not). */
  readonly maxPixels: number;
  /** Who cannot read an unsupported format: "this browser", "the faceprint CLI". */
  readonly reader: string;
}

/** The formats every browser Faceprint runs in decodes (createImageBitmap in Chromium, Firefox, Safari). */
export const BROWSER_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'gif', 'webp', 'bmp', 'avif'];
/** Below this many pixels on the short side, a face can hardly be found: the result says so. */
export const MIN_USEFUL_SIDE = 32;

export type FileCheck =
  { readonly ok: true; readonly header: ImageHeader; readonly notes: readonly string[] } | { readonly ok: false; readonly message: string };

const CONVERT: Partial<Record<ImageFormat, string>> = {
  heic: 'HEIC/HEIF photos (the iPhone default)',
  tiff: 'TIFF images',
  bmp: 'BMP images',
};

/** The width and height as shown, EXIF orientation applied. */
export function uprightSize(header: ImageHeader): { width: number; height: number } | null {
  if (header.width === null || header.height === null) return null;
  return header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

/**
 * Whether the file can go on to the decoder, and if not why, in a sentence fragment that completes
 * "This file could not be read: …". Notes are facts about a readable file worth showing beside its result.
 */
export function checkImageFile(bytes: Uint8Array, policy: ImagePolicy): FileCheck {
  const sniffed = sniffImage(bytes);
  switch (sniffed.kind) {
    case 'empty':
      return { ok: false, message: 'the file is empty (0 bytes)' };
    case 'other':
      if (sniffed.what === 'svg')
        return { ok: false, message: 'unsupported format: SVG drawings are not photos; export it as PNG or JPEG' };
      if (sniffed.what === 'jxl')
        return { ok: false, message: `unsupported format: JPEG XL images cannot be read by ${policy.reader}; convert it to JPEG` };
      return { ok: false, message: `not an image: it looks like ${OTHER_NAMES[sniffed.what]}` };
    case 'unknown':
      return {
        ok: false,
        message: `not an image: its contents match no image format (${policy.supported.map((f) => FORMAT_NAMES[f]).join(', ')})`,
      };
    case 'image':
      break;
  }
  const name = FORMAT_NAMES[sniffed.format];
  if (!policy.supported.includes(sniffed.format)) {
    return {
      ok: false,
      message: `unsupported format: ${CONVERT[sniffed.format] ?? `${name} images`} cannot be read by ${policy.reader}; convert it to JPEG`,
    };
  }
  if (sniffed.truncated) return { ok: false, message: `the ${name} is truncated or damaged: the file ends before the image does` };
  const { width, height } = sniffed;
  if (width !== null && height !== null && width * height > policy.maxPixels) {
    return { ok: false, message: tooManyPixelsText(width, height, policy.maxPixels) };
  }
  const notes = sniffed.animated ? [`animated ${name}: using the first frame`] : [];
  return { ok: true, header: sniffed, notes };
}

/** Notes about the decoded size: shrunk for analysis, or too small to find a face in. */
export function sizeNotes(original: { width: number; height: number }, analysed: { width: number; height: number }): string[] {
  const notes: string[] = [];
  if (analysed.width < original.width || analysed.height < original.height) {
    notes.push(`analysed at ${analysed.width}×${analysed.height} (the photo is ${original.width}×${original.height})`);
  }
  if (Math.min(original.width, original.height) < MIN_USEFUL_SIDE) {
    notes.push(`very small image (${original.width}×${original.height} pixels): too small to find a face in`);
  }
  return notes;
}
