/**
 * Writes a pairs CSV (file_x,file_y,Decision) with every pair of photos in `DIR/<person>/*`: same
 * folder → Yes, different folders → No. Paths are relative to DIR.
 *
 *   npx tsx scripts/make-pairs.ts ../shared/fixtures/faces/people > pairs.csv
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageFilesIn, subfolders } from '../src/cli/common.ts';

export interface LabelledPhoto {
  readonly person: string;
  /** Path as written into the CSV. */
  readonly path: string;
}

export function pairsCsv(photos: readonly LabelledPhoto[]): string {
  const lines = ['file_x,file_y,Decision'];
  photos.forEach((a, i) => photos.slice(i + 1).forEach((b) => lines.push(`${a.path},${b.path},${a.person === b.person ? 'Yes' : 'No'}`)));
  return lines.join('\r\n') + '\r\n';
}

export function photosIn(dir: string): LabelledPhoto[] {
  return subfolders(dir).flatMap((person) => imageFilesIn(resolve(dir, person)).map((file) => ({ person, path: relative(dir, file) })));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx scripts/make-pairs.ts DIR > pairs.csv');
    process.exit(2);
  }
  process.stdout.write(pairsCsv(photosIn(dir)));
}
