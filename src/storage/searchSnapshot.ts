/**
 * The search snapshot: a gallery's search rows (people with their sample ids and embeddings) kept as
 * a few large records, so start-up reads those instead of one record per sample. A snapshot is valid
 * while its generation equals the stored one, which every gallery write increments.
 */
import { EMBEDDING_SIZE } from '../core/pipeline/embed.ts';
import type { GalleryConnection } from './connection.ts';
import { galleryRows, toIndexRows } from './rows.ts';
import { GENERATION, type SearchChunk } from './schema.ts';
import type { GalleryKind, IndexRow } from './types.ts';

/** Samples per snapshot chunk: 16 384 × 2 KiB = 32 MiB records. */
const SNAPSHOT_CHUNK_SAMPLES = 16384;

/**
 * The gallery's index rows, read from its search snapshot when no write has happened since it was
 * taken; otherwise from the samples, after which the snapshot is rewritten. Rows share the
 * snapshot's buffers.
 */
export async function searchRows(
  connection: GalleryConnection,
  gallery: GalleryKind,
): Promise<{ rows: IndexRow[]; fromSnapshot: boolean }> {
  const snapshot = await readSnapshot(connection, gallery);
  if (snapshot) return { rows: snapshotRows(snapshot), fromSnapshot: true };
  const { rows, generation } = await connection.read(async (tx) => {
    // The generation in the same transaction as the rows: the snapshot is valid for exactly these.
    const [[people, samples], gen] = await Promise.all([galleryRows(tx, gallery), tx.objectStore('meta').get(GENERATION)]);
    return { rows: toIndexRows(people, samples), generation: gen ?? 0 };
  });
  await saveSnapshot(connection, gallery, rows, generation).catch(() => undefined); // only a cache: a full disk must not stop search
  return { rows, fromSnapshot: false };
}

/** The gallery's snapshot chunks in order, or null when there is none or it is out of date. */
async function readSnapshot(connection: GalleryConnection, gallery: GalleryKind): Promise<SearchChunk[] | null> {
  const tx = connection.db().transaction(['meta', 'searchChunks'], 'readonly');
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
}

/** Index rows whose embeddings are views into the chunks' [samples, 512] buffers. */
function snapshotRows(chunks: readonly SearchChunk[]): IndexRow[] {
  return chunks.flatMap((chunk) => {
    let offset = 0;
    return chunk.people.map((p) => {
      const embeddings = p.sampleIds.map((_, s) =>
        chunk.embeddings.subarray((offset + s) * EMBEDDING_SIZE, (offset + s + 1) * EMBEDDING_SIZE),
      );
      offset += p.sampleIds.length;
      return { id: p.id, name: p.name, sampleIds: [...p.sampleIds], embeddings };
    });
  });
}

/** Writes the rows as the gallery's snapshot, unless a write happened since they were read. */
async function saveSnapshot(
  connection: GalleryConnection,
  gallery: GalleryKind,
  rows: readonly IndexRow[],
  generation: number,
): Promise<void> {
  const chunks: SearchChunk[] = [];
  let people: IndexRow[] = [];
  let samples = 0;
  const flush = (): void => {
    const embeddings = new Float32Array(samples * EMBEDDING_SIZE); // [samples, 512]
    let row = 0;
    for (const p of people) for (const e of p.embeddings) embeddings.set(e, EMBEDDING_SIZE * row++);
    chunks.push({
      gallery,
      chunk: chunks.length,
      chunks: 0,
      generation,
      people: people.map(({ id, name, sampleIds }) => ({ id, name, sampleIds })),
      embeddings,
    });
    people = [];
    samples = 0;
  };
  for (const p of rows) {
    if (samples > 0 && samples + p.embeddings.length > SNAPSHOT_CHUNK_SAMPLES) flush();
    people.push(p);
    samples += p.embeddings.length;
  }
  if (samples > 0 || chunks.length === 0) flush();
  const tx = connection.db().transaction(['meta', 'searchChunks'], 'readwrite');
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
