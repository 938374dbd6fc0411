/** Helpers on stored rows: orderings, grouping, and the views callers get of them. */
import { GalleryStoreError } from './errors.ts';
import type { PersonRow, ReadTx, SampleRow, WriteTx } from './schema.ts';
import { thumbnailBlob } from './thumbnails.ts';
import type { GalleryKind, IndexRow, PersonInfo, PersonSummary, SampleView, StoredSample } from './types.ts';

/** Oldest first; the id breaks ties (samples enrolled together share a timestamp) so order is stable. */
export function bySampleAge(a: SampleRow, b: SampleRow): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function byName(a: PersonInfo, b: PersonInfo): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'accent' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Samples by person, each list oldest first. */
export function groupSamples(samples: readonly SampleRow[]): Map<string, SampleRow[]> {
  const groups = new Map<string, SampleRow[]>();
  for (const s of [...samples].sort(bySampleAge)) {
    const list = groups.get(s.personId);
    if (list) list.push(s);
    else groups.set(s.personId, [s]);
  }
  return groups;
}

export function summarize(person: PersonInfo, samples: readonly SampleRow[]): PersonSummary {
  const sorted = [...samples].sort(bySampleAge);
  return {
    id: person.id,
    gallery: person.gallery,
    name: person.name,
    createdAt: person.createdAt,
    sampleCount: sorted.length,
    thumbnail: thumbnailBlob(sorted.find((s) => s.thumbnail !== null)?.thumbnail ?? null),
  };
}

/** People with at least one sample, by name; samples oldest first. */
export function toIndexRows(people: PersonRow[], samples: readonly SampleRow[]): IndexRow[] {
  const groups = groupSamples(samples);
  return people.sort(byName).flatMap((p) => {
    const own = groups.get(p.id) ?? [];
    if (own.length === 0) return [];
    return [{ id: p.id, name: p.name, sampleIds: own.map((s) => s.id), embeddings: own.map((s) => s.embedding) }];
  });
}

export const personInfo = ({ id, gallery, name, createdAt }: PersonInfo): PersonInfo => ({ id, gallery, name, createdAt });

export const sampleView = ({ id, personId, source, pose, createdAt, thumbnail }: SampleRow): SampleView => ({
  id,
  personId,
  source,
  pose,
  createdAt,
  thumbnail: thumbnailBlob(thumbnail),
});

/** A row as a caller gets it back for undo: the thumbnail as a Blob, whichever way the row keeps it. */
export const storedSample = (row: SampleRow): StoredSample => ({ ...row, thumbnail: thumbnailBlob(row.thumbnail) });

export async function getPerson(tx: WriteTx, personId: string): Promise<PersonRow> {
  const person = await tx.objectStore('people').get(personId);
  if (!person) throw new GalleryStoreError('That person is no longer in the gallery.');
  return person;
}

export async function samplesOf(tx: WriteTx, personId: string): Promise<SampleRow[]> {
  return (await tx.objectStore('samples').index('by-person').getAll(personId)).sort(bySampleAge);
}

/** A gallery's people and samples, in store order. */
export function galleryRows(tx: ReadTx, gallery: GalleryKind): Promise<[PersonRow[], SampleRow[]]> {
  return Promise.all([
    tx.objectStore('people').index('by-gallery').getAll(gallery),
    tx.objectStore('samples').index('by-gallery').getAll(gallery),
  ]);
}
