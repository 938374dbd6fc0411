/** Identify screen: a batch of photos against an empty gallery, a damaged file, Cancel, and the live webcam. */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { launchChromium } from '../testkit/chromium.ts';
import { fakeCamera } from '../testkit/fakeCamera.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

/** Faces in each photo (README, "Faces found"; obama_and_biden.jpg has a child in the corner too). */
const PHOTOS: readonly { readonly path: string; readonly faces: number }[] = [
  { path: fixture('groups', 'obama_and_biden.jpg'), faces: 3 },
  { path: fixture('groups', 'two_people.jpg'), faces: 2 },
  { path: fixture('groups', 'kit_with_rose.jpg'), faces: 2 },
  { path: fixture('people', 'obama', 'obama1.jpg'), faces: 1 },
  { path: fixture('people', 'biden', 'biden2.jpg'), faces: 1 },
  { path: fixture('people', 'alex_lacamoire', 'alex1.png'), faces: 1 },
];

const baseName = (path: string): string => path.replace(/^.*\//, '');

test('a batch against an empty gallery: every face boxed and Unknown, a damaged file reported, Cancel, Clear', async ({
  page,
}, testInfo) => {
  await page.goto('/#/identify');
  await expect(page.getByRole('heading', { level: 1, name: 'Identify' })).toBeVisible();
  await waitForEngine(page);
  const hint = page.getByTestId('identify-empty-gallery');
  await expect(hint).toContainText('Nobody is enrolled yet');
  await expect(hint.getByRole('link', { name: 'Enroll people first.' })).toHaveAttribute('href', '#/enroll');

  const broken = testInfo.outputPath('broken.jpg');
  writeFileSync(broken, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 2654435761) % 251)));
  // The damaged file sits in the middle: the photos after it must still be processed.
  const files = [...PHOTOS.slice(0, 3).map((p) => p.path), broken, ...PHOTOS.slice(3).map((p) => p.path)];
  await page.getByTestId('identify-drop-files').setInputFiles(files);

  const progress = page.getByTestId('identify-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(progress).toHaveAttribute('data-done', String(files.length));
  await expect(progress).toHaveAttribute('data-total', String(files.length));
  await expect(page.getByTestId('identify-progress-text')).toHaveText(`Done: ${files.length} photos analysed.`);

  const failed = page.getByTestId('identify-failed');
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('data-file', 'broken.jpg');
  await expect(failed).toContainText('could not be read');

  // Results in the order picked, the damaged file's card in its place.
  const cards = page.locator('[data-testid="identify-result"], [data-testid="identify-failed"]');
  await expect(cards).toHaveCount(files.length);
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).toEqual(files.map(baseName));

  for (const expected of PHOTOS) {
    const card = page.locator(`[data-testid="identify-result"][data-file="${baseName(expected.path)}"]`);
    await expect(card, baseName(expected.path)).toHaveAttribute('data-faces', String(expected.faces));
    // Every face boxed on the photo and listed, each Unknown (nobody is enrolled).
    await expect(card.locator('.face-overlay .face-mark')).toHaveCount(expected.faces);
    // Each box has its number badge (labels that do not fit are left to the list).
    await expect(card.locator('.face-overlay .face-badge')).toHaveCount(expected.faces);
    for (const name of await card.locator('.face-overlay .face-label-name').allTextContents()) expect(name).toBe('Unknown');
    const rows = card.getByTestId('identify-face');
    await expect(rows).toHaveCount(expected.faces);
    for (const row of await rows.all()) {
      await expect(row).toHaveAttribute('data-status', 'unknown');
      await expect(row.getByTestId('identify-face-name')).toHaveText('Unknown');
      await expect(row.locator('img')).toBeVisible();
    }
    // The photo itself is shown from an object URL (loaded lazily: scroll to it).
    const photo = card.locator('.annotated > img');
    await expect(photo).toHaveAttribute('src', /^blob:/);
    await photo.scrollIntoViewIfNeeded();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
  const totalFaces = PHOTOS.reduce((n, p) => n + p.faces, 0);
  await expect(page.getByTestId('identify-summary')).toHaveText(
    `6 photos · ${totalFaces} faces: ${totalFaces} unknown · 1 file could not be read`,
  );
  await screenshot(page, testInfo, 'identify-batch');

  await page.setViewportSize({ width: 360, height: 800 });
  await expect(page.getByTestId('identify-summary')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, testInfo, 'identify-batch-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Clear: the results go, and their object URLs with them.
  await page.getByTestId('identify-clear').click();
  await expect(cards).toHaveCount(0);
  await expect(progress).toHaveCount(0);

  // Cancel stops after the photo under way: some photos done, the rest never analysed.
  const many = [...PHOTOS, ...PHOTOS].map((p) => p.path);
  await page.getByTestId('identify-drop-files').setInputFiles(many);
  await page.getByTestId('identify-cancel').click();
  await expect(progress).toHaveAttribute('data-state', 'cancelled');
  const done = Number(await progress.getAttribute('data-done'));
  expect(done).toBeGreaterThanOrEqual(1);
  expect(done).toBeLessThan(many.length);
  await expect(cards).toHaveCount(done);
  await expect(page.getByTestId('identify-progress-text')).toContainText(`${many.length - done} photo`);
  await screenshot(page, testInfo, 'identify-cancelled');
});

test('faces turned beyond the pose limit are marked with the reason, not identified', async ({ page }, testInfo) => {
  await page.addInitScript(() => localStorage.setItem('faceprint-settings-v1', JSON.stringify({ maxYaw: 10 })));
  await page.goto('/#/identify');
  await waitForEngine(page);
  await page
    .getByTestId('identify-drop-files')
    .setInputFiles([fixture('groups', 'two_people.jpg'), fixture('people', 'obama', 'obama1.jpg')]);
  await expect(page.getByTestId('identify-progress')).toHaveAttribute('data-state', 'done');

  // two_people.jpg: both faces turned about 12–15°, past the 10° limit.
  const turned = page.locator('[data-testid="identify-result"][data-file="two_people.jpg"]');
  await expect(turned.getByTestId('identify-face')).toHaveCount(2);
  for (const row of await turned.getByTestId('identify-face').all()) {
    await expect(row).toHaveAttribute('data-status', 'filtered');
    await expect(row).toContainText('Not identified');
    await expect(row).toContainText(/Turned too far to the side to recognise reliably \(yaw -?[\d.]+°, limit ±10°\)/);
  }
  await expect(turned.locator('.face-mark.tone-filtered')).toHaveCount(2);
  for (const detail of await turned.locator('.face-mark .face-detail').allTextContents()) expect(detail).toBe('Turned too far to the side');
  // obama1.jpg faces the camera: still identified (Unknown: nobody is enrolled).
  const frontal = page.locator('[data-testid="identify-result"][data-file="obama1.jpg"]');
  await expect(frontal.getByTestId('identify-face')).toHaveAttribute('data-status', 'unknown');
  await expect(page.getByTestId('identify-summary')).toHaveText('2 photos · 3 faces: 1 unknown, 2 not identified');
  await screenshot(page, testInfo, 'identify-pose-filtered');
});

test('a face under the recognition floor is marked too small to recognise, not identified', async ({ page }, testInfo) => {
  // obama1.jpg (910 px wide, face 231 px) shrunk whole so the face is about 28 px wide: under the 40 px floor.
  const tiny = testInfo.outputPath('obama1-tiny.png');
  await sharp(fixture('people', 'obama', 'obama1.jpg'))
    .resize(110, undefined, { kernel: 'lanczos3' })
    .png()
    .toFile(tiny);
  await page.goto('/#/identify');
  await waitForEngine(page);
  await page.getByTestId('identify-drop-files').setInputFiles([tiny]);
  await expect(page.getByTestId('identify-progress')).toHaveAttribute('data-state', 'done');
  const row = page.locator('[data-testid="identify-result"][data-file="obama1-tiny.png"]').getByTestId('identify-face');
  await expect(row).toHaveAttribute('data-status', 'filtered');
  await expect(row).toContainText('Not identified');
  await expect(row).toContainText(/Too small to recognise \(\d+ px wide, at least 40 px needed\)/);
  await expect(page.locator('.face-mark .face-detail')).toHaveText('Too small to recognise');
  await expect(page.getByTestId('identify-summary')).toHaveText('1 photo · 1 face: 1 not identified');
  await screenshot(page, testInfo, 'identify-too-small');
});

test('live webcam: a fake camera of Obama shows a labelled face and a frame rate', async ({ baseURL }, testInfo) => {
  const browser = await launchChromium({ cameraVideo: fakeCamera(fixture('people', 'obama', 'obama1.jpg')) });
  try {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/#/identify');
    await waitForEngine(page);
    await page.getByTestId('identify-mode-live').click();
    await expect(page.getByTestId('identify-mode-live')).toHaveAttribute('aria-pressed', 'true');
    // From the keyboard: focus moves on to Stop camera instead of dropping to the page.
    await page.getByTestId('live-start').press('Enter');

    await expect(page.getByTestId('live-video')).toBeVisible();
    await expect(page.getByTestId('live-stop')).toBeFocused();
    const face = page.getByTestId('live-face').first();
    await expect(face).toContainText('Unknown', { timeout: 60_000 });
    await expect(page.getByTestId('identify-live').locator('.face-overlay .face-mark')).toHaveCount(1);
    await expect(page.getByTestId('live-fps')).toHaveText(/^\d+\.\d fps$/);
    await screenshot(page, testInfo, 'identify-live');

    await page.getByTestId('live-stop').press('Enter');
    await expect(page.getByTestId('live-start')).toBeFocused();
    await expect(page.getByTestId('live-video')).toHaveCount(0);
  } finally {
    await browser.close();
  }
});

test('a skip link leads past the navigation to the screen itself', async ({ page }, testInfo) => {
  await page.goto('/#/identify');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('skip-link.png') });
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // The hash route is untouched: still the Identify screen.
  expect(new URL(page.url()).hash).toBe('#/identify');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('main')?.contains(document.activeElement))).toBe(true);
});

test('a large batch shows its results a page at a time; Show more moves focus to the first new card', async ({ page }) => {
  await page.goto('/#/identify');
  await waitForEngine(page);
  // 105 small photos (the 240p Obama under 105 names): one page of 100 cards and 5 more.
  const photo = await sharp(fixture('resolution', 'obama-240p.jpg')).toBuffer();
  const files = Array.from({ length: 105 }, (_, i) => ({
    name: `obama-${String(i).padStart(3, '0')}.jpg`,
    mimeType: 'image/jpeg',
    buffer: photo,
  }));
  await page.getByTestId('identify-drop-files').setInputFiles(files);
  await expect(page.getByTestId('identify-progress')).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(page.getByTestId('identify-summary')).toContainText('105 photos');
  const cards = page.getByTestId('identify-result');
  await expect(cards).toHaveCount(100);
  const more = page.getByTestId('identify-show-more');
  await expect(more).toHaveText('Show 5 more (5 results not shown)');
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(cards).toHaveCount(105);
  await expect(more).toHaveCount(0);
  await expect(cards.nth(100)).toBeFocused();
  await expect(cards.nth(100)).toHaveAttribute('data-file', 'obama-100.jpg');
  // Clear starts the next batch from the first page again.
  await page.getByTestId('identify-clear').click();
  await expect(cards).toHaveCount(0);
});
