/**
 * The gallery IndexedDB (src/storage) against fake-indexeddb, a fresh in-memory factory per test as
 * the global `indexedDB` (which idb's openDB and deleteDB use).
 */
// idb recognises requests and transactions with `instanceof IDBRequest` etc., so fake-indexeddb's
// classes must be globals too.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMBEDDING_SIZE } from '../src/core/pipeline/embed.ts';
import { parseGallery, serializeGallery, type Gallery, type GalleryRecord } from '../src/core/formats/galleryFile.ts';
import {
  DB_VERSION,
  deleteGalleryDb,
  GalleryDb,
  GalleryStoreError,
  OLDER_TAB_BLOCKS,
  openGalleryDb,
  STORAGE_FULL,
  STORAGE_UNAVAILABLE,
  type GalleryKind,
  type NewSample,
  type PersonSummary,
} from '../src/storage/index.ts';
import { dataUrlThumbnail, thumbnailBlob, thumbnailDataUrl } from '../src/storage/thumbnails.ts';
import { indexRows } from '../testkit/storage.ts';
// Any deterministic unit vector will do: the store keeps embeddings as opaque, exact bits.
import { randomUnitVector as unitEmbedding } from '../testkit/syntheticGallery.ts';

/** JPEG-framed bytes (SOI … EOI) that differ per seed: the store treats them as opaque. */
const jpeg = (seed: number): Blob =>
  new Blob([Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, seed & 0xff, (seed >> 8) & 0xff, 0x42, 0, 255, 0xff, 0xd9])], { type: 'image/jpeg' });

const sample = (seed: number, thumbnail = true): NewSample => ({
  embedding: unitEmbedding(seed),
  thumbnail: thumbnail ? jpeg(seed) : null,
  source: `photo-${seed}.jpg`,
  pose: { yaw: seed % 30, pitch: -3.5, roll: 0.25 },
});

const bits = (v: Float32Array): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
const blobBytes = async (b: Blob | null | undefined): Promise<number[] | null> =>
  b ? Array.from(new Uint8Array(await b.arrayBuffer())) : null;

const names = (people: readonly PersonSummary[]): string[] => people.map((p) => p.name);

/** Everything a gallery holds, in a comparable form (ids, order, embedding bits, thumbnail bytes). */
async function snapshot(db: GalleryDb, gallery: GalleryKind): Promise<unknown> {
  const people = await db.listPeople(gallery);
  return Promise.all(
    people.map(async (p) => ({
      ...p,
      thumbnail: await blobBytes(p.thumbnail),
      samples: await Promise.all((await db.listSamples(p.id)).map(async (s) => ({ ...s, thumbnail: await blobBytes(s.thumbnail) }))),
      embeddings: ((await indexRows(db, gallery)).find((r) => r.id === p.id)?.embeddings ?? []).map((e) => Array.from(bits(e))),
    })),
  );
}

let factory: IDBFactory;
let db: GalleryDb;
let clock = Date.parse('2026-03-01T10:00:00.000Z');
/** Moves the (faked) clock on, so samples enrolled in turn have distinct, ordered createdAt. */
const tick = (): void => {
  clock += 1000;
  vi.setSystemTime(clock);
};

beforeEach(async () => {
  // Only Date is faked: fake-indexeddb schedules its work on real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clock);
  factory = new IDBFactory();
  vi.stubGlobal('indexedDB', factory);
  db = await openGalleryDb();
});

afterEach(() => {
  db.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('enroll', () => {
  it('creates a person, then adds to them under the same name in any case', async () => {
    const first = await db.enroll('people', 'Ada Lovelace', [sample(1)]);
    expect(first).toMatchObject({ gallery: 'people', name: 'Ada Lovelace', sampleCount: 1 });
    expect(await blobBytes(first.thumbnail)).toEqual(await blobBytes(jpeg(1)));

    tick();
    const again = await db.enroll('people', '  ada LOVELACE ', [sample(2), sample(3)]);
    expect(again.id).toBe(first.id);
    expect(again.name).toBe('Ada Lovelace');
    expect(again.sampleCount).toBe(3);

    const people = await db.listPeople('people');
    expect(people).toHaveLength(1);
    const samples = await db.listSamples(first.id);
    expect(samples.map((s) => s.source)[0]).toBe('photo-1.jpg');
    expect(
      samples
        .map((s) => s.source)
        .slice(1)
        .sort(),
    ).toEqual(['photo-2.jpg', 'photo-3.jpg']);
    expect(samples.every((s) => s.personId === first.id)).toBe(true);
    expect(samples[0]?.pose).toEqual({ yaw: 1, pitch: -3.5, roll: 0.25 });

    const [row] = await indexRows(db, 'people');
    expect(row?.sampleIds).toEqual(samples.map((s) => s.id));
    const bySource = new Map(samples.map((s, i) => [s.source, row?.embeddings[i]]));
    for (const seed of [1, 2, 3]) {
      const stored = bySource.get(`photo-${seed}.jpg`);
      expect(stored).toBeInstanceOf(Float32Array);
      expect(bits(stored ?? new Float32Array())).toEqual(bits(unitEmbedding(seed)));
    }
  });

  it('hands back thumbnails as Blobs and stores Float32Array embeddings, both surviving the round trip', async () => {
    const person = await db.enroll('people', 'Grace', [sample(7)]);
    const [view] = await db.listSamples(person.id);
    expect(view?.thumbnail).toBeInstanceOf(Blob);
    expect(view?.thumbnail?.type).toBe('image/jpeg');
    expect(await blobBytes(view?.thumbnail)).toEqual(await blobBytes(jpeg(7)));
  });

  it('stores an embedding that is a view into a larger buffer as its own 2 KiB copy', async () => {
    const big = new Float32Array(EMBEDDING_SIZE * 3);
    big.set(unitEmbedding(5), EMBEDDING_SIZE);
    const view = big.subarray(EMBEDDING_SIZE, 2 * EMBEDDING_SIZE);
    await db.enroll('people', 'Viewed', [{ ...sample(5), embedding: view }]);
    const [row] = await indexRows(db, 'people');
    expect(row?.embeddings[0]?.buffer.byteLength).toBe(EMBEDDING_SIZE * 4);
    expect(bits(row?.embeddings[0] ?? new Float32Array())).toEqual(bits(unitEmbedding(5)));
  });

  it('refuses invalid input and writes nothing', async () => {
    const existing = await db.enroll('people', 'Ada', [sample(1)]);
    const before = await snapshot(db, 'people');
    const nan = unitEmbedding(2);
    nan[100] = Number.NaN;
    const cases: [string, NewSample[], RegExp][] = [
      ['Ada', [sample(2), { ...sample(3), embedding: unitEmbedding(3).subarray(0, 511) }], /511 values, expected 512/],
      ['Ada', [{ ...sample(2), embedding: nan }], /NaN/],
      ['Ada', [{ ...sample(2), embedding: unitEmbedding(2).map((x) => x * 2) }], /unit length/],
      ['Ada', [{ ...sample(2), pose: { yaw: Number.POSITIVE_INFINITY, pitch: 0, roll: 0 } }], /head pose/],
      ['Ada', [{ ...sample(2), thumbnail: new Blob(['<svg/>'], { type: 'image/svg+xml' }) }], /JPEG, PNG or WebP/],
      ['New Person', [sample(4), { ...sample(5), embedding: nan }], /NaN/],
      ['   ', [sample(2)], /Enter a name/],
      ['x'.repeat(201), [sample(2)], /at most 200/],
      ['Ada', [], /No face/],
    ];
    for (const [name, samples, message] of cases) {
      await expect(db.enroll('people', name, samples)).rejects.toThrow(GalleryStoreError);
      await expect(db.enroll('people', name, samples)).rejects.toThrow(message);
    }
    expect(await snapshot(db, 'people')).toEqual(before);
    expect((await db.listPeople('people')).map((p) => p.id)).toEqual([existing.id]);
    // A name of exactly 200 characters is fine.
    await expect(db.enroll('people', 'y'.repeat(200), [sample(9)])).resolves.toMatchObject({ sampleCount: 1 });
  });
});

describe('galleries', () => {
  it('keeps people and celebrities apart', async () => {
    const mine = await db.enroll('people', 'Ada', [sample(1), sample(2)]);
    const celeb = await db.enroll('celebrities', 'ada', [sample(3)]);
    expect(celeb.id).not.toBe(mine.id);
    expect(celeb.name).toBe('ada');

    expect((await db.listPeople('people')).map((p) => [p.id, p.sampleCount])).toEqual([[mine.id, 2]]);
    expect((await db.listPeople('celebrities')).map((p) => [p.id, p.sampleCount])).toEqual([[celeb.id, 1]]);
    expect((await indexRows(db, 'celebrities')).map((r) => r.embeddings.map((e) => Array.from(bits(e))))).toEqual([
      [Array.from(bits(unitEmbedding(3)))],
    ]);

    await db.clear('people');
    expect(await db.listPeople('people')).toEqual([]);
    expect(await db.listSamples(mine.id)).toEqual([]);
    expect(names(await db.listPeople('celebrities'))).toEqual(['ada']);
    expect(await db.listSamples(celeb.id)).toHaveLength(1);
  });

  it('lists people by name ignoring case, with sample counts and the oldest thumbnail', async () => {
    await db.enroll('people', 'bob', [sample(1)]);
    tick();
    await db.enroll('people', 'Carol', [sample(2, false)]);
    tick();
    await db.enroll('people', 'alice', [sample(3), sample(4)]);
    tick();
    await db.enroll('people', 'carol', [sample(5)]);
    tick();
    await db.enroll('people', 'Carol', [sample(6)]);

    const people = await db.listPeople('people');
    expect(names(people)).toEqual(['alice', 'bob', 'Carol']);
    expect(people.map((p) => p.sampleCount)).toEqual([2, 1, 3]);
    // Carol's first sample has no thumbnail: the next oldest one's is shown.
    expect(await blobBytes(people[2]?.thumbnail)).toEqual(await blobBytes(jpeg(5)));
    const carolSamples = await db.listSamples(people[2]?.id ?? '');
    expect(carolSamples.map((s) => s.source)).toEqual(['photo-2.jpg', 'photo-5.jpg', 'photo-6.jpg']);
    expect(carolSamples[0]?.thumbnail).toBeNull();
  });

  it('indexRows leaves out nobody with samples and gives sample ids in embedding order', async () => {
    const a = await db.enroll('people', 'A', [sample(1)]);
    tick();
    await db.enroll('people', 'A', [sample(2)]);
    const rows = await indexRows(db, 'people');
    expect(rows).toHaveLength(1);
    const samples = await db.listSamples(a.id);
    expect(rows[0]?.sampleIds).toEqual(samples.map((s) => s.id));
    expect(rows[0]?.embeddings.map((e) => Array.from(bits(e)))).toEqual([1, 2].map((s) => Array.from(bits(unitEmbedding(s)))));
  });

  it('thumbnails returns a blob or null for every asked id', async () => {
    const p = await db.enroll('people', 'T', [sample(1)]);
    tick();
    await db.enroll('people', 'T', [sample(2, false)]);
    const [withThumb, without] = await db.listSamples(p.id);
    const map = await db.thumbnails([withThumb?.id ?? '', without?.id ?? '', 'missing']);
    expect([...map.keys()]).toEqual([withThumb?.id, without?.id, 'missing']);
    expect(await blobBytes(map.get(withThumb?.id ?? ''))).toEqual(await blobBytes(jpeg(1)));
    expect(map.get(without?.id ?? '')).toBeNull();
    expect(map.get('missing')).toBeNull();
  });
});

describe('rename and merge', () => {
  it('refuses a name another person has, allows a change of case, and renames', async () => {
    const ada = await db.enroll('people', 'Ada', [sample(1)]);
    const bob = await db.enroll('people', 'Bob', [sample(2)]);
    await db.enroll('celebrities', 'Grace', [sample(3)]);

    await expect(db.rename(bob.id, ' ada ')).rejects.toThrow(GalleryStoreError);
    await expect(db.rename(bob.id, 'ADA')).rejects.toThrow(/merge/);
    await expect(db.rename(bob.id, '')).rejects.toThrow(/Enter a name/);
    await expect(db.rename('no-such-id', 'Zed')).rejects.toThrow(/no longer in the gallery/);
    expect(names(await db.listPeople('people'))).toEqual(['Ada', 'Bob']);

    await db.rename(ada.id, 'ADA');
    // A name used in the other gallery is free here.
    await db.rename(bob.id, 'Grace');
    expect(names(await db.listPeople('people'))).toEqual(['ADA', 'Grace']);

    // The name index follows the rename: enrolling under the new name joins Bob, the old name is free.
    expect((await db.enroll('people', 'grace', [sample(4)])).id).toBe(bob.id);
    expect((await db.enroll('people', 'Bob', [sample(5)])).id).not.toBe(bob.id);
  });

  it('merge moves every sample and deletes the source person', async () => {
    const from = await db.enroll('people', 'Robert', [sample(1), sample(2)]);
    const into = await db.enroll('people', 'Bob', [sample(3)]);
    const moved = (await db.listSamples(from.id)).map((s) => s.id);

    await db.merge(from.id, into.id);

    expect((await db.listPeople('people')).map((p) => [p.name, p.sampleCount])).toEqual([['Bob', 3]]);
    expect(await db.listSamples(from.id)).toEqual([]);
    const samples = await db.listSamples(into.id);
    expect(samples.map((s) => s.id)).toEqual(expect.arrayContaining(moved));
    expect(samples.every((s) => s.personId === into.id)).toBe(true);
    expect((await indexRows(db, 'people'))[0]?.embeddings).toHaveLength(3);
    // The freed name can be used again.
    expect((await db.enroll('people', 'Robert', [sample(4)])).sampleCount).toBe(1);
  });

  it('restore undoes a merge: the source person and their samples are back, the target keeps its own', async () => {
    const from = await db.enroll('people', 'Robert', [sample(1), sample(2)]);
    const into = await db.enroll('people', 'Bob', [sample(3)]);
    const before = await snapshot(db, 'people');

    const record = await db.merge(from.id, into.id);
    expect(record.person).toEqual({ id: from.id, gallery: 'people', name: 'Robert', createdAt: from.createdAt });
    expect(record.samples.map((s) => s.personId)).toEqual([from.id, from.id]);

    await db.restore(record);
    expect(await snapshot(db, 'people')).toEqual(before);
    expect((await indexRows(db, 'people')).map((r) => r.embeddings.length).sort()).toEqual([1, 2]);
    // Idempotent.
    await db.restore(record);
    expect(await snapshot(db, 'people')).toEqual(before);
  });

  it('merge refuses other galleries, itself and missing people, changing nothing', async () => {
    const a = await db.enroll('people', 'A', [sample(1)]);
    const b = await db.enroll('celebrities', 'B', [sample(2)]);
    const before = [await snapshot(db, 'people'), await snapshot(db, 'celebrities')];
    await expect(db.merge(a.id, b.id)).rejects.toThrow(/same gallery/);
    await expect(db.merge(a.id, a.id)).rejects.toThrow(GalleryStoreError);
    await expect(db.merge('gone', a.id)).rejects.toThrow(/no longer in the gallery/);
    expect([await snapshot(db, 'people'), await snapshot(db, 'celebrities')]).toEqual(before);
  });
});

describe('delete and undo', () => {
  it('deletePerson then restore brings back the same ids, embeddings and thumbnails', async () => {
    const p = await db.enroll('people', 'Ada', [sample(1), sample(2, false), sample(3)]);
    await db.enroll('people', 'Bob', [sample(4)]);
    const before = await snapshot(db, 'people');

    const record = await db.deletePerson(p.id);
    expect(record.person).toEqual({ id: p.id, gallery: 'people', name: 'Ada', createdAt: p.createdAt });
    expect(record.samples).toHaveLength(3);
    expect(names(await db.listPeople('people'))).toEqual(['Bob']);
    expect(await db.listSamples(p.id)).toEqual([]);
    await expect(db.deletePerson(p.id)).rejects.toThrow(GalleryStoreError);

    await db.restore(record);
    expect(await snapshot(db, 'people')).toEqual(before);
    // Idempotent.
    await db.restore(record);
    expect(await snapshot(db, 'people')).toEqual(before);
  });

  it('restore gives the samples to whoever took the name meanwhile', async () => {
    const p = await db.enroll('people', 'Ada', [sample(1)]);
    const record = await db.deletePerson(p.id);
    const newcomer = await db.enroll('people', 'ADA', [sample(2)]);
    await db.restore(record);
    const people = await db.listPeople('people');
    expect(people.map((x) => [x.id, x.name, x.sampleCount])).toEqual([[newcomer.id, 'ADA', 2]]);
  });

  it('deleteSample removes one sample; the last one takes the person, and restore brings both back', async () => {
    const p = await db.enroll('people', 'Ada', [sample(1)]);
    tick();
    await db.enroll('people', 'Ada', [sample(2)]);
    const before = await snapshot(db, 'people');
    const [s1, s2] = await db.listSamples(p.id);

    const r1 = await db.deleteSample(s1?.id ?? '');
    expect(r1.samples.map((s) => s.id)).toEqual([s1?.id]);
    expect(bits(r1.samples[0]?.embedding ?? new Float32Array())).toEqual(bits(unitEmbedding(1)));
    expect((await db.listPeople('people')).map((x) => x.sampleCount)).toEqual([1]);

    const r2 = await db.deleteSample(s2?.id ?? '');
    expect(r2.person.id).toBe(p.id);
    expect(await db.listPeople('people')).toEqual([]);
    await expect(db.deleteSample(s2?.id ?? '')).rejects.toThrow(GalleryStoreError);

    await db.restore(r2);
    expect((await db.listPeople('people')).map((x) => [x.id, x.sampleCount])).toEqual([[p.id, 1]]);
    await db.restore(r1);
    expect(await snapshot(db, 'people')).toEqual(before);
  });

  it('moveSample gives a sample to another person; the last one takes its person, and restore moves it back', async () => {
    const ada = await db.enroll('people', 'Ada', [sample(1)]);
    tick();
    await db.enroll('people', 'Ada', [sample(2)]);
    const bob = await db.enroll('people', 'Bob', [sample(3)]);
    const before = await snapshot(db, 'people');
    const [s1, s2] = await db.listSamples(ada.id);

    const r1 = await db.moveSample(s1!.id, bob.id);
    expect(r1.person.id).toBe(ada.id);
    expect((await db.listSamples(bob.id)).map((s) => s.id)).toContain(s1!.id);
    expect((await db.listPeople('people')).map((x) => [x.name, x.sampleCount])).toEqual([
      ['Ada', 1],
      ['Bob', 2],
    ]);
    // Ada's last sample: Ada goes.
    const r2 = await db.moveSample(s2!.id, bob.id);
    expect((await db.listPeople('people')).map((x) => [x.name, x.sampleCount])).toEqual([['Bob', 3]]);
    await expect(db.moveSample(s2!.id, bob.id)).rejects.toThrow(GalleryStoreError);
    await expect(db.moveSample('nope', bob.id)).rejects.toThrow(GalleryStoreError);

    await db.restore(r2);
    await db.restore(r1);
    expect(await snapshot(db, 'people')).toEqual(before);
  });

  it('moveSample refuses another gallery and changes nothing', async () => {
    const ada = await db.enroll('people', 'Ada', [sample(1)]);
    const star = await db.enroll('celebrities', 'Star', [sample(2)]);
    const before = await snapshot(db, 'people');
    const [s1] = await db.listSamples(ada.id);
    await expect(db.moveSample(s1!.id, star.id)).rejects.toThrow('same gallery');
    expect(await snapshot(db, 'people')).toEqual(before);
  });

  it('a restore that fails inside its transaction rolls back the person it re-created', async () => {
    const p = await db.enroll('people', 'Ada', [sample(1)]);
    const record = await db.deletePerson(p.id);
    const [only] = record.samples;
    // The same sample twice: the person is added, then the second sample's add fails (ConstraintError).
    await expect(db.restore({ ...record, samples: [only!, { ...only!, source: 'twin.jpg' }] })).rejects.toThrow();
    expect(await db.listPeople('people')).toEqual([]);
    expect(await db.listSamples(p.id)).toEqual([]);
    // The database is still usable and the real undo works.
    await db.restore(record);
    expect((await db.listPeople('people')).map((x) => [x.id, x.sampleCount])).toEqual([[p.id, 1]]);
  });

  it('restore validates the record before writing', async () => {
    const p = await db.enroll('people', 'Ada', [sample(1)]);
    const record = await db.deletePerson(p.id);
    const bad = { ...record, samples: [{ ...record.samples[0]!, embedding: new Float32Array(3) }] };
    await expect(db.restore(bad)).rejects.toThrow(/3 values/);
    expect(await db.listPeople('people')).toEqual([]);
  });
});

describe('export and import', () => {
  async function seed(target: GalleryDb): Promise<void> {
    await target.enroll('people', 'Ada Lovelace', [sample(1), sample(2, false)]);
    tick();
    await target.enroll('people', 'Bob', [sample(3)]);
    tick();
    await target.enroll('people', 'Ada Lovelace', [sample(4)]);
    await target.enroll('celebrities', 'Not Exported', [sample(5)]);
  }

  it('export → file text → import into an empty database gives the same gallery', async () => {
    await seed(db);
    const exported = await db.exportGallery('people');
    expect(exported.people.map((p) => p.name)).toEqual(['Ada Lovelace', 'Bob']);
    const thumbs = exported.people.flatMap((p) => p.samples.map((s) => s.thumbnail));
    expect(thumbs.filter((t) => t === undefined)).toHaveLength(1);
    for (const t of thumbs) if (t !== undefined) expect(t).toMatch(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+=*$/);

    const parsed = parseGallery(serializeGallery(exported));
    const other = await openGalleryDb({ name: 'faceprint-import' });
    try {
      expect(await other.importGallery('people', parsed)).toEqual({ people: 2, added: 2, merged: 0, samples: 4 });
      expect(await snapshot(other, 'people')).toEqual(await snapshot(db, 'people'));
      expect(await other.listPeople('celebrities')).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('importing the same file twice adds nothing the second time', async () => {
    await seed(db);
    const file = await db.exportGallery('people');
    const before = await snapshot(db, 'people');
    // Into the gallery it came from.
    expect(await db.importGallery('people', file)).toEqual({ people: 2, added: 0, merged: 0, samples: 0 });
    expect(await snapshot(db, 'people')).toEqual(before);

    // Into the other gallery: everything is added (with fresh sample ids), then nothing more.
    expect(await db.importGallery('celebrities', file)).toEqual({ people: 2, added: 2, merged: 0, samples: 4 });
    const celebs = await snapshot(db, 'celebrities');
    expect(await db.importGallery('celebrities', file)).toEqual({ people: 2, added: 0, merged: 0, samples: 0 });
    expect(await snapshot(db, 'celebrities')).toEqual(celebs);
    expect(await snapshot(db, 'people')).toEqual(before);
    expect(names(await db.listPeople('celebrities'))).toEqual(['Ada Lovelace', 'Bob', 'Not Exported']);
  });

  it('merges file people into same-named people, ignoring case', async () => {
    const bob = await db.enroll('people', 'BOB', [sample(10)]);
    const file: Gallery = {
      createdAt: '2026-01-01T00:00:00.000Z',
      people: [
        {
          id: 'p-bob',
          name: 'bob',
          createdAt: '2026-01-01T00:00:00.000Z',
          samples: [
            { id: 's-1', embedding: unitEmbedding(11), source: 'a.jpg', createdAt: '2026-01-01T00:00:00.000Z', pose: null },
            {
              id: 's-2',
              embedding: unitEmbedding(12),
              source: 'b.jpg',
              createdAt: '2026-01-02T00:00:00.000Z',
              pose: { yaw: 1, pitch: 2, roll: 3 },
              thumbnail: await thumbnailDataUrl(jpeg(12)),
            },
          ],
        },
        { id: 'p-eve', name: 'Eve', createdAt: '2026-01-01T00:00:00.000Z', samples: [] },
      ],
    };
    expect(await db.importGallery('people', file)).toEqual({ people: 2, added: 0, merged: 1, samples: 2 });
    const people = await db.listPeople('people');
    expect(people.map((p) => [p.id, p.name, p.sampleCount])).toEqual([[bob.id, 'BOB', 3]]);
    const samples = await db.listSamples(bob.id);
    expect(samples.map((s) => s.id)).toEqual(['s-1', 's-2', expect.any(String)]);
    expect(samples[1]?.pose).toEqual({ yaw: 1, pitch: 2, roll: 3 });
    expect(await blobBytes(samples[1]?.thumbnail)).toEqual(await blobBytes(jpeg(12)));
  });

  it('a file that fails validation part-way leaves the gallery unchanged', async () => {
    await seed(db);
    const before = await snapshot(db, 'people');
    const good: GalleryRecord = {
      id: 'p-new',
      name: 'Zed',
      createdAt: '2026-01-01T00:00:00.000Z',
      samples: [{ id: 's-new', embedding: unitEmbedding(20), source: 'z.jpg', createdAt: '2026-01-01T00:00:00.000Z', pose: null }],
    };
    const badSample = (patch: object): GalleryRecord => ({
      id: 'p-bad',
      name: 'Ada Lovelace',
      createdAt: '2026-01-01T00:00:00.000Z',
      samples: [
        { id: 's-ok', embedding: unitEmbedding(21), source: 'ok.jpg', createdAt: '2026-01-01T00:00:00.000Z', pose: null },
        { id: 's-bad', embedding: unitEmbedding(22), source: 'bad.jpg', createdAt: '2026-01-01T00:00:00.000Z', pose: null, ...patch },
      ],
    });
    const files: [Gallery, RegExp][] = [
      [
        { createdAt: '', people: [good, badSample({ embedding: new Float32Array(EMBEDDING_SIZE + 1) })] },
        /Person 2 \(Ada Lovelace\), sample 2: .*513 values/,
      ],
      [{ createdAt: '', people: [good, badSample({ thumbnail: 'data:text/html;base64,PGI+' })] }, /sample 2: .*data URL/],
      [{ createdAt: '', people: [good, badSample({ thumbnail: 'data:image/jpeg;base64,@@@' })] }, /base64/],
      [{ createdAt: '', people: [good, { ...good, id: 'p-2', name: ' ' }] }, /Enter a name/],
      [{ createdAt: '', people: [good, badSample({ id: 's-ok' })] }, /"s-ok" appears twice/],
    ];
    for (const [file, message] of files) {
      await expect(db.importGallery('people', file)).rejects.toThrow(GalleryStoreError);
      await expect(db.importGallery('people', file)).rejects.toThrow(message);
      expect(await snapshot(db, 'people')).toEqual(before);
    }
  });
});

describe('opening', () => {
  it('keeps data across close and re-open, and refuses calls after close', async () => {
    const p = await db.enroll('people', 'Ada', [sample(1)]);
    const before = await snapshot(db, 'people');
    db.close();
    await expect(db.listPeople('people')).rejects.toThrow(GalleryStoreError);

    db = await openGalleryDb();
    expect(await snapshot(db, 'people')).toEqual(before);
    const [row] = await indexRows(db, 'people');
    expect(row?.embeddings[0]).toBeInstanceOf(Float32Array);
    expect((await db.thumbnails(row?.sampleIds ?? [])).get(row?.sampleIds[0] ?? '')).toBeInstanceOf(Blob);
    expect(row?.id).toBe(p.id);

    // Another name is another database.
    const other = await openGalleryDb({ name: 'faceprint-other' });
    try {
      expect(await other.listPeople('people')).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('version 2 creates the gallery stores with their indexes, and the search snapshot stores', async () => {
    db.close();
    db = await openGalleryDb({ name: 'schema-check' });
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('schema-check');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    try {
      expect(raw.version).toBe(DB_VERSION);
      expect([...raw.objectStoreNames].sort()).toEqual(['meta', 'people', 'samples', 'searchChunks']);
      const tx = raw.transaction(['people', 'samples'], 'readonly');
      const describeStore = (name: string): unknown => {
        const store = tx.objectStore(name);
        return {
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
          indexes: [...store.indexNames].sort().map((i) => {
            const index = store.index(i);
            return { name: i, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
          }),
        };
      };
      expect(describeStore('people')).toEqual({
        keyPath: 'id',
        autoIncrement: false,
        indexes: [
          { name: 'by-gallery', keyPath: 'gallery', unique: false, multiEntry: false },
          { name: 'by-gallery-name', keyPath: ['gallery', 'nameKey'], unique: true, multiEntry: false },
        ],
      });
      expect(describeStore('samples')).toEqual({
        keyPath: 'id',
        autoIncrement: false,
        indexes: [
          { name: 'by-gallery', keyPath: 'gallery', unique: false, multiEntry: false },
          { name: 'by-person', keyPath: 'personId', unique: false, multiEntry: false },
        ],
      });
    } finally {
      raw.close();
    }
  });

  it('steps aside for a newer schema in another tab, and refuses to open a newer database', async () => {
    await db.enroll('people', 'Ada', [sample(1)]);
    // Another tab upgrading to version 2: not blocked, because this connection closes itself.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('faceprint', DB_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
      request.onblocked = () => reject(new Error('blocked'));
    });
    newer.close();
    await expect(db.listPeople('people')).rejects.toThrow(/another tab/);
    await expect(openGalleryDb()).rejects.toThrow(/newer version of Faceprint/);
  });
});

/** A raw connection, as an older build of the app (or another page) would hold it. */
function rawConnection(name = 'faceprint'): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

describe('storage faults', () => {
  it('says storage is unavailable when the browser has no IndexedDB or refuses to open it', async () => {
    // Private modes: no indexedDB at all, or an open that throws (SecurityError) or fails.
    vi.stubGlobal('indexedDB', undefined);
    await expect(openGalleryDb()).rejects.toThrow(new GalleryStoreError(STORAGE_UNAVAILABLE));
    await expect(deleteGalleryDb()).rejects.toThrow(new GalleryStoreError(STORAGE_UNAVAILABLE));

    class RefusingFactory extends IDBFactory {
      override open(): IDBOpenDBRequest {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      }
    }
    vi.stubGlobal('indexedDB', new RefusingFactory());
    await expect(openGalleryDb()).rejects.toThrow(STORAGE_UNAVAILABLE);

    // An open that fails by its error event (Firefox's private mode: InvalidStateError).
    class FailingFactory extends IDBFactory {
      override open(name: string, version?: number): IDBOpenDBRequest {
        const request = super.open(name, version);
        request.addEventListener('upgradeneeded', () => request.transaction?.abort());
        return request;
      }
    }
    vi.stubGlobal('indexedDB', new FailingFactory());
    await expect(openGalleryDb({ name: 'fails' })).rejects.toThrow(STORAGE_UNAVAILABLE);
    expect(STORAGE_UNAVAILABLE).toMatch(/private window/);
  });

  it('a quota failure part-way through an import writes nothing and says the storage is full', async () => {
    await db.enroll('people', 'Ada', [sample(1)]);
    const before = await snapshot(db, 'people');
    const file: Gallery = {
      createdAt: '',
      people: [1, 2, 3].map((n) => ({
        id: `p-${n}`,
        name: `Person ${n}`,
        createdAt: '2026-01-01T00:00:00.000Z',
        samples: [
          { id: `s-${n}`, embedding: unitEmbedding(40 + n), source: `${n}.jpg`, createdAt: '2026-01-01T00:00:00.000Z', pose: null },
        ],
      })),
    };
    // The third write (person 2's row) finds the disk full, after person 1 and their sample were added.
    const add = IDBObjectStore.prototype.add;
    let writes = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<typeof add>
    ) {
      if (++writes === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    await expect(db.importGallery('people', file)).rejects.toThrow(new GalleryStoreError(STORAGE_FULL));
    expect(writes).toBe(3);
    spy.mockRestore();
    expect(await snapshot(db, 'people')).toEqual(before);
    // With room again the same file imports whole.
    expect(await db.importGallery('people', file)).toEqual({ people: 3, added: 3, merged: 0, samples: 3 });
  });

  it('a quota failure while enrolling saves none of the shots', async () => {
    const add = IDBObjectStore.prototype.add;
    let writes = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
      // The person's row is written; the first shot does not fit.
      if (++writes === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    await expect(db.enroll('people', 'Ada', [sample(1), sample(2), sample(3)])).rejects.toThrow(STORAGE_FULL);
    vi.restoreAllMocks();
    expect(await db.listPeople('people')).toEqual([]);
  });

  it('delete-everything removes the database; an open tab steps aside, and one that does not is reported as blocking', async () => {
    await db.enroll('people', 'Ada', [sample(1)]);
    await db.enroll('celebrities', 'Bob', [sample(2)]);
    // `db` plays another tab: it closes on versionchange, so this delete is not blocked.
    const blocked = vi.fn();
    await deleteGalleryDb({ onBlocked: blocked });
    expect(blocked).not.toHaveBeenCalled();
    await expect(db.listPeople('people')).rejects.toThrow('The galleries were deleted in another tab: reload this page.');
    expect(db.closed).toBe(true);
    expect((await factory.databases()).map((d) => d.name)).toEqual([]);

    // Opened again, the database is new and empty.
    db = await openGalleryDb();
    expect(await db.listPeople('people')).toEqual([]);
    expect(await db.listPeople('celebrities')).toEqual([]);
    await db.enroll('people', 'Cy', [sample(3)]);

    // A connection without a versionchange handler (an old build in another tab) blocks the delete
    // until it closes: the caller is told, and the delete then completes.
    const stubborn = await rawConnection();
    const deleting = deleteGalleryDb({ onBlocked: blocked });
    await vi.waitFor(() => expect(blocked).toHaveBeenCalledTimes(1));
    stubborn.close();
    await deleting;
    expect((await factory.databases()).map((d) => d.name)).toEqual([]);
  });

  it('an older tab that does not let go of the database is named instead of a silent wait', async () => {
    db.close();
    // A version 1 database held open by a tab that ignores versionchange.
    const older = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('held', 1);
      request.onupgradeneeded = () => {
        const raw = request.result;
        const people = raw.createObjectStore('people', { keyPath: 'id' });
        people.createIndex('by-gallery', 'gallery');
        people.createIndex('by-gallery-name', ['gallery', 'nameKey'], { unique: true });
        const samples = raw.createObjectStore('samples', { keyPath: 'id' });
        samples.createIndex('by-person', 'personId');
        samples.createIndex('by-gallery', 'gallery');
        people.add({ id: 'p1', gallery: 'people', name: 'Ada', nameKey: 'ada', createdAt: '2026-01-01T00:00:00.000Z' });
        samples.add({
          id: 's1',
          personId: 'p1',
          gallery: 'people',
          embedding: unitEmbedding(1),
          thumbnail: null,
          source: 'a.jpg',
          pose: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    expect(DB_VERSION).toBeGreaterThan(1);
    await expect(openGalleryDb({ name: 'held' })).rejects.toThrow(new GalleryStoreError(OLDER_TAB_BLOCKS));
    // Once that tab is gone, the upgrade runs and the gallery opens with its person.
    older.close();
    db = await openGalleryDb({ name: 'held' });
    expect((await db.listPeople('people')).map((p) => [p.name, p.sampleCount])).toEqual([['Ada', 1]]);
    // The refused open went on in the background and closed its late connection: a newer version in
    // another tab is not blocked by it, and `db` steps aside (versionchange) and says why.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('held', DB_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
      request.onblocked = () => reject(new Error('blocked by a connection left open'));
    });
    newer.close();
    expect(db.closed).toBe(true);
    await expect(db.listPeople('people')).rejects.toThrow('Faceprint was updated in another tab: reload this page.');
  });

  it('two tabs enrolling at the same moment both land, and the same new name becomes one person', async () => {
    const otherTab = await openGalleryDb();
    try {
      await Promise.all([
        db.enroll('people', 'Ada', [sample(1), sample(2)]),
        otherTab.enroll('people', 'Bob', [sample(3)]),
        db.enroll('people', 'Cy', [sample(4)]),
        otherTab.enroll('people', 'cy', [sample(5)]),
      ]);
      for (const view of [db, otherTab]) {
        const people = await view.listPeople('people');
        expect(people.map((p) => [p.name, p.sampleCount])).toEqual([
          ['Ada', 2],
          ['Bob', 1],
          ['Cy', 2],
        ]);
      }
    } finally {
      otherTab.close();
    }
  });
});

describe('thumbnail data URLs', () => {
  it('round-trips bytes and type', async () => {
    const png = new Blob([Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff)], { type: 'image/png' });
    const url = await thumbnailDataUrl(png);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const back = thumbnailBlob(dataUrlThumbnail(url))!;
    expect(back.type).toBe('image/png');
    expect(await blobBytes(back)).toEqual(await blobBytes(png));
  });

  it('rejects anything but JPEG, PNG or WebP base64', async () => {
    expect(() => dataUrlThumbnail('data:image/gif;base64,R0lGOD')).toThrow(GalleryStoreError);
    expect(() => dataUrlThumbnail('data:image/jpeg,rawbytes')).toThrow(GalleryStoreError);
    expect(() => dataUrlThumbnail('https://example.com/a.jpg')).toThrow(GalleryStoreError);
    expect(() => dataUrlThumbnail('data:image/jpeg;base64,!!!')).toThrow(/base64/);
    await expect(thumbnailDataUrl(new Blob(['x']))).rejects.toThrow(GalleryStoreError);
  });
});
