/**
 * Thumbnails in the gallery store (src/storage/thumbnails.ts), against fake-indexeddb with a fresh
 * in-memory factory per test: every write stores them as bytes and a type, never a Blob (which WebKit
 * refuses in its ephemeral sessions), and rows stored before, with a Blob, still read, export, back up
 * and undo.
 */
// idb recognises requests and transactions with `instanceof IDBRequest` etc., so those classes must be globals.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBackup, serializeBackup } from '../src/core/formats/backupFile.ts';
import { serializeGallery, type Gallery } from '../src/core/formats/galleryFile.ts';
import { openGalleryDb, type GalleryDb, type NewSample } from '../src/storage/index.ts';
import type { SampleRow } from '../src/storage/schema.ts';
import { enrollMany } from '../testkit/storage.ts';
import { randomUnitVector as unitEmbedding } from '../testkit/syntheticGallery.ts';

/** Image-framed bytes that differ per seed: the store treats them as opaque. */
const jpegBytes = (seed: number): number[] => [0xff, 0xd8, 0xff, 0xe0, seed & 0xff, 0x42, 0, 255, 0xff, 0xd9];
const pngBytes = (seed: number): number[] => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, seed & 0xff];
const jpeg = (seed: number): Blob => new Blob([Uint8Array.from(jpegBytes(seed))], { type: 'image/jpeg' });
const png = (seed: number): Blob => new Blob([Uint8Array.from(pngBytes(seed))], { type: 'image/png' });
const dataUrl = (type: string, bytes: number[]): string => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

const sample = (seed: number, thumbnail: Blob | null = jpeg(seed)): NewSample => ({
  embedding: unitEmbedding(seed),
  thumbnail,
  source: `photo-${seed}.jpg`,
  pose: null,
});

/** A thumbnail Blob as comparable data; null for none. */
const blobData = async (b: Blob | null | undefined): Promise<{ type: string; bytes: number[] } | null> =>
  b ? { type: b.type, bytes: Array.from(new Uint8Array(await b.arrayBuffer())) } : null;

/** Every row's thumbnail as stored: 'blob', null, or its bytes and type. */
async function storedThumbnails(target: GalleryDb): Promise<Map<string, unknown>> {
  const rows = await target.connection.read((tx) => tx.objectStore('samples').getAll());
  return new Map(
    rows.map((row): [string, unknown] => {
      const t = row.thumbnail;
      if (t === null) return [row.id, null];
      if (t instanceof Blob) return [row.id, 'blob'];
      return [row.id, { bytesAreArrayBuffer: t.bytes instanceof ArrayBuffer, type: t.type, bytes: Array.from(new Uint8Array(t.bytes)) }];
    }),
  );
}

/**
 * Makes the store refuse a Blob as WebKit does in Safari's private windows and in automation sessions
 * (its own message, from the request that carries the Blob).
 */
function refuseBlobsLikeWebKit(): void {
  for (const method of ['add', 'put'] as const) {
    const original = IDBObjectStore.prototype[method];
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
      const [value] = args;
      if (typeof value === 'object' && value !== null && 'thumbnail' in value && value.thumbnail instanceof Blob) {
        throw new DOMException('Error preparing Blob/File data to be stored in object store', 'UnknownError');
      }
      return original.apply(this, args);
    });
  }
}

/** A person and samples written as the store wrote them before thumbnails were bytes: the Blob itself. */
async function writeOldStyleRows(target: GalleryDb, thumbnails: readonly (Blob | null)[]): Promise<string[]> {
  const createdAt = '2025-06-01T00:00:00.000Z';
  const ids = thumbnails.map((_, i) => `old-sample-${i}`);
  await target.connection.write(async (tx) => {
    await tx.objectStore('people').add({ id: 'old-person', gallery: 'people', name: 'Old Timer', nameKey: 'old timer', createdAt });
    const store = tx.objectStore('samples');
    await Promise.all(
      thumbnails.map((thumbnail, i) => {
        const row: SampleRow = {
          id: ids[i] ?? '',
          personId: 'old-person',
          gallery: 'people',
          embedding: unitEmbedding(100 + i),
          thumbnail,
          source: `old-${i}.jpg`,
          pose: null,
          createdAt,
        };
        return store.add(row);
      }),
    );
  });
  return ids;
}

let factory: IDBFactory;
let db: GalleryDb;

beforeEach(async () => {
  factory = new IDBFactory();
  vi.stubGlobal('indexedDB', factory);
  db = await openGalleryDb();
});

afterEach(() => {
  db.close();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('thumbnails stored as bytes', () => {
  it('a sample written as bytes reads back as the same bytes and type', async () => {
    const person = await db.enroll('people', 'Grace', [sample(7)]);
    expect(await blobData(person.thumbnail)).toEqual({ type: 'image/jpeg', bytes: jpegBytes(7) });
    await db.enroll('people', 'Grace', [sample(8, png(8)), sample(9, null)]);

    const views = await db.listSamples(person.id);
    expect(await Promise.all(views.map((v) => blobData(v.thumbnail)))).toEqual(
      expect.arrayContaining([{ type: 'image/jpeg', bytes: jpegBytes(7) }, { type: 'image/png', bytes: pngBytes(8) }, null]),
    );
    for (const v of views) if (v.thumbnail) expect(v.thumbnail).toBeInstanceOf(Blob);

    const map = await db.thumbnails(views.map((v) => v.id));
    expect(await Promise.all(views.map(async (v) => blobData(map.get(v.id))))).toEqual(
      await Promise.all(views.map((v) => blobData(v.thumbnail))),
    );

    // In the store itself: an ArrayBuffer and its type, no Blob.
    const stored = await storedThumbnails(db);
    expect([...stored.values()]).toEqual(
      expect.arrayContaining([
        { bytesAreArrayBuffer: true, type: 'image/jpeg', bytes: jpegBytes(7) },
        { bytesAreArrayBuffer: true, type: 'image/png', bytes: pngBytes(8) },
        null,
      ]),
    );
  });

  it('every write works where the browser refuses Blobs (WebKit private windows and automation)', async () => {
    refuseBlobsLikeWebKit();
    const ada = await db.enroll('people', 'Ada', [sample(1), sample(2)]);
    const bob = await db.enroll('people', 'Bob', [sample(3)]);
    const [first] = await db.listSamples(ada.id);

    const moved = await db.moveSample(first!.id, bob.id);
    await db.restore(moved);
    const merged = await db.merge(bob.id, ada.id);
    await db.restore(merged);
    const deleted = await db.deletePerson(ada.id);
    await db.restore(deleted);
    const oneSample = await db.deleteSample(first!.id);
    await db.restore(oneSample);

    const file: Gallery = {
      createdAt: '',
      people: [
        {
          id: 'file-person',
          name: 'From A File',
          createdAt: '2026-01-01T00:00:00.000Z',
          samples: [
            {
              id: 'file-sample',
              embedding: unitEmbedding(20),
              source: 'f.jpg',
              createdAt: '2026-01-01T00:00:00.000Z',
              pose: null,
              thumbnail: dataUrl('image/webp', [1, 2, 3]),
            },
          ],
        },
      ],
    };
    expect(await db.importGallery('people', file)).toMatchObject({ added: 1, samples: 1 });
    expect(await enrollMany(db, 'celebrities', [{ name: 'Star', samples: [sample(30)] }])).toEqual({ added: 1, samples: 1 });

    expect((await db.listPeople('people')).map((p) => [p.name, p.sampleCount])).toEqual([
      ['Ada', 2],
      ['Bob', 1],
      ['From A File', 1],
    ]);
    const stored = await storedThumbnails(db);
    expect(stored.size).toBe(5);
    expect(stored.get('file-sample')).toEqual({ bytesAreArrayBuffer: true, type: 'image/webp', bytes: [1, 2, 3] });
    for (const t of stored.values()) expect(t).toMatchObject({ bytesAreArrayBuffer: true });
  });
});

describe('rows stored with a Blob thumbnail (before thumbnails were bytes)', () => {
  it('still read in lists, samples and thumbnails', async () => {
    const [a, b] = await writeOldStyleRows(db, [jpeg(11), null]);
    const [person] = await db.listPeople('people');
    expect(person).toMatchObject({ name: 'Old Timer', sampleCount: 2 });
    expect(await blobData(person?.thumbnail)).toEqual({ type: 'image/jpeg', bytes: jpegBytes(11) });
    const views = await db.listSamples('old-person');
    expect(await Promise.all(views.map((v) => blobData(v.thumbnail)))).toEqual([{ type: 'image/jpeg', bytes: jpegBytes(11) }, null]);
    const map = await db.thumbnails([a!, b!]);
    expect(await blobData(map.get(a!))).toEqual({ type: 'image/jpeg', bytes: jpegBytes(11) });
    expect(map.get(b!)).toBeNull();
  });

  it('export and back up with their thumbnails, and a restore of the backup stores bytes', async () => {
    await writeOldStyleRows(db, [jpeg(12), png(13)]);
    const exported = await db.exportGallery('people');
    expect(exported.people[0]?.samples.map((s) => s.thumbnail)).toEqual([
      dataUrl('image/jpeg', jpegBytes(12)),
      dataUrl('image/png', pngBytes(13)),
    ]);

    const backup = serializeBackup(
      { people: serializeGallery(exported), celebrities: serializeGallery(await db.exportGallery('celebrities')) },
      { threshold: 0.4 },
    );
    const parsed = parseBackup(backup);
    const other = await openGalleryDb({ name: 'faceprint-restored' });
    try {
      refuseBlobsLikeWebKit();
      expect(await other.importGallery('people', parsed.galleries.people)).toMatchObject({ added: 1, samples: 2 });
      const views = await other.listSamples('old-person');
      expect(await Promise.all(views.map((v) => blobData(v.thumbnail)))).toEqual([
        { type: 'image/jpeg', bytes: jpegBytes(12) },
        { type: 'image/png', bytes: pngBytes(13) },
      ]);
      for (const t of (await storedThumbnails(other)).values()) expect(t).toMatchObject({ bytesAreArrayBuffer: true });
    } finally {
      other.close();
    }
  });

  it('move, merge and delete with undo keep the thumbnail; an undone delete stores it as bytes', async () => {
    const [oldId] = await writeOldStyleRows(db, [jpeg(14)]);
    const ada = await db.enroll('people', 'Ada', [sample(1)]);

    const moved = await db.moveSample(oldId!, ada.id);
    expect(await blobData(moved.samples[0]?.thumbnail)).toEqual({ type: 'image/jpeg', bytes: jpegBytes(14) });
    await db.restore(moved);
    const merged = await db.merge('old-person', ada.id);
    expect(await blobData((await db.thumbnails([oldId!])).get(oldId!))).toEqual({ type: 'image/jpeg', bytes: jpegBytes(14) });
    await db.restore(merged);

    const deleted = await db.deletePerson('old-person');
    expect(deleted.samples[0]?.thumbnail).toBeInstanceOf(Blob);
    await db.restore(deleted);
    const [view] = await db.listSamples('old-person');
    expect(await blobData(view?.thumbnail)).toEqual({ type: 'image/jpeg', bytes: jpegBytes(14) });
    expect((await storedThumbnails(db)).get(oldId!)).toEqual({ bytesAreArrayBuffer: true, type: 'image/jpeg', bytes: jpegBytes(14) });
  });
});
