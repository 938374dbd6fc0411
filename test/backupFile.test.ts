import { describe, expect, it } from 'vitest';
import {
  BACKUP_VERSION,
  MAX_BACKUP_FILE_BYTES,
  checkBackupFileSize,
  parseBackup,
  serializeBackup,
} from '../src/core/formats/backupFile.ts';
import { addSamples, emptyGallery, GalleryFormatError, serializeGallery, type GallerySample } from '../src/core/formats/galleryFile.ts';
import { randomUnitVector } from '../testkit/syntheticGallery.ts';

const sample = (id: string, seed: number): GallerySample => ({
  id,
  embedding: randomUnitVector(seed),
  source: `${id}.jpg`,
  createdAt: '2026-11-29T00:00:00.000Z',
  pose: { yaw: 1, pitch: 2, roll: 3 },
  thumbnail: 'data:image/jpeg;base64,AAAA',
});

const people = serializeGallery(
  addSamples(addSamples(emptyGallery(), 'Ann Lee', [sample('s1', 1), sample('s2', 2)]), 'Bob', [sample('s3', 3)]),
);
const celebrities = serializeGallery(addSamples(emptyGallery(), 'Famous Person', [sample('c1', 4)]));
const settings = { threshold: 0.41, flip: false, backend: 'wasm' };

type Doc = Record<string, unknown> & { galleries: Record<string, Record<string, unknown> & { people: Record<string, unknown>[] }> };
const validDoc = (): Doc => JSON.parse(serializeBackup({ people, celebrities }, settings)) as Doc;

const reject = (doc: unknown, message: RegExp): void => {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  expect(() => parseBackup(text)).toThrow(GalleryFormatError);
  expect(() => parseBackup(text)).toThrow(message);
};

describe('backup file format', () => {
  it('holds both galleries and the settings, exactly', () => {
    const backup = parseBackup(serializeBackup({ people, celebrities }, settings, '2026-12-01T10:00:00.000Z'));
    expect(backup.createdAt).toBe('2026-12-01T10:00:00.000Z');
    expect(backup.settings).toEqual(settings);
    expect(backup.galleries.people.people.map((p) => [p.name, p.samples.map((s) => s.id)])).toEqual([
      ['Ann Lee', ['s1', 's2']],
      ['Bob', ['s3']],
    ]);
    expect(backup.galleries.celebrities.people.map((p) => p.name)).toEqual(['Famous Person']);
    const s1 = backup.galleries.people.people[0]?.samples[0];
    expect(Array.from(s1?.embedding ?? [])).toEqual(Array.from(randomUnitVector(1)));
    expect(s1?.thumbnail).toBe('data:image/jpeg;base64,AAAA');
  });

  it('keeps empty galleries', () => {
    const empty = serializeGallery(emptyGallery());
    const backup = parseBackup(serializeBackup({ people: empty, celebrities: empty }, {}));
    expect(backup.galleries.people.people).toEqual([]);
    expect(backup.galleries.celebrities.people).toEqual([]);
  });

  it('refuses what is not a backup, saying what it is', () => {
    reject('{"format": "faceprint-backup", ', /not JSON/);
    reject(people, /gallery file, not a backup.*People screen/);
    reject({ format: 'something-else' }, /not a Faceprint backup file/);
    reject([1, 2], /not a Faceprint backup file/);
    reject({ ...validDoc(), version: undefined }, /no version/);
    reject({ ...validDoc(), version: BACKUP_VERSION + 1 }, /newer Faceprint.*version 2/);
    reject({ ...validDoc(), version: 0 }, /unsupported backup file version 0/);
  });

  it('refuses missing or malformed parts', () => {
    reject({ ...validDoc(), settings: undefined }, /"settings" must be an object/);
    reject({ ...validDoc(), settings: [1] }, /"settings" must be an object/);
    reject({ ...validDoc(), galleries: undefined }, /no "galleries"/);
    const noCelebrities = validDoc();
    delete noCelebrities.galleries.celebrities;
    reject(noCelebrities, /celebrities gallery is missing/);
  });

  it('validates each gallery by the gallery file rules, naming the gallery', () => {
    const badEmbedding = validDoc();
    const famous = badEmbedding.galleries.celebrities?.people[0] as { samples: Record<string, unknown>[] };
    famous.samples[0] = { ...famous.samples[0], embedding: 'AAAA' };
    reject(badEmbedding, /^celebrities gallery: embedding has 0.75 values, expected 512/);
    const otherModel = validDoc();
    (otherModel.galleries.people as Record<string, unknown>).embedder = { sha256: 'x', dimensions: 512 };
    reject(otherModel, /^people gallery: .*different face model/);
    const duplicate = validDoc();
    const bob = duplicate.galleries.people?.people[1] as { samples: Record<string, unknown>[] };
    bob.samples[0] = { ...bob.samples[0], id: 's1' };
    reject(duplicate, /^people gallery: .*duplicate id "s1"/);
  });

  it('refuses a file too large to be a backup from its size alone', () => {
    expect(() => checkBackupFileSize(MAX_BACKUP_FILE_BYTES)).not.toThrow();
    expect(() => checkBackupFileSize(MAX_BACKUP_FILE_BYTES + 1)).toThrow(/more than a Faceprint backup can be/);
  });
});
