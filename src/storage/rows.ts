/** Helpers on stored rows: orderings, grouping, and the views callers get of them. */
import { GalleryStoreError } from './errors.ts';
import type { PersonRow, ReadTx, WriteTx } from './schema.ts';
import type { GalleryKind, IndexRow, PersonInfo, PersonSummary, SampleView, StoredSample } from './types.ts';

/** Oldest first; the id breaks ties (samples enrolled together share a timestamp) so order is stable. */
export function bySampleAge(a: StoredSample, b: StoredSample): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function byName(a: PersonInfo, b: PersonInfo): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'accent' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Samples by person, each list oldest first. */
export function groupSamples(samples: readonly StoredSample[]): Map<string, StoredSample[]> {
  const groups = new Map<string, StoredSample[]>();
  for (const s of [...samples].sort(bySampleAge)) {
    const list = groups.get(s.personId);
    if (list) list.push(s);
    else groups.set(s.personId, [s]);
  }
  return groups;
}

export function summarize(person: PersonInfo, samples: readonly StoredSample[]): PersonSummary {
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
export function toIndexRows(people: PersonRow[], samples: readonly StoredSample[]): IndexRow[] {
  const groups = groupSamples(samples);
  return people.sort(byName).flatMap((p) => {
    const own = groups.get(p.id) ?? [];
    if (own.length === 0) return [];
    return [{ id: p.id, name: p.name, sampleIds: own.map((s) => s.id), embeddings: own.map((s) => s.embedding) }];
  });
}

export const personInfo = ({ id, gallery, name, createdAt }: PersonInfo): PersonInfo => ({ id, gallery, name, createdAt });

export const sampleView = ({ id, personId, source, pose, createdAt, thumbnail }: StoredSample): SampleView => ({
  id,
  personId,
  source,
  pose,
  createdAt,
  thumbnail,
});

export async function getPerson(tx: WriteTx, personId: string): Promise<PersonRow> {
  const person = await tx.objectStore('people').get(personId);
  if (!person) throw new GalleryStoreError('That person is no longer in the gallery.');
  return person;
}

export async function samplesOf(tx: WriteTx, personId: string): Promise<StoredSample[]> {
  return (await tx.objectStore('samples').index('by-person').getAll(personId)).sort(bySampleAge);
}

/** A gallery's people and samples, in store order. */
export function galleryRows(tx: ReadTx, gallery: GalleryKind): Promise<[PersonRow[], StoredSample[]]> {
  return Promise.all([
    tx.objectStore('people').index('by-gallery').getAll(gallery),
    tx.objectStore('samples').index('by-gallery').getAll(gallery),
  ]);
}
