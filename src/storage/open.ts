/**
 * Opening (creating or upgrading) and deleting the gallery database, through idb's openDB and
 * deleteDB on the global `indexedDB` (tests put fake-indexeddb there). Every way the browser can
 * refuse becomes a GalleryStoreError that tells the user what to do.
 */
import { deleteDB, openDB } from 'idb';
import { DELETED_IN_ANOTHER_TAB, GalleryConnection, UPDATED_IN_ANOTHER_TAB } from './connection.ts';
import { errorName, GalleryStoreError, NEWER_DATABASE, OLDER_TAB_BLOCKS, STORAGE_UNAVAILABLE, storageError } from './errors.ts';
import { GalleryDb } from './galleries.ts';
import { DB_NAME, DB_VERSION, upgradeSchema, type Db, type FaceprintSchema } from './schema.ts';

export interface OpenOptions {
  /** The database's name; DB_NAME unless a benchmark or test keeps its own. */
  readonly name?: string;
}

/** Throws STORAGE_UNAVAILABLE when this page has no IndexedDB (private modes, blocked site data). */
function checkIndexedDb(): void {
  let available: boolean;
  try {
    available = (globalThis.indexedDB as IDBFactory | undefined) !== undefined;
  } catch (error) {
    // Some browsers throw a SecurityError on merely reading `indexedDB` when storage is blocked.
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  if (!available) throw new GalleryStoreError(STORAGE_UNAVAILABLE);
}

/** Opens (creating or upgrading) the gallery database. */
export async function openGalleryDb(options: OpenOptions = {}): Promise<GalleryDb> {
  checkIndexedDb();
  // Set as soon as the open succeeds. `blocking` and `terminated` are listeners idb adds on that same
  // success, in the microtasks before this one, so no event reaches them before it is set.
  let connection: GalleryConnection | undefined;
  let refuseBlocked: (error: GalleryStoreError) => void = () => undefined;
  const blocked = new Promise<never>((_, reject) => {
    refuseBlocked = reject;
  });
  let opening: Promise<Db>;
  try {
    opening = openDB<FaceprintSchema>(options.name ?? DB_NAME, DB_VERSION, {
      upgrade: upgradeSchema,
      // Another tab holds the database open at an older version and does not let go (an old build
      // without a versionchange handler). Say so instead of waiting without a word; the open goes on
      // in the background and its late connection is closed, so the next call opens it afresh.
      blocked: () => {
        opening.then(
          (late) => late.close(),
          () => undefined,
        );
        refuseBlocked(new GalleryStoreError(OLDER_TAB_BLOCKS));
      },
      // Another tab is deleting the database or opening a newer schema: close so it is not blocked,
      // and say why later calls fail.
      blocking: (_current, next) => connection?.closeBecause(next === null ? DELETED_IN_ANOTHER_TAB : UPDATED_IN_ANOTHER_TAB),
      terminated: () => connection?.lost(),
    });
  } catch (error) {
    // `indexedDB.open` itself threw (a SecurityError where storage is blocked).
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  try {
    connection = new GalleryConnection(await Promise.race([opening, blocked]));
  } catch (error) {
    if (error instanceof GalleryStoreError) throw error;
    if (errorName(error) === 'VersionError') throw new GalleryStoreError(NEWER_DATABASE, { cause: error });
    if (errorName(error) === 'QuotaExceededError') throw storageError(error);
    // Firefox's private mode fails the open with InvalidStateError; others say UnknownError or SecurityError.
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  return new GalleryDb(connection);
}

/**
 * Deletes the whole gallery database (both galleries). Other tabs' connections close themselves
 * (their `versionchange` handler); `onBlocked` is called if one does not, and the delete then waits
 * until it is closed.
 */
export async function deleteGalleryDb(options: OpenOptions & { readonly onBlocked?: () => void } = {}): Promise<void> {
  checkIndexedDb();
  let deleting: Promise<void>;
  try {
    deleting = deleteDB(options.name ?? DB_NAME, { blocked: () => options.onBlocked?.() });
  } catch (error) {
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  await deleting;
}
