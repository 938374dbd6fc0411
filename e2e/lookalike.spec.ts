/**
 * The lookalike screen end to end, with the real models and IndexedDB: a celebrity gallery built from
 * a picked folder (names from the per-person sub-folders), a dropped selfie and a fake-webcam selfie
 * of a held-out photo ranked against it, the share card, bad files, and clearing the gallery.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { serializeGallery } from '../src/core/formats/galleryFile.ts';
import { BAD_FILES, ensureBadInputs } from '../testkit/badInputs.ts';
import { launchChromium } from '../testkit/chromium.ts';
import { fakeCamera } from '../testkit/fakeCamera.ts';
import { fixture } from '../testkit/fixtures.ts';
import { jsonFile } from './galleries.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

/** The held-out selfie: every other people photo goes into the celebrity gallery. */
const SELFIE = fixture('people', 'obama', 'obama4.jpg');
const PEOPLE = ['alex_lacamoire', 'biden', 'kit_harington', 'lin_manuel_miranda', 'obama', 'rose_leslie'];

/**
 * A folder like a user's: one sub-folder per person (all fixture photos but the selfie), plus a damaged
 * photo and a text file at the top, which must be listed as skipped with the reason.
 */
function celebrityFolder(testInfo: TestInfo): { dir: string; photos: number } {
  const dir = testInfo.outputPath('celebrities');
  let photos = 0;
  for (const person of PEOPLE) {
    mkdirSync(join(dir, person), { recursive: true });
    for (const name of readdirSync(fixture('people', person))) {
      if (fixture('people', person, name) === SELFIE) continue;
      copyFileSync(fixture('people', person, name), join(dir, person, name));
      photos++;
    }
  }
  writeFileSync(join(dir, 'broken.jpg'), Buffer.from('this is not really a JPEG'));
  writeFileSync(join(dir, 'notes.txt'), 'celebrity photos for the lookalike screen\n');
  return { dir, photos };
}

const photosText = (n: number): string => `${n} photo${n === 1 ? '' : 's'}`;

/**
 * Face-free photos put in every person's folder for the cancelled import: each is analysed and none is
 * saved, so that import is still running when Cancel is clicked, in whatever order the browser lists
 * the files (the first photo added is in one folder; the others' filler photos are still to come).
 */
const FILLER_PER_PERSON = 20;
const fillerName = (i: number): string => `landscape-${String(i).padStart(2, '0')}.jpg`;

/**
 * Picks the folder; with `cancelFirst`, cancels that import once it has added a photo and picks the
 * folder again, which must add only what the cancelled import had not saved yet (no duplicates).
 */
async function buildGallery(page: Page, testInfo: TestInfo, { cancelFirst = false } = {}): Promise<{ dir: string; photos: number }> {
  const { dir, photos } = celebrityFolder(testInfo);
  const folderInput = page.getByTestId('celebrity-drop-folder');
  const summary = page.getByTestId('celebrity-summary');
  const counts = page.getByTestId('celebrity-summary-counts');
  const gallerySize = page.getByTestId('celebrity-count');
  await expect(page.getByTestId('lookalike-empty-gallery')).toBeVisible();

  let savedBefore = 0;
  if (cancelFirst) {
    // Cancel is clicked on what the app reports (a photo added), not after a guessed delay.
    const noFace = join((await ensureBadInputs()).batch, BAD_FILES.noFace);
    const fillers = PEOPLE.flatMap((person) => Array.from({ length: FILLER_PER_PERSON }, (_, i) => join(dir, person, fillerName(i))));
    for (const filler of fillers) copyFileSync(noFace, filler);
    await folderInput.setInputFiles(dir);
    await expect(page.getByTestId('celebrity-progress')).toContainText(/[1-9]\d* photos? added/, { timeout: 120_000 });
    await page.getByTestId('celebrity-cancel').click();
    await expect(summary).toHaveAttribute('data-outcome', 'cancelled');
    await expect(summary).toContainText('Import cancelled after');
    savedBefore = Number(/(\d+) photos? added/.exec((await counts.textContent()) ?? '')?.[1]);
    expect(savedBefore).toBeGreaterThanOrEqual(1);
    expect(savedBefore).toBeLessThan(photos);
    testInfo.annotations.push({ type: 'saved before cancel', description: `${savedBefore} of ${photos} photos` });
    // What the summary says was added is exactly what the gallery holds.
    await expect(gallerySize).toHaveAttribute('data-photos', String(savedBefore));
    for (const filler of fillers) rmSync(filler);
  }

  await folderInput.setInputFiles(dir);
  // The progress bar counts through the photos (the text file is not one); then the summary.
  await expect(page.getByTestId('celebrity-progress').getByRole('progressbar')).toHaveAttribute('aria-valuemax', String(photos + 1));
  await expect(summary).toHaveAttribute('data-outcome', 'complete', { timeout: 150_000 });
  const already = savedBefore > 0 ? ` · ${photosText(savedBefore)} already in the gallery` : '';
  await expect(counts).toHaveText(`6 celebrities · ${photosText(photos - savedBefore)} added · 2 skipped${already}`);

  const skipped = page.getByTestId('celebrity-skipped').getByRole('listitem');
  await expect(skipped).toHaveCount(2);
  await expect(skipped.filter({ hasText: 'celebrities/notes.txt' })).toContainText('Not a photo');
  await expect(skipped.filter({ hasText: 'celebrities/broken.jpg' })).toContainText(
    'Could not use this photo: not an image: it looks like a text file',
  );

  // Names come from the sub-folders, not from the file names.
  await expect(gallerySize).toHaveAttribute('data-count', '6');
  await expect(gallerySize).toHaveText(`6 celebrities · ${photos} photos`);
  await expect(page.getByTestId('celebrity-item')).toHaveText([
    'Alex Lacamoire',
    'Biden',
    'Kit Harington',
    'Lin Manuel Miranda',
    'Obama',
    'Rose Leslie',
  ]);
  await expect(page.getByTestId('lookalike-empty-gallery')).toBeHidden();
  return { dir, photos };
}

/** Obama ranks first of 5, each with a face and a percentage, beside your aligned face. */
async function expectObamaFirst(page: Page): Promise<void> {
  const matches = page.getByTestId('lookalike-match');
  await expect(matches).toHaveCount(5, { timeout: 60_000 });
  await expect(matches.first().getByTestId('lookalike-match-name')).toHaveText('Obama');
  await expect(page.getByTestId('lookalike-top-name')).toHaveText('Obama');
  const percents = await page.getByTestId('lookalike-match-percent').allTextContents();
  expect(percents).toHaveLength(5);
  const values = percents.map((p) => {
    expect(p).toMatch(/^\d{1,3}%$/);
    return Number.parseInt(p, 10);
  });
  expect([...values].sort((a, b) => b - a)).toEqual(values);
  expect(values[0]).toBeGreaterThan(values[1] ?? 100);
  // The held-out photo is the same person: well above the identification threshold.
  await expect(page.getByTestId('lookalike-note')).toHaveAttribute('data-note', 'same-person');
  await expect.poll(() => page.getByTestId('lookalike-your-face').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(112);
  await expect
    .poll(() =>
      matches
        .first()
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(112);
}

test('lookalike: build the gallery from a folder, rank a held-out selfie photo, share card, bad files, clear', async ({
  page,
}, testInfo) => {
  // Three imports, the first with the filler photos of the cancel step.
  test.setTimeout(420_000);
  await page.goto('/#/lookalike');
  await expect(page.getByRole('heading', { level: 1, name: 'Lookalike' })).toBeVisible();
  await waitForEngine(page);
  await screenshot(page, testInfo, 'lookalike-empty');

  const { dir, photos } = await buildGallery(page, testInfo, { cancelFirst: true });

  // The same folder again adds nothing twice.
  await page.getByTestId('celebrity-drop-folder').setInputFiles(dir);
  await expect(page.getByTestId('celebrity-summary')).toHaveAttribute('data-outcome', 'complete');
  await expect(page.getByTestId('celebrity-summary-counts')).toHaveText(
    `6 celebrities · 0 photos added · 2 skipped · ${photos} photos already in the gallery`,
  );
  await expect(page.getByTestId('celebrity-count')).toHaveText(`6 celebrities · ${photos} photos`);

  await page.getByTestId('selfie-drop-files').setInputFiles(SELFIE);
  await expectObamaFirst(page);
  await expect(page.getByTestId('lookalike-status')).toHaveText('Closest celebrity: Obama.');

  // The share card: a 1200×630 PNG, previewed and downloadable.
  await page.getByTestId('share-card-button').click();
  const preview = page.getByTestId('share-card-preview');
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1200);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-card-download').click()]);
  expect(download.suggestedFilename()).toBe('faceprint-lookalike-obama.png');
  const png = readFileSync(await download.path());
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.readUInt32BE(16)).toBe(1200);
  expect(png.readUInt32BE(20)).toBe(630);
  const card = testInfo.outputPath('share-card.png');
  await download.saveAs(card);
  await testInfo.attach('share-card', { path: card, contentType: 'image/png' });
  await screenshot(page, testInfo, 'lookalike-result');

  await page.setViewportSize({ width: 360, height: 780 });
  await screenshot(page, testInfo, 'lookalike-result-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Bad selfies: a clear message, and the screen keeps working.
  await page.getByTestId('selfie-drop-files').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('lookalike-problem')).toHaveText('“notes.txt” is not a photo. Choose a JPEG, PNG or WebP image.');
  await page
    .getByTestId('selfie-drop-files')
    .setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg at all') });
  await expect(page.getByTestId('lookalike-problem')).toContainText('This photo could not be used');
  await expect(page.getByTestId('lookalike-problem')).toContainText('not an image: it looks like a text file');
  await screenshot(page, testInfo, 'lookalike-bad-file');
  await page.getByTestId('selfie-drop-files').setInputFiles(fixture('people', 'kit_harington', 'kit1.jpg'));
  await expect(page.getByTestId('lookalike-match').first().getByTestId('lookalike-match-name')).toHaveText('Kit Harington');

  // Saved one photo at a time in IndexedDB: a reload keeps the gallery.
  await page.reload();
  // The gallery is listed and cleared by the worker, which loads the models first: wait for that, not a guessed delay.
  await waitForEngine(page);
  await expect(page.getByTestId('celebrity-count')).toHaveAttribute('data-count', '6');

  // Clearing asks first, then empties only the celebrity gallery.
  await page.getByTestId('celebrity-clear').click();
  await expect(page.getByTestId('celebrity-clear-confirm')).toBeVisible();
  await screenshot(page, testInfo, 'lookalike-clear-confirm');
  await page.getByTestId('celebrity-clear-confirm').click();
  await expect(page.getByTestId('celebrity-count')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('celebrity-cleared')).toBeVisible();
  await expect(page.getByTestId('lookalike-empty-gallery')).toBeVisible();
});

test('lookalike: a webcam selfie of a held-out photo ranks its person first', async ({ baseURL }, testInfo) => {
  test.setTimeout(300_000);
  // Chromium opens the video only when the camera starts, and a run in another checkout may empty
  // test-results/.camera before then: play a copy from this test's own output folder.
  const cameraVideo = testInfo.outputPath('webcam.y4m');
  copyFileSync(fakeCamera(SELFIE), cameraVideo);
  const browser = await launchChromium({ cameraVideo });
  try {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/#/lookalike');
    await waitForEngine(page);
    await buildGallery(page, testInfo);

    await page.getByTestId('camera-start').click();
    const capture = page.getByTestId('camera-capture');
    await expect(capture).toBeEnabled();
    await capture.click();
    await expectObamaFirst(page);
    // The captured frame is shown (640×480 from the fake camera).
    await expect
      .poll(() =>
        page
          .getByTestId('selfie-preview')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(640);
    await screenshot(page, testInfo, 'lookalike-webcam');
    await page.getByTestId('camera-stop').click();
    await expect(page.getByTestId('camera-start')).toBeVisible();
    await context.close();
  } finally {
    await browser.close();
  }
});

test('lookalike: "+N more" opens the whole celebrity list in place, and closes it again', async ({ page }, testInfo) => {
  // 14 made-up celebrities (orthogonal unit embeddings, no photos), imported on People → Celebrities.
  const people = Array.from({ length: 14 }, (_, i) => {
    const embedding = new Float32Array(512);
    embedding[i] = 1;
    const createdAt = new Date(Date.UTC(2024, 0, 1)).toISOString();
    return {
      id: `celebrity-${i}`,
      name: `Celebrity ${String(i + 1).padStart(2, '0')}`,
      createdAt,
      samples: [{ id: `sample-${i}`, embedding, source: 'test', createdAt, pose: null }],
    };
  });
  await page.goto('/#/people');
  await page.getByTestId('gallery-tab-celebrities').click();
  await page
    .getByTestId('gallery-import-input')
    .setInputFiles(jsonFile('celebrities.json', serializeGallery({ createdAt: new Date().toISOString(), people })));
  await expect(page.getByTestId('people-success')).toContainText('Imported 14 people');

  await page.goto('/#/lookalike');
  const items = page.getByTestId('celebrity-item');
  const more = page.getByTestId('celebrity-more');
  await expect(items).toHaveCount(12);
  await expect(more).toHaveText(/\+2\s*Show 2 more/);
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  // Keyboard: the button is reached and pressed like any other.
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(14);
  await expect(items.last()).toHaveText('Celebrity 14');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(more).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('lookalike-strip-expanded.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('lookalike-strip-expanded-phone.png'), fullPage: true });
  await page.keyboard.press(' ');
  await expect(items).toHaveCount(12);
  await expect(more).toHaveAttribute('aria-expanded', 'false');
});
