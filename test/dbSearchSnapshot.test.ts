/**
 * The gallery store's bulk insert (enrollMany) and search snapshot (searchRows), against
 * fake-indexeddb with a fresh in-memory factory per test as the global `indexedDB`; and the version
 * 1 → 2 migration.
 */
// idb recognises requests and transactions with `instanceof IDBRequest` etc., so those classes must be globals.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syntheticIdentity } from '../testkit/syntheticGallery.ts';
import { GalleryStoreError, openGalleryDb, type GalleryDb, type IndexRow, type NewSample } from '../src/storage/index.ts';
import { countSamples, enrollMany, indexRows } from '../testkit/storage.ts';

const samplesOf = (i: number, n = 2): NewSample[] =>
  syntheticIdentity(5, i, n).samples.map((embedding) => ({ embedding, thumbnail: null, source: `s${i}`, pose: null }));

/** Rows as plain data, embeddings as exact bits. */
const plain = (rows: readonly IndexRow[]): unknown =>
  rows.map((r) => ({ ...r, embeddings: r.embeddings.map((e) => Array.from(new Uint32Array(Float32Array.from(e).buffer))) }));

let factory: IDBFactory;
let db: GalleryDb;

beforeEach(async () => {
  factory = new IDBFactory();
  vi.stubGlobal('indexedDB', factory);
  db = await openGalleryDb();
});

afterEach(() => {
  db.close();
  vi.unstubAllGlobals();
});

describe('enrollMany', () => {
  it('adds many people in one go, merging entries of one name and joining existing people', async () => {
    await db.enroll('people', 'Ada', samplesOf(0, 1));
    const result = await enrollMany(db, 'people', [
      { name: 'ada', samples: samplesOf(1, 2) },
      { name: 'Bob', samples: samplesOf(2, 3) },
      { name: 'BOB ', samples: samplesOf(3, 1) },
    ]);
    expect(result).toEqual({ added: 1, samples: 6 });
    expect(await countSamples(db, 'people')).toBe(7);
    expect(await countSamples(db, 'celebrities')).toBe(0);
    const people = await db.listPeople('people');
    expect(people.map((p) => [p.name, p.sampleCount])).toEqual([
      ['Ada', 3],
      ['Bob', 4],
    ]);
  });

  it('writes nothing when any entry is invalid', async () => {
    const bad = { embedding: new Float32Array(512), thumbnail: null, source: 'x', pose: null };
    await expect(
      enrollMany(db, 'people', [
        { name: 'Ann', samples: samplesOf(1) },
        { name: 'Zed', samples: [bad] },
      ]),
    ).rejects.toThrow(/Person 2 \(Zed\), face 1: the embedding is not unit length/);
    await expect(enrollMany(db, 'people', [{ name: 'Ann', samples: [] }])).rejects.toThrow(GalleryStoreError);
    expect(await db.listPeople('people')).toEqual([]);
  });
});

describe('search snapshot', () => {
  it('gives the same rows as indexRows, from the samples first and then from the snapshot', async () => {
    await enrollMany(
      db,
      'people',
      Array.from({ length: 40 }, (_, i) => ({ name: `person ${i}`, samples: samplesOf(i, 1 + (i % 3)) })),
    );
    const expected = plain(await indexRows(db, 'people'));
    const first = await db.searchRows('people');
    expect(first.fromSnapshot).toBe(false);
    expect(plain(first.rows)).toEqual(expected);
    const second = await db.searchRows('people');
    expect(second.fromSnapshot).toBe(true);
    expect(plain(second.rows)).toEqual(expected);
    // A reopened database (a new page load) still has it.
    db.close();
    db = await openGalleryDb();
    const reopened = await db.searchRows('people');
    expect(reopened.fromSnapshot).toBe(true);
    expect(plain(reopened.rows)).toEqual(expected);
  });

  it('is outdated by every kind of gallery write', async () => {
    const ada = await db.enroll('people', 'Ada', samplesOf(0));
    const bob = await db.enroll('people', 'Bob', samplesOf(1));
    const writes: [string, () => Promise<unknown>][] = [
      ['enroll', () => db.enroll('people', 'Cy', samplesOf(2))],
      ['enrollMany', () => enrollMany(db, 'people', [{ name: 'Dee', samples: samplesOf(3) }])],
      ['rename', () => db.rename(ada.id, 'Ada King')],
      ['merge', () => db.merge(bob.id, ada.id)],
      ['deleteSample', async () => db.deleteSample((await db.listSamples(ada.id))[0]!.id)],
      [
        'moveSample',
        async () => {
          const cy = (await db.listPeople('people')).find((p) => p.name === 'Cy')!;
          return db.moveSample((await db.listSamples(ada.id))[0]!.id, cy.id);
        },
      ],
      ['enroll in the other gallery', () => db.enroll('celebrities', 'Eve', samplesOf(4))],
      ['clear', () => db.clear('people')],
    ];
    for (const [what, write] of writes) {
      await db.searchRows('people');
      expect((await db.searchRows('people')).fromSnapshot, what).toBe(true);
      await write();
      const after = await db.searchRows('people');
      expect(after.fromSnapshot, what).toBe(false);
      expect(plain(after.rows), what).toEqual(plain(await indexRows(db, 'people')));
    }
    expect((await db.searchRows('people')).rows).toEqual([]);
  });

  it('keeps each gallery its own snapshot, split into chunks of whole people', async () => {
    // 3300 people × 5 = 16 500 samples: more than one 16 384-sample chunk.
    const entries = Array.from({ length: 3300 }, (_, i) => ({ name: `p${i}`, samples: samplesOf(i, 5) }));
    await enrollMany(db, 'celebrities', entries);
    await db.enroll('people', 'Solo', samplesOf(9999, 1));
    const expected = plain(await indexRows(db, 'celebrities'));
    await db.searchRows('celebrities');
    await db.searchRows('people');
    const celebrities = await db.searchRows('celebrities');
    expect(celebrities.fromSnapshot).toBe(true);
    expect(plain(celebrities.rows)).toEqual(expected);
    const people = await db.searchRows('people');
    expect(people.fromSnapshot).toBe(true);
    expect(people.rows.map((r) => r.name)).toEqual(['Solo']);
  }, 60_000);
});

describe('migration', () => {
  it('opens a version 1 database with its gallery intact', async () => {
    db.close();
    // A version 1 database as the first release created it, with one person and one sample.
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('v1', 1);
      request.onupgradeneeded = () => {
        const raw = request.result;
        const people = raw.createObjectStore('people', { keyPath: 'id' });
        people.createIndex('by-gallery', 'gallery');
        people.createIndex('by-gallery-name', ['gallery', 'nameKey'], { unique: true });
        const samples = raw.createObjectStore('samples', { keyPath: 'id' });
        samples.createIndex('by-person', 'personId');
        samples.createIndex('by-gallery', 'gallery');
        people.add({ id: 'p1', gallery: 'people', name: 'Ada', nameKey: 'ada', createdAt: '2026-01-01T00:00:00.000Z' });
        const [embedding] = samplesOf(1, 1).map((s) => s.embedding);
        samples.add({
          id: 's1',
          personId: 'p1',
          gallery: 'people',
          embedding,
          thumbnail: null,
          source: 'a.jpg',
          pose: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    db = await openGalleryDb({ name: 'v1' });
    expect((await db.listPeople('people')).map((p) => [p.name, p.sampleCount])).toEqual([['Ada', 1]]);
    const { rows, fromSnapshot } = await db.searchRows('people');
    expect(fromSnapshot).toBe(false);
    expect(rows.map((r) => r.sampleIds)).toEqual([['s1']]);
    await db.enroll('people', 'Ada', samplesOf(2, 1));
    expect((await db.listPeople('people'))[0]!.sampleCount).toBe(2);
  });
});
