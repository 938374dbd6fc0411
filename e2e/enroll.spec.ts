/**
 * The Enroll screen with the real models and a real IndexedDB: webcam enrolment through Chromium's
 * fake camera (a still photo of Obama), the camera-denied flow, and enrolment from photos.
 */
import { readFileSync } from 'node:fs';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../testkit/chromium.ts';
import { fakeCamera } from '../testkit/fakeCamera.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

/** A fixture photo as an in-memory file, so it can be picked together with made-up files. */
const photoFile = (person: string, name: string) => ({
  name,
  mimeType: 'image/jpeg',
  buffer: readFileSync(fixture('people', person, name)),
});

/** A page in its own browser (own profile, so its own empty gallery), at the Enroll screen with the models loaded. */
async function openEnroll(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/#/enroll');
  await expect(page.getByRole('heading', { level: 1, name: 'Enroll' })).toBeVisible();
  await waitForEngine(page);
  return page;
}

/** Starts the camera and waits until the session has all its shots (the camera then turns off). */
async function captureShots(page: Page, count: number): Promise<void> {
  await page.getByLabel('Shots to take').selectOption(String(count));
  await page.getByTestId('enroll-start-camera').click();
  await expect(page.getByTestId('enroll-capture-done')).toBeVisible({ timeout: 150_000 });
}

test('enrolls a person from the webcam, and warns when the same face is enrolled again', async () => {
  const testInfo = test.info();
  const browser = await launchChromium({ cameraVideo: fakeCamera(fixture('people', 'obama', 'obama1.jpg')) });
  try {
    const page = await openEnroll(browser);
    await expect(page.getByTestId('enroll-no-shots')).toBeVisible();
    await expect(page.getByTestId('enroll-save')).toBeDisabled();

    // The live overlay: the face is found and every check of the gate passes on this well-lit photo.
    await page.getByTestId('enroll-start-camera').click();
    // Keyboard focus does not drop to the page: it moves to the button that replaced the one pressed.
    await expect(page.getByTestId('enroll-stop-camera')).toBeFocused();
    const checks = page.getByTestId('enroll-checks');
    for (const id of ['face', 'alone', 'size', 'pose', 'sharp', 'light']) {
      await expect(checks.getByTestId(`check-${id}`)).toHaveAttribute('data-state', 'pass');
    }
    await expect(page.locator('.enroll-stage .face-mark rect')).toHaveCount(1);
    await expect(page.locator('.enroll-stage .face-mark circle')).toHaveCount(5);
    await expect(page.locator('.enroll-stage .face-mark .face-detail')).toContainText(/yaw -?\d+° · pitch -?\d+° · roll -?\d+°/);
    // Shots appear beside the preview as they are taken (the camera keeps going for the next ones).
    await expect(page.getByTestId('enroll-shot').first()).toBeVisible();
    await screenshot(page, testInfo, 'enroll-webcam-capturing');

    // A still camera never changes pose, and its frames repeat the first shot: no copies are kept, the
    // session ends early with the one shot and says that more angles would do better.
    const done = page.getByTestId('enroll-capture-done');
    await expect(done).toBeVisible({ timeout: 150_000 });
    await expect(done).toContainText('Camera done: 1 shot, as your head kept the same angle');
    await expect(page.getByTestId('enroll-video')).toHaveCount(0);
    await expect(page.getByTestId('enroll-shot')).toHaveCount(1);
    await expect(page.getByTestId('enroll-shot').first()).toContainText('Webcam');
    // The end of capture moves focus on to the name field.
    await expect(page.getByTestId('enroll-name')).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath('enroll-still-camera.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: testInfo.outputPath('enroll-still-camera-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // An empty gallery: nothing to warn about.
    await expect(page.getByTestId('enroll-lookalike')).toHaveCount(0);
    await expect(page.getByTestId('enroll-strict-warning')).toHaveCount(0);

    // More shots of the same still face add none.
    await page.getByTestId('enroll-start-camera').click();
    await expect(page.getByTestId('enroll-video')).toBeVisible();
    await expect(done).toContainText('Camera done: no new shot', { timeout: 150_000 });
    await expect(page.getByTestId('enroll-shot')).toHaveCount(1);

    await expect(page.getByTestId('enroll-save')).toBeDisabled();
    await page.getByTestId('enroll-name').fill('Barack Obama');
    await screenshot(page, testInfo, 'enroll-shots-review');

    await page.getByTestId('enroll-save').click();
    const success = page.getByTestId('enroll-success');
    await expect(success).toContainText('Barack Obama is enrolled: 1 new sample');
    await expect(page.getByTestId('enroll-go-identify')).toHaveAttribute('href', '#/identify');
    await expect(page.getByTestId('enroll-shot')).toHaveCount(0);
    await expect(page.getByTestId('enroll-name')).toHaveValue('');

    // After a reload (the gallery is in IndexedDB), the same face is recognised as already enrolled.
    await page.reload();
    await waitForEngine(page);
    await captureShots(page, 3);
    await expect(page.getByTestId('enroll-shot')).toHaveCount(1);
    const lookalike = page.getByTestId('enroll-lookalike');
    await expect(lookalike).toContainText('This shot looks like Barack Obama, who is already enrolled');
    await screenshot(page, testInfo, 'enroll-lookalike-warning');
    await page.getByTestId('enroll-use-lookalike-name').click();
    await expect(page.getByTestId('enroll-name')).toHaveValue('Barack Obama');
    await expect(lookalike).toHaveCount(0);
    await expect(page.getByTestId('enroll-name-exists')).toContainText(
      'Barack Obama is already enrolled (1 sample). Saving adds this shot to them.',
    );
    await page.getByTestId('enroll-save').click();
    await expect(success).toContainText('Barack Obama was updated: 1 new sample, 2 in all');
    await screenshot(page, testInfo, 'enroll-saved');
  } finally {
    await browser.close();
  }
});

test('camera denied: a plain message, and photos still work', async () => {
  const testInfo = test.info();
  // A (fake) camera is present, but without the fake-UI flag the permission prompt is answered "Block",
  // as a user would; with no camera at all Chromium reports NotFoundError instead (the next test).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  });
  try {
    const page = await openEnroll(browser);
    await page.getByTestId('enroll-start-camera').click();
    const error = page.getByTestId('enroll-camera-error');
    await expect(error.getByRole('alert')).toContainText('Camera access was denied.');
    await expect(error).toContainText('Allow the camera for this site');
    await screenshot(page, testInfo, 'enroll-camera-denied');

    await page.getByTestId('enroll-use-photos').click();
    await expect(page.getByTestId('enroll-mode-photos')).toHaveAttribute('aria-selected', 'true');
    // A folder named after the person fills in the name.
    await page.getByTestId('enroll-drop-folder').setInputFiles(fixture('people', 'biden'));
    await expect(page.getByTestId('enroll-shot')).toHaveCount(2);
    await expect(page.getByTestId('enroll-name')).toHaveValue('Biden');
    await expect(page.getByTestId('enroll-save')).toBeEnabled();
  } finally {
    await browser.close();
  }
});

test('no camera: a plain message with what to do', async () => {
  const browser = await launchChromium();
  try {
    const page = await openEnroll(browser);
    await page.getByTestId('enroll-start-camera').click();
    const error = page.getByTestId('enroll-camera-error');
    await expect(error.getByRole('alert')).toContainText('No camera was found.');
    await expect(error.getByRole('button', { name: 'Try again' })).toBeEnabled();
    await expect(page.getByTestId('enroll-use-photos')).toBeVisible();
  } finally {
    await browser.close();
  }
});

test('enrolls from photos: reasons for unusable files, and a shot of someone already enrolled is flagged', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/#/enroll');
  await waitForEngine(page);
  await page.getByTestId('enroll-mode-photos').click();

  // Someone else is already enrolled.
  await page.getByTestId('enroll-drop-files').setInputFiles(fixture('people', 'biden', 'biden1.jpg'));
  await expect(page.getByTestId('enroll-shot')).toHaveCount(1);
  await page.getByTestId('enroll-name').fill('Joe Biden');
  await page.getByTestId('enroll-save').click();
  await expect(page.getByTestId('enroll-success')).toContainText('Joe Biden is enrolled: 1 new sample');
  await page.getByRole('button', { name: 'Enroll someone else' }).click();
  await expect(page.getByTestId('enroll-photos')).toHaveCount(0);

  // Obama's photos, a Biden photo picked by mistake, a text file and a damaged JPEG.
  await page
    .getByTestId('enroll-drop-files')
    .setInputFiles([
      photoFile('obama', 'obama2.jpg'),
      photoFile('obama', 'obama3.jpg'),
      photoFile('biden', 'biden2.jpg'),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
      { name: 'damaged.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not really a JPEG') },
    ]);
  await expect(page.getByTestId('enroll-photo-summary')).toContainText('3 of 5 photos added; 2 not used');
  await expect(page.getByTestId('enroll-shot')).toHaveCount(3);
  const rejected = page.locator('[data-testid="enroll-photo"][data-status="rejected"]');
  await expect(rejected).toHaveCount(2);
  await expect(rejected.filter({ hasText: 'notes.txt' })).toContainText('Not an image file');
  await expect(rejected.filter({ hasText: 'damaged.jpg' })).toContainText('not an image: it looks like a text file');
  // File names that differ ("obama2", "biden2") suggest no name.
  await expect(page.getByTestId('enroll-name')).toHaveValue('');

  // Strict check: the Biden photo is closer to the enrolled Joe Biden than to the other shots.
  await page.getByTestId('enroll-name').fill('Barack Obama');
  const strict = page.getByTestId('enroll-strict-warning');
  await expect(strict).toContainText('Shot 3 is closer to Joe Biden, already enrolled');
  await expect(page.locator('[data-testid="enroll-shot"][data-flagged="true"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="enroll-shot"][data-flagged="true"]')).toContainText('biden2.jpg');
  await expect(page.getByTestId('enroll-name-exists')).toHaveCount(0);
  await expect(page.getByTestId('enroll-lookalike')).toHaveCount(0);
  await screenshot(page, testInfo, 'enroll-photos-strict-warning');
  await page.setViewportSize({ width: 360, height: 800 });
  await screenshot(page, testInfo, 'enroll-photos-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole('button', { name: 'Remove shot 3' }).click();
  await expect(page.getByTestId('enroll-shot')).toHaveCount(2);
  await expect(strict).toHaveCount(0);
  await expect(page.locator('[data-testid="enroll-photo"]').filter({ hasText: 'biden2.jpg' })).toContainText('Removed from the shots');
  await page.getByTestId('enroll-save').click();
  await expect(page.getByTestId('enroll-success')).toContainText('Barack Obama is enrolled: 2 new samples');
  // Each photo says where its shot went.
  const status = (name: string) =>
    page.locator('[data-testid="enroll-photo"]').filter({ hasText: name }).getByTestId('enroll-photo-status');
  await expect(status('obama2.jpg')).toHaveText('Saved to Barack Obama');
  await expect(status('obama3.jpg')).toHaveText('Saved to Barack Obama');
  await expect(status('biden2.jpg')).toHaveText('Removed from the shots');
  await screenshot(page, testInfo, 'enroll-photos-saved');
});
