/**
 * The gallery's IndexedDB: the one module that knows its schema and migrations. Two galleries
 * ('people' and 'celebrities') share one database; every query is scoped to one of them.
 *
 *   people:  { id, gallery, name, nameKey, createdAt }           by-gallery, by-gallery-name (unique)
 *   samples: { id, personId, gallery, embedding, thumbnail, source, pose, createdAt }
 *                                                                 by-person, by-gallery
 *   meta:    'generation' → number, incremented by every gallery write                  (version 2)
 *   searchChunks: { gallery, chunk, chunks, generation, people, embeddings }  key [gallery, chunk]
 *            a gallery's search rows in a few large records, valid while their generation is current
 *
 * Runs in the inference worker (and in Node tests). Every write is one readwrite transaction that
 * is aborted on any failure, so a write lands whole or not at all. Nothing but IndexedDB requests is
 * awaited while a transaction is open: a transaction commits as soon as the event loop finds it with
 * no pending request, so blob ↔ data URL conversions happen before or after it.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { EMBEDDING_SIZE } from '../core/embed.ts';
import { base64ToBytes, bytesToBase64, newId, type Gallery, type GalleryRecord, type GallerySample } from '../core/galleryFile.ts';
import type { HeadPose } from '../core/pose.ts';

export type GalleryKind = 'people' | 'celebrities';
export const GALLERY_KINDS: readonly GalleryKind[] = ['people', 'celebrities'];

export const DB_NAME = 'faceprint';
/** The schema version; `upgrade` below has one step per version. */
export const DB_VERSION = 2;

/** Same limits as the gallery file format (core/galleryFile.ts), so an export always imports. */
const MAX_NAME_LENGTH = 200;
const UNIT_TOLERANCE = 1e-3;
const THUMBNAIL_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];
const THUMBNAIL_DATA_URL = /^data:(image\/(?:jpeg|png|webp));base64,/;

export interface NewSample {
  /** Unit length, EMBEDDING_SIZE values. */
  readonly embedding: Float32Array;
  /** JPEG of the aligned 112×112 face. */
  readonly thumbnail: Blob | null;
  /** File name, or 'webcam'. */
  readonly source: string;
  readonly pose: HeadPose | null;
}

export interface PersonSummary {
  readonly id: string;
  readonly gallery: GalleryKind;
  readonly name: string;
  readonly createdAt: string;
  readonly sampleCount: number;
  /** The oldest sample's thumbnail among those that have one. */
  readonly thumbnail: Blob | null;
}

export interface SampleView {
  readonly id: string;
  readonly personId: string;
  readonly source: string;
  readonly pose: HeadPose | null;
  readonly createdAt: string;
  readonly thumbnail: Blob | null;
}

/** A row of the samples store. */
export interface StoredSample extends SampleView {
  readonly gallery: GalleryKind;
  readonly embedding: Float32Array;
}

export interface PersonInfo {
  readonly id: string;
  readonly gallery: GalleryKind;
  readonly name: string;
  readonly createdAt: string;
}

/** What a delete removed, for undo (`restore`). */
export interface PersonRecord {
  readonly person: PersonInfo;
  readonly samples: readonly StoredSample[];
}

export interface ImportSummary {
  /** People in the file. */
  readonly people: number;
  /** New people created. */
  readonly added: number;
  /** File people whose new samples went to an existing person of the same name. */
  readonly merged: number;
  /** Samples written (samples already in the gallery are skipped). */
  readonly samples: number;
}

/** One searchable person: the worker builds its matrix from these. */
export interface IndexRow {
  readonly id: string;
  readonly name: string;
  readonly sampleIds: string[];
  readonly embeddings: Float32Array[];
}

/** A refused gallery operation; the message is meant for the user. */
export class GalleryStoreError extends Error {
  override readonly name = 'GalleryStoreError';
}

/** A row of the people store. */
interface PersonRow extends PersonInfo {
  /** name.trim().toLowerCase(): names are unique per gallery, ignoring case. */
  readonly nameKey: string;
}

export interface FaceprintSchema extends DBSchema {
  people: {
    key: string;
    value: PersonRow;
    indexes: { 'by-gallery': GalleryKind; 'by-gallery-name': [GalleryKind, string] };
  };
  samples: {
    key: string;
    value: StoredSample;
    indexes: { 'by-person': string; 'by-gallery': GalleryKind };
  };
  /** 'generation' → a counter every gallery write increments (what a search snapshot is valid for). */
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

/**
 * Part of a search snapshot: whole people, in indexRows order, with their embeddings back to back.
 * Valid while `generation` equals the stored generation (no write since it was taken).
 */
interface SearchChunk {
  readonly gallery: GalleryKind;
  readonly chunk: number;
  /** Chunks in this snapshot (the same in each). */
  readonly chunks: number;
  readonly generation: number;
  readonly people: readonly { readonly id: string; readonly name: string; readonly sampleIds: readonly string[] }[];
  /** [samples of these people, 512] */
  readonly embeddings: Float32Array;
}

/** Samples per snapshot chunk: 16 384 × 2 KiB = 32 MiB records. */
const SNAPSHOT_CHUNK_SAMPLES = 16384;
const GENERATION = 'generation';

type Stores = ['people', 'samples', 'meta'];
type Db = IDBPDatabase<FaceprintSchema>;
type ReadTx = IDBPTransaction<FaceprintSchema, Stores, 'readonly'>;
type WriteTx = IDBPTransaction<FaceprintSchema, Stores, 'readwrite'>;
type UpgradeTx = IDBPTransaction<FaceprintSchema, StoreNames<FaceprintSchema>[], 'versionchange'>;
const STORES: Stores = ['people', 'samples', 'meta'];

/**
 * Schema migrations, one step per version, run in order from the stored version. A shipped step is
 * never edited: a change is a new `if (oldVersion < N)` step and DB_VERSION = N.
 */
function upgrade(db: Db, oldVersion: number, _newVersion: number | null, _tx: UpgradeTx): void {
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

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';

/** What the user is told when the browser gives this page no IndexedDB (private modes, blocked site data). */
export const STORAGE_UNAVAILABLE =
  'This browser is not letting Faceprint store anything (a private window, or site data blocked in its settings), so the galleries cannot be used here. Open Faceprint in a normal window, or allow site data for this page.';

/** What the user is told when a tab running an older Faceprint keeps the database from being upgraded. */
export const OLDER_TAB_BLOCKS =
  'Faceprint is open in another tab that still uses the old gallery format: close or reload that tab, then reload this page.';

/** What the user is told when a write does not fit in the browser's storage quota. */
export const STORAGE_FULL =
  'The browser has no room left to store this (its storage quota is used up), so nothing was saved. Free some disk space, or delete people or celebrities you no longer need, and try again.';

/** A storage failure as the user should read it; other errors as they are. */
function storageError(error: unknown, tx?: { readonly error: DOMException | null }): unknown {
  if (error instanceof GalleryStoreError) return error;
  const name = errorName(error);
  const txName = tx?.error?.name ?? '';
  // A quota failure at commit aborts the transaction: the request then fails with an AbortError.
  if (name === 'QuotaExceededError' || txName === 'QuotaExceededError') return new GalleryStoreError(STORAGE_FULL, { cause: error });
  return error;
}

interface OpenOptions {
  readonly name?: string;
  /** Defaults to the global indexedDB; tests pass a fresh fake one. */
  readonly factory?: IDBFactory;
}

/** The browser's IndexedDB, or a GalleryStoreError saying it is unavailable. */
function idbFactory(options: OpenOptions): IDBFactory {
  let factory: IDBFactory | undefined;
  try {
    factory = options.factory ?? (globalThis.indexedDB as IDBFactory | undefined);
  } catch (error) {
    // Some browsers throw a SecurityError on merely reading `indexedDB` when storage is blocked.
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  if (!factory) throw new GalleryStoreError(STORAGE_UNAVAILABLE);
  return factory;
}

/**
 * Opens (creating or upgrading) the gallery database. idb's openDB always uses the global
 * indexedDB, hence the open by hand.
 */
export async function openGalleryDb(options: OpenOptions = {}): Promise<GalleryDb> {
  const factory = idbFactory(options);
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(options.name ?? DB_NAME, DB_VERSION);
  } catch (error) {
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  request.addEventListener('upgradeneeded', (event) => {
    const tx = request.transaction;
    if (!tx) throw new Error('upgradeneeded without a versionchange transaction');
    // wrap() is idb's untyped entry point; the schema is the one `upgrade` creates.
    const upgradeTx = wrap(tx) as unknown as UpgradeTx;
    // An aborted upgrade fails the open request, which is handled below; its `done` would go unhandled.
    upgradeTx.done.catch(() => undefined);
    upgrade(wrap(request.result) as unknown as Db, event.oldVersion, event.newVersion, upgradeTx);
  });
  // `blocked`: another tab holds the database open at an older version and does not let go (an old
  // build without a versionchange handler). Say so instead of waiting without a word; the open goes
  // on in the background and its late connection is closed, so the next call opens it afresh.
  const opening = wrap(request);
  const blocked = new Promise<never>((_, reject) => {
    request.addEventListener('blocked', () => {
      opening.then((late) => late?.close(), () => undefined);
      reject(new GalleryStoreError(OLDER_TAB_BLOCKS));
    });
  });
  let db: IDBPDatabase | undefined;
  try {
    db = await Promise.race([opening, blocked]);
  } catch (error) {
    if (error instanceof GalleryStoreError) throw error;
    if (errorName(error) === 'VersionError') {
      throw new GalleryStoreError('The gallery was saved by a newer version of Faceprint: reload the page to update.', { cause: error });
    }
    if (errorName(error) === 'QuotaExceededError') throw storageError(error);
    // Firefox's private mode fails the open with InvalidStateError; others say UnknownError or SecurityError.
    throw new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error });
  }
  if (!db) throw new Error('IndexedDB open returned no database');
  return new GalleryDb(db as unknown as Db);
}

/**
 * Deletes the whole gallery database (both galleries). Other tabs' connections close themselves
 * (their `versionchange` handler); `onBlocked` is called if one does not, and the delete then waits
 * until it is closed.
 */
export async function deleteGalleryDb(options: OpenOptions & { readonly onBlocked?: () => void } = {}): Promise<void> {
  const factory = idbFactory(options);
  await new Promise<void>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.deleteDatabase(options.name ?? DB_NAME);
    } catch (error) {
      reject(new GalleryStoreError(STORAGE_UNAVAILABLE, { cause: error }));
      return;
    }
    request.addEventListener('success', () => resolve());
    request.addEventListener('error', () => reject(request.error ?? new Error('the gallery database could not be deleted')));
    request.addEventListener('blocked', () => options.onBlocked?.());
  });
}

// ---------------------------------------------------------------------------------------------
// Validation (before any transaction opens)

function checkGallery(gallery: GalleryKind): void {
  if (!GALLERY_KINDS.includes(gallery)) throw new GalleryStoreError(`Unknown gallery ${JSON.stringify(gallery)}.`);
}

function cleanName(name: string): { name: string; nameKey: string } {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed) throw new GalleryStoreError('Enter a name.');
  if (trimmed.length > MAX_NAME_LENGTH) throw new GalleryStoreError(`A name can have at most ${MAX_NAME_LENGTH} characters.`);
  return { name: trimmed, nameKey: trimmed.toLowerCase() };
}

/** Returns a copy with its own 2 KiB buffer: a view into a larger buffer would be stored whole. */
function checkEmbedding(embedding: Float32Array, where: string): Float32Array {
  if (!(embedding instanceof Float32Array)) throw new GalleryStoreError(`${where}: the embedding is not a Float32Array.`);
  if (embedding.length !== EMBEDDING_SIZE) {
    throw new GalleryStoreError(`${where}: the embedding has ${embedding.length} values, expected ${EMBEDDING_SIZE}.`);
  }
  let norm = 0;
  for (const x of embedding) {
    if (!Number.isFinite(x)) throw new GalleryStoreError(`${where}: the embedding contains NaN or infinity.`);
    norm += x * x;
  }
  if (Math.abs(Math.sqrt(norm) - 1) > UNIT_TOLERANCE) throw new GalleryStoreError(`${where}: the embedding is not unit length.`);
  return new Float32Array(embedding);
}

function checkPose(pose: HeadPose | null, where: string): HeadPose | null {
  if (pose === null) return null;
  const { yaw, pitch, roll } = pose;
  if (![yaw, pitch, roll].every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new GalleryStoreError(`${where}: the head pose is not three finite angles.`);
  }
  return { yaw, pitch, roll };
}

/** Only types the gallery file accepts, so every stored thumbnail can be exported. */
function checkThumbnail(thumbnail: Blob | null, where: string): Blob | null {
  if (thumbnail === null) return null;
  if (!(thumbnail instanceof Blob) || !THUMBNAIL_TYPES.includes(thumbnail.type)) {
    throw new GalleryStoreError(`${where}: the thumbnail must be a JPEG, PNG or WebP image.`);
  }
  return thumbnail;
}

function checkText(value: string, what: string, where: string): string {
  if (typeof value !== 'string') throw new GalleryStoreError(`${where}: ${what} must be text.`);
  return value;
}

function checkId(id: string, where: string): string {
  if (typeof id !== 'string' || !id) throw new GalleryStoreError(`${where}: empty id.`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Thumbnails ↔ data URLs (the gallery file's form)

export async function blobToDataUrl(blob: Blob): Promise<string> {
  if (!THUMBNAIL_TYPES.includes(blob.type)) throw new GalleryStoreError(`A thumbnail of type "${blob.type}" cannot be exported.`);
  return `data:${blob.type};base64,${bytesToBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

export function dataUrlToBlob(url: string): Blob {
  const match = typeof url === 'string' ? THUMBNAIL_DATA_URL.exec(url) : null;
  const type = match?.[1];
  if (!match || !type) throw new GalleryStoreError('A thumbnail is not a JPEG, PNG or WebP data URL.');
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(url.slice(match[0].length));
  } catch {
    throw new GalleryStoreError('A thumbnail data URL is not valid base64.');
  }
  return new Blob([bytes], { type });
}

// ---------------------------------------------------------------------------------------------
// Helpers on rows

/** Oldest first; the id breaks ties (samples enrolled together share a timestamp) so order is stable. */
function bySampleAge(a: StoredSample, b: StoredSample): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byName(a: PersonInfo, b: PersonInfo): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'accent' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Samples by person, each list oldest first. */
function groupSamples(samples: readonly StoredSample[]): Map<string, StoredSample[]> {
  const groups = new Map<string, StoredSample[]>();
  for (const s of [...samples].sort(bySampleAge)) {
    const list = groups.get(s.personId);
    if (list) list.push(s);
    else groups.set(s.personId, [s]);
  }
  return groups;
}

function summarize(person: PersonInfo, samples: readonly StoredSample[]): PersonSummary {
  const sorted = [...samples].sort(bySampleAge);
  return {
    id: person.id,
    gallery: person.gallery,
    name: person.name,
    createdAt: person.createdAt,
    sampleCount: sorted.length,
    thumbnail: sorted.find((s) => s.thumbnail !== null)?.thumbnail ?? null,
  };
}

/** People with at least one sample, by name; samples oldest first. */
function toIndexRows(people: PersonRow[], samples: readonly StoredSample[]): IndexRow[] {
  const groups = groupSamples(samples);
  return people.sort(byName).flatMap((p) => {
    const own = groups.get(p.id) ?? [];
    if (own.length === 0) return [];
    return [{ id: p.id, name: p.name, sampleIds: own.map((s) => s.id), embeddings: own.map((s) => s.embedding) }];
  });
}

const personInfo = ({ id, gallery, name, createdAt }: PersonInfo): PersonInfo => ({ id, gallery, name, createdAt });

const sampleView = ({ id, personId, source, pose, createdAt, thumbnail }: StoredSample): SampleView => ({
  id,
  personId,
  source,
  pose,
  createdAt,
  thumbnail,
});

async function getPerson(tx: WriteTx, personId: string): Promise<PersonRow> {
  const person = await tx.objectStore('people').get(personId);
  if (!person) throw new GalleryStoreError('That person is no longer in the gallery.');
  return person;
}

async function samplesOf(tx: WriteTx, personId: string): Promise<StoredSample[]> {
  return (await tx.objectStore('samples').index('by-person').getAll(personId)).sort(bySampleAge);
}

// ---------------------------------------------------------------------------------------------

export class GalleryDb {
  readonly #db: Db;
  #closedBecause: string | null = null;

  constructor(db: Db) {
    this.#db = db;
    // Another tab is deleting the database or opening a newer schema: close so it is not blocked, and
    // say why later calls fail.
    db.addEventListener('versionchange', (event) => {
      db.close();
      this.#closedBecause =
        event.newVersion === null ? 'The galleries were deleted in another tab: reload this page.' : 'Faceprint was updated in another tab: reload this page.';
    });
    // The browser dropped the connection (storage cleared, disk error).
    db.addEventListener('close', () => {
      this.#closedBecause = 'The gallery storage was closed by the browser: reload this page.';
    });
  }

  close(): void {
    if (this.#closedBecause === null) this.#closedBecause = 'The gallery database is closed.';
    this.#db.close();
  }

  /** Closed by `close`, by another tab (deleting or upgrading the database) or by the browser. */
  get closed(): boolean {
    return this.#closedBecause !== null;
  }

  #open(): Db {
    if (this.#closedBecause !== null) throw new GalleryStoreError(this.#closedBecause);
    return this.#db;
  }

  /** A readonly transaction over people, samples and meta; `tx.done` is awaited so an abort is never unhandled. */
  async #read<T>(work: (tx: ReadTx) => Promise<T>): Promise<T> {
    const tx = this.#open().transaction(STORES, 'readonly');
    const [result] = await Promise.all([work(tx), tx.done]);
    return result;
  }

  /**
   * A readwrite transaction over people, samples and meta (whose generation it increments), aborted if `work` throws so nothing of it lands. A full
   * disk (QuotaExceededError, from a request or at commit) becomes a GalleryStoreError that says so.
   */
  async #write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const tx = this.#open().transaction(STORES, 'readwrite');
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

  /** Sorted by name, ignoring case. */
  async listPeople(gallery: GalleryKind): Promise<PersonSummary[]> {
    checkGallery(gallery);
    const [people, samples] = await this.#read((tx) =>
      Promise.all([tx.objectStore('people').index('by-gallery').getAll(gallery), tx.objectStore('samples').index('by-gallery').getAll(gallery)]),
    );
    const groups = groupSamples(samples);
    return people.sort(byName).map((p) => summarize(p, groups.get(p.id) ?? []));
  }

  /** Samples in the gallery (a count: nothing is read). */
  async countSamples(gallery: GalleryKind): Promise<number> {
    checkGallery(gallery);
    return this.#read((tx) => tx.objectStore('samples').index('by-gallery').count(gallery));
  }

  /** Which gallery a person belongs to; null when there is no such person. */
  async galleryOf(personId: string): Promise<GalleryKind | null> {
    const person = await this.#read((tx) => tx.objectStore('people').get(personId));
    return person?.gallery ?? null;
  }

  /** Oldest first. */
  async listSamples(personId: string): Promise<SampleView[]> {
    const samples = await this.#read((tx) => tx.objectStore('samples').index('by-person').getAll(personId));
    return samples.sort(bySampleAge).map(sampleView);
  }

  /** People with at least one sample, by name; samples oldest first. */
  async indexRows(gallery: GalleryKind): Promise<IndexRow[]> {
    checkGallery(gallery);
    const [people, samples] = await this.#read((tx) =>
      Promise.all([tx.objectStore('people').index('by-gallery').getAll(gallery), tx.objectStore('samples').index('by-gallery').getAll(gallery)]),
    );
    return toIndexRows(people, samples);
  }

  /**
   * indexRows, read from the gallery's search snapshot when no write has happened since it was taken
   * (a few large records instead of one per sample: the start-up cost of a large gallery); otherwise
   * from the samples, after which the snapshot is rewritten. Rows share the snapshot's buffers.
   */
  async searchRows(gallery: GalleryKind): Promise<{ rows: IndexRow[]; fromSnapshot: boolean }> {
    checkGallery(gallery);
    const db = this.#open();
    const snapshot = await (async () => {
      const tx = db.transaction(['meta', 'searchChunks'], 'readonly');
      const read = async (): Promise<SearchChunk[] | null> => {
        const chunks = tx.objectStore('searchChunks');
        const [generation, first] = await Promise.all([tx.objectStore('meta').get(GENERATION), chunks.get([gallery, 0])]);
        if (!first || first.generation !== (generation ?? 0)) return null;
        const rest = await Promise.all(Array.from({ length: first.chunks - 1 }, (_, i) => chunks.get([gallery, i + 1])));
        const all = [first, ...rest];
        return all.every((c) => c?.generation === first.generation) ? (all as SearchChunk[]) : null;
      };
      const [found] = await Promise.all([read(), tx.done]);
      return found;
    })();
    if (snapshot) {
      const rows = snapshot.flatMap((chunk) => {
        let offset = 0;
        return chunk.people.map((p) => {
          const embeddings = p.sampleIds.map((_, s) => chunk.embeddings.subarray((offset + s) * EMBEDDING_SIZE, (offset + s + 1) * EMBEDDING_SIZE));
          offset += p.sampleIds.length;
          return { id: p.id, name: p.name, sampleIds: [...p.sampleIds], embeddings };
        });
      });
      return { rows, fromSnapshot: true };
    }
    const { rows, generation } = await this.#read(async (tx) => {
      // The generation in the same transaction as the rows: the snapshot is valid for exactly these.
      const [people, samples, gen] = await Promise.all([
        tx.objectStore('people').index('by-gallery').getAll(gallery),
        tx.objectStore('samples').index('by-gallery').getAll(gallery),
        tx.objectStore('meta').get(GENERATION),
      ]);
      return { rows: toIndexRows(people, samples), generation: gen ?? 0 };
    });
    await this.#saveSnapshot(gallery, rows, generation).catch(() => undefined); // only a cache: a full disk must not stop search
    return { rows, fromSnapshot: false };
  }

  /** Writes the rows as the gallery's snapshot, unless a write happened since they were read. */
  async #saveSnapshot(gallery: GalleryKind, rows: readonly IndexRow[], generation: number): Promise<void> {
    const chunks: SearchChunk[] = [];
    let people: IndexRow[] = [];
    let samples = 0;
    const flush = (): void => {
      const embeddings = new Float32Array(samples * EMBEDDING_SIZE); // [samples, 512]
      let row = 0;
      for (const p of people) for (const e of p.embeddings) embeddings.set(e, EMBEDDING_SIZE * row++);
      chunks.push({ gallery, chunk: chunks.length, chunks: 0, generation, people: people.map(({ id, name, sampleIds }) => ({ id, name, sampleIds })), embeddings });
      people = [];
      samples = 0;
    };
    for (const p of rows) {
      if (samples > 0 && samples + p.embeddings.length > SNAPSHOT_CHUNK_SAMPLES) flush();
      people.push(p);
      samples += p.embeddings.length;
    }
    if (samples > 0 || chunks.length === 0) flush();
    const tx = this.#open().transaction(['meta', 'searchChunks'], 'readwrite');
    try {
      if (((await tx.objectStore('meta').get(GENERATION)) ?? 0) !== generation) {
        tx.abort();
      } else {
        const store = tx.objectStore('searchChunks');
        await store.delete(IDBKeyRange.bound([gallery, 0], [gallery, Infinity]));
        await Promise.all(chunks.map((c) => store.put({ ...c, chunks: chunks.length })));
      }
    } catch {
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
    }
    await tx.done.catch(() => undefined);
  }

  /** Every asked id is a key; null when the sample has no thumbnail or is gone. */
  async thumbnails(sampleIds: readonly string[]): Promise<Map<string, Blob | null>> {
    const rows = await this.#read((tx) => Promise.all(sampleIds.map((id) => tx.objectStore('samples').get(id))));
    return new Map(sampleIds.map((id, i) => [id, rows[i]?.thumbnail ?? null]));
  }

  /** Adds the samples to the person of that name in the gallery (ignoring case), creating them if new. */
  async enroll(gallery: GalleryKind, name: string, samples: readonly NewSample[]): Promise<PersonSummary> {
    checkGallery(gallery);
    const clean = cleanName(name);
    if (samples.length === 0) throw new GalleryStoreError('No face to enroll.');
    const prepared = samples.map((s, i) => {
      const where = `Face ${i + 1}`;
      return {
        embedding: checkEmbedding(s.embedding, where),
        thumbnail: checkThumbnail(s.thumbnail, where),
        source: checkText(s.source, 'the source', where),
        pose: checkPose(s.pose, where),
      };
    });
    const createdAt = new Date().toISOString();
    return this.#write(async (tx) => {
      const people = tx.objectStore('people');
      let person = await people.index('by-gallery-name').get([gallery, clean.nameKey]);
      if (!person) {
        person = { id: newId(), gallery, ...clean, createdAt };
        await people.add(person);
      }
      const personId = person.id;
      const store = tx.objectStore('samples');
      await Promise.all(prepared.map((s) => store.add({ ...s, id: newId(), personId, gallery, createdAt })));
      return summarize(person, await samplesOf(tx, personId));
    });
  }

  /**
   * `enroll` for many people in one transaction (bulk loads: large imports, the gallery-scale
   * benchmark), all or nothing. Entries with the same name (ignoring case) are merged first; every
   * request is issued without waiting for the previous one, so IndexedDB can pipeline them.
   * Returns how many people were created and how many samples written.
   */
  async enrollMany(gallery: GalleryKind, entries: readonly { readonly name: string; readonly samples: readonly NewSample[] }[]): Promise<{ added: number; samples: number }> {
    checkGallery(gallery);
    const byName = new Map<string, { name: string; nameKey: string; samples: { embedding: Float32Array; thumbnail: Blob | null; source: string; pose: HeadPose | null }[] }>();
    entries.forEach((entry, i) => {
      const clean = cleanName(entry.name);
      if (entry.samples.length === 0) throw new GalleryStoreError(`${clean.name}: no face to enroll.`);
      const prepared = entry.samples.map((s, j) => {
        const where = `Person ${i + 1} (${clean.name}), face ${j + 1}`;
        return {
          embedding: checkEmbedding(s.embedding, where),
          thumbnail: checkThumbnail(s.thumbnail, where),
          source: checkText(s.source, 'the source', where),
          pose: checkPose(s.pose, where),
        };
      });
      const seen = byName.get(clean.nameKey);
      if (seen) seen.samples.push(...prepared);
      else byName.set(clean.nameKey, { ...clean, samples: prepared });
    });
    const createdAt = new Date().toISOString();
    return this.#write(async (tx) => {
      const people = tx.objectStore('people');
      const store = tx.objectStore('samples');
      const added = await Promise.all(
        [...byName.values()].map(async ({ name, nameKey, samples }) => {
          let person = await people.index('by-gallery-name').get([gallery, nameKey]);
          const created = !person;
          if (!person) {
            person = { id: newId(), gallery, name, nameKey, createdAt };
            await people.add(person);
          }
          const personId = person.id;
          await Promise.all(samples.map((s) => store.add({ ...s, id: newId(), personId, gallery, createdAt })));
          return created;
        }),
      );
      return { added: added.filter(Boolean).length, samples: [...byName.values()].reduce((n, e) => n + e.samples.length, 0) };
    });
  }

  /** A different case of the same name is fine; another person's name is refused (merge instead). */
  async rename(personId: string, name: string): Promise<void> {
    const clean = cleanName(name);
    await this.#write(async (tx) => {
      const person = await getPerson(tx, personId);
      const other = await tx.objectStore('people').index('by-gallery-name').get([person.gallery, clean.nameKey]);
      if (other && other.id !== person.id) {
        throw new GalleryStoreError(`"${other.name}" is already in this gallery: merge the two people instead.`);
      }
      await tx.objectStore('people').put({ ...person, ...clean });
    });
  }

  /** Moves every sample of `fromId` to `intoId` and deletes `fromId`; returns `fromId` as it was, for undo (`restore`). */
  async merge(fromId: string, intoId: string): Promise<PersonRecord> {
    if (fromId === intoId) throw new GalleryStoreError('A person cannot be merged into themselves.');
    return this.#write(async (tx) => {
      const [from, into] = await Promise.all([getPerson(tx, fromId), getPerson(tx, intoId)]);
      if (from.gallery !== into.gallery) throw new GalleryStoreError('Only people in the same gallery can be merged.');
      const store = tx.objectStore('samples');
      const moving = await samplesOf(tx, from.id);
      await Promise.all([...moving.map((s) => store.put({ ...s, personId: into.id })), tx.objectStore('people').delete(from.id)]);
      return { person: personInfo(from), samples: moving };
    });
  }

  /** Deletes the person and all their samples; returns them for undo. */
  async deletePerson(personId: string): Promise<PersonRecord> {
    return this.#write(async (tx) => {
      const person = await getPerson(tx, personId);
      const samples = await samplesOf(tx, personId);
      const store = tx.objectStore('samples');
      await Promise.all([...samples.map((s) => store.delete(s.id)), tx.objectStore('people').delete(personId)]);
      return { person: personInfo(person), samples };
    });
  }

  /** Deletes one sample, and the person with it when it was their last; returns both for undo. */
  async deleteSample(sampleId: string): Promise<PersonRecord> {
    return this.#write(async (tx) => {
      const store = tx.objectStore('samples');
      const sample = await store.get(sampleId);
      if (!sample) throw new GalleryStoreError('That sample is no longer in the gallery.');
      const person = await getPerson(tx, sample.personId);
      await store.delete(sampleId);
      // A person without samples cannot be recognised or shown; undo brings both back.
      if ((await store.index('by-person').count(person.id)) === 0) await tx.objectStore('people').delete(person.id);
      return { person: personInfo(person), samples: [sample] };
    });
  }

  /**
   * Undoes a delete or a merge: re-creates the person if missing (or, if someone else has taken the name
   * since, gives the samples to them), puts back samples that are missing and moves back those that a
   * merge gave to someone else in the gallery. Running it twice changes nothing.
   */
  async restore(record: PersonRecord): Promise<void> {
    const { gallery } = record.person;
    checkGallery(gallery);
    const clean = cleanName(record.person.name);
    const personIdIn = checkId(record.person.id, 'Undo');
    const personCreatedAt = checkText(record.person.createdAt, 'the date', 'Undo');
    const samples = record.samples.map((s, i) => {
      const where = `Undo, sample ${i + 1}`;
      return {
        id: checkId(s.id, where),
        embedding: checkEmbedding(s.embedding, where),
        thumbnail: checkThumbnail(s.thumbnail, where),
        source: checkText(s.source, 'the source', where),
        pose: checkPose(s.pose, where),
        createdAt: checkText(s.createdAt, 'the date', where),
      };
    });
    await this.#write(async (tx) => {
      const people = tx.objectStore('people');
      let person = await people.get(personIdIn);
      if (person && person.gallery !== gallery) throw new GalleryStoreError('Undo does not match the gallery any more.');
      person ??= await people.index('by-gallery-name').get([gallery, clean.nameKey]);
      if (!person) {
        person = { id: personIdIn, gallery, ...clean, createdAt: personCreatedAt };
        await people.add(person);
      }
      const personId = person.id;
      const store = tx.objectStore('samples');
      const present = await Promise.all(samples.map((s) => store.get(s.id)));
      await Promise.all(
        samples.map((s, i) => {
          const now = present[i];
          if (now === undefined) return store.add({ ...s, personId, gallery });
          return now.personId !== personId && now.gallery === gallery ? store.put({ ...now, personId }) : undefined;
        }),
      );
    });
  }

  /** Deletes every person and sample of the gallery. */
  async clear(gallery: GalleryKind): Promise<void> {
    checkGallery(gallery);
    await this.#write(async (tx) => {
      const people = tx.objectStore('people');
      const samples = tx.objectStore('samples');
      const [personIds, sampleIds] = await Promise.all([
        people.index('by-gallery').getAllKeys(gallery),
        samples.index('by-gallery').getAllKeys(gallery),
      ]);
      await Promise.all([...personIds.map((id) => people.delete(id)), ...sampleIds.map((id) => samples.delete(id))]);
    });
  }

  /** The gallery in the file format of core/galleryFile.ts: people by name, samples oldest first. */
  async exportGallery(gallery: GalleryKind): Promise<Gallery> {
    checkGallery(gallery);
    const [people, samples] = await this.#read((tx) =>
      Promise.all([tx.objectStore('people').index('by-gallery').getAll(gallery), tx.objectStore('samples').index('by-gallery').getAll(gallery)]),
    );
    // The transaction is over: reading blobs here cannot commit it early.
    const groups = groupSamples(samples);
    const records = await Promise.all(
      people.sort(byName).map(
        async (p): Promise<GalleryRecord> => ({
          id: p.id,
          name: p.name,
          createdAt: p.createdAt,
          samples: await Promise.all(
            (groups.get(p.id) ?? []).map(
              async (s): Promise<GallerySample> => ({
                id: s.id,
                embedding: s.embedding,
                source: s.source,
                createdAt: s.createdAt,
                pose: s.pose,
                ...(s.thumbnail ? { thumbnail: await blobToDataUrl(s.thumbnail) } : {}),
              }),
            ),
          ),
        }),
      ),
    );
    return { createdAt: new Date().toISOString(), people: records };
  }

  /**
   * Adds a parsed gallery file, all or nothing: everything is validated (and thumbnails decoded)
   * before the one transaction. A file person joins the same-named person (ignoring case) or is
   * created with their file id (a new id if that is taken). Samples already in this gallery (same id)
   * are skipped, so importing a file twice adds nothing; a person left with nothing new is not created.
   * Person and sample ids are kept where free, so an export imported elsewhere keeps its identities.
   */
  async importGallery(gallery: GalleryKind, parsed: Gallery): Promise<ImportSummary> {
    checkGallery(gallery);
    // parseGallery guarantees unique ids; a Gallery built in code might not, and a repeated id
    // would fail the transaction half-way with a ConstraintError instead of saying what is wrong.
    const seen = new Set<string>();
    const unique = (id: string, where: string): string => {
      if (seen.has(checkId(id, where))) throw new GalleryStoreError(`${where}: the id ${JSON.stringify(id)} appears twice in the file.`);
      seen.add(id);
      return id;
    };
    const prepared = parsed.people.map((p, i) => {
      const where = `Person ${i + 1}`;
      const clean = cleanName(p.name);
      return {
        id: unique(p.id, where),
        ...clean,
        createdAt: checkText(p.createdAt, 'the date', where),
        samples: p.samples.map((s, j) => {
          const sw = `${where} (${clean.name}), sample ${j + 1}`;
          let thumbnail: Blob | null = null;
          if (s.thumbnail !== undefined) {
            try {
              thumbnail = dataUrlToBlob(s.thumbnail);
            } catch (error) {
              throw error instanceof GalleryStoreError ? new GalleryStoreError(`${sw}: ${error.message}`) : error;
            }
          }
          return {
            id: unique(s.id, sw),
            embedding: checkEmbedding(s.embedding, sw),
            thumbnail,
            source: checkText(s.source, 'the source', sw),
            pose: checkPose(s.pose, sw),
            createdAt: checkText(s.createdAt, 'the date', sw),
          };
        }),
      };
    });
    return this.#write(async (tx) => {
      const people = tx.objectStore('people');
      const store = tx.objectStore('samples');
      let added = 0;
      let merged = 0;
      let written = 0;
      // One person at a time: a later file person may match one created earlier in this import.
      for (const p of prepared) {
        const fresh: typeof p.samples = [];
        for (const s of p.samples) {
          // A sample already in this gallery is skipped. One whose id the other gallery uses is stored
          // as `${gallery}:${id}`: derived, not random, so importing the file here again finds it.
          const row = await store.get(s.id);
          if (!row) {
            fresh.push(s);
            continue;
          }
          if (row.gallery === gallery) continue;
          const scoped = await store.get(`${gallery}:${s.id}`);
          if (scoped?.gallery === gallery) continue;
          fresh.push({ ...s, id: scoped ? newId() : `${gallery}:${s.id}` });
        }
        if (fresh.length === 0) continue;
        let person = await people.index('by-gallery-name').get([gallery, p.nameKey]);
        if (person) {
          merged++;
        } else {
          const idTaken = (await people.getKey(p.id)) !== undefined;
          person = { id: idTaken ? newId() : p.id, gallery, name: p.name, nameKey: p.nameKey, createdAt: p.createdAt };
          await people.add(person);
          added++;
        }
        const personId = person.id;
        await Promise.all(fresh.map((s) => store.add({ ...s, personId, gallery })));
        written += fresh.length;
      }
      return { people: prepared.length, added, merged, samples: written };
    });
  }
}
