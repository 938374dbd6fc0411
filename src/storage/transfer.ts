/**
 * Export and import: a gallery as the file format of core/galleryFile.ts, and a parsed file added to a
 * gallery. Thumbnails are bytes (or, in old rows, Blobs) in the store and data URLs in the file; both
 * conversions happen outside any transaction (awaiting a blob would let the transaction commit early).
 */
import { newId, type Gallery, type GalleryRecord, type GallerySample } from '../core/formats/galleryFile.ts';
import { IdClaims } from '../core/formats/sampleRules.ts';
import type { GalleryConnection } from './connection.ts';
import { GalleryStoreError } from './errors.ts';
import { byName, galleryRows, groupSamples } from './rows.ts';
import type { ThumbnailBytes } from './schema.ts';
import { dataUrlThumbnail, thumbnailDataUrl } from './thumbnails.ts';
import type { GalleryKind, ImportSummary } from './types.ts';
import { checkNewSample, checkText, claimId, cleanName } from './validate.ts';

/** The gallery in the file format: people by name, samples oldest first. */
export async function exportGallery(connection: GalleryConnection, gallery: GalleryKind): Promise<Gallery> {
  const [people, samples] = await connection.read((tx) => galleryRows(tx, gallery));
  // The transaction is over: reading blobs here cannot commit it early.
  const groups = groupSamples(samples);
  const records = await Promise.all(
    people.sort(byName).map(async (p): Promise<GalleryRecord> => ({
      id: p.id,
      name: p.name,
      createdAt: p.createdAt,
      samples: await Promise.all(
        (groups.get(p.id) ?? []).map(async (s): Promise<GallerySample> => ({
          id: s.id,
          embedding: s.embedding,
          source: s.source,
          createdAt: s.createdAt,
          pose: s.pose,
          ...(s.thumbnail ? { thumbnail: await thumbnailDataUrl(s.thumbnail) } : {}),
        })),
      ),
    })),
  );
  return { createdAt: new Date().toISOString(), people: records };
}

/**
 * Adds a parsed gallery file, all or nothing: everything is validated (and thumbnails decoded) before
 * the one transaction. A file person joins the same-named person (ignoring case) or is created with
 * their file id (a new id if that is taken). Samples already in this gallery (same id) are skipped, so
 * importing a file twice adds nothing; a person left with nothing new is not created. Person and
 * sample ids are kept where free, so an export imported elsewhere keeps its identities.
 */
export async function importGallery(connection: GalleryConnection, gallery: GalleryKind, parsed: Gallery): Promise<ImportSummary> {
  // parseGallery guarantees unique ids; a Gallery built in code might not, and a repeated id would
  // fail the transaction half-way with a ConstraintError instead of saying what is wrong.
  const ids = new IdClaims();
  const prepared = parsed.people.map((p, i) => {
    const where = `Person ${i + 1}`;
    const clean = cleanName(p.name);
    return {
      id: claimId(ids, p.id, where),
      ...clean,
      createdAt: checkText(p.createdAt, 'the date', where),
      samples: p.samples.map((s, j) => {
        const sw = `${where} (${clean.name}), sample ${j + 1}`;
        let thumbnail: ThumbnailBytes | null = null;
        if (s.thumbnail !== undefined) {
          try {
            thumbnail = dataUrlThumbnail(s.thumbnail);
          } catch (error) {
            throw error instanceof GalleryStoreError ? new GalleryStoreError(`${sw}: ${error.message}`) : error;
          }
        }
        return {
          id: claimId(ids, s.id, sw),
          // The thumbnail is checked as it is decoded (a data URL of an accepted type), and stored as bytes.
          ...checkNewSample({ ...s, thumbnail: null }, sw),
          thumbnail,
          createdAt: checkText(s.createdAt, 'the date', sw),
        };
      }),
    };
  });
  return connection.write(async (tx) => {
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
