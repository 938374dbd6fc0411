/** The header sniffer (src/core/formats/imageHeader.ts) on real encoder output (sharp) and hand-made headers. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  BROWSER_FORMATS,
  checkImageFile,
  sizeNotes,
  sniffImage,
  uprightSize,
  type ImageHeader,
  type ImagePolicy,
} from '../src/core/formats/imageHeader.ts';
import { ImageDecodeError, isImageDecodeError, MAX_PIXELS, tooManyPixelsText } from '../src/core/formats/imageLimits.ts';

const BROWSER: ImagePolicy = { supported: BROWSER_FORMATS, maxPixels: MAX_PIXELS, reader: 'this browser' };
const CLI: ImagePolicy = { supported: ['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff'], maxPixels: MAX_PIXELS, reader: 'the faceprint CLI' };

/** A 37×23 test card: odd sizes, so a swapped or off-by-one width shows. */
const card = () => sharp({ create: { width: 37, height: 23, channels: 3, background: { r: 200, g: 80, b: 20 } } });

function header(bytes: Uint8Array): ImageHeader {
  const sniffed = sniffImage(bytes);
  if (sniffed.kind !== 'image') throw new Error(`expected an image, got ${JSON.stringify(sniffed)}`);
  return sniffed;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A BITMAPINFOHEADER BMP of width × height (bottom-up when height > 0), pixels all zero. */
function bmp(width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const b = Buffer.alloc(54 + rowBytes * Math.abs(height));
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

describe('sniffImage: format and size from the header', () => {
  it('reads JPEG (SOF), PNG (IHDR), GIF, WebP lossy (VP8) and lossless (VP8L), AVIF (ispe), TIFF', async () => {
    for (const [format, bytes] of [
      ['jpeg', await card().jpeg().toBuffer()],
      ['jpeg', await card().jpeg({ progressive: true }).toBuffer()],
      ['png', await card().png().toBuffer()],
      ['gif', await card().gif().toBuffer()],
      ['webp', await card().webp({ quality: 80 }).toBuffer()],
      ['webp', await card().webp({ lossless: true }).toBuffer()],
      ['avif', await card().avif({ quality: 50 }).toBuffer()],
    ] as const) {
      expect(header(bytes), format).toMatchObject({ format, width: 37, height: 23, orientation: 1, animated: false, truncated: false });
    }
    expect(header(await card().tiff().toBuffer()).format).toBe('tiff');
  });

  it('reads BMP headers, bottom-up and top-down', () => {
    expect(header(bmp(37, 23))).toMatchObject({ format: 'bmp', width: 37, height: 23 });
    expect(header(bmp(37, -23))).toMatchObject({ format: 'bmp', width: 37, height: 23 });
  });

  it('reads the EXIF orientation of a JPEG and gives the upright size', async () => {
    const turned = header(await card().withMetadata({ orientation: 6 }).jpeg().toBuffer());
    expect(turned).toMatchObject({ width: 37, height: 23, orientation: 6 });
    expect(uprightSize(turned)).toEqual({ width: 23, height: 37 });
    const flipped = header(await card().withMetadata({ orientation: 3 }).jpeg().toBuffer());
    expect(uprightSize(flipped)).toEqual({ width: 37, height: 23 });
  });

  it('sees animation in GIF, WebP and marks a single frame as still', async () => {
    const frames = [
      await card().png().toBuffer(),
      await sharp({ create: { width: 37, height: 23, channels: 3, background: '#00f' } })
        .png()
        .toBuffer(),
    ];
    expect(
      header(
        await sharp(frames, { join: { animated: true } })
          .gif()
          .toBuffer(),
      ),
    ).toMatchObject({ format: 'gif', animated: true, width: 37 });
    expect(
      header(
        await sharp(frames, { join: { animated: true } })
          .webp()
          .toBuffer(),
      ),
    ).toMatchObject({ format: 'webp', animated: true, width: 37 });
    expect(header(await card().gif().toBuffer()).animated).toBe(false);
  });

  it('sees a file cut short: JPEG without its end marker, PNG without IEND, GIF without a frame', async () => {
    for (const bytes of [await card().jpeg().toBuffer(), await card().png().toBuffer(), await card().gif().toBuffer()]) {
      expect(header(bytes).truncated).toBe(false);
      expect(header(bytes.subarray(0, Math.floor(bytes.length * 0.6))).truncated).toBe(true);
      expect(header(bytes.subarray(0, 12)).truncated).toBe(true);
    }
    // Bytes after the end marker (cameras append data) do not make a JPEG truncated.
    const jpeg = await card().jpeg().toBuffer();
    expect(header(Buffer.concat([jpeg, Buffer.from('trailing data')])).truncated).toBe(false);
  });

  it('recognises HEIC by its ftyp brands, and files that are not images', async () => {
    const ftyp = (major: string, compatible: string) => {
      const b = Buffer.alloc(64);
      b.writeUInt32BE(24, 0);
      b.write(`ftyp${major}`, 4, 'latin1');
      b.write(compatible, 16, 'latin1');
      return b;
    };
    expect(header(ftyp('heic', 'mif1heic')).format).toBe('heic');
    expect(header(ftyp('mif1', 'mif1heix')).format).toBe('heic');
    expect(sniffImage(ftyp('isom', 'isomavc1'))).toEqual({ kind: 'other', what: 'video' });
    expect(sniffImage(new Uint8Array())).toEqual({ kind: 'empty' });
    expect(sniffImage(ascii('%PDF-1.7\n...'))).toEqual({ kind: 'other', what: 'pdf' });
    expect(sniffImage(ascii('Dear diary,\nno photo here.\n'))).toEqual({ kind: 'other', what: 'text' });
    expect(sniffImage(ascii('\n<!DOCTYPE html><html></html>'))).toEqual({ kind: 'other', what: 'html' });
    expect(sniffImage(ascii('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ kind: 'other', what: 'svg' });
    expect(sniffImage(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toEqual({ kind: 'other', what: 'zip' });
    expect(sniffImage(Uint8Array.from({ length: 256 }, (_, i) => (i * 37) % 256))).toEqual({ kind: 'unknown' });
  });
});

describe('checkImageFile: the verdict and its message', () => {
  it('passes readable images, with a note for the first frame of an animation', async () => {
    const still = checkImageFile(await card().jpeg().toBuffer(), BROWSER);
    expect(still).toMatchObject({ ok: true, notes: [] });
    // Frames must differ: an encoder merges identical ones.
    const frames = [await card().png().toBuffer(), await card().negate().png().toBuffer()];
    const animated = checkImageFile(
      await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer(),
      BROWSER,
    );
    expect(animated).toMatchObject({ ok: true, notes: ['animated GIF: using the first frame'] });
  });

  it('refuses with a specific message', async () => {
    const message = (bytes: Uint8Array, policy = BROWSER) => {
      const check = checkImageFile(bytes, policy);
      return check.ok ? 'ok' : check.message;
    };
    const jpeg = await card().jpeg().toBuffer();
    expect(message(new Uint8Array())).toBe('the file is empty (0 bytes)');
    expect(message(jpeg.subarray(0, 200))).toBe('the JPEG is truncated or damaged: the file ends before the image does');
    expect(message(ascii('%PDF-1.4'))).toBe('not an image: it looks like a PDF document');
    expect(message(ascii('hello\n'))).toBe('not an image: it looks like a text file');
    expect(message(ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatch(/^unsupported format: SVG/);
    expect(message(Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 3) % 256))).toBe(
      'not an image: its contents match no image format (JPEG, PNG, GIF, WebP, BMP, AVIF)',
    );
    const tiff = await card().tiff().toBuffer();
    expect(message(tiff)).toBe('unsupported format: TIFF images cannot be read by this browser; convert it to JPEG');
    expect(message(tiff, CLI)).toBe('ok');
    expect(message(bmp(4, 4), CLI)).toBe('unsupported format: BMP images cannot be read by the faceprint CLI; convert it to JPEG');
    expect(message(bmp(4, 4))).toBe('ok');
  });

  it('refuses a decompression bomb by its declared size, before any decoding', () => {
    // A BMP header declaring 20000 × 6000 (120 MP) with no pixels behind it.
    expect(checkImageFile(bmp(20000, 6000).subarray(0, 54), BROWSER)).toEqual({
      ok: false,
      message: 'too large: 20000×6000 is 120 MP; the limit is 100 MP',
    });
    expect(checkImageFile(bmp(10000, 10000).subarray(0, 54), BROWSER).ok).toBe(true); // exactly 100 MP: allowed, and shrunk
  });

  it('notes an image shrunk for analysis, and one too small to find a face in', () => {
    expect(sizeNotes({ width: 10000, height: 10000 }, { width: 4096, height: 4096 })).toEqual([
      'analysed at 4096×4096 (the photo is 10000×10000)',
    ]);
    expect(sizeNotes({ width: 16, height: 16 }, { width: 16, height: 16 })).toEqual([
      'very small image (16×16 pixels): too small to find a face in',
    ]);
    expect(sizeNotes({ width: 640, height: 480 }, { width: 640, height: 480 })).toEqual([]);
  });
});

describe('decode limits and errors', () => {
  it('words a decoded size over the limit as the header check does', () => {
    // The worker's check after decoding, for files whose header gave no size.
    expect(tooManyPixelsText(12000, 9000, MAX_PIXELS)).toBe('too large: 12000×9000 is 108 MP; the limit is 100 MP');
    expect(tooManyPixelsText(3000, 2000, 5_000_000)).toBe('too large: 3000×2000 is 6.0 MP; the limit is 5.0 MP');
  });

  it('tells a decode error by its name, as it arrives from the worker', () => {
    expect(isImageDecodeError(new ImageDecodeError('the file is empty (0 bytes)'))).toBe(true);
    // comlink rebuilds a thrown error on the page as a plain Error that keeps the name.
    const carried = Object.assign(new Error('the file is empty (0 bytes)'), { name: 'ImageDecodeError' });
    expect(isImageDecodeError(carried)).toBe(true);
    expect(isImageDecodeError(new Error('the face models are not loaded'))).toBe(false);
    expect(isImageDecodeError('ImageDecodeError')).toBe(false);
  });
});
