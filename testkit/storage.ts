/**
 * Gallery store helpers that only benchmarks and tests need: a bulk insert for large synthetic
 * galleries, a sample count, and the index rows read straight from the samples (what searchRows must
 * equal). They run in the store's own transactions (GalleryDb.connection), so a bulk insert
 * outdates the search snapshot like any other write.
 */
import { newId } from '../src/core/formats/galleryFile.ts';
import { GalleryStoreError, type GalleryDb, type GalleryKind, type IndexRow, type NewSample } from '../src/storage/index.ts';
import { galleryRows, toIndexRows } from '../src/storage/rows.ts';
import { checkGallery, cleanName, sampleToStore, type SampleToStore } from '../src/storage/validate.ts';

/**
 * `enroll` for many people in one transaction, all or nothing. Entries with the same name (ignoring
 * case) are merged first; every request is issued without waiting for the previous one, so IndexedDB
 * can pipeline them. Returns how many people were created and how many samples written.
 */
export async function enrollMany(
  db: GalleryDb,
  gallery: GalleryKind,
  entries: readonly { readonly name: string; readonly samples: readonly NewSample[] }[],
): Promise<{ added: number; samples: number }> {
  checkGallery(gallery);
  const byName = new Map<string, { name: string; nameKey: string; samples: SampleToStore[] }>();
  for (const [i, entry] of entries.entries()) {
    const clean = cleanName(entry.name);
    if (entry.samples.length === 0) throw new GalleryStoreError(`${clean.name}: no face to enroll.`);
    // Thumbnails are read into bytes here, before the transaction (as enroll does).
    const prepared = await Promise.all(entry.samples.map((s, j) => sampleToStore(s, `Person ${i + 1} (${clean.name}), face ${j + 1}`)));
    const seen = byName.get(clean.nameKey);
    if (seen) seen.samples.push(...prepared);
    else byName.set(clean.nameKey, { ...clean, samples: prepared });
  }
  const createdAt = new Date().toISOString();
  return db.connection.write(async (tx) => {
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

/** Samples in the gallery (a count: nothing is read). */
export async function countSamples(db: GalleryDb, gallery: GalleryKind): Promise<number> {
  checkGallery(gallery);
  return db.connection.read((tx) => tx.objectStore('samples').index('by-gallery').count(gallery));
}

/** People with at least one sample, by name; samples oldest first: read from every sample, never the snapshot. */
export async function indexRows(db: GalleryDb, gallery: GalleryKind): Promise<IndexRow[]> {
  checkGallery(gallery);
  const [people, samples] = await db.connection.read((tx) => galleryRows(tx, gallery));
  return toIndexRows(people, samples);
}
