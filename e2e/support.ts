/** Shared by the Playwright specs: fixture photos, a fake webcam made from a photo, waiting for the engine, screenshots. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';

export const FACES = resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'faces');
export const HAVE_FIXTURES = existsSync(FACES);
export const FIXTURES_MISSING = `skipped: the shared fixture photos are not at ${FACES} (see ../shared/fixtures/README.md)`;

export const fixture = (...parts: string[]): string => join(FACES, ...parts);

/** Call at the top of a spec whose tests need the fixture photos. */
export function requireFixtures(): void {
  test.skip(!HAVE_FIXTURES, FIXTURES_MISSING);
}

// Outside test-results/, which every Playwright run empties (another run's camera file must survive).
const CAMERA_DIR = resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'faceprint-e2e-camera');

/**
 * A .y4m video of a still photo (640×480, letterboxed; 2 s at 10 fps unless asked otherwise) for
 * Chromium's fake webcam (--use-file-for-fake-video-capture). Made once per photo and rate with ffmpeg.
 */
export function fakeCamera(photo: string, { fps = 10, seconds = 2 }: { fps?: number; seconds?: number } = {}): string {
  mkdirSync(CAMERA_DIR, { recursive: true });
  const rate = fps === 10 && seconds === 2 ? '' : `-${fps}fps-${seconds}s`;
  const out = join(CAMERA_DIR, `${basename(photo).replace(/\.[^.]+$/, '')}${rate}.y4m`);
  if (!existsSync(out)) {
    execFileSync('ffmpeg', [
      '-y', '-loglevel', 'error', '-loop', '1', '-i', photo, '-t', String(seconds), '-r', String(fps),
      '-vf', 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p',
      out,
    ]);
  }
  return out;
}

/** Waits until the models are loaded (the backend badge shows) and returns the backend. */
export async function waitForEngine(page: Page): Promise<string> {
  const badge = page.getByTestId('backend');
  await expect(badge).toBeVisible({ timeout: 150_000 });
  return (await badge.getAttribute('data-backend')) ?? '';
}

/** A full-page screenshot saved under the test's output folder and attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
