/**
 * The frames every benchmark page runs on: a photo decoded into a canvas, as is or as the fake
 * webcam shows it (fitted into 640×480, centred on black). The pipeline, peer and engines pages all
 * draw their frames here, so each engine and each library is timed on the same pixels.
 */

const WEBCAM_WIDTH = 640;
const WEBCAM_HEIGHT = 480;

/** Decodes a photo into a canvas, as is or (`letterbox`) fitted into a 640×480 webcam-like frame. */
export async function frameCanvas(photo: Blob, letterbox: boolean): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(photo, { imageOrientation: 'from-image' });
  const canvas = document.createElement('canvas');
  if (letterbox) {
    canvas.width = WEBCAM_WIDTH;
    canvas.height = WEBCAM_HEIGHT;
    const scale = Math.min(WEBCAM_WIDTH / bitmap.width, WEBCAM_HEIGHT / bitmap.height);
    const w = Math.round(bitmap.width * scale);
    const h = Math.round(bitmap.height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#000';
    context.fillRect(0, 0, WEBCAM_WIDTH, WEBCAM_HEIGHT);
    context.drawImage(bitmap, (WEBCAM_WIDTH - w) / 2, (WEBCAM_HEIGHT - h) / 2, w, h);
  } else {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  }
  bitmap.close();
  return canvas;
}
