/**
 * Flows across screens, as a user goes through them: enroll by webcam → identify photos → reload →
 * delete; export → clear → import gives the same answers; the identify flow on WASM and on WebGPU
 * gives the same names and similarities.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchChromium } from '../testkit/chromium.ts';
import { fakeCamera } from '../testkit/fakeCamera.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

interface IdentifiedFace {
  readonly name: string;
  readonly status: string;
  readonly similarity: number;
}

/** Identifies the photos on the Identify screen; faces per photo (in the photo's order), by file name. */
async function identify(page: Page, photos: readonly string[], timeout = 150_000): Promise<Map<string, IdentifiedFace[]>> {
  await page.goto('/#/identify');
  await waitForEngine(page);
  const clear = page.getByTestId('identify-clear');
  if (await clear.isVisible()) await clear.click();
  await page.getByTestId('identify-drop-files').setInputFiles([...photos]);
  const cards = page.locator('[data-testid="identify-result"], [data-testid="identify-failed"]');
  await expect(cards).toHaveCount(photos.length, { timeout });
  const results = new Map<string, IdentifiedFace[]>();
  for (const card of await page.getByTestId('identify-result').all()) {
    const file = (await card.getAttribute('data-file')) ?? '';
    const faces: IdentifiedFace[] = [];
    for (const face of await card.getByTestId('identify-face').all()) {
      faces.push({
        name: (await face.getByTestId('identify-face-name').textContent()) ?? '',
        status: (await face.getAttribute('data-status')) ?? '',
        similarity: Number(await face.getAttribute('data-similarity')),
      });
    }
    results.set(file.replace(/^.*\//, ''), faces);
  }
  return results;
}

const only = (faces: IdentifiedFace[] | undefined): IdentifiedFace => {
  expect(faces).toHaveLength(1);
  return faces![0]!;
};

async function peopleNames(page: Page): Promise<string[]> {
  await page.goto('/#/people');
  await expect(page.getByTestId('people-list').or(page.getByTestId('people-empty'))).toBeVisible();
  return page.getByTestId('person-name').allTextContents();
}

test('enroll by webcam, identify photos, survive a reload, delete', async () => {
  const testInfo = test.info();
  const browser = await launchChromium({ cameraVideo: fakeCamera(fixture('people', 'obama', 'obama1.jpg')) });
  try {
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    await test.step('enroll Barack Obama from the webcam (obama1.jpg)', async () => {
      await page.goto('/#/enroll');
      await waitForEngine(page);
      await page.getByTestId('enroll-start-camera').click();
      await expect(page.getByTestId('enroll-capture-done')).toBeVisible({ timeout: 150_000 });
      await page.getByTestId('enroll-name').fill('Barack Obama');
      await page.getByTestId('enroll-save').click();
      await expect(page.getByTestId('enroll-success')).toContainText('Barack Obama is enrolled');
    });

    const photos = [fixture('people', 'obama', 'obama2.jpg'), fixture('people', 'biden', 'biden1.jpg')];
    await test.step('obama2.jpg is named, biden1.jpg is Unknown', async () => {
      const results = await identify(page, photos);
      const obama = only(results.get('obama2.jpg'));
      expect(obama).toMatchObject({ name: 'Barack Obama', status: 'known' });
      expect(obama.similarity).toBeGreaterThanOrEqual(0.48);
      const biden = only(results.get('biden1.jpg'));
      expect(biden.status).toBe('unknown');
      expect(biden.name).toBe('Unknown');
      await screenshot(page, testInfo, 'identify-after-enroll');
    });

    await test.step('after a reload the gallery is still there', async () => {
      await page.reload();
      expect(await peopleNames(page)).toEqual(['Barack Obama']);
      const results = await identify(page, photos.slice(0, 1));
      expect(only(results.get('obama2.jpg')).name).toBe('Barack Obama');
    });

    await test.step('deleted on People → gone, after a reload too', async () => {
      await page.goto('/#/people');
      await page.getByTestId('person-card').filter({ hasText: 'Barack Obama' }).click();
      await page.getByTestId('person-delete').click();
      await expect(page.getByTestId('people-empty')).toBeVisible();
      await page.reload();
      expect(await peopleNames(page)).toEqual([]);
      const results = await identify(page, photos.slice(0, 1));
      expect(only(results.get('obama2.jpg')).status).toBe('unknown');
    });
  } finally {
    await browser.close();
  }
});

/** Enrolls one person from photos on the Enroll screen. */
async function enrollFromPhotos(page: Page, name: string, photos: readonly string[]): Promise<void> {
  await page.goto('/#/enroll');
  await waitForEngine(page);
  await page.getByTestId('enroll-mode-photos').click();
  await page.getByTestId('enroll-drop-files').setInputFiles([...photos]);
  await expect(page.getByTestId('enroll-shot')).toHaveCount(photos.length, { timeout: 120_000 });
  await page.getByTestId('enroll-name').fill(name);
  await page.getByTestId('enroll-save').click();
  await expect(page.getByTestId('enroll-success')).toContainText(`${name} is enrolled`);
}

const PROBES = [
  fixture('people', 'obama', 'obama2.jpg'),
  fixture('people', 'biden', 'biden2.jpg'),
  fixture('people', 'kit_harington', 'kit2.jpg'),
  fixture('groups', 'obama_and_biden.jpg'),
];

test('export, delete everyone, import: the same people give the same answers', async ({ page }, testInfo) => {
  await enrollFromPhotos(page, 'Barack Obama', [fixture('people', 'obama', 'obama1.jpg')]);
  await enrollFromPhotos(page, 'Joe Biden', [fixture('people', 'biden', 'biden1.jpg')]);
  const before = await identify(page, PROBES);
  expect(only(before.get('obama2.jpg')).name).toBe('Barack Obama');
  expect(only(before.get('biden2.jpg')).name).toBe('Joe Biden');
  expect(only(before.get('kit2.jpg')).status).toBe('unknown');

  await page.goto('/#/people');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('gallery-export').click();
  const exported = testInfo.outputPath('gallery.json');
  await (await downloading).saveAs(exported);

  await page.getByTestId('gallery-clear').click();
  await page.getByTestId('clear-dialog-confirm').click();
  await expect(page.getByTestId('people-empty')).toBeVisible();
  const cleared = await identify(page, PROBES.slice(0, 1));
  expect(only(cleared.get('obama2.jpg')).status).toBe('unknown');

  await page.goto('/#/people');
  await page.getByTestId('gallery-import-input').setInputFiles(exported);
  await expect(page.getByTestId('people-success')).toContainText('Imported 2 people');
  expect(await peopleNames(page)).toEqual(['Barack Obama', 'Joe Biden']);
  const after = await identify(page, PROBES);
  expect(after).toEqual(before);
});

test('identify gives the same names and similarities on WASM and on WebGPU', async () => {
  test.setTimeout(900_000); // WebGPU here is SwiftShader: real, but seconds per detection
  const testInfo = test.info();
  const browser = await launchChromium({ webgpu: true });
  try {
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/#/settings');
    // Auto (the default) does not take the software adapter, which would be ~80× slower than WASM.
    expect(await waitForEngine(page)).toBe('wasm');
    await expect(page.getByTestId('backend-fallback-reason')).toContainText('SwiftShader, a software one');
    await page.getByTestId('setting-backend-wasm').check();
    expect(await waitForEngine(page)).toBe('wasm');
    await enrollFromPhotos(page, 'Barack Obama', [fixture('people', 'obama', 'obama1.jpg')]);
    const probes = [fixture('people', 'obama', 'obama2.jpg'), fixture('groups', 'obama_and_biden.jpg')];
    const onWasm = await identify(page, probes);

    await page.goto('/#/settings');
    await page.getByTestId('setting-backend-webgpu').check();
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu', { timeout: 300_000 });
    const onWebgpu = await identify(page, probes, 480_000);
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu'); // no fallback happened
    await screenshot(page, testInfo, 'identify-webgpu');

    expect([...onWebgpu.keys()]).toEqual([...onWasm.keys()]);
    let largest = 0;
    for (const [file, faces] of onWasm) {
      const gpuFaces = onWebgpu.get(file)!;
      expect(
        gpuFaces.map((f) => f.name),
        file,
      ).toEqual(faces.map((f) => f.name));
      faces.forEach((f, i) => {
        const difference = Math.abs(gpuFaces[i]!.similarity - f.similarity);
        largest = Math.max(largest, difference);
        expect(difference, `${file} face ${i + 1}`).toBeLessThanOrEqual(0.01);
      });
    }
    testInfo.annotations.push({ type: 'largest WASM/WebGPU similarity difference', description: largest.toExponential(2) });
    expect(onWasm.get('obama2.jpg')?.[0]?.name).toBe('Barack Obama');
  } finally {
    await browser.close();
  }
});
