/**
 * GalleryDb: the gallery store the inference worker uses. Reads, enrolment, rename, merge, deletes and
 * their undo (restore) are here; the search snapshot and export/import have their own modules.
 * Arguments are checked (validate.ts), and thumbnails read into bytes (thumbnails.ts), before a
 * transaction opens; every write is one transaction (connection.ts), so it lands whole or not at all.
 */
import { newId, type Gallery } from '../core/formats/galleryFile.ts';
import type { GalleryConnection } from './connection.ts';
import { GalleryStoreError } from './errors.ts';
import {
  byName,
  bySampleAge,
  galleryRows,
  getPerson,
  groupSamples,
  personInfo,
  sampleView,
  samplesOf,
  storedSample,
  summarize,
} from './rows.ts';
import { searchRows } from './searchSnapshot.ts';
import { thumbnailBlob } from './thumbnails.ts';
import { exportGallery, importGallery } from './transfer.ts';
import type { GalleryKind, ImportSummary, IndexRow, NewSample, PersonRecord, PersonSummary, SampleView } from './types.ts';
import { checkGallery, checkId, checkText, cleanName, sampleToStore } from './validate.ts';

export class GalleryDb {
  /** The transactions under this store: for the storage modules and testkit's bulk helpers, not for callers. */
  readonly connection: GalleryConnection;

  constructor(connection: GalleryConnection) {
    this.connection = connection;
  }

  close(): void {
    this.connection.closeBecause('The gallery database is closed.');
  }

  /** Closed by `close`, by another tab (deleting or upgrading the database) or by the browser. */
  get closed(): boolean {
    return this.connection.closed;
  }

  /** Sorted by name, ignoring case. */
  async listPeople(gallery: GalleryKind): Promise<PersonSummary[]> {
    checkGallery(gallery);
    const [people, samples] = await this.connection.read((tx) => galleryRows(tx, gallery));
    const groups = groupSamples(samples);
    return people.sort(byName).map((p) => summarize(p, groups.get(p.id) ?? []));
  }

  /** Which gallery a person belongs to; null when there is no such person. */
  async galleryOf(personId: string): Promise<GalleryKind | null> {
    const person = await this.connection.read((tx) => tx.objectStore('people').get(personId));
    return person?.gallery ?? null;
  }

  /** Oldest first. */
  async listSamples(personId: string): Promise<SampleView[]> {
    const samples = await this.connection.read((tx) => tx.objectStore('samples').index('by-person').getAll(personId));
    return samples.sort(bySampleAge).map(sampleView);
  }

  /**
   * People with at least one sample, by name, samples oldest first: read from the gallery's search
   * snapshot when no write has happened since it was taken (the start-up cost of a large gallery),
   * otherwise from the samples. See searchSnapshot.ts.
   */
  async searchRows(gallery: GalleryKind): Promise<{ rows: IndexRow[]; fromSnapshot: boolean }> {
    checkGallery(gallery);
    return searchRows(this.connection, gallery);
  }

  /** Every asked id is a key; null when the sample has no thumbnail or is gone. */
  async thumbnails(sampleIds: readonly string[]): Promise<Map<string, Blob | null>> {
    const rows = await this.connection.read((tx) => Promise.all(sampleIds.map((id) => tx.objectStore('samples').get(id))));
    return new Map(sampleIds.map((id, i) => [id, thumbnailBlob(rows[i]?.thumbnail ?? null)]));
  }

  /** Adds the samples to the person of that name in the gallery (ignoring case), creating them if new. */
  async enroll(gallery: GalleryKind, name: string, samples: readonly NewSample[]): Promise<PersonSummary> {
    checkGallery(gallery);
    const clean = cleanName(name);
    if (samples.length === 0) throw new GalleryStoreError('No face to enroll.');
    const prepared = await Promise.all(samples.map((s, i) => sampleToStore(s, `Face ${i + 1}`)));
    const createdAt = new Date().toISOString();
    return this.connection.write(async (tx) => {
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

  /** A different case of the same name is fine; another person's name is refused (merge instead). */
  async rename(personId: string, name: string): Promise<void> {
    const clean = cleanName(name);
    await this.connection.write(async (tx) => {
      const person = await getPerson(tx, personId);
      const other = await tx.objectStore('people').index('by-gallery-name').get([person.gallery, clean.nameKey]);
      if (other && other.id !== person.id) {
        throw new GalleryStoreError(`"${other.name}" is already in this gallery: merge the two people instead.`);
      }
      await tx.objectStore('people').put({ ...person, ...clean });
    });
  }

  /** Moves every sample of `fromId` to `intoId` and deletes `fromId`. */
  async merge(fromId: string, intoId: string): Promise<PersonRecord> {
    if (fromId === intoId) throw new GalleryStoreError('A person cannot be merged into themselves.');
    return this.connection.write(async (tx) => {
      const [from, into] = await Promise.all([getPerson(tx, fromId), getPerson(tx, intoId)]);
      if (from.gallery !== into.gallery) throw new GalleryStoreError('Only people in the same gallery can be merged.');
      const store = tx.objectStore('samples');
      const moving = await samplesOf(tx, from.id);
      await Promise.all([...moving.map((s) => store.put({ ...s, personId: into.id })), tx.objectStore('people').delete(from.id)]);
      return { person: personInfo(from), samples: moving.map(storedSample) };
    });
  }

  /** Deletes the person and all their samples; returns them for undo. */
  async deletePerson(personId: string): Promise<PersonRecord> {
    return this.connection.write(async (tx) => {
      const person = await getPerson(tx, personId);
      const samples = await samplesOf(tx, personId);
      const store = tx.objectStore('samples');
      await Promise.all([...samples.map((s) => store.delete(s.id)), tx.objectStore('people').delete(personId)]);
      return { person: personInfo(person), samples: samples.map(storedSample) };
    });
  }

  /** Deletes one sample, and the person with it when it was their last; returns both for undo. */
  async deleteSample(sampleId: string): Promise<PersonRecord> {
    return this.connection.write(async (tx) => {
      const store = tx.objectStore('samples');
      const sample = await store.get(sampleId);
      if (!sample) throw new GalleryStoreError('That sample is no longer in the gallery.');
      const person = await getPerson(tx, sample.personId);
      await store.delete(sampleId);
      // A person without samples cannot be recognised or shown; undo brings both back.
      if ((await store.index('by-person').count(person.id)) === 0) await tx.objectStore('people').delete(person.id);
      return { person: personInfo(person), samples: [storedSample(sample)] };
    });
  }

  /**
   * Gives one sample to another person of the same gallery (a sample enrolled under the wrong name);
   * the person it leaves is deleted when it was their last. Returns the sample with its person as they
   * were, so that `restore` moves it back (and re-creates that person if needed).
   */
  async moveSample(sampleId: string, toPersonId: string): Promise<PersonRecord> {
    return this.connection.write(async (tx) => {
      const store = tx.objectStore('samples');
      const sample = await store.get(sampleId);
      if (!sample) throw new GalleryStoreError('That sample is no longer in the gallery.');
      const [from, to] = await Promise.all([getPerson(tx, sample.personId), getPerson(tx, toPersonId)]);
      if (from.id === to.id) throw new GalleryStoreError('The sample already belongs to that person.');
      if (from.gallery !== to.gallery) throw new GalleryStoreError('A sample can only move to someone in the same gallery.');
      // The row moves as it is (an old row's Blob thumbnail too: only a browser that stored it has it).
      await store.put({ ...sample, personId: to.id });
      if ((await store.index('by-person').count(from.id)) === 0) await tx.objectStore('people').delete(from.id);
      return { person: personInfo(from), samples: [storedSample(sample)] };
    });
  }

  /**
   * Undoes a delete, a merge or a move: re-creates the person if missing (or, if someone else has taken the name
   * since, gives the samples to them), puts back samples that are missing and moves back those that a
   * merge gave to someone else in the gallery. Running it twice changes nothing.
   */
  async restore(record: PersonRecord): Promise<void> {
    const { gallery } = record.person;
    checkGallery(gallery);
    const clean = cleanName(record.person.name);
    const personIdIn = checkId(record.person.id, 'Undo');
    const personCreatedAt = checkText(record.person.createdAt, 'the date', 'Undo');
    const samples = await Promise.all(
      record.samples.map(async (s, i) => {
        const where = `Undo, sample ${i + 1}`;
        return { id: checkId(s.id, where), ...(await sampleToStore(s, where)), createdAt: checkText(s.createdAt, 'the date', where) };
      }),
    );
    await this.connection.write(async (tx) => {
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
          // A merge gave this sample to someone else in the gallery: it goes back.
          return now.personId !== personId && now.gallery === gallery ? store.put({ ...now, personId }) : undefined;
        }),
      );
    });
  }

  /** Deletes every person and sample of the gallery. */
  async clear(gallery: GalleryKind): Promise<void> {
    checkGallery(gallery);
    await this.connection.write(async (tx) => {
      const people = tx.objectStore('people');
      const samples = tx.objectStore('samples');
      const [personIds, sampleIds] = await Promise.all([
        people.index('by-gallery').getAllKeys(gallery),
        samples.index('by-gallery').getAllKeys(gallery),
      ]);
      await Promise.all([...personIds.map((id) => people.delete(id)), ...sampleIds.map((id) => samples.delete(id))]);
    });
  }

  /** The gallery in the file format of core/galleryFile.ts (see transfer.ts). */
  async exportGallery(gallery: GalleryKind): Promise<Gallery> {
    checkGallery(gallery);
    return exportGallery(this.connection, gallery);
  }

  /** Adds a parsed gallery file, all or nothing (see transfer.ts). */
  async importGallery(gallery: GalleryKind, parsed: Gallery): Promise<ImportSummary> {
    checkGallery(gallery);
    return importGallery(this.connection, gallery, parsed);
  }
}
