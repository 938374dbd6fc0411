/**
 * Photo and video-frame decoding inside the worker: EXIF orientation applied, size limits enforced
 * with plain messages, pixels handed to the core pipeline as RGB.
 */
import { rgbaToRgb, type RgbImage } from '../core/image.ts';
import type { ImageInput } from './api.ts';

/** Bigger files are refused before decoding: no phone photo comes near this. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Decoded images larger than this are refused (a 100 MP image alone needs 400 MB of RGBA). */
export const MAX_PIXELS = 100_000_000;
/** Images are analysed at most this large, like the CLI: faces stay well above the detector's need. */
export const ANALYSIS_MAX_SIDE = 4096;

export class ImageDecodeError extends Error {}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

async function bitmapOf(input: ImageInput): Promise<ImageBitmap> {
  if (input.kind === 'bitmap') return input.bitmap;
  const blob = input.blob;
  if (blob.size === 0) throw new ImageDecodeError('the file is empty');
  if (blob.size > MAX_FILE_BYTES) throw new ImageDecodeError(`the file is too large (${megabytes(blob.size)}; the limit is ${megabytes(MAX_FILE_BYTES)})`);
  if (blob.type && !blob.type.startsWith('image/')) throw new ImageDecodeError(`it is not an image (${blob.type})`);
  try {
    return await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageDecodeError('it is not an image this browser can read, or the file is damaged');
  }
}

export async function decodeImage(input: ImageInput): Promise<RgbImage> {
  const bitmap = await bitmapOf(input);
  try {
    const { width, height } = bitmap;
    if (width === 0 || height === 0) throw new ImageDecodeError('the image has no pixels');
    if (width * height > MAX_PIXELS) {
      throw new ImageDecodeError(`the image is too large (${width}×${height}; the limit is ${MAX_PIXELS / 1e6} megapixels)`);
    }
    const scale = Math.min(1, ANALYSIS_MAX_SIDE / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageDecodeError('this browser cannot read image pixels in a worker');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, w, h);
    return rgbaToRgb(context.getImageData(0, 0, w, h).data, w, h);
  } finally {
    bitmap.close();
  }
}

/** The aligned face as a small JPEG, the thumbnail the gallery stores. */
export async function jpegOf(image: RgbImage): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D context in the worker');
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
    rgba[j] = image.data[i]!;
    rgba[j + 1] = image.data[i + 1]!;
    rgba[j + 2] = image.data[i + 2]!;
    rgba[j + 3] = 255;
  }
  context.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}
