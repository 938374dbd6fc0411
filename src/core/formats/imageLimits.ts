/**
 * How large an image Faceprint reads, the same in the browser's worker and in the CLI, and the error
 * either decoder throws for a file it cannot read.
 */

/** Bigger files are refused before reading them: no phone photo comes near this. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;
/** Decoded images above this are refused: 100 MP of RGBA alone is 400 MB. */
export const MAX_PIXELS = 100_000_000;
/** Larger images are shrunk to this long side while decoding: detection never needs more (its photo scale is ≤ 1024 px). */
export const MAX_DECODE_SIDE = 4096;

const megapixels = (pixels: number): string => `${pixels >= 10e6 ? Math.round(pixels / 1e6) : (pixels / 1e6).toFixed(1)} MP`;

/** "too large: 20000×6000 is 120 MP; the limit is 100 MP". */
export function tooManyPixelsText(width: number, height: number, maxPixels: number): string {
  return `too large: ${width}×${height} is ${megapixels(width * height)}; the limit is ${megapixels(maxPixels)}`;
}

// comlink carries an error's name across to the page, not its class: the UI tells a bad file from an
// engine failure by this name.
const IMAGE_DECODE_ERROR = 'ImageDecodeError';

/** A file that is not a readable image; the message says why, in the user's words. */
export class ImageDecodeError extends Error {
  override name = IMAGE_DECODE_ERROR;
}

/** Whether an error (possibly one carried over from the worker) is about the file rather than the engine. */
export function isImageDecodeError(error: unknown): boolean {
  return error instanceof Error && error.name === IMAGE_DECODE_ERROR;
}
