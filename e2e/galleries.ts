/** Gallery files for the specs: one made by the CLI from fixture photos, and files handed to a picker from memory. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { parseGallery, type Gallery } from '../src/core/formats/galleryFile.ts';
import { fixture } from '../testkit/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface JsonFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Files are handed to the picker from memory: test-results/ can be emptied by another Playwright run. */
export const jsonFile = (name: string, text: string): JsonFile => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

/** The CLI's gallery of obama1+obama2 as "Barack Obama" and biden1 as "Joe Biden" (folders name people). */
export function cliGallery(testInfo: TestInfo): { file: JsonFile; gallery: Gallery; text: string } {
  const photos = testInfo.outputPath('enroll');
  const plan = { Barack_Obama: ['obama/obama1.jpg', 'obama/obama2.jpg'], Joe_Biden: ['biden/biden1.jpg'] };
  for (const [folder, files] of Object.entries(plan)) {
    mkdirSync(join(photos, folder), { recursive: true });
    // Links, not copies: the fixtures stay where they are.
    for (const file of files) symlinkSync(fixture('people', file), join(photos, folder, file.split('/')[1] ?? file));
  }
  const path = testInfo.outputPath('cli-gallery.json');
  execFileSync(process.execPath, ['bin/faceprint.js', 'enroll', '--gallery', path, photos], { cwd: ROOT, stdio: 'pipe' });
  const text = readFileSync(path, 'utf8');
  return { file: jsonFile('cli-gallery.json', text), gallery: parseGallery(text), text };
}
