/**
 * The inference worker: models, photo decoding, the pipeline and the gallery (IndexedDB plus the
 * in-memory search matrix kept in step with it). Exposed to the page through comlink as FaceEngineApi.
 */
import * as Comlink from 'comlink';
import ortWasmGlue from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import ortWasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { GalleryFormatError, parseGallery, serializeGallery } from '../core/galleryFile.ts';
import { decide, GalleryIndex } from '../core/match.ts';
import { analyze, emptyTimings } from '../core/pipeline.ts';
import { measureFaceQuality } from '../core/quality.ts';
import { MODEL_LIST, type ModelRole } from '../models.ts';
import { createFaceModels, type BackendPreference, type LoadedModels } from '../runtime/session.ts';
import { deleteGalleryDb, GALLERY_KINDS, openGalleryDb, type GalleryDb, type GalleryKind } from '../storage/db.ts';
import type {
  AnalyzeRequest,
  CandidateView,
  EngineEvents,
  EngineInfo,
  EngineOptions,
  FaceEngineApi,
  FaceResult,
  ImageAnalysis,
  ImageInput,
  MatchRequest,
  MatchResult,
} from './api.ts';
import { decodeImage, jpegOf } from './decode.ts';
import { loadModel } from './modelLoader.ts';

/** Tells other tabs' workers that a gallery changed, so their search matrices reload. */
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('faceprint-gallery');

interface SearchIndex {
  readonly index: GalleryIndex;
  readonly sampleIds: ReadonlyMap<string, readonly string[]>;
}

let loaded: { models: LoadedModels; preference: BackendPreference } | null = null;
let events: EngineEvents | null = null;
let database: Promise<GalleryDb> | null = null;
/** The database once open: a connection another tab closed (by deleting the database) is reopened. */
let opened: GalleryDb | null = null;
const indexes = new Map<GalleryKind, Promise<SearchIndex>>();

/** onnxruntime sessions run one call at a time; analysis requests queue here in order. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

function db(): Promise<GalleryDb> {
  if (opened?.closed) {
    opened = null;
    database = null;
    indexes.clear();
  }
  database ??= openGalleryDb().then(
    (d) => (opened = d),
    (error: unknown) => {
      database = null;
      throw error;
    },
  );
  return database;
}

function searchIndex(kind: GalleryKind): Promise<SearchIndex> {
  let index = indexes.get(kind);
  if (!index) {
    index = db()
      // The snapshot of the rows where still valid: a large gallery loads from a few records.
      .then((d) => d.searchRows(kind))
      .then(({ rows }) => ({
        index: new GalleryIndex(rows.map((r) => ({ id: r.id, name: r.name, embeddings: r.embeddings }))),
        sampleIds: new Map(rows.map((r) => [r.id, r.sampleIds])),
      }));
    index.catch(() => indexes.delete(kind));
    indexes.set(kind, index);
  }
  return index;
}

function galleryChanged(kind: GalleryKind, fromOtherTab = false): void {
  indexes.delete(kind);
  if (!fromOtherTab) channel?.postMessage(kind);
  events?.galleryChanged(kind);
}

channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
  const kind = event.data;
  if (typeof kind === 'string' && (GALLERY_KINDS as readonly string[]).includes(kind)) galleryChanged(kind as GalleryKind, true);
});

function info(): EngineInfo {
  if (!loaded) throw new Error('the face engine is not initialised');
  const { models, preference } = loaded;
  return { backend: models.backend, preference, threads: models.threads, fallbackReason: models.fallbackReason };
}

/** The models being loaded by `init`: a photo dropped while they load waits for them instead of failing. */
let loading: Promise<unknown> | null = null;

async function requireModels(): Promise<LoadedModels> {
  if (!loaded && loading) await loading.catch(() => undefined);
  if (!loaded) throw new Error('the models are not loaded yet');
  return loaded.models;
}

async function matchOne(embedding: Float32Array, request: MatchRequest): Promise<MatchResult> {
  const { index, sampleIds } = await searchIndex(request.gallery);
  const found = index.search(embedding, request.topK);
  const withSamples = found.map((c) => ({ ...c, sampleId: sampleIds.get(c.personId)?.[c.sampleIndex] ?? '' }));
  const thumbs = request.thumbnails ? await (await db()).thumbnails(withSamples.map((c) => c.sampleId)) : null;
  const candidates: CandidateView[] = withSamples.map((c) => ({ ...c, thumbnail: thumbs?.get(c.sampleId) ?? null }));
  return { decision: decide(candidates, request.settings), candidates };
}

async function analyzeImage(input: ImageInput, request: AnalyzeRequest): Promise<ImageAnalysis> {
  const start = performance.now();
  const { image, notes } = await decodeImage(input);
  const decode = performance.now() - start;
  const stages = emptyTimings();
  const faces = await serial(async () =>
    analyze((await requireModels()).models, image, {
      detect: { inputSize: request.detect },
      poseLimits: request.poseLimits,
      largestFaceOnly: request.largestFaceOnly,
      poseModel: request.poseModel === 'near-limits' ? 'near-limits' : true,
      flip: request.flip,
      embed: request.embed,
      timings: stages,
    }),
  );
  let search = 0;
  const results: FaceResult[] = [];
  for (const face of faces) {
    const searchStart = performance.now();
    const match = face.embedding && request.match ? await matchOne(face.embedding, request.match) : null;
    search += performance.now() - searchStart;
    results.push({
      box: face.box,
      score: face.score,
      landmarks: face.landmarks,
      pose: face.pose,
      poseSource: face.poseSource,
      poseCheck: face.poseCheck,
      quality: measureFaceQuality(face.aligned, face.box),
      embedding: face.embedding,
      thumbnail: request.thumbnails ? await jpegOf(face.aligned) : null,
      match,
    });
  }
  const timings = { ...stages, decode, search, total: performance.now() - start };
  return { width: image.width, height: image.height, notes, faces: results, timings };
}

async function mutate<T>(kind: GalleryKind, change: (d: GalleryDb) => Promise<T>): Promise<T> {
  const result = await change(await db());
  galleryChanged(kind);
  return result;
}

async function galleryOf(personId: string): Promise<GalleryKind> {
  const kind = await (await db()).galleryOf(personId);
  if (!kind) throw new Error('That person is no longer in the gallery (deleted in another tab?).');
  return kind;
}

async function loadModels(preference: BackendPreference, eventSink: EngineEvents, options: EngineOptions): Promise<void> {
  const base = new URL(import.meta.env.BASE_URL, self.location.origin).href;
  // Downloads start together; sessions are created as each arrives (see ModelSources).
  const downloads = new Map(MODEL_LIST.map((entry) => [entry.role, loadModel(entry, base, (p) => eventSink.progress(p))]));
  const download = (role: ModelRole): Promise<Uint8Array> => downloads.get(role) ?? Promise.reject(new Error(`no ${role} model in the manifest`));
  const models = await createFaceModels(
    { detector: download('detector'), embedder: download('embedder'), pose: download('pose') },
    {
      backend: preference,
      threads: options.threads,
      wasmAssets: { mjs: ortWasmGlue, wasm: ortWasmBinary },
      onFallback: () => events?.backendChanged(info()),
    },
  );
  loaded = { models, preference };
}

const engine: FaceEngineApi = {
  async init(preference, eventSink, options = {}) {
    events = eventSink;
    if (loaded && loaded.preference === preference) return info();
    const load = loadModels(preference, eventSink, options);
    loading = load;
    await load;
    return info();
  },

  analyze: (input, request) => analyzeImage(input, request),

  search: (embedding, request) => matchOne(embedding, request),

  listPeople: async (gallery) => (await db()).listPeople(gallery),
  listSamples: async (personId) => (await db()).listSamples(personId),

  enroll: (gallery, name, samples) => mutate(gallery, (d) => d.enroll(gallery, name, samples)),
  async rename(personId, name) {
    const kind = await galleryOf(personId);
    await mutate(kind, (d) => d.rename(personId, name));
  },
  async merge(fromId, intoId) {
    const kind = await galleryOf(intoId);
    return mutate(kind, (d) => d.merge(fromId, intoId));
  },
  async deletePerson(personId) {
    const record = await (await db()).deletePerson(personId);
    galleryChanged(record.person.gallery);
    return record;
  },
  async deleteSample(sampleId) {
    const record = await (await db()).deleteSample(sampleId);
    galleryChanged(record.person.gallery);
    return record;
  },
  restore: (record) => mutate(record.person.gallery, (d) => d.restore(record)),
  clear: (gallery) => mutate(gallery, (d) => d.clear(gallery)),

  async exportGallery(gallery) {
    return serializeGallery(await (await db()).exportGallery(gallery));
  },
  async deleteAllGalleries() {
    const current = database;
    database = null;
    opened = null;
    indexes.clear();
    // This tab's connection would block the delete; other tabs close theirs on `versionchange`.
    (await current?.catch(() => null))?.close();
    await deleteGalleryDb();
    for (const kind of GALLERY_KINDS) galleryChanged(kind);
  },
  async importGallery(gallery, text) {
    let parsed;
    try {
      parsed = parseGallery(text);
    } catch (error) {
      if (error instanceof GalleryFormatError || error instanceof SyntaxError) throw new Error(`Not a valid Faceprint gallery file: ${error.message}`, { cause: error });
      throw error;
    }
    return mutate(gallery, (d) => d.importGallery(gallery, parsed));
  },
};

Comlink.expose(engine);
