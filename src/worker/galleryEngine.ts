/**
 * The galleries in the worker: the IndexedDB connection (reopened after another tab deleted the
 * database), the per-gallery search index built from it and dropped whenever the gallery changes, and
 * the channel that tells other tabs' workers about each change so they drop theirs.
 */
import { emptyGallery, GalleryFormatError, parseGallery, serializeGallery } from '../core/formats/galleryFile.ts';
import { calibrate, findConflicts, type Calibration, type CalibrationPerson } from '../core/search/calibrate.ts';
import { groupFaces } from '../core/search/cluster.ts';
import { decide, GalleryIndex, type MatchSettings } from '../core/search/match.ts';
import {
  GALLERY_KINDS,
  type GalleryDb,
  type GalleryKind,
  type ImportSummary,
  type NewSample,
  type PersonRecord,
  type PersonSummary,
  type SampleView,
} from '../storage/index.ts';
import type {
  CandidateView,
  EngineEvents,
  GalleryApi,
  GalleryConflicts,
  GroupRequest,
  GroupResult,
  MatchRequest,
  MatchResult,
} from './api.ts';

/** The part of BroadcastChannel the engine uses: messages are gallery kinds, never delivered to the sender. */
export interface GalleryChannel {
  postMessage(message: GalleryKind): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export interface GalleryEngineDeps {
  /** Opens a new connection to the gallery database. */
  readonly openDb: () => Promise<GalleryDb>;
  /** Deletes the whole database (other tabs' connections close themselves on `versionchange`). */
  readonly deleteDb: () => Promise<void>;
  /** Shared with the other tabs' workers; null where BroadcastChannel does not exist. */
  readonly channel: GalleryChannel | null;
  readonly events: Pick<EngineEvents, 'galleryChanged'>;
}

interface SearchIndex {
  readonly index: GalleryIndex;
  /** Each person's sample ids, in the order of their embeddings in the index. */
  readonly sampleIds: ReadonlyMap<string, readonly string[]>;
  /** The same rows as calibration and conflict finding take them. */
  readonly people: readonly CalibrationPerson[];
}

export class GalleryEngine implements GalleryApi {
  readonly #deps: GalleryEngineDeps;
  #database: Promise<GalleryDb> | null = null;
  /** The database once open: a connection another tab closed (by deleting the database) is reopened. */
  #opened: GalleryDb | null = null;
  readonly #indexes = new Map<GalleryKind, Promise<SearchIndex>>();
  /**
   * True after "Delete everything" until the next write: reads answer as for an empty gallery without
   * opening the database, since opening it creates it again (Settings re-reads the gallery for its
   * calibration and storage figures right after the delete, and nothing may be left behind).
   */
  #deleted = false;

  constructor(deps: GalleryEngineDeps) {
    this.#deps = deps;
    deps.channel?.addEventListener('message', (event) => {
      const kind = event.data;
      if (typeof kind !== 'string' || !(GALLERY_KINDS as readonly string[]).includes(kind)) return;
      this.#deleted = false; // another tab wrote: there is a gallery to read again
      this.#changed(kind as GalleryKind, true);
    });
  }

  #db(): Promise<GalleryDb> {
    if (this.#opened?.closed) {
      this.#opened = null;
      this.#database = null;
      this.#indexes.clear();
    }
    this.#database ??= this.#deps.openDb().then(
      (d) => (this.#opened = d),
      (error: unknown) => {
        this.#database = null;
        throw error;
      },
    );
    return this.#database;
  }

  #searchIndex(kind: GalleryKind): Promise<SearchIndex> {
    if (this.#deleted) return Promise.resolve({ index: new GalleryIndex([]), sampleIds: new Map(), people: [] });
    let index = this.#indexes.get(kind);
    if (!index) {
      index = this.#db()
        // The snapshot of the rows where still valid: a large gallery loads from a few records.
        .then((d) => d.searchRows(kind))
        .then(({ rows }) => ({
          index: new GalleryIndex(rows.map((r) => ({ id: r.id, name: r.name, embeddings: r.embeddings }))),
          sampleIds: new Map(rows.map((r) => [r.id, r.sampleIds])),
          people: rows.map((r) => ({
            id: r.id,
            name: r.name,
            samples: r.embeddings.map((embedding, i) => ({ id: r.sampleIds[i]!, embedding })),
          })),
        }));
      // A failed build is not kept: the next search tries again.
      index.catch(() => this.#indexes.delete(kind));
      this.#indexes.set(kind, index);
    }
    return index;
  }

  #changed(kind: GalleryKind, fromOtherTab = false): void {
    this.#indexes.delete(kind);
    if (!fromOtherTab) this.#deps.channel?.postMessage(kind);
    this.#deps.events.galleryChanged(kind);
  }

  async #mutate<T>(kind: GalleryKind, change: (d: GalleryDb) => Promise<T>): Promise<T> {
    this.#deleted = false;
    const result = await change(await this.#db());
    this.#changed(kind);
    return result;
  }

  async #galleryOf(personId: string): Promise<GalleryKind> {
    const kind = this.#deleted ? null : await (await this.#db()).galleryOf(personId);
    if (!kind) throw new Error('That person is no longer in the gallery (deleted in another tab?).');
    return kind;
  }

  async search(embedding: Float32Array, request: MatchRequest): Promise<MatchResult> {
    const { index, sampleIds } = await this.#searchIndex(request.gallery);
    const found = index.search(embedding, request.topK);
    const withSamples = found.map((c) => ({ ...c, sampleId: sampleIds.get(c.personId)?.[c.sampleIndex] ?? '' }));
    const thumbs = request.thumbnails ? await (await this.#db()).thumbnails(withSamples.map((c) => c.sampleId)) : null;
    const candidates: CandidateView[] = withSamples.map((c) => ({ ...c, thumbnail: thumbs?.get(c.sampleId) ?? null }));
    return { decision: decide(candidates, request.settings), checked: true, candidates };
  }

  async listPeople(gallery: GalleryKind): Promise<PersonSummary[]> {
    return this.#deleted ? [] : (await this.#db()).listPeople(gallery);
  }

  async listSamples(personId: string): Promise<SampleView[]> {
    return this.#deleted ? [] : (await this.#db()).listSamples(personId);
  }

  enroll(gallery: GalleryKind, name: string, samples: readonly NewSample[]): Promise<PersonSummary> {
    return this.#mutate(gallery, (d) => d.enroll(gallery, name, samples));
  }

  async rename(personId: string, name: string): Promise<void> {
    const kind = await this.#galleryOf(personId);
    await this.#mutate(kind, (d) => d.rename(personId, name));
  }

  async merge(fromId: string, intoId: string): Promise<PersonRecord> {
    const kind = await this.#galleryOf(intoId);
    return this.#mutate(kind, (d) => d.merge(fromId, intoId));
  }

  async deletePerson(personId: string): Promise<PersonRecord> {
    if (this.#deleted) throw new Error('That person is no longer in the gallery (deleted in another tab?).');
    const record = await (await this.#db()).deletePerson(personId);
    this.#changed(record.person.gallery);
    return record;
  }

  async deleteSample(sampleId: string): Promise<PersonRecord> {
    if (this.#deleted) throw new Error('That sample is no longer in the gallery.');
    const record = await (await this.#db()).deleteSample(sampleId);
    this.#changed(record.person.gallery);
    return record;
  }

  async moveSample(sampleId: string, toPersonId: string): Promise<PersonRecord> {
    const kind = await this.#galleryOf(toPersonId);
    return this.#mutate(kind, (d) => d.moveSample(sampleId, toPersonId));
  }

  restore(record: PersonRecord): Promise<void> {
    return this.#mutate(record.person.gallery, (d) => d.restore(record));
  }

  clear(gallery: GalleryKind): Promise<void> {
    return this.#mutate(gallery, (d) => d.clear(gallery));
  }

  async exportGallery(gallery: GalleryKind): Promise<string> {
    if (this.#deleted) return serializeGallery(emptyGallery());
    return serializeGallery(await (await this.#db()).exportGallery(gallery));
  }

  async importGallery(gallery: GalleryKind, text: string): Promise<ImportSummary> {
    let parsed;
    try {
      parsed = parseGallery(text);
    } catch (error) {
      if (error instanceof GalleryFormatError || error instanceof SyntaxError)
        throw new Error(`Not a valid Faceprint gallery file: ${error.message}`, { cause: error });
      throw error;
    }
    return this.#mutate(gallery, (d) => d.importGallery(gallery, parsed));
  }

  async deleteAllGalleries(): Promise<void> {
    const current = this.#database;
    this.#database = null;
    this.#opened = null;
    this.#indexes.clear();
    // This tab's connection would block the delete; other tabs close theirs on `versionchange`.
    (await current?.catch(() => null))?.close();
    await this.#deps.deleteDb();
    this.#deleted = true;
    for (const kind of GALLERY_KINDS) this.#changed(kind);
  }

  async groupFaces(request: GroupRequest): Promise<GroupResult> {
    const index = request.gallery ? (await this.#searchIndex(request.gallery)).index : null;
    const started = performance.now();
    const grouped = groupFaces(request.faces, index, request.settings);
    return { ...grouped, elapsedMs: performance.now() - started };
  }

  async calibrate(gallery: GalleryKind, settings: MatchSettings): Promise<Calibration> {
    return calibrate((await this.#searchIndex(gallery)).people, settings);
  }

  async findConflicts(gallery: GalleryKind, settings: MatchSettings): Promise<GalleryConflicts> {
    return findConflicts((await this.#searchIndex(gallery)).people, settings);
  }
}
