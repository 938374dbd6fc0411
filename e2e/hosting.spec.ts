/**
 * Any host: the production build served by a plain static server (testkit/staticServer.ts) that sends
 * no COOP/COEP or CSP header, from a sub-path (/sub/path/) rather than the root. The app loads, the
 * engine runs on one thread and the badge says why, a photo is analysed, the web manifest and its
 * icons resolve under the sub-path, and the app starts again offline from its service worker.
 */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { fixture } from '../testkit/fixtures.ts';
import { serveStatic, type StaticServer } from '../testkit/staticServer.ts';
import { requireFixtures, screenshot, serviceWorkerInControl, waitForEngine } from './support.ts';

requireFixtures();

// The folder playwright.config.ts builds for this port, and a second port (+10) for the plain server.
const PORT = Number(process.env.FACEPRINT_E2E_PORT ?? 4173);
const DIST = resolve(import.meta.dirname, '..', PORT === 4173 ? 'dist' : `dist-e2e-${PORT}`);
const PREFIX = '/sub/path/';

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveStatic(DIST, PORT + 10, PREFIX);
});
test.afterAll(async () => {
  await server.close();
});

interface ManifestCheck {
  readonly startUrl: string;
  readonly scope: string;
  readonly icons: readonly { readonly url: string; readonly status: number; readonly type: string | null }[];
}

test('a plain static host under a sub-path: one thread, said in the badge; a photo analysed; manifest and offline start', async ({
  page,
  context,
}, testInfo) => {
  const response = await page.goto(`${server.url}#/identify`);
  // The server really sends none of the isolation headers.
  expect(response?.headers()['cross-origin-opener-policy']).toBeUndefined();
  expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
  expect(await waitForEngine(page)).toBe('wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveText('WASM · 1 thread (not cross-origin isolated)');
  await expect(badge).toHaveAttribute('data-isolated', 'false');
  await expect(badge).toHaveAttribute('title', /served without the Cross-Origin-Opener-Policy/);
  // Settings says the same where it names the backend in use.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('backend-in-use')).toContainText('WASM on 1 thread (this site is not cross-origin isolated)');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Identify' }).click();

  await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'obama', 'obama1.jpg'));
  const result = page.getByTestId('identify-result');
  await expect(result).toHaveAttribute('data-faces', '1', { timeout: 90_000 });
  await screenshot(page, testInfo, 'hosting-sub-path');

  // The manifest's start URL and scope are the sub-path, and its icons are there.
  const manifest = await page.evaluate(async (): Promise<ManifestCheck> => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    if (!link) throw new Error('no manifest link');
    const json = (await (await fetch(link.href)).json()) as { start_url: string; scope: string; icons: { src: string }[] };
    const icons = await Promise.all(
      json.icons.map(async (icon) => {
        const url = new URL(icon.src, link.href).href;
        const res = await fetch(url);
        return { url, status: res.status, type: res.headers.get('content-type') };
      }),
    );
    return { startUrl: new URL(json.start_url, link.href).href, scope: new URL(json.scope, link.href).href, icons };
  });
  expect(manifest.startUrl).toBe(server.url);
  expect(manifest.scope).toBe(server.url);
  expect(manifest.icons.map((i) => i.url)).toEqual([`${server.url}favicon.svg`, `${server.url}icon-192.png`, `${server.url}icon-512.png`]);
  for (const icon of manifest.icons) expect(icon.status, icon.url).toBe(200);
  // Chromium's own reading of the manifest: parsed without errors, and installable.
  const cdp = await context.newCDPSession(page);
  const appManifest = await cdp.send('Page.getAppManifest');
  expect(appManifest.url).toBe(`${server.url}manifest.webmanifest`);
  expect(appManifest.errors).toEqual([]);

  // The service worker's scope is the sub-path; once it controls the page, the app starts offline.
  const scope = await serviceWorkerInControl(page);
  expect(scope).toBe(server.url);
  // Installable, but for the one reason a test browser cannot install anything: its contexts are incognito.
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

  await context.setOffline(true);
  try {
    await page.reload();
    expect(await waitForEngine(page)).toBe('wasm');
    await expect(page.getByTestId('backend')).toHaveText('WASM · 1 thread (not cross-origin isolated)');
    await page.getByTestId('identify-drop-files').setInputFiles(fixture('people', 'biden', 'biden1.jpg'));
    await expect(page.getByTestId('identify-result')).toHaveAttribute('data-faces', '1', { timeout: 90_000 });
  } finally {
    await context.setOffline(false);
  }
});
