/**
 * Photo and video-frame decoding inside the worker. A file is checked by its bytes first
 * (core/imageHeader: format, declared size, truncation), so a HEIC, a PDF named .jpg, a cut-off JPEG
 * or a decompression bomb is refused with a specific message before the browser decodes anything.
 * Then: EXIF orientation applied, transparency flattened onto white, large photos shrunk while
 * decoding, pixels handed to the core pipeline as RGB.
 */
import { BROWSER_FORMATS, checkImageFile, FORMAT_NAMES, sizeNotes, uprightSize, type ImagePolicy } from '../core/formats/imageHeader.ts';
import { ImageDecodeError, MAX_DECODE_SIDE, MAX_IMAGE_FILE_BYTES, MAX_PIXELS, tooManyPixelsText } from '../core/formats/imageLimits.ts';
import { rgbaToRgb, type RgbImage } from '../core/pipeline/image.ts';
import { bytesText } from '../core/text.ts';
import type { ImageInput } from './api.ts';

const POLICY: ImagePolicy = { supported: BROWSER_FORMATS, maxPixels: MAX_PIXELS, reader: 'this browser' };

export interface DecodedImage {
  /** Upright, at most MAX_DECODE_SIDE on its long side. */
  readonly image: RgbImage;
  /** Facts worth showing beside the result: first frame of an animation used, shrunk for analysis, very small. */
  readonly notes: readonly string[];
}

interface Opened {
  readonly bitmap: ImageBitmap;
  /** The upright size of the photo itself (before any shrinking while decoding). */
  readonly original: { readonly width: number; readonly height: number };
  readonly notes: readonly string[];
}

async function openBlob(blob: Blob): Promise<Opened> {
  if (blob.size === 0) throw new ImageDecodeError('the file is empty (0 bytes)');
  if (blob.size > MAX_IMAGE_FILE_BYTES)
    throw new ImageDecodeError(`the file is too large (${bytesText(blob.size)}; the limit is ${bytesText(MAX_IMAGE_FILE_BYTES)})`);
  const check = checkImageFile(new Uint8Array(await blob.arrayBuffer()), POLICY);
  if (!check.ok) throw new ImageDecodeError(check.message);
  const upright = uprightSize(check.header);
  // Shrink while decoding when the header gives the size: the full-size pixels are never copied
  // into a canvas (a 10000×10000 photo would need 400 MB there). Only the width is given, so the
  // aspect ratio holds whichever way the browser applies EXIF orientation; the canvas step below
  // enforces the limit exactly.
  const options: ImageBitmapOptions = { imageOrientation: 'from-image' };
  if (upright && Math.max(upright.width, upright.height) > MAX_DECODE_SIDE) {
    options.resizeWidth = Math.max(1, Math.round((upright.width * MAX_DECODE_SIDE) / Math.max(upright.width, upright.height)));
    options.resizeQuality = 'high';
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, options);
  } catch {
    throw new ImageDecodeError(`the ${FORMAT_NAMES[check.header.format]} is damaged: this browser could not decode it`);
  }
  return { bitmap, original: upright ?? { width: bitmap.width, height: bitmap.height }, notes: check.notes };
}

async function open(input: ImageInput): Promise<Opened> {
  if (input.kind === 'blob') return openBlob(input.blob);
  const { bitmap } = input;
  return { bitmap, original: { width: bitmap.width, height: bitmap.height }, notes: [] };
}

/**
 * OffscreenCanvas reads the pixels and writes the thumbnails; without it (Safari before 16.4) the
 * constructor would fail with a bare ReferenceError.
 */
function offscreenCanvas(width: number, height: number): OffscreenCanvas {
  if (typeof OffscreenCanvas === 'undefined') {
    throw new ImageDecodeError(
      'this browser cannot read photos in a worker (it has no OffscreenCanvas): use a current Firefox, Chrome, Edge or Safari 16.4 or later',
    );
  }
  return new OffscreenCanvas(width, height);
}

/** Canvases up to a 1080p frame are kept; a larger one is released after reading. */
const KEEP_CANVAS_PIXELS = 1920 * 1080;

/**
 * The one canvas every image is read through, kept between calls: a new canvas and context per
 * webcam frame cost an allocation and a context set-up each time. Opaque, since transparency is
 * flattened onto white anyway. Safe to share: nothing awaits between drawing and reading it back.
 */
let pixelReader: { readonly canvas: OffscreenCanvas; readonly context: OffscreenCanvasRenderingContext2D } | null = null;

function readerCanvas(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (!pixelReader) {
    const canvas = offscreenCanvas(width, height);
    const context = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
    if (!context) throw new ImageDecodeError('this browser cannot read image pixels in a worker');
    pixelReader = { canvas, context };
  }
  const { canvas, context } = pixelReader;
  // Resizing a canvas clears it and resets its context state: only done when the size changes.
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return context;
}

export async function decodeImage(input: ImageInput): Promise<DecodedImage> {
  const { bitmap, original, notes } = await open(input);
  try {
    const { width, height } = bitmap;
    if (width === 0 || height === 0) throw new ImageDecodeError('the image has no pixels');
    if (width * height > MAX_PIXELS) throw new ImageDecodeError(tooManyPixelsText(width, height, MAX_PIXELS));
    const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const context = readerCanvas(w, h);
    // Transparent parts are seen on white, as the page shows them (and as the CLI flattens them).
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, w, h);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, w, h);
    const image = rgbaToRgb(context.getImageData(0, 0, w, h).data, w, h);
    // A large photo's canvas (up to 64 MB) is not held between photos.
    if (w * h > KEEP_CANVAS_PIXELS) context.canvas.width = context.canvas.height = 1;
    return { image, notes: [...notes, ...sizeNotes(original, image)] };
  } finally {
    bitmap.close();
  }
}

/** The aligned face as a small JPEG, the thumbnail the gallery stores. */
export async function jpegOf(image: RgbImage): Promise<Blob> {
  const canvas = offscreenCanvas(image.width, image.height);
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
