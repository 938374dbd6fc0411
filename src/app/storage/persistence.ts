/**
 * Persistent storage: a browser may evict a site's data when the disk runs low, or (Safari) after
 * weeks without a visit, unless the site's storage is persistent. Faceprint asks for it once, when
 * the first face is saved, and Settings → Your data shows the answer and the space used.
 */
import { STORAGE_KEY_PREFIX } from '../settings/settings.ts';

/** Set once Faceprint has asked, so saving the next face does not ask again (Settings can). */
const ASKED_KEY = `${STORAGE_KEY_PREFIX}-persist-asked`;

export interface StorageStatus {
  /** null: this browser cannot say (no StorageManager, as in some private modes). */
  readonly persisted: boolean | null;
  /** Bytes used by this site and its quota; null when the browser gives no estimate. */
  readonly usage: number | null;
  readonly quota: number | null;
}

const storageManager = (): StorageManager | null => (typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null);

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = storageManager();
  if (!storage) return { persisted: null, usage: null, quota: null };
  const [persisted, estimate] = await Promise.all([
    storage.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    storage.estimate ? storage.estimate().catch(() => null) : Promise.resolve(null),
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** Asks the browser to keep this site's data; the answer (false where it cannot be asked). */
export async function askPersistence(): Promise<boolean> {
  const storage = storageManager();
  if (!storage?.persist) return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Asks once per browser, after a face is saved: the first time there is something worth keeping. */
export async function askPersistenceOnce(): Promise<void> {
  try {
    if (localStorage.getItem(ASKED_KEY) !== null) return;
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    return; // No localStorage: asking on every save would be nagging, so not at all.
  }
  if (
    (await storageManager()
      ?.persisted?.()
      .catch(() => false)) === true
  )
    return;
  await askPersistence();
}
