/**
 * Image decoding for Node: the file is checked by its bytes first (core/imageHeader, the same check
 * and messages as the web app), then decoded by sharp (libvips), upright per EXIF orientation as a
 * browser shows it, transparency flattened onto white, the first frame of an animation.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { checkImageFile, sizeNotes, type ImageFormat, type ImagePolicy } from '../core/formats/imageHeader.ts';
import { ImageDecodeError, MAX_DECODE_SIDE, MAX_PIXELS } from '../core/formats/imageLimits.ts';
import type { RgbImage } from '../core/pipeline/image.ts';
import { errorMessage } from '../core/text.ts';

/** What sharp's prebuilt libvips reads (no HEVC for HEIC, no BMP). */
const SHARP_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff'];
const POLICY: ImagePolicy = { supported: SHARP_FORMATS, maxPixels: MAX_PIXELS, reader: 'the faceprint CLI' };

export interface DecodedFile {
  readonly image: RgbImage;
  /** Facts worth printing beside the result: first frame of an animation used, shrunk, very small. */
  readonly notes: readonly string[];
}

/**
 * Decodes a file (or bytes). Every failure is an ImageDecodeError naming the file: "NAME: the file is
 * empty (0 bytes)", "NAME: not an image: it looks like a PDF document", "NAME: not a readable image (WHY)".
 */
export async function readImageFile(path: string | Buffer): Promise<DecodedFile> {
  const name = typeof path === 'string' ? path : 'image';
  const fail = (why: string): ImageDecodeError => new ImageDecodeError(`${name}: not a readable image (${why})`);
  let bytes: Buffer;
  try {
    bytes = typeof path === 'string' ? await readFile(path) : path;
  } catch (error) {
    throw fail(errorMessage(error));
  }
  const check = checkImageFile(bytes, POLICY);
  if (!check.ok) throw new ImageDecodeError(`${name}: ${check.message}`);
  try {
    const decoder = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS }).rotate(); // applies EXIF orientation
    const meta = await decoder.metadata();
    const { data, info } = await decoder
      .resize({ width: MAX_DECODE_SIDE, height: MAX_DECODE_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    const image: RgbImage = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    // metadata() reports the stored size; orientations 5–8 are shown with width and height swapped.
    const stored = { width: meta.width, height: meta.pageHeight ?? meta.height };
    const original = (meta.orientation ?? 1) >= 5 ? { width: stored.height, height: stored.width } : stored;
    return { image, notes: [...check.notes, ...sizeNotes(original, image)] };
  } catch (error) {
    // libvips appends its own log lines to the message: the first line says what is wrong.
    const message = errorMessage(error);
    throw fail(message.split('\n')[0] ?? message);
  }
}

export async function decodeImageFile(path: string | Buffer): Promise<RgbImage> {
  return (await readImageFile(path)).image;
}
