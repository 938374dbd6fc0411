/**
 * The gallery store's errors: GalleryStoreError is a refusal whose message is meant for the user; the
 * messages below are the storage failures the user is told about in their own words.
 */

/** A refused gallery operation; the message is meant for the user. */
export class GalleryStoreError extends Error {
  override readonly name = 'GalleryStoreError';
}

/** What the user is told when the browser gives this page no IndexedDB (private modes, blocked site data). */
export const STORAGE_UNAVAILABLE =
  'This browser is not letting Faceprint store anything (a private window, or site data blocked in its settings), so the galleries cannot be used here. Open Faceprint in a normal window, or allow site data for this page.';

/** What the user is told when a tab running an older Faceprint keeps the database from being upgraded. */
export const OLDER_TAB_BLOCKS =
  'Faceprint is open in another tab that still uses the old gallery format: close or reload that tab, then reload this page.';

/** What the user is told when a write does not fit in the browser's storage quota. */
export const STORAGE_FULL =
  'The browser has no room left to store this (its storage quota is used up), so nothing was saved. Free some disk space, or delete people or celebrities you no longer need, and try again.';

/** What the user is told when the database was saved by a newer build than this one. */
export const NEWER_DATABASE = 'The gallery was saved by a newer version of Faceprint: reload the page to update.';

/** The `name` of a DOMException (or any error object); '' for anything else. */
export const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';

/** A storage failure as the user should read it (a full disk says so); other errors as they are. */
export function storageError(error: unknown, tx?: { readonly error: DOMException | null }): unknown {
  if (error instanceof GalleryStoreError) return error;
  const txName = tx?.error?.name ?? '';
  // A quota failure at commit aborts the transaction: the request then fails with an AbortError.
  if (errorName(error) === 'QuotaExceededError' || txName === 'QuotaExceededError')
    return new GalleryStoreError(STORAGE_FULL, { cause: error });
  return error;
}
