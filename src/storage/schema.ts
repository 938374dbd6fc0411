/**
 * The gallery database's schema: the one module that knows its name, version, stores and migrations.
 *
 *   people:  { id, gallery, name, nameKey, createdAt }           by-gallery, by-gallery-name (unique)
 *   samples: { id, personId, gallery, embedding, thumbnail, source, pose, createdAt }
 *                                                                 by-person, by-gallery
 *            thumbnail: { bytes: ArrayBuffer, type } or null; a Blob in rows written before thumbnails
 *            were stored as bytes (read as they are, no migration: see thumbnails.ts)
 *   meta:    'generation' → number, incremented by every gallery write                  (version 2)
 *   searchChunks: { gallery, chunk, chunks, generation, people, embeddings }  key [gallery, chunk]
 *            a gallery's search rows in a few large records, valid while their generation is current
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ThumbnailType } from '../core/formats/sampleRules.ts';
import type { GalleryKind, PersonInfo, StoredSample } from './types.ts';

export const DB_NAME = 'faceprint';
/** The schema version; `upgradeSchema` below has one step per version. */
export const DB_VERSION = 2;

/** A row of the people store. */
export interface PersonRow extends PersonInfo {
  /** name.trim().toLowerCase(): names are unique per gallery, ignoring case. */
  readonly nameKey: string;
}

/** A thumbnail as every write stores it: the image file's bytes and type (WebKit stores no Blob in some sessions). */
export interface ThumbnailBytes {
  readonly bytes: ArrayBuffer;
  readonly type: ThumbnailType;
}

/** A row's thumbnail: ThumbnailBytes, null, or a Blob in rows written before thumbnails were stored as bytes. */
export type StoredThumbnail = ThumbnailBytes | Blob | null;

/** A row of the samples store (callers get StoredSample, with the thumbnail as a Blob: rows.ts). */
export interface SampleRow extends Omit<StoredSample, 'thumbnail'> {
  readonly thumbnail: StoredThumbnail;
}

/**
 * Part of a search snapshot: whole people, in indexRows order, with their embeddings back to back.
 * Valid while `generation` equals the stored generation (no write since it was taken).
 */
export interface SearchChunk {
  readonly gallery: GalleryKind;
  readonly chunk: number;
  /** Chunks in this snapshot (the same in each). */
  readonly chunks: number;
  readonly generation: number;
  readonly people: readonly { readonly id: string; readonly name: string; readonly sampleIds: readonly string[] }[];
  /** [samples of these people, 512] */
  readonly embeddings: Float32Array;
}

export interface FaceprintSchema extends DBSchema {
  people: {
    key: string;
    value: PersonRow;
    indexes: { 'by-gallery': GalleryKind; 'by-gallery-name': [GalleryKind, string] };
  };
  samples: {
    key: string;
    value: SampleRow;
    indexes: { 'by-person': string; 'by-gallery': GalleryKind };
  };
  /** GENERATION → a counter every gallery write increments (what a search snapshot is valid for). */
  meta: {
    key: string;
    value: number;
  };
  /** A gallery's search rows (indexRows) as a few large records, read at start-up instead of every sample. */
  searchChunks: {
    key: [GalleryKind, number];
    value: SearchChunk;
  };
}

/** The meta key of the write counter. */
export const GENERATION = 'generation';

export type Db = IDBPDatabase<FaceprintSchema>;
/** The stores a gallery read or write covers (searchChunks has its own transactions). */
export type GalleryStores = ['people', 'samples', 'meta'];
export const GALLERY_STORES: GalleryStores = ['people', 'samples', 'meta'];
export type ReadTx = IDBPTransaction<FaceprintSchema, GalleryStores, 'readonly'>;
export type WriteTx = IDBPTransaction<FaceprintSchema, GalleryStores, 'readwrite'>;
type UpgradeTx = IDBPTransaction<FaceprintSchema, StoreNames<FaceprintSchema>[], 'versionchange'>;

/**
 * Schema migrations (idb's `upgrade`), one step per version, run in order from the stored version. A
 * shipped step is never edited: a change is a new `if (oldVersion < N)` step and DB_VERSION = N.
 */
export function upgradeSchema(db: Db, oldVersion: number, _newVersion: number | null, tx: UpgradeTx): void {
  // An aborted upgrade fails the open, which says why; the transaction's own `done` would go unhandled.
  tx.done.catch(() => undefined);
  if (oldVersion < 1) {
    const people = db.createObjectStore('people', { keyPath: 'id' });
    people.createIndex('by-gallery', 'gallery');
    people.createIndex('by-gallery-name', ['gallery', 'nameKey'], { unique: true });
    const samples = db.createObjectStore('samples', { keyPath: 'id' });
    samples.createIndex('by-person', 'personId');
    samples.createIndex('by-gallery', 'gallery');
  }
  if (oldVersion < 2) {
    db.createObjectStore('meta');
    db.createObjectStore('searchChunks', { keyPath: ['gallery', 'chunk'] });
  }
}
