/** Compare screen: two photos, the largest face of each, the verdict from the settings' threshold. */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { DEFAULT_MATCH_SETTINGS } from '../src/core/search/match.ts';
import { fixture } from '../testkit/fixtures.ts';
import { ANALYSIS_TIMEOUT, requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

const obama1 = fixture('people', 'obama', 'obama1.jpg');
const obama2 = fixture('people', 'obama', 'obama2.jpg');
const biden1 = fixture('people', 'biden', 'biden1.jpg');
const group = fixture('groups', 'obama_and_biden.jpg');

/** Gives one side a photo and waits until the app has analysed it (ready, or an error shown). */
async function choose(page: Page, side: 'a' | 'b', file: string): Promise<void> {
  await page.getByTestId(`compare-${side}-drop-files`).setInputFiles(file);
  const card = page.getByTestId(`compare-${side}`);
  await expect(card).toContainText(basename(file)); // this photo, not the one it replaces
  await expect(card).toHaveAttribute('data-status', /^(ready|error)$/, { timeout: ANALYSIS_TIMEOUT });
}

async function similarity(page: Page): Promise<number> {
  return Number(await page.getByTestId('compare-similarity').textContent());
}

test.beforeEach(async ({ page }) => {
  await page.goto('/#/compare');
  await expect(page.getByRole('heading', { level: 1, name: 'Compare' })).toBeVisible();
  await waitForEngine(page);
});

test('the same person, then different people', async ({ page }, testInfo) => {
  const { threshold, uncertainBand } = DEFAULT_MATCH_SETTINGS;
  await expect(page.getByTestId('compare-result')).toContainText('Add two photos');

  await choose(page, 'a', obama1);
  await expect(page.getByTestId('compare-a')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('compare-result')).toContainText('Add photo B to compare');
  await choose(page, 'b', obama2);

  const verdict = page.getByTestId('compare-verdict');
  await expect(verdict).toHaveText('Same person');
  expect(await similarity(page)).toBeGreaterThanOrEqual(threshold);
  await expect(page.getByTestId('compare-explanation')).toContainText(threshold.toFixed(2));
  // The two aligned faces side by side, both loaded.
  const thumbs = page.getByTestId('compare-thumbnails').locator('img');
  await expect(thumbs).toHaveCount(2);
  // Each photo shows its (single) face boxed.
  await expect(page.getByTestId('compare-a-photo').locator('.face-mark')).toHaveCount(1);
  await expect(page.getByTestId('compare-b-photo').locator('.face-mark')).toHaveCount(1);
  await screenshot(page, testInfo, 'compare-same-person');

  await choose(page, 'b', biden1);
  await expect(verdict).toHaveText('Different people');
  expect(await similarity(page)).toBeLessThan(threshold - uncertainBand);
  await expect(page.getByTestId('compare-b')).toContainText('biden1.jpg');
  await screenshot(page, testInfo, 'compare-different-people');

  // A 360 px phone: the two photos stack, nothing overflows sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(verdict).toHaveText('Different people');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, testInfo, 'compare-phone');
});

test('a file that is not a photo, a damaged one, and a photo with several faces', async ({ page }, testInfo) => {
  const notes = testInfo.outputPath('notes.txt');
  writeFileSync(notes, 'These are not the pixels you are looking for.\n');
  const broken = testInfo.outputPath('broken.jpg');
  writeFileSync(broken, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));

  await choose(page, 'a', notes);
  await expect(page.getByTestId('compare-a-error')).toContainText('“notes.txt” is not a photo');
  await expect(page.getByTestId('compare-a-error')).toHaveAttribute('role', 'alert');

  await choose(page, 'b', broken);
  await expect(page.getByTestId('compare-b-error')).toContainText('“broken.jpg” could not be read');
  await expect(page.getByTestId('compare-problem')).toBeVisible();
  await screenshot(page, testInfo, 'compare-bad-files');

  // The screen still works: good photos replace the bad ones.
  await choose(page, 'a', obama1);
  await choose(page, 'b', biden1);
  await expect(page.getByTestId('compare-verdict')).toHaveText('Different people');
  await expect(page.getByTestId('compare-a-error')).toHaveCount(0);
  await expect(page.getByTestId('compare-b-error')).toHaveCount(0);

  // Obama and Biden together (and a child): one of the three faces, and only one, is Biden.
  await choose(page, 'a', group);
  const faces = page.getByTestId('compare-a-face');
  await expect(faces).toHaveCount(3);
  await expect(page.getByTestId('compare-a-photo').locator('.face-mark')).toHaveCount(3);
  await expect(faces.and(page.locator('[aria-pressed="true"]'))).toHaveCount(1);
  const verdicts: string[] = [];
  for (let i = 0; i < 3; i++) {
    await faces.nth(i).click();
    await expect(faces.nth(i)).toHaveAttribute('aria-pressed', 'true');
    verdicts.push((await page.getByTestId('compare-verdict').getAttribute('data-verdict')) ?? '');
    if (verdicts[i] === 'same') await screenshot(page, testInfo, 'compare-chosen-face');
  }
  expect(verdicts.filter((v) => v === 'same')).toHaveLength(1);
  expect(verdicts.filter((v) => v === 'different')).toHaveLength(2);

  // Remove photo A: the result asks for it again.
  await page.getByTestId('compare-a-remove').click();
  await expect(page.getByTestId('compare-a-photo')).toHaveCount(0);
  await expect(page.getByTestId('compare-result')).toContainText('Add photo A to compare');
});

test('a face turned beyond the pose limit is not compared, with the reason', async ({ page }, testInfo) => {
  // A strict yaw limit (10°): both faces of two_people.jpg are turned further than that.
  await page.evaluate(() => localStorage.setItem('faceprint-settings-v1', JSON.stringify({ maxYaw: 10 })));
  await page.reload();
  await waitForEngine(page);
  await choose(page, 'a', fixture('groups', 'two_people.jpg'));
  await choose(page, 'b', obama1);
  const problem = page.getByTestId('compare-problem');
  await expect(problem).toContainText("The face in photo A can't be compared: it is turned too far to the side to recognise reliably");
  await expect(problem).toContainText('limit ±10°');
  await expect(page.getByTestId('compare-verdict')).toHaveCount(0);
  // Both faces are marked on the photo as unusable (with why, where the label fits).
  await expect(page.getByTestId('compare-a-photo').locator('.face-mark.tone-filtered')).toHaveCount(2);
  await expect(page.getByTestId('compare-a-face')).toHaveCount(2);
  await expect(page.getByTestId('compare-a-face').first()).toContainText('turned away');
  await screenshot(page, testInfo, 'compare-pose-filtered');
});

test('a face under the recognition floor is not compared, with the reason', async ({ page }, testInfo) => {
  // obama1.jpg shrunk whole so the face is about 28 px wide: under the 40 px floor, where faces look alike.
  const tiny = testInfo.outputPath('obama1-tiny.png');
  await sharp(obama1).resize(110, undefined, { kernel: 'lanczos3' }).png().toFile(tiny);
  await choose(page, 'a', tiny);
  await choose(page, 'b', obama2);
  await expect(page.getByTestId('compare-problem')).toHaveText(
    /The face in photo A can't be compared: it is too small to recognise \(\d+ px wide, at least 40 px needed\)\. Choose a photo where the face is larger and sharper\./,
  );
  await expect(page.getByTestId('compare-verdict')).toHaveCount(0);
  await expect(page.getByTestId('compare-a-photo').locator('.face-mark.tone-filtered')).toHaveCount(1);
  await screenshot(page, testInfo, 'compare-too-small');
});
