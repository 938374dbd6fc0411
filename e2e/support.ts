/** Shared by the Playwright specs: skipping without the fixture photos, waiting for the engine, screenshots. */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { FIXTURES_MISSING, HAVE_FIXTURES, IS_CI } from '../testkit/fixtures.ts';

/**
 * Call at the top of a spec whose tests need the fixture photos: they skip locally without them; in CI
 * the run has already failed in testkit/fixturesGate.ts (and would fail here too, never skip).
 */
export function requireFixtures(): void {
  test.skip(!HAVE_FIXTURES && !IS_CI, FIXTURES_MISSING);
}

/**
 * The limit for waits on analysis results (photos analysed, a save that re-indexes the gallery). A few
 * seconds on a quiet machine; minutes when CI shares the CPU (the default 30 s expect timeout failed
 * under a load average of 6). Waits still end as soon as the app shows the result.
 */
export const ANALYSIS_TIMEOUT = 180_000;

/** Waits until the models are loaded (the backend badge shows) and returns the backend. */
export async function waitForEngine(page: Page): Promise<string> {
  const badge = page.getByTestId('backend');
  await expect(badge).toBeVisible({ timeout: 150_000 });
  return (await badge.getAttribute('data-backend')) ?? '';
}

/** A full-page screenshot saved under the test's output folder and attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Waits until the service worker has precached the build, then reloads once so that it controls the
 * page (it does not claim the page that installed it: see src/sw/serviceWorker.ts). Returns its scope.
 */
export async function serviceWorkerInControl(page: Page): Promise<string> {
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await waitForEngine(page);
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(/\/sw\.js$/);
  return scope;
}

/**
 * The model files in the worker's verified-model cache. The pose model is fetched once start-up is
 * over (runtime/session.ts), so a test that needs every model cached waits on this.
 */
export async function cachedModelFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const cache = await caches.open('faceprint-models-v1');
    return (await cache.keys()).map((request) => new URL(request.url).pathname.split('/').pop() ?? '').sort();
  });
}
