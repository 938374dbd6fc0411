/**
 * "Delete everything": removes all that Faceprint keeps in this browser. The galleries go through the
 * worker (it holds the database open and src/storage owns it); the rest is the page's to clear.
 */
import type { EngineApi } from '../engine/EngineContext.tsx';
import { errorMessage } from '../../core/text.ts';
import { STORAGE_KEY_PREFIX } from './settings.ts';

/** Removes the app's keys (and only those: another app on this origin keeps its own). */
function removeAppKeys(storage: Storage): void {
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
    (k): k is string => k?.startsWith(STORAGE_KEY_PREFIX) ?? false,
  );
  for (const key of keys) storage.removeItem(key);
}

/** Resolves once a service worker being installed has finished installing or failed (at most 30 s). */
function settled(installing: ServiceWorker | null): Promise<void> {
  if (!installing) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      installing.removeEventListener('statechange', check);
      clearTimeout(timer);
      resolve();
    };
    const check = (): void => {
      if (installing.state !== 'installing') done();
    };
    const timer = setTimeout(done, 30_000);
    installing.addEventListener('statechange', check);
    check();
  });
}

/**
 * Deletes both galleries (the IndexedDB database), the offline service worker's registration (the next
 * load registers it again), every Cache Storage cache (the verified models and the offline copy of the
 * app) and the saved settings. Every part is tried even when one fails; returns what could not be
 * deleted, as "what: why" lines (empty when everything went).
 */
export async function deleteEverything(api: EngineApi): Promise<string[]> {
  const failures: string[] = [];
  const step = async (what: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      failures.push(`${what}: ${errorMessage(error)}`);
    }
  };
  await step('the galleries', () => api.deleteAllGalleries());
  // The service worker goes first: an install or update it is still running would otherwise write its
  // cache back after the caches were deleted.
  await step('the offline service worker', async () => {
    if (!('serviceWorker' in navigator)) return;
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(registrations.map((registration) => settled(registration.installing)));
    await Promise.all(registrations.map((registration) => registration.unregister()));
  });
  await step('the downloaded face models and the offline copy of the app', async () => {
    if (typeof caches === 'undefined') return;
    for (const name of await caches.keys()) await caches.delete(name);
    const left = await caches.keys();
    if (left.length > 0) throw new Error(`still there: ${left.join(', ')}`);
  });
  await step('the settings', async () => {
    removeAppKeys(localStorage);
    removeAppKeys(sessionStorage);
  });
  return failures;
}
