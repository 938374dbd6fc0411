/**
 * Global setup for vitest (vite.config.ts `test.globalSetup`) and Playwright (playwright.config.ts
 * `globalSetup`): in CI, missing fixture photos fail the whole run with one clear message, instead of
 * the photo tests skipping and the run passing. Locally they only warn, and those tests skip.
 */
import { FIXTURES_MISSING, FIXTURES_REQUIRED_IN_CI, HAVE_FIXTURES, IS_CI } from './fixtures.ts';

export default function requireFixturesInCi(): void {
  if (HAVE_FIXTURES) return;
  if (IS_CI) throw new Error(FIXTURES_REQUIRED_IN_CI);
  console.warn(FIXTURES_MISSING);
}
