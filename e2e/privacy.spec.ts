/**
 * Privacy: a whole session asks nothing of another origin and runs under the Content-Security-Policy;
 * the camera stops when its screen is left; "Delete everything" leaves nothing stored, and the app
 * works again after a reload.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parseGallery } from '../src/core/formats/galleryFile.ts';
import { MODEL_LIST } from '../src/models.ts';
import { launchChromium } from '../testkit/chromium.ts';
import { cliGallery } from './galleries.ts';
import { fakeCamera } from '../testkit/fakeCamera.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, screenshot, serviceWorkerInControl, waitForEngine } from './support.ts';

requireFixtures();

interface Violation {
  readonly directive: string;
  readonly blocked: string;
}

declare global {
  interface Window {
    __cspViolations?: Violation[];
    __cameraTracks?: MediaStreamTrack[];
  }
}

const screenLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true });

/** What this origin has stored: database names, the app's localStorage keys, caches, service workers. */
async function storedData(page: Page): Promise<{ databases: string[]; localStorage: string[]; caches: string[]; serviceWorkers: number }> {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
    localStorage: Object.keys(localStorage).filter((k) => k.startsWith('faceprint')),
    caches: (await caches.keys()).sort(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
}

test('a whole session (enroll, identify, lookalike, export) asks nothing of other origins, under a Content-Security-Policy', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const origin = new URL(baseURL ?? '').origin;
  // Every request of the page, its workers and the service worker.
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  // Chromium reports an image the policy blocked as a request that failed before reaching the network.
  const blockedByPolicy = new Set<string>();
  context.on('requestfailed', (request) => {
    if (/csp/i.test(request.failure()?.errorText ?? '')) blockedByPolicy.add(request.url());
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
    });
  });

  await test.step('load: the policy is in the page and in the response headers', async () => {
    const response = await page.goto('/');
    const header = response?.headers()['content-security-policy'] ?? '';
    expect(header).toContain("connect-src 'self'");
    expect(header).toContain("default-src 'self'");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toContain("connect-src 'self'");
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(await waitForEngine(page)).toBe('wasm');
    await expect(page.getByTestId('backend')).toContainText('threads');
  });

  await test.step('enroll Barack Obama from two photos', async () => {
    await screenLink(page, 'Enroll').click();
    await page.getByTestId('enroll-mode-photos').click();
    await page
      .getByTestId('enroll-drop-files')
      .setInputFiles([fixture('people', 'obama', 'obama1.jpg'), fixture('people', 'obama', 'obama2.jpg')]);
    await expect(page.getByTestId('enroll-shot')).toHaveCount(2, { timeout: 60_000 });
    await page.getByTestId('enroll-name').fill('Barack Obama');
    await page.getByTestId('enroll-save').click();
    await expect(page.getByTestId('enroll-success')).toContainText('Barack Obama is enrolled');
  });

  await test.step('identify a third photo of him', async () => {
    await screenLink(page, 'Identify').click();
    await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama3.jpg'));
    const face = page.getByTestId('identify-result').getByTestId('identify-face');
    await expect(face).toHaveCount(1, { timeout: 60_000 });
    await expect(face.getByTestId('identify-face-name')).toHaveText('Barack Obama');
  });

  await test.step('lookalike: a folder of celebrities, then a selfie', async () => {
    const dir = testInfo.outputPath('celebrities');
    for (const [person, photos] of Object.entries({
      kit_harington: ['kit1.jpg', 'kit2.jpg'],
      rose_leslie: ['rose1.jpg'],
      biden: ['biden1.jpg'],
    })) {
      mkdirSync(join(dir, person), { recursive: true });
      for (const photo of photos) copyFileSync(fixture('people', person, photo), join(dir, person, photo));
    }
    await screenLink(page, 'Lookalike').click();
    await page.getByTestId('celebrity-drop-folder').setInputFiles(dir);
    await expect(page.getByTestId('celebrity-summary')).toHaveAttribute('data-outcome', 'complete', { timeout: 120_000 });
    await page.getByTestId('selfie-drop-files').setInputFiles(fixture('people', 'kit_harington', 'kit3.jpg'));
    await expect(page.getByTestId('lookalike-top-name')).toHaveText('Kit Harington', { timeout: 60_000 });
  });

  await test.step('export the People gallery', async () => {
    await screenLink(page, 'People').click();
    const downloading = page.waitForEvent('download');
    await page.getByTestId('gallery-export').click();
    const download = await downloading;
    const saved = testInfo.outputPath('export.json');
    await download.saveAs(saved);
    expect(parseGallery(readFileSync(saved, 'utf8')).people.map((p) => p.name)).toEqual(['Barack Obama']);
    await screenshot(page, testInfo, 'privacy-session');
  });

  await test.step('the policy blocks a connection or an image from elsewhere before any request is made', async () => {
    const outcome = await page.evaluate(async () => {
      const image = new Image();
      const imageDone = new Promise<string>((resolve) => {
        image.onload = () => resolve('loaded');
        image.onerror = () => resolve('blocked');
      });
      image.src = 'https://example.com/tracker.png';
      const fetched = await fetch('https://example.com/collect', { method: 'POST', body: 'x' }).then(
        () => 'sent',
        () => 'blocked',
      );
      return { fetched, image: await imageDone };
    });
    expect(outcome).toEqual({ fetched: 'blocked', image: 'blocked' });
    // Each breach is reported once per policy in force (the <meta> and the header): compared as a set.
    const violations = async (): Promise<string[]> =>
      [...new Set((await page.evaluate(() => window.__cspViolations ?? [])).map((v) => `${v.directive} ${v.blocked}`))].sort();
    await expect.poll(violations).toEqual(['connect-src https://example.com/collect', 'img-src https://example.com/tracker.png']);
  });

  // No request left the origin: the probes above were stopped by the policy, nothing else went elsewhere.
  const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
  expect(foreign.filter((url) => !blockedByPolicy.has(url))).toEqual([]);
  expect(requests.length).toBeGreaterThan(10);
});

test('the camera stops when the user leaves the Enroll or live Identify screen', async ({ baseURL }, testInfo) => {
  const browser = await launchChromium({ cameraVideo: fakeCamera(fixture('people', 'obama', 'obama1.jpg')) });
  try {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    // Every track the app is given, to read its state afterwards.
    await context.addInitScript(() => {
      const devices = navigator.mediaDevices;
      const getUserMedia = devices.getUserMedia.bind(devices);
      window.__cameraTracks = [];
      devices.getUserMedia = async (constraints) => {
        const stream = await getUserMedia(constraints);
        window.__cameraTracks?.push(...stream.getTracks());
        return stream;
      };
    });
    const page = await context.newPage();
    const trackStates = (): Promise<string[]> => page.evaluate(() => (window.__cameraTracks ?? []).map((t) => t.readyState));

    await page.goto('/#/enroll');
    await waitForEngine(page);
    await test.step('Enroll: camera on, then another screen', async () => {
      await page.getByTestId('enroll-start-camera').click();
      await expect(page.getByTestId('enroll-video')).toBeVisible();
      await expect.poll(trackStates).toEqual(['live']);
      await screenLink(page, 'Identify').click();
      await expect(page.getByRole('heading', { level: 1, name: 'Identify' })).toBeVisible();
      await expect.poll(trackStates).toEqual(['ended']);
    });

    await test.step('live Identify: camera on, then another screen', async () => {
      await page.getByTestId('identify-mode-live').click();
      await page.getByTestId('live-start').click();
      await expect(page.getByTestId('live-video')).toBeVisible();
      await expect.poll(trackStates).toEqual(['ended', 'live']);
      await screenshot(page, testInfo, 'camera-live');
      await screenLink(page, 'People').click();
      await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
      await expect.poll(trackStates).toEqual(['ended', 'ended']);
    });

    await test.step('leaving while the camera is still starting stops it as soon as it starts', async () => {
      await screenLink(page, 'Enroll').click();
      await page.getByTestId('enroll-start-camera').click();
      await screenLink(page, 'Compare').click();
      await expect.poll(() => page.evaluate(() => window.__cameraTracks?.length ?? 0)).toBe(3);
      await expect.poll(trackStates).toEqual(['ended', 'ended', 'ended']);
    });
    await context.close();
  } finally {
    await browser.close();
  }
});

test('"Delete everything" leaves nothing stored, and after a reload the app downloads the models and works again', async ({
  page,
  context,
}, testInfo) => {
  const cli = cliGallery(testInfo);
  const modelRequests: string[] = [];
  context.on('request', (request) => {
    if (request.url().includes('/models/')) modelRequests.push(request.url());
  });
  await page.goto('/#/people');
  await waitForEngine(page);
  await serviceWorkerInControl(page);

  await test.step('fill both galleries and change a setting', async () => {
    await page.getByTestId('gallery-import-input').setInputFiles(cli.file);
    await expect(page.getByTestId('people-success')).toHaveText('Imported 2 people (2 new, 0 merged), 3 samples.');
    await page.getByTestId('gallery-tab-celebrities').click();
    await page.getByTestId('gallery-import-input').setInputFiles(cli.file);
    await expect(page.getByTestId('people-success')).toHaveText('Imported 2 people (2 new, 0 merged), 3 samples.');
    await screenLink(page, 'Settings').click();
    const threshold = page.getByTestId('setting-threshold');
    await threshold.focus();
    for (let i = 0; i < 5; i++) await threshold.press('ArrowRight');
    await expect(page.getByTestId('setting-threshold-value')).toHaveText('0.53');
    const before = await storedData(page);
    expect(before.databases).toContain('faceprint');
    expect(before.localStorage).toEqual(['faceprint-settings-v1']);
    expect(before.caches).toContain('faceprint-models-v1');
    expect(before.caches.some((name) => name.startsWith('faceprint-app-'))).toBe(true);
    expect(before.serviceWorkers).toBe(1);
  });

  await test.step('delete everything, after a confirmation', async () => {
    await page.getByTestId('delete-everything').click();
    const dialog = page.getByTestId('delete-everything-dialog');
    await expect(dialog).toContainText('This cannot be undone');
    await screenshot(page, testInfo, 'delete-everything-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect((await storedData(page)).databases).toContain('faceprint');

    await page.getByTestId('delete-everything').click();
    await page.getByTestId('delete-everything-dialog-confirm').click();
    await expect(page.getByTestId('delete-everything-done')).toContainText('Everything Faceprint stored in this browser is deleted');
    await screenshot(page, testInfo, 'delete-everything-done');
    expect(await storedData(page)).toEqual({ databases: [], localStorage: [], caches: [], serviceWorkers: 0 });
    // The screens show the defaults again.
    await expect(page.getByTestId('setting-threshold-value')).toHaveText('0.48');
  });

  await test.step('the galleries are empty in this tab, which keeps working', async () => {
    await screenLink(page, 'People').click();
    await expect(page.getByTestId('people-empty')).toBeVisible();
    await page.getByTestId('gallery-tab-celebrities').click();
    await expect(page.getByTestId('people-empty')).toBeVisible();
    await screenLink(page, 'Identify').click();
    await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama2.jpg'));
    await expect(page.getByTestId('identify-face-name')).toHaveText('Unknown', { timeout: 60_000 });
  });

  await test.step('a reload downloads the models again, re-registers the service worker, and identifies', async () => {
    modelRequests.length = 0;
    await page.reload();
    expect(await waitForEngine(page)).toBe('wasm');
    // The pose model follows once start-up is over.
    await expect
      .poll(() => MODEL_LIST.filter((model) => !modelRequests.some((u) => u.endsWith(`/models/${model.file}`))).map((m) => m.file), {
        timeout: 60_000,
      })
      .toEqual([]);
    await serviceWorkerInControl(page);
    await expect.poll(async () => (await storedData(page)).caches).toContain('faceprint-models-v1');
    await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama2.jpg'));
    await expect(page.getByTestId('identify-result')).toHaveAttribute('data-faces', '1', { timeout: 60_000 });
  });
});
