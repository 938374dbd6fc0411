/**
 * What a visitor downloads: with Auto on a browser whose only WebGPU adapter is a software one (this
 * machine's headless Chromium), the worker fetches onnxruntime's WASM-only build, compressed, and
 * never the 28 MB WebGPU (JSEP) one, nor does the service worker's precache; a photo is analysed.
 * `vite preview` serves the build's pre-compressed copies to a client that accepts them, the plain
 * files to one that does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
    const encodings = new Map<string, string>();
    context.on('response', (response) => encodings.set(response.url(), response.headers()['content-encoding'] ?? 'identity'));
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
    const wasmEncodings = [...encodings].filter(([url]) => WASM_ONLY_BINARY.test(url)).map(([, encoding]) => encoding);
    expect(wasmEncodings.length).toBeGreaterThanOrEqual(1);
    for (const encoding of wasmEncodings) expect(['br', 'gzip']).toContain(encoding);
    expect(requests.filter((url) => WEBGPU_BUILD.test(url))).toEqual([]);
  } finally {
    await browser.close();
  }
});

// The folder playwright.config.ts builds for this port.
const PORT = Number(process.env.FACEPRINT_E2E_PORT ?? 4173);
const DIST = resolve(import.meta.dirname, '..', PORT === 4173 ? 'dist' : `dist-e2e-${PORT}`);

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** A GET with exactly these request headers, the body as it came over the wire (not decoded). */
function rawGet(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolveResponse, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

test('vite preview serves the pre-compressed wasm and JS when Accept-Encoding allows, the plain files otherwise', async ({ baseURL }) => {
  const assets = readdirSync(resolve(DIST, 'assets'));
  const wasm = assets.find((f) => /^ort-wasm-simd-threaded-[^.]+\.wasm$/.test(f));
  const mainJs = assets.find((f) => /^index-[^.]+\.js$/.test(f));
  expect(wasm).toBeDefined();
  expect(mainJs).toBeDefined();
  for (const [file, type] of [
    [`assets/${wasm}`, 'application/wasm'],
    [`assets/${mainJs}`, 'text/javascript'],
  ] as const) {
    const plain = readFileSync(resolve(DIST, file));
    const url = new URL(file, baseURL).href;

    const br = await rawGet(url, { 'Accept-Encoding': 'br' });
    expect(br.status, file).toBe(200);
    expect(br.headers['content-encoding'], file).toBe('br');
    expect(br.headers['content-type'], file).toBe(type);
    expect(String(br.headers.vary), file).toContain('Accept-Encoding');
    // The isolation and policy headers are still sent.
    expect(br.headers['cross-origin-embedder-policy'], file).toBe('require-corp');
    expect(br.headers['cross-origin-opener-policy'], file).toBe('same-origin');
    expect(br.headers['content-security-policy'], file).toContain("default-src 'self'");
    expect(br.body.length, file).toBeLessThan(plain.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain), file).toBe(true);

    const gz = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding'], file).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain), file).toBe(true);

    const none = await rawGet(url, { 'Accept-Encoding': 'identity' });
    expect(none.status, file).toBe(200);
    expect(none.headers['content-encoding'], file).toBeUndefined();
    expect(none.headers['content-type'], file).toBe(type);
    expect(none.body.equals(plain), file).toBe(true);
  }
});
