/**
 * A pairs CSV (file_x,file_y,Decision) with every pair of photos in `DIR/<person>/*`: same folder → Yes,
 * different folders → No. Paths are relative to DIR. Used by the tests, testkit/degradedFixtures.ts and
 * scripts/make-pairs.ts.
 */
import { relative, resolve } from 'node:path';
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
