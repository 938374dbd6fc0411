/**
 * One open connection to the gallery database, and the transactions every gallery operation runs in.
 *
 * Every write is one readwrite transaction that is aborted on any failure, so a write lands whole or
 * not at all. Nothing but IndexedDB requests is awaited while a transaction is open: a transaction
 * commits as soon as the event loop finds it with no pending request, so blob ↔ data URL conversions
 * happen before or after it.
 */
import { GalleryStoreError, storageError } from './errors.ts';
import { GALLERY_STORES, GENERATION, type Db, type ReadTx, type WriteTx } from './schema.ts';

/** Why later calls fail once another tab or the browser has closed the connection. */
export const DELETED_IN_ANOTHER_TAB = 'The galleries were deleted in another tab: reload this page.';
export const UPDATED_IN_ANOTHER_TAB = 'Faceprint was updated in another tab: reload this page.';
const CLOSED_BY_BROWSER = 'The gallery storage was closed by the browser: reload this page.';

export class GalleryConnection {
  readonly #db: Db;
  #closedBecause: string | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Closes the connection; later calls fail with `reason`. Another tab's delete or upgrade then goes ahead. */
  closeBecause(reason: string): void {
    if (this.#closedBecause === null) this.#closedBecause = reason;
    this.#db.close();
  }

  /** The browser dropped the connection (storage cleared, disk error): nothing to close, only to say. */
  lost(): void {
    this.#closedBecause = CLOSED_BY_BROWSER;
  }

  get closed(): boolean {
    return this.#closedBecause !== null;
  }

  /** The database, or a GalleryStoreError saying why it is closed. */
  db(): Db {
    if (this.#closedBecause !== null) throw new GalleryStoreError(this.#closedBecause);
    return this.#db;
  }

  /** A readonly transaction over people, samples and meta; `tx.done` is awaited so an abort is never unhandled. */
  async read<T>(work: (tx: ReadTx) => Promise<T>): Promise<T> {
    const tx = this.db().transaction(GALLERY_STORES, 'readonly');
    const [result] = await Promise.all([work(tx), tx.done]);
    return result;
  }

  /**
   * A readwrite transaction over people, samples and meta (whose generation it increments), aborted if
   * `work` throws so nothing of it lands. A full disk (QuotaExceededError, from a request or at commit)
   * becomes a GalleryStoreError that says so.
   */
  async write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const tx = this.db().transaction(GALLERY_STORES, 'readwrite');
    try {
      // Any gallery write outdates the search snapshots (they are rebuilt at the next searchRows).
      const meta = tx.objectStore('meta');
      await meta.put(((await meta.get(GENERATION)) ?? 0) + 1, GENERATION);
      const result = await work(tx);
      await tx.done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already aborted (a failed request aborts it) or finished.
      }
      await tx.done.catch(() => undefined);
      throw storageError(error, tx);
    }
  }
}
