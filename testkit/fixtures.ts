/**
 * The real fixture photos, shared by the vitest suites, the Playwright specs and the benchmark. They live
 * beside the repo (../shared/fixtures, never copied in); FACEPRINT_FIXTURES points elsewhere (the folder
 * that holds faces/). Without them a local run skips what needs them; a CI run fails instead (see
 * fixturesGate.ts), so that a green CI always means the photo tests ran.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES_DIR = resolve(process.env.FACEPRINT_FIXTURES ?? resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures'));
export const FACES = join(FIXTURES_DIR, 'faces');
export const HAVE_FIXTURES = existsSync(FACES);

/** CI=true (or any value but "false"/"0"), as CI services set it. */
export const IS_CI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

export const FIXTURES_MISSING = `skipped: the shared fixture photos are not at ${FACES} (see ../shared/fixtures/README.md, or set FACEPRINT_FIXTURES)`;
export const FIXTURES_REQUIRED_IN_CI = `CI=${process.env.CI ?? ''}: the shared fixture photos are not at ${FACES}, and a CI run must not pass by skipping the tests that need them. Put them there (see ../shared/fixtures/README.md) or set FACEPRINT_FIXTURES to the folder that holds faces/.`;

export const fixture = (...parts: string[]): string => join(FACES, ...parts);

/** The people/ folder: each person's photos. */
export const PEOPLE: Readonly<Record<string, readonly string[]>> = {
  alex_lacamoire: ['alex1.png', 'alex2.jpg', 'alex3.jpg'],
  biden: ['biden1.jpg', 'biden2.jpg'],
  kit_harington: ['kit1.jpg', 'kit2.jpg', 'kit3.jpg'],
  lin_manuel_miranda: ['lin1.png'],
  obama: ['obama1.jpg', 'obama2.jpg', 'obama3.jpg', 'obama4.jpg'],
  rose_leslie: ['rose1.jpg', 'rose2.jpg'],
};

/** Every people photo, with its path relative to FACES. */
export const peoplePhotos = (): { person: string; path: string }[] =>
  Object.entries(PEOPLE).flatMap(([person, files]) => files.map((f) => ({ person, path: join('people', person, f) })));
