import { expect, test } from '@playwright/test';
import { MODEL_LIST, MODELS, STARTUP_MODELS } from '../src/models.ts';
import { fixture, FIXTURES_MISSING, HAVE_FIXTURES, IS_CI } from '../testkit/fixtures.ts';
import { cachedModelFiles, screenshot, serviceWorkerInControl, waitForEngine } from './support.ts';

test('the app is cross-origin isolated, loads every model with progress, and asks nothing of other origins', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${baseURL}/`) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  const modelRequests: string[] = [];
  context.on('request', (request) => {
    if (request.url().includes('/models/')) modelRequests.push(request.url());
  });

  const response = await page.goto('/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();

  expect(await waitForEngine(page)).toBe('wasm'); // no WebGPU adapter without --enable-unsafe-webgpu
  await expect(page.getByTestId('backend')).toContainText('threads'); // multi-threaded WASM
  for (const model of STARTUP_MODELS)
    expect(
      modelRequests.some((u) => u.endsWith(`/models/${model.file}`)),
      model.file,
    ).toBe(true);
  await screenshot(page, testInfo, 'shell');
  // The pose model follows once start-up is over, into the same cache.
  await expect.poll(() => cachedModelFiles(page), { timeout: 60_000 }).toEqual(MODEL_LIST.map((m) => m.file).sort());
  expect(modelRequests.filter((u) => u.endsWith(`/models/${MODELS.pose.file}`))).toHaveLength(1);

  // A reload takes the models from the worker's cache, not the network.
  modelRequests.length = 0;
  await page.reload();
  await waitForEngine(page);
  expect(modelRequests).toEqual([]);
  expect(foreign).toEqual([]);
});

test('a damaged model download says which file failed, and Retry recovers', async ({ page, context }, testInfo) => {
  let corrupt = true;
  await context.route(`**/models/${MODELS.embedder.file}`, async (route) => {
    if (!corrupt) return route.continue();
    const original = await route.fetch();
    const body = Buffer.from(await original.body());
    body[1000] = body[1000]! ^ 0xff; // one flipped byte
    await route.fulfill({ response: original, body });
  });
  await page.goto('/');
  const error = page.getByTestId('engine-error');
  await expect(error).toContainText(MODELS.embedder.file, { timeout: 120_000 });
  await expect(error).toContainText('damaged');
  await screenshot(page, testInfo, 'model-error');

  corrupt = false;
  await error.getByRole('button', { name: 'Retry' }).click();
  expect(await waitForEngine(page)).toBe('wasm');
  await expect(page.getByTestId('engine-error')).toHaveCount(0);
});

test('works offline once loaded', async ({ page, context }) => {
  await page.goto('/');
  await waitForEngine(page);
  // The service worker has cached the build once it controls the page.
  await serviceWorkerInControl(page);
  await context.setOffline(true);
  await page.reload();
  expect(await waitForEngine(page)).toBe('wasm');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'People', exact: true }).click();
  await expect(page).toHaveURL(/#\/people$/);
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  // And the models run: a photo is analysed with the network gone.
  test.skip(!HAVE_FIXTURES && !IS_CI, FIXTURES_MISSING);
  await page.goto('/#/identify');
  await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama2.jpg'));
  await expect(page.getByTestId('identify-result')).toHaveAttribute('data-faces', '1', { timeout: 60_000 });
  await context.setOffline(false);
});
