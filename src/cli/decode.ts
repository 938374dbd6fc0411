/** Image decoding for Node: sharp (libvips), upright per EXIF orientation, as a browser shows it. */
import sharp from 'sharp';
import type { RgbImage } from '../core/image.ts';

export class ImageDecodeError extends Error {}

/** Larger images are shrunk on decode; detection never needs more (its photo scale is ≤ 1024 px). */
const MAX_DECODE_SIDE = 4096;

export async function decodeImageFile(path: string | Buffer): Promise<RgbImage> {
  const name = typeof path === 'string' ? path : 'image';
  try {
    const { data, info } = await sharp(path, { failOn: 'error', limitInputPixels: 30000 * 30000 })
      .rotate() // applies EXIF orientation
      .resize({ width: MAX_DECODE_SIDE, height: MAX_DECODE_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ImageDecodeError(`${name}: not a readable image (${why})`);
  }
}
