/**
 * What a visitor downloads: with Auto on a browser whose only WebGPU adapter is a software one (this
 * machine's headless Chromium), the worker fetches onnxruntime's WASM-only build and never the 28 MB
 * WebGPU (JSEP) one, nor does the service worker's precache; a photo is analysed.
 */
import { expect, test } from '@playwright/test';
import { launchChromium } from '../testkit/chromium.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, waitForEngine } from './support.ts';

requireFixtures();

const WASM_ONLY_BINARY = /\/assets\/ort-wasm-simd-threaded-[^/.]+\.wasm$/;
/** The WebGPU build's glue, binary and JS chunk. */
const WEBGPU_BUILD = /\/assets\/(?:ort-wasm-simd-threaded\.jsep-|ort\.min-)/;

test('Auto without a usable WebGPU adapter downloads only the WASM-only onnxruntime build', async () => {
  const testInfo = test.info();
  // WebGPU enabled, so that Auto really asks for an adapter and refuses the software one.
  const browser = await launchChromium({ webgpu: true });
  try {
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    // Every request of the page, its workers and the service worker.
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    await page.goto('/#/identify');
    expect(await waitForEngine(page)).toBe('wasm');

    await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama1.jpg'));
    await expect(page.getByTestId('identify-result')).toHaveAttribute('data-faces', '1', { timeout: 90_000 });

    // The service worker has precached the build by now: its requests are in the list too.
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith('faceprint-app-')) continue;
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    expect(cached.filter((url) => WASM_ONLY_BINARY.test(url))).toHaveLength(1);
    expect(cached.filter((url) => WEBGPU_BUILD.test(url))).toEqual([]);

    expect(requests.filter((url) => WASM_ONLY_BINARY.test(url)).length).toBeGreaterThanOrEqual(1);
    expect(requests.filter((url) => WEBGPU_BUILD.test(url))).toEqual([]);
  } finally {
    await browser.close();
  }
});
