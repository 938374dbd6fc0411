/**
 * Face boxes and labels on photos as a user sees them: a tight 150 px crop, group photos at phone
 * width, numbered faces listed left to right with hover/focus highlighting, the pose filter's unchecked
 * best guess, and Compare's similarity bar.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { DEFAULT_MATCH_SETTINGS } from '../src/core/search/match.ts';
import { cliGallery, type JsonFile } from './galleries.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, waitForEngine } from './support.ts';

requireFixtures();

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const SCRATCH = resolve(import.meta.dirname, '..', 'scratch');
const GROUPS = ['obama_and_biden.jpg', 'two_people.jpg', 'kit_with_rose.jpg'];

/** Screenshots a person can look at (scratch/ is not committed). */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCRATCH, { recursive: true });
  await page.screenshot({ path: resolve(SCRATCH, `${name}.png`), fullPage: true });
}

/** obama1.jpg cut to the middle of the face (no forehead, no chin) and shrunk to 150 × 150. */
async function tightCrop(path: string): Promise<string> {
  // obama1's face box is about (378, 78)–(609, 421) in its 910 × 1137 pixels (faceprint detect).
  await sharp(fixture('people', 'obama', 'obama1.jpg'))
    .extract({ left: 390, top: 130, width: 210, height: 210 })
    .resize(150, 150)
    .jpeg()
    .toFile(path);
  return path;
}

async function importGallery(page: Page, file: JsonFile): Promise<void> {
  await page.goto('/#/people');
  await page.getByTestId('gallery-import-input').setInputFiles(file);
  await expect(page.getByTestId('people-success')).toContainText('Imported 2 people');
}

const boxOf = async (l: Locator): Promise<Box> => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
};
const within = (inner: Box, outer: Box, slack = 0.5): boolean =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

/** Every label and badge of a photo is on the photo, readable, and no two labels overlap. */
async function expectTidyOverlay(photo: Locator, what: string): Promise<void> {
  const image = await boxOf(photo.locator('.annotated > img'));
  const labels = photo.locator('.face-label');
  const rects: Box[] = [];
  for (const label of await labels.all()) {
    const rect = await boxOf(label);
    expect(within(rect, image), `${what}: label inside the photo`).toBe(true);
    for (const other of rects) expect(overlap(rect, other), `${what}: labels apart`).toBe(false);
    rects.push(rect);
    const size = await label
      .locator('.face-label-name, .face-detail')
      .first()
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size, `${what}: label font size`).toBeGreaterThanOrEqual(11);
    expect(size, `${what}: label font size`).toBeLessThanOrEqual(14);
  }
  for (const badge of await photo.locator('.face-badge').all()) {
    const rect = await boxOf(badge);
    expect(within(rect, image), `${what}: badge inside the photo`).toBe(true);
    for (const label of rects) expect(overlap(rect, label), `${what}: badge clear of labels`).toBe(false);
  }
}

/** The face rows are numbered 1…n in order, and their badges on the photo run left to right. */
async function expectNumberedLeftToRight(card: Locator, rows: Locator, faces: number): Promise<void> {
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-face-number')))).toEqual(
    Array.from({ length: faces }, (_, i) => String(i + 1)),
  );
  const centres: number[] = [];
  for (let n = 1; n <= faces; n++) {
    const rect = await boxOf(card.locator(`.face-mark[data-face-number="${n}"] rect`));
    centres.push(rect.x + rect.width / 2);
    await expect(card.locator(`.face-mark[data-face-number="${n}"] .face-badge`)).toHaveText(String(n));
  }
  expect([...centres].sort((a, b) => a - b)).toEqual(centres);
}

test('Identify: a tight crop and group photos, at phone and desktop width', async ({ page }, testInfo) => {
  const { file } = cliGallery(testInfo);
  const crop = await tightCrop(testInfo.outputPath('obama-crop-150.jpg'));
  await page.setViewportSize({ width: 390, height: 844 });
  await importGallery(page, file);
  await page.goto('/#/identify');
  await waitForEngine(page);
  await page.getByTestId('identify-drop-files').setInputFiles([...GROUPS.map((g) => fixture('groups', g)), crop]);
  await expect(page.getByTestId('identify-progress')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const name of [...GROUPS, 'obama-crop-150.jpg']) {
      const card = page.locator(`[data-testid="identify-result"][data-file="${name}"]`);
      await card.scrollIntoViewIfNeeded();
      const faces = Number(await card.getAttribute('data-faces'));
      expect(faces, name).toBeGreaterThan(0);
      const photo = card.locator('.identify-photo');
      await expect(photo.locator('.face-badge')).toHaveCount(faces);
      await expectTidyOverlay(photo, `${name} at ${width} px`);
      await expectNumberedLeftToRight(card, card.getByTestId('identify-face'), faces);
      // The overlay stays inside the card: nothing spills over its title or into the next card.
      const cardBox = await boxOf(card);
      const title = await boxOf(card.locator('h3'));
      for (const label of await card.locator('.face-label').all()) {
        const rect = await boxOf(label);
        expect(within(rect, cardBox), `${name}: label inside its card`).toBe(true);
        expect(overlap(rect, title), `${name}: label clear of the title`).toBe(false);
      }
    }
    await shot(page, `overlays-identify-${width}`);
  }

  // The crop: its box is clipped to the 150 px photo (it runs past the edges otherwise).
  const cropCard = page.locator('[data-testid="identify-result"][data-file="obama-crop-150.jpg"]');
  const rect = cropCard.locator('.face-mark rect');
  const [x, y, w, h] = await Promise.all(['x', 'y', 'width', 'height'].map(async (a) => Number(await rect.getAttribute(a))));
  expect(x).toBeGreaterThanOrEqual(0);
  expect(y).toBeGreaterThanOrEqual(0);
  expect(x! + w!).toBeLessThanOrEqual(150);
  expect(y! + h!).toBeLessThanOrEqual(150);
  await expect(cropCard.getByTestId('identify-face-name')).toHaveText('Barack Obama');

  // Hovering or focusing a row highlights its box; hovering a box highlights its row.
  const group = page.locator('[data-testid="identify-result"][data-file="obama_and_biden.jpg"]');
  await group.scrollIntoViewIfNeeded();
  const row2 = group.locator('[data-testid="identify-face"][data-face-number="2"]');
  const mark = (n: number) => group.locator(`.face-mark[data-face-number="${n}"]`);
  await row2.hover();
  await expect(mark(2)).toHaveClass(/is-active/);
  await expect(mark(1)).not.toHaveClass(/is-active/);
  await group.locator('[data-testid="identify-face"][data-face-number="3"]').focus();
  await expect(mark(3)).toHaveClass(/is-active/);
  await expect(mark(2)).not.toHaveClass(/is-active/);
  await page.locator('h1').hover();
  await mark(1).locator('rect').hover();
  await expect(group.locator('[data-testid="identify-face"][data-face-number="1"]')).toHaveClass(/is-active/);
  await shot(page, 'overlays-identify-hover');
});

test('Identify: a face past the pose limit says why in plain words, with an unchecked best guess', async ({ page }, testInfo) => {
  const { file } = cliGallery(testInfo);
  // obama2.jpg is turned about 16°: past a 10° yaw limit. It is in the gallery, so the guess is Obama.
  await page.addInitScript(() => localStorage.setItem('faceprint-settings-v1', JSON.stringify({ maxYaw: 10 })));
  await importGallery(page, file);
  await page.goto('/#/identify');
  await waitForEngine(page);
  await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama2.jpg'));
  await expect(page.getByTestId('identify-progress')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  const row = page.getByTestId('identify-face');
  await expect(row).toHaveAttribute('data-status', 'filtered');
  await expect(row.getByTestId('identify-face-name')).toHaveText('Not identified');
  await expect(row).toContainText(/Turned too far to the side to recognise reliably \(yaw -?\d+(\.\d+)?°, limit ±10°\)\./);
  await expect(row.getByTestId('identify-face-guess')).toHaveText(/^Looks like Barack Obama \(\d\.\d\d\), not checked$/);
  // Greyed: it is not a match.
  expect(await row.getByTestId('identify-face-guess').evaluate((e) => getComputedStyle(e).fontStyle)).toBe('italic');
  await shot(page, 'overlays-pose-guess');
});

test('Compare: numbered face picker, a tight crop, and the similarity bar with its threshold', async ({ page }, testInfo) => {
  test.slow(); // three face choices, each re-compared, after two analyses
  const crop = await tightCrop(testInfo.outputPath('obama-crop-150.jpg'));
  await page.goto('/#/compare');
  await waitForEngine(page);
  await page.getByTestId('compare-a-drop-files').setInputFiles(fixture('groups', 'obama_and_biden.jpg'));
  await page.getByTestId('compare-b-drop-files').setInputFiles(crop);
  await expect(page.getByTestId('compare-verdict')).toBeVisible({ timeout: 150_000 });

  // Picker buttons numbered 1…3 left to right, matching the badges on the photo.
  const side = page.getByTestId('compare-a');
  const buttons = page.getByTestId('compare-a-face');
  await expect(buttons).toHaveCount(3);
  await expect(buttons).toHaveText([/Face 1/, /Face 2/, /Face 3/]);
  await expectNumberedLeftToRight(side, buttons, 3);
  await expectTidyOverlay(page.getByTestId('compare-a-photo'), 'compare group');
  await expectTidyOverlay(page.getByTestId('compare-b-photo'), 'compare crop');
  await buttons.nth(0).hover();
  await expect(side.locator('.face-mark[data-face-number="1"]')).toHaveClass(/is-active/);

  // The bar places the real similarity on −1…1 and marks the threshold and the uncertain band.
  const { threshold, uncertainBand } = DEFAULT_MATCH_SETTINGS;
  for (let i = 0; i < 3; i++) {
    await buttons.nth(i).click();
    const similarity = Number(await page.getByTestId('compare-similarity').textContent());
    const bar = await boxOf(page.getByTestId('sim-scale'));
    const at = (v: number) => bar.x + ((v + 1) / 2) * bar.width;
    const marker = await boxOf(page.getByTestId('sim-marker'));
    expect(Math.abs(marker.x + marker.width / 2 - at(similarity))).toBeLessThan(2);
    const line = await boxOf(page.getByTestId('sim-threshold'));
    expect(Math.abs(line.x + line.width / 2 - at(threshold))).toBeLessThan(2);
    const band = await boxOf(page.getByTestId('sim-band'));
    expect(Math.abs(band.x - at(threshold - uncertainBand))).toBeLessThan(2);
    expect(Math.abs(band.x + band.width - at(threshold))).toBeLessThan(2);
    const label = await page.getByTestId('sim-scale').getAttribute('aria-label');
    expect(label).toContain('on a scale from −1 to 1');
    expect(label).toContain(`${threshold.toFixed(2)} or more is the same person`);
    expect(label).toContain(`${(threshold - uncertainBand).toFixed(2)} to ${threshold.toFixed(2)} is uncertain`);
  }
  await expect(page.getByTestId('compare-result')).toContainText(`threshold ${threshold.toFixed(2)}`);
  await shot(page, 'overlays-compare-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectTidyOverlay(page.getByTestId('compare-a-photo'), 'compare group at 390 px');
  await shot(page, 'overlays-compare-390');
});
