/**
 * The gallery store's public surface: what the inference worker, the page (types only), benchmarks and
 * tests use. The modules behind it:
 *
 *   schema.ts          the database's name, version, stores and migrations (the only place they are)
 *   open.ts            opening and deleting the database, and what the user is told when that fails
 *   connection.ts      one open connection: its read and write transactions, and why it closed
 *   galleries.ts       GalleryDb: reads, enrol, rename, merge, deletes and their undo
 *   searchSnapshot.ts  a gallery's search rows kept as a few large records for start-up
 *   transfer.ts        export and import in the gallery file format
 *   thumbnails.ts      thumbnails as stored (bytes and type; a Blob in old rows), as Blobs and data URLs
 *   validate.ts        argument checks (the rules are core/sampleRules.ts), rows.ts row helpers
 *   types.ts, errors.ts
 *
 * Helpers only benchmarks and tests need (bulk insert, counts, the plain index rows) are in
 * testkit/storage.ts.
 */
export { GalleryStoreError, OLDER_TAB_BLOCKS, STORAGE_FULL, STORAGE_UNAVAILABLE } from './errors.ts';
export { GalleryDb } from './galleries.ts';
export { deleteGalleryDb, openGalleryDb, type OpenOptions } from './open.ts';
export { DB_NAME, DB_VERSION } from './schema.ts';
export {
  GALLERY_KINDS,
  type GalleryKind,
  type ImportSummary,
  type IndexRow,
  type NewSample,
  type PersonInfo,
  type PersonRecord,
  type PersonSummary,
  type SampleView,
  type StoredSample,
} from './types.ts';
