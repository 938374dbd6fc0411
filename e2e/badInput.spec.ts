/**
 * Bad input in the Identify drop zone (the files of testkit/badInputs.ts): one batch of empty,
 * truncated, disguised, unsupported, huge, tiny, oddly encoded, rotated, animated and crowded files
 * with good photos among them. Every bad file gets its specific message, every readable one its
 * result, the app keeps working and the gallery is untouched. Then a folder of 2000 files: progress,
 * and Cancel stops it.
 */
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  BAD_FILES,
  BOMB_SIZE,
  CROWD_FACES,
  ensureBadInputs,
  FACE_FILES,
  HUGE_SIDE,
  JUNK_EVERY,
  MANY_FILES,
  type BadInputs,
} from '../testkit/badInputs.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

let inputs: BadInputs;
test.beforeAll(async () => {
  inputs = await ensureBadInputs();
});

/** The whole card text a refused file shows: "This file could not be read: <the header check's message>." */
const REFUSED: Readonly<Record<string, string>> = {
  [BAD_FILES.empty]: 'the file is empty (0 bytes)',
  [BAD_FILES.truncated]: 'the JPEG is truncated or damaged: the file ends before the image does',
  [BAD_FILES.text]: 'not an image: it looks like a text file',
  [BAD_FILES.pdf]: 'not an image: it looks like a PDF document',
  [BAD_FILES.heic]: 'unsupported format: HEIC/HEIF photos (the iPhone default) cannot be read by this browser; convert it to JPEG',
  [BAD_FILES.tiff]: 'unsupported format: TIFF images cannot be read by this browser; convert it to JPEG',
  [BAD_FILES.bomb]: `too large: ${BOMB_SIZE}×${BOMB_SIZE} is 2500 MP; the limit is 100 MP`,
};

/** Readable files whose one face is the enrolled person's (they are made from obama1.jpg). */
const NAMED: readonly string[] = [
  FACE_FILES.cmyk,
  FACE_FILES.greyscale,
  FACE_FILES.alpha,
  FACE_FILES.rotated6,
  FACE_FILES.rotated3,
  FACE_FILES.rotated8,
  FACE_FILES.animated,
  BAD_FILES.huge,
];

const PERSON = 'Barack Obama';

const resultCard = (page: Page, file: string): Locator => page.locator(`[data-testid="identify-result"][data-file="${file}"]`);

/** The People list as "name: N samples" lines: what must not change. */
async function galleryState(page: Page): Promise<string[]> {
  await page.goto('/#/people');
  await expect(page.getByTestId('person-card').first()).toBeVisible();
  return page
    .getByTestId('person-card')
    .evaluateAll((cards) =>
      cards.map((c) => `${c.getAttribute('data-person-name')}: ${c.querySelector('[data-testid="person-sample-count"]')?.textContent}`),
    );
}

test('one batch of bad files among good ones: a specific message each, results for the rest, the gallery untouched', async ({
  page,
}, testInfo) => {
  // Enrolment and the face cases need the fixture photos; the 2000-file test below does not.
  requireFixtures();
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Someone enrolled from another photo, so the good files are named, and the gallery has something to lose.
  await page.goto('/#/enroll');
  await waitForEngine(page);
  await page.getByTestId('enroll-mode-photos').click();
  await page.getByTestId('enroll-drop-files').setInputFiles(fixture('people', 'obama', 'obama2.jpg'));
  await expect(page.getByTestId('enroll-shot')).toHaveCount(1);
  await page.getByTestId('enroll-name').fill(PERSON);
  await page.getByTestId('enroll-save').click();
  await expect(page.getByTestId('enroll-success')).toContainText(`${PERSON} is enrolled: 1 new sample`);
  const before = await galleryState(page);
  expect(before).toEqual([`${PERSON}: 1 sample`]);

  await page.goto('/#/identify');
  await waitForEngine(page);
  const good = fixture('people', 'biden', 'biden2.jpg');
  const files = [...Object.values(BAD_FILES), ...Object.values(FACE_FILES)].map((name) => join(inputs.batch, name));
  // A plain good photo in the middle of the bad ones.
  files.splice(4, 0, good);
  await page.getByTestId('identify-drop-files').setInputFiles(files);

  const progress = page.getByTestId('identify-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(progress).toHaveAttribute('data-done', String(files.length));
  const cards = page.locator('[data-testid="identify-result"], [data-testid="identify-failed"]');
  await expect(cards).toHaveCount(files.length);
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).toEqual(files.map((f) => f.replace(/^.*\//, '')));

  // Refused files: their own message each.
  const failed = page.getByTestId('identify-failed');
  await expect(failed).toHaveCount(Object.keys(REFUSED).length);
  for (const [file, message] of Object.entries(REFUSED)) {
    await expect(page.locator(`[data-testid="identify-failed"][data-file="${file}"] .identify-failed-message`), file).toHaveText(
      `This file could not be read: ${message}.`,
    );
  }

  // The good photo between them: Biden, not enrolled, Unknown.
  await expect(resultCard(page, 'biden2.jpg').getByTestId('identify-face')).toHaveAttribute('data-status', 'unknown');

  // CMYK, greyscale, transparent, EXIF-rotated, animated, 10000×10000: one face each, named.
  for (const file of NAMED) {
    const card = resultCard(page, file);
    await expect(card, file).toHaveAttribute('data-faces', '1');
    await expect(card.getByTestId('identify-face'), file).toHaveAttribute('data-status', 'known');
    await expect(card.getByTestId('identify-face-name'), file).toHaveText(PERSON);
  }
  await expect(resultCard(page, FACE_FILES.animated).getByTestId('identify-result-note')).toHaveText([
    'Animated GIF: using the first frame.',
  ]);
  await expect(resultCard(page, BAD_FILES.huge).getByTestId('identify-result-note')).toHaveText([
    `Analysed at 4096×4096 (the photo is ${HUGE_SIDE}×${HUGE_SIDE}).`,
  ]);
  // EXIF-rotated photos are analysed and shown upright: portrait, as the original (910×1137).
  for (const file of [FACE_FILES.rotated6, FACE_FILES.rotated3, FACE_FILES.rotated8]) {
    await expect(resultCard(page, file).locator('svg.face-shape').first(), file).toHaveAttribute('viewBox', '0 0 910 1137');
    const photo = resultCard(page, file).locator('.annotated > img');
    await photo.scrollIntoViewIfNeeded();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([910, 1137]);
  }

  // No face, 16×16, a crowd.
  await expect(resultCard(page, BAD_FILES.noFace)).toHaveAttribute('data-faces', '0');
  await expect(resultCard(page, BAD_FILES.noFace).getByTestId('identify-result-summary')).toHaveText('No faces found');
  await expect(resultCard(page, BAD_FILES.tiny)).toHaveAttribute('data-faces', '0');
  await expect(resultCard(page, BAD_FILES.tiny).getByTestId('identify-result-note')).toHaveText([
    'Very small image (16×16 pixels): too small to find a face in.',
  ]);
  const crowd = Number(await resultCard(page, FACE_FILES.crowd).getAttribute('data-faces'));
  expect(crowd).toBeGreaterThanOrEqual(30);
  expect(crowd).toBeLessThanOrEqual(CROWD_FACES);
  await expect(resultCard(page, FACE_FILES.crowd).getByTestId('identify-face')).toHaveCount(crowd);
  await expect(page.getByTestId('identify-summary')).toContainText(`${Object.keys(REFUSED).length} files could not be read`);
  await screenshot(page, testInfo, 'bad-input-batch');

  // The app still works: a photo dropped now is analysed and named.
  await page.getByTestId('identify-clear').click();
  await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama3.jpg'));
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(resultCard(page, 'obama3.jpg').getByTestId('identify-face-name')).toHaveText(PERSON);

  // The gallery is as it was.
  expect(await galleryState(page)).toEqual(before);
});

test(`a folder of ${MANY_FILES} files: progress over all of them, and Cancel stops the batch`, async ({ page }, testInfo) => {
  await page.goto('/#/identify');
  await waitForEngine(page);
  await page.getByTestId('identify-drop-folder').setInputFiles(inputs.many);

  const progress = page.getByTestId('identify-progress');
  await expect(progress).toHaveAttribute('data-state', 'running');
  await expect(progress).toHaveAttribute('data-total', String(MANY_FILES));
  await expect(page.getByTestId('identify-progress-text')).toHaveText(/^Analysing img-\d{4}\.jpg…$/);
  // Some files done, then Cancel.
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 120_000 }).toBeGreaterThanOrEqual(12);
  await screenshot(page, testInfo, 'bad-input-many-running');
  await page.getByTestId('identify-cancel').click();
  await expect(progress).toHaveAttribute('data-state', 'cancelled');

  const done = Number(await progress.getAttribute('data-done'));
  expect(done).toBeLessThan(MANY_FILES);
  const cards = page.locator('[data-testid="identify-result"], [data-testid="identify-failed"]');
  await expect(cards).toHaveCount(done);
  await expect(page.getByTestId('identify-progress-text')).toHaveText(
    `Stopped: ${done} photos analysed, ${MANY_FILES - done} photos not analysed.`,
  );
  // The folder's own order (the file system's): each file done is either a small image with no face,
  // or a junk file (every JUNK_EVERY-th) with its message.
  const outcomes = await cards.evaluateAll((els) =>
    els.map((e) => ({
      file: e.getAttribute('data-file') ?? '',
      failed: e.getAttribute('data-testid') === 'identify-failed',
      text: e.querySelector('.identify-failed-message, [data-testid="identify-result-summary"]')?.textContent,
    })),
  );
  for (const { file, failed, text } of outcomes) {
    const index = Number(/^many\/img-(\d{4})\.jpg$/.exec(file)?.[1] ?? NaN);
    const junk = index % JUNK_EVERY === JUNK_EVERY - 1;
    expect({ file, failed, text }).toEqual({
      file,
      failed: junk,
      text: junk ? 'This file could not be read: not an image: it looks like a text file.' : 'No faces found',
    });
  }
  // Stopped means stopped: nothing more arrives.
  await page.waitForTimeout(2000);
  await expect(cards).toHaveCount(done);
  await expect(progress).toHaveAttribute('data-done', String(done));
  await screenshot(page, testInfo, 'bad-input-many-cancelled');
});
