/** Gallery files made by the CLI from fixture photos laid out as the specs need them (one folder per person name). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { fixture } from '../testkit/fixtures.ts';
import { jsonFile, type JsonFile } from './galleries.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** `plan`: a folder per person ("Barack_Obama") with fixture photos under faces/people ("obama/obama1.jpg"). */
export function galleryFromFixtures(testInfo: TestInfo, name: string, plan: Record<string, readonly string[]>): JsonFile {
  const photos = testInfo.outputPath(`${name}-photos`);
  for (const [folder, files] of Object.entries(plan)) {
    mkdirSync(join(photos, folder), { recursive: true });
    // Links, not copies: the fixtures stay where they are.
    for (const file of files) symlinkSync(fixture('people', file), join(photos, folder, basename(file)));
  }
  const path = testInfo.outputPath(`${name}.json`);
  execFileSync(process.execPath, ['bin/faceprint.js', 'enroll', '--gallery', path, photos], { cwd: ROOT, stdio: 'pipe' });
  return jsonFile(`${name}.json`, readFileSync(path, 'utf8'));
}

/** Imports into the people gallery from the People screen and waits for its report. */
export async function importIntoPeople(page: Page, file: JsonFile): Promise<void> {
  await page.goto('/#/people');
  await page.getByTestId('gallery-import-input').setInputFiles(file);
  await expect(page.getByTestId('people-success')).toContainText('Imported');
}
