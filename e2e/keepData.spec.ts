/**
 * Never lose a gallery: storage filled to a small quota (set through the DevTools protocol) makes
 * enrolment fail with a clear message and nothing lost; the backup reminder, "Back up everything" and
 * its restore after "Delete everything", hostile backup files, and Settings' persistence and quota.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { parseBackup } from '../src/core/formats/backupFile.ts';
import { STORAGE_FULL } from '../src/storage/errors.ts';
import { bytesText } from '../src/core/text.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../testkit/chromium.ts';
import { fixture } from '../testkit/fixtures.ts';
import { jsonFile } from './galleries.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

const ROOT = resolve(import.meta.dirname, '..');

/** Waits until the service worker has precached the build (it is active once installed): the space used then stands still. */
async function offlineCopyDone(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

async function enrollPhoto(page: Page, photo: string, name: string): Promise<'saved' | 'refused'> {
  await page.getByTestId('enroll-drop-files').setInputFiles(photo);
  await expect(page.getByTestId('enroll-shot')).toHaveCount(1);
  await page.getByTestId('enroll-name').fill(name);
  await page.getByTestId('enroll-save').click();
  const success = page.getByTestId('enroll-success');
  await expect(success.or(page.getByTestId('enroll-save-error'))).toBeVisible();
  if (!(await success.isVisible())) return 'refused';
  await page.getByRole('button', { name: 'Enroll someone else' }).click();
  return 'saved';
}

const PHOTOS = [
  ['obama', 'obama1.jpg'],
  ['biden', 'biden1.jpg'],
  ['kit_harington', 'kit1.jpg'],
  ['rose_leslie', 'rose1.jpg'],
  ['alex_lacamoire', 'alex2.jpg'],
  ['lin_manuel_miranda', 'lin1.png'],
  ['obama', 'obama2.jpg'],
  ['biden', 'biden2.jpg'],
  ['kit_harington', 'kit2.jpg'],
  ['rose_leslie', 'rose2.jpg'],
  ['alex_lacamoire', 'alex3.jpg'],
  ['obama', 'obama3.jpg'],
] as const;

// FIXME: Debian's Chromium 150 accepts Storage.overrideQuotaForOrigin (Storage.getUsageAndQuota then
// reports the override as active) but neither navigator.storage.estimate() nor IndexedDB writes in the
// page follow it, with a page or a browser session, incognito or a profile on disk; so the quota is
// never reached. The steps below are what the test does once a small quota takes effect.
test.fixme('storage full: enrolment fails with a clear message and everything enrolled before is kept', async ({ baseURL }, testInfo) => {
  // A profile on disk: Chromium applies a quota override to it, not to the in-memory storage of
  // Playwright's usual (incognito) contexts.
  const context = await chromium.launchPersistentContext(testInfo.outputPath('profile'), {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    await fillToQuota(context, testInfo);
  } finally {
    await context.close();
  }
});

async function fillToQuota(context: BrowserContext, testInfo: TestInfo): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/#/enroll');
  await waitForEngine(page);
  await offlineCopyDone(page);
  await page.getByTestId('enroll-mode-photos').click();
  expect(await enrollPhoto(page, fixture('people', 'obama', 'obama4.jpg'), 'Person 0')).toBe('saved');

  // The quota: what is used now and a few samples' worth more.
  const origin = new URL(page.url()).origin;
  const cdp = await context.newCDPSession(page);
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const quota = usage + 48 * 1024;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: quota });
  expect(await page.evaluate(async () => (await navigator.storage.estimate()).quota)).toBe(quota);

  const enrolled = ['Person 0'];
  let refused: string | null = null;
  for (const [i, [person, file]] of PHOTOS.entries()) {
    const name = `Person ${i + 1}`;
    if ((await enrollPhoto(page, fixture('people', person, file), name)) === 'refused') {
      refused = name;
      break;
    }
    enrolled.push(name);
  }
  expect(refused, 'enrolment kept succeeding past the quota').not.toBeNull();
  await expect(page.getByTestId('enroll-save-error')).toHaveText(`Could not save: ${STORAGE_FULL}`);
  // The shot and the name stay, to try again once there is room.
  await expect(page.getByTestId('enroll-shot')).toHaveCount(1);
  await expect(page.getByTestId('enroll-name')).toHaveValue(refused ?? '');
  await screenshot(page, testInfo, 'storage-full');

  // Settings → Your data shows the quota the browser now allows.
  await page.goto('/#/settings');
  await expect(page.getByTestId('storage-usage')).toContainText(`of ${bytesText(quota)} allowed`);

  // Everything saved before the failure is still there after a reload, and nothing of the failed one.
  await page.reload();
  await page.goto('/#/people');
  await waitForEngine(page);
  const names = page.getByTestId('person-name');
  await expect(names).toHaveCount(enrolled.length);
  expect((await names.allTextContents()).sort()).toEqual([...enrolled].sort());
}

/** A gallery file of all six fixture people (15 samples), made by the CLI from the fixture folders. */
function sixPeopleGallery(path: string): string {
  execFileSync(process.execPath, ['bin/faceprint.js', 'enroll', '--gallery', path, fixture('people')], { cwd: ROOT, stdio: 'pipe' });
  return readFileSync(path, 'utf8');
}

test('backup: reminded after an import, Not now remembered, Back up everything, restore after Delete everything, hostile files refused', async ({
  page,
}, testInfo) => {
  const galleryText = sixPeopleGallery(testInfo.outputPath('six-people.json'));
  await page.goto('/#/people');
  await waitForEngine(page);
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);
  await page.getByTestId('gallery-import-input').setInputFiles(jsonFile('six-people.json', galleryText));
  await expect(page.getByTestId('people-success')).toContainText('Imported 6 people');

  const reminder = page.getByTestId('backup-reminder');
  await expect(reminder).toContainText('You have added 6 people (15 samples) since your last backup.');
  await screenshot(page, testInfo, 'backup-reminder');
  await reminder.getByRole('button', { name: 'Not now' }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await waitForEngine(page);
  await expect(page.getByTestId('person-name')).toHaveCount(6);
  await expect(reminder).toHaveCount(0);

  // A setting to find again after the restore.
  await page.goto('/#/settings');
  await page.getByTestId('setting-flip').click();
  const flip = await page.getByTestId('setting-flip').isChecked();
  // Persistence and space, as this browser reports them.
  await expect(page.getByTestId('storage-persisted')).toHaveText(/^(Yes: persistent storage|No: best effort)$/);
  await expect(page.getByTestId('storage-usage')).toContainText(' allowed');
  if ((await page.getByTestId('storage-status').getAttribute('data-persisted')) === 'false') {
    await page.getByTestId('storage-persist').click();
    await expect(page.getByTestId('storage-status')).toHaveAttribute('data-persisted', /true|false/);
  }

  const downloading = page.waitForEvent('download');
  await page.getByTestId('backup-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^faceprint-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backupText = readFileSync((await download.path()) ?? '', 'utf8');
  const backup = parseBackup(backupText);
  expect(backup.galleries.people.people).toHaveLength(6);
  expect(backup.galleries.people.people.reduce((n, p) => n + p.samples.length, 0)).toBe(15);
  expect(backup.settings.flip).toBe(flip);
  await expect(page.getByTestId('backup-success')).toContainText('6 people, 0 celebrities and the settings');
  await screenshot(page, testInfo, 'your-data');

  // Delete everything, then restore the backup: both galleries and the settings come back.
  await page.getByTestId('delete-everything').click();
  await page.getByTestId('delete-everything-dialog').getByRole('button', { name: 'Delete everything' }).click();
  await expect(page.getByTestId('delete-everything-done')).toBeVisible();
  await expect(page.getByTestId('setting-flip')).toBeChecked({ checked: !flip });

  // Hostile files first: refused with their reason, nothing changed.
  const restoreInput = page.getByTestId('backup-restore-input');
  await restoreInput.setInputFiles(jsonFile('gallery.json', galleryText));
  await expect(page.getByTestId('backup-error')).toHaveText(
    '“gallery.json” was not restored: this is a gallery file, not a backup of everything: import it on the People screen. Nothing was changed.',
  );
  const hostile = JSON.parse(backupText) as { galleries: { people: { people: { samples: { embedding: string }[] }[] } } };
  const first = hostile.galleries.people.people[5]?.samples[0];
  if (first) first.embedding = first.embedding.slice(0, 100);
  await restoreInput.setInputFiles(jsonFile('damaged-backup.json', JSON.stringify(hostile)));
  await expect(page.getByTestId('backup-error')).toContainText('“damaged-backup.json” was not restored: people gallery: embedding has');
  await expect(page.getByTestId('backup-error')).toContainText('Nothing was changed.');

  await restoreInput.setInputFiles(jsonFile('backup.json', backupText));
  await expect(page.getByTestId('backup-success')).toContainText('Restored backup.json. People: 6 new people, 15 samples added');
  await expect(page.getByTestId('setting-flip')).toBeChecked({ checked: flip });
  await page.goto('/#/people');
  await expect(page.getByTestId('person-name')).toHaveCount(6);
  // A restore is a change worth backing up again only if it added something new since the backup: it did not.
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);
});
