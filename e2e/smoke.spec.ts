import { expect, test } from '@playwright/test';
import { MODEL_LIST } from '../src/models.ts';

test('placeholder page is cross-origin isolated and reaches every model', async ({ page }, testInfo) => {
  const response = await page.goto('/');
  expect(response?.ok()).toBe(true);
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');

  await expect(page).toHaveTitle('Faceprint');
  await expect(page.getByRole('heading', { level: 1, name: 'Faceprint' })).toBeVisible();

  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('isolation')).toHaveText('yes');

  expect(MODEL_LIST).toHaveLength(3);
  for (const model of MODEL_LIST) {
    await expect(page.getByTestId(`model-${model.role}`), `${model.role}: ${model.file}`).toHaveText('ok');
    const file = await page.request.head(`/models/${model.file}`);
    expect(file.status(), model.file).toBe(200);
    expect(Number(file.headers()['content-length']), model.file).toBe(model.size);
  }

  const screenshot = testInfo.outputPath('smoke.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('smoke', { path: screenshot, contentType: 'image/png' });
});
