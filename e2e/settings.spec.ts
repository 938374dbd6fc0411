/** Settings end to end: sliders and toggles by keyboard, persistence across reloads, Restore defaults. */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../src/app/settings/settings.ts';
import { fixture } from '../testkit/fixtures.ts';
import { ANALYSIS_TIMEOUT, requireFixtures, screenshot, waitForEngine } from './support.ts';

interface Shown {
  threshold: string;
  uncertainBand: string;
  maxYaw: string;
  maxPitch: string;
  largestFaceOnly: boolean;
  flip: boolean;
  backend: 'auto' | 'webgpu' | 'wasm';
}

const DEFAULTS_SHOWN: Shown = {
  threshold: DEFAULT_SETTINGS.threshold.toFixed(2),
  uncertainBand: DEFAULT_SETTINGS.uncertainBand.toFixed(2),
  maxYaw: `${DEFAULT_SETTINGS.maxYaw}°`,
  maxPitch: `${DEFAULT_SETTINGS.maxPitch}°`,
  largestFaceOnly: DEFAULT_SETTINGS.largestFaceOnly,
  flip: DEFAULT_SETTINGS.flip,
  backend: DEFAULT_SETTINGS.backend,
};

async function expectShown(page: Page, shown: Shown): Promise<void> {
  for (const key of ['threshold', 'uncertainBand', 'maxYaw', 'maxPitch'] as const) {
    await expect(page.getByTestId(`setting-${key}-value`), key).toHaveText(shown[key]);
  }
  await expect(page.getByTestId('setting-largestFaceOnly')).toBeChecked({ checked: shown.largestFaceOnly });
  await expect(page.getByTestId('setting-flip')).toBeChecked({ checked: shown.flip });
  await expect(page.getByTestId(`setting-backend-${shown.backend}`)).toBeChecked();
}

async function press(page: Page, testId: string, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.getByTestId(testId).press(key);
}

test('settings change by keyboard, persist across a reload, and Restore defaults resets them', async ({ page }, testInfo) => {
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectShown(page, DEFAULTS_SHOWN);
  await expect(page.getByTestId('settings-reset')).toBeDisabled();

  await test.step('every control is labelled and explained', async () => {
    await expect(page.getByLabel('Match threshold')).toHaveAttribute('type', 'range');
    await expect(page.getByLabel('Uncertain band')).toHaveAttribute('type', 'range');
    await expect(page.getByLabel('Largest left/right turn (yaw)')).toHaveAttribute('type', 'range');
    await expect(page.getByLabel('Largest up/down tilt (pitch)')).toHaveAttribute('type', 'range');
    await expect(page.getByLabel('Only the largest face')).toHaveAttribute('type', 'checkbox');
    await expect(page.getByLabel('Flip augmentation')).toHaveAttribute('type', 'checkbox');
    await expect(page.getByRole('radio', { name: /^WASM/ })).toBeVisible();
    await expect(page.getByText('Higher: fewer false matches, but more faces shown as “Unknown”.')).toBeVisible();
    await expect(page.getByText('For a gate or clock-in terminal')).toBeVisible();
    await expect(page.getByText('twice as long')).toBeVisible();
  });

  await test.step('the backend in use is shown once the models load', async () => {
    const backend = await waitForEngine(page);
    await expect(page.getByTestId('backend-in-use')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('backend-in-use')).toContainText(backend === 'webgpu' ? 'In use: WebGPU' : 'In use: WASM on');
    await screenshot(page, testInfo, 'settings-defaults');
  });

  const changed: Shown = {
    threshold: '0.53',
    uncertainBand: '0.05',
    maxYaw: '90°',
    maxPitch: '10°',
    largestFaceOnly: true,
    flip: false,
    backend: 'wasm',
  };
  await test.step('change sliders by keyboard and flip the toggles', async () => {
    await press(page, 'setting-threshold', 'ArrowRight', 5);
    await press(page, 'setting-uncertainBand', 'ArrowLeft', 3);
    await press(page, 'setting-maxYaw', 'End');
    await press(page, 'setting-maxPitch', 'Home');
    await page.getByTestId('setting-largestFaceOnly').check();
    await page.getByTestId('setting-flip').uncheck();
    await page.getByTestId('setting-backend-wasm').check();
    await expectShown(page, changed);
    await expect(page.getByTestId('decision-scale')).toContainText('Uncertain 0.48–0.53');
    await expect(page.getByTestId('decision-scale')).toContainText('Named from 0.53');
    await expect(page.getByTestId('settings-reset')).toBeEnabled();
  });

  await test.step('a reload keeps every value, and the engine restarts on WASM', async () => {
    await page.reload();
    await expectShown(page, changed);
    expect(await waitForEngine(page)).toBe('wasm');
    await expect(page.getByTestId('backend-in-use')).toContainText('In use: WASM on');
    await screenshot(page, testInfo, 'settings-changed');
  });

  await test.step('Restore defaults, and they persist too', async () => {
    await page.getByTestId('settings-reset').click();
    await expectShown(page, DEFAULTS_SHOWN);
    await expect(page.getByTestId('settings-saved')).toHaveText('Defaults restored.');
    await expect(page.getByTestId('settings-reset')).toBeDisabled();
    await page.reload();
    await expectShown(page, DEFAULTS_SHOWN);
  });

  await test.step('phone width', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await waitForEngine(page);
    await screenshot(page, testInfo, 'settings-phone');
  });
});

test("Engine shows where the engine's start-up went, up to the first photo it analysed", async ({ page }) => {
  requireFixtures();
  await page.goto('/#/identify');
  await waitForEngine(page);
  await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama1.jpg'));
  await expect(page.getByTestId('identify-face')).toHaveCount(1, { timeout: ANALYSIS_TIMEOUT });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Settings', exact: true }).click();
  const profile = page.getByTestId('startup-profile');
  await profile.getByText('How the face engine started').click();
  const steps = profile.getByTestId('startup-step');
  await expect(steps.last()).toHaveAttribute(
    'data-step',
    /^first analysis done \(decode \d+, detect \d+, pose \d+, align \d+, embed \d+ ms/,
  );
  const rows = await steps.evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-step') ?? '', Number(li.getAttribute('data-ms'))] as const),
  );
  const names = rows.map(([step]) => step);
  // In order: the runtime, both start-up models' downloads and sessions, the warm-up, ready, the photo.
  for (const step of [
    'onnxruntime (wasm) script loaded',
    'detector session made (wasm)',
    'embedder session made (wasm)',
    'warm-up run (wasm)',
    'models ready',
  ])
    expect(names, step).toContain(step);
  expect(names.indexOf('detector session made (wasm)')).toBeLessThan(names.indexOf('models ready'));
  expect(names.some((n) => /^detector (downloaded and verified|read from the cache)$/.test(n))).toBe(true);
  const times = rows.map(([, ms]) => ms);
  expect(times).toEqual([...times].sort((a, b) => a - b));
});
