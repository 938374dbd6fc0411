/** A fake webcam made from a photo, for Chromium's --use-file-for-fake-video-capture (e2e specs and the app benchmark). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

// Outside test-results/, which every Playwright run empties (another run's camera file must survive).
const CAMERA_DIR = resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'faceprint-e2e-camera');

/**
 * A .y4m video of a still photo (640×480, letterboxed; 2 s at 10 fps unless asked otherwise) for
 * Chromium's fake webcam (launchChromium's `cameraVideo`). Made once per photo and rate with ffmpeg.
 */
export function fakeCamera(photo: string, { fps = 10, seconds = 2 }: { fps?: number; seconds?: number } = {}): string {
  mkdirSync(CAMERA_DIR, { recursive: true });
  const rate = fps === 10 && seconds === 2 ? '' : `-${fps}fps-${seconds}s`;
  const out = join(CAMERA_DIR, `${basename(photo).replace(/\.[^.]+$/, '')}${rate}.y4m`);
  if (!existsSync(out)) {
    execFileSync('ffmpeg', [
      '-y',
      '-loglevel',
      'error',
      '-loop',
      '1',
      '-i',
      photo,
      '-t',
      String(seconds),
      '-r',
      String(fps),
      '-vf',
      'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p',
      out,
    ]);
  }
  return out;
}
