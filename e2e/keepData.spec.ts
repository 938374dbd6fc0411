/**
 * Never lose a gallery: the backup reminder, "Back up everything" and
 * its restore after "Delete everything", hostile backup files, and Settings' persistence and quota.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseBackup } from '../src/core/formats/backupFile.ts';
import { fixture } from '../testkit/fixtures.ts';
import { jsonFile } from './galleries.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

const ROOT = resolve(import.meta.dirname, '..');

// Storage full is tested in Firefox (e2e-engines/specs/storageFull.ts, `npm run test:engines`), whose
// profile sets a small storage limit: Debian's Chromium 150 accepts the DevTools protocol's
// Storage.overrideQuotaForOrigin (Storage.getUsageAndQuota then reports the override as active), but
// neither navigator.storage.estimate() nor IndexedDB writes in the page follow it, with a page or a
// browser session, incognito or a profile on disk, so the quota is never reached here.

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
