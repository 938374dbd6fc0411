/**
 * The worker's one comlink endpoint: the inference engine and the gallery engine behind one object
 * (FaceEngineApi), sharing the events sink the page passes to `init`.
 */
import type { EngineEvents, FaceEngineApi } from './api.ts';
import { GalleryEngine, type GalleryEngineDeps } from './galleryEngine.ts';
import { InferenceEngine, type InferenceEngineDeps } from './inferenceEngine.ts';

export interface FaceEngineDeps {
  readonly gallery: Omit<GalleryEngineDeps, 'events'>;
  readonly inference: Omit<InferenceEngineDeps, 'events' | 'gallery'>;
}

export function createFaceEngine(deps: FaceEngineDeps): FaceEngineApi {
  // The page's callbacks arrive with `init`; until then events go nowhere (the page calls init first).
  let sink: EngineEvents | null = null;
  const events: EngineEvents = {
    progress: (progress) => sink?.progress(progress),
    backendChanged: (info) => sink?.backendChanged(info),
    galleryChanged: (kind) => sink?.galleryChanged(kind),
  };
  const gallery = new GalleryEngine({ ...deps.gallery, events });
  const inference = new InferenceEngine({ ...deps.inference, events, gallery });
  return {
    init(preference, eventSink, options) {
      sink = eventSink;
      return inference.init(preference, options);
    },
    analyze: (image, request) => inference.analyze(image, request),
    startupProfile: () => Promise.resolve(inference.startupProfile()),

    search: (embedding, request) => gallery.search(embedding, request),
    listPeople: (kind) => gallery.listPeople(kind),
    listSamples: (personId) => gallery.listSamples(personId),
    enroll: (kind, name, samples) => gallery.enroll(kind, name, samples),
    rename: (personId, name) => gallery.rename(personId, name),
    merge: (fromId, intoId) => gallery.merge(fromId, intoId),
    deletePerson: (personId) => gallery.deletePerson(personId),
    deleteSample: (sampleId) => gallery.deleteSample(sampleId),
    moveSample: (sampleId, toPersonId) => gallery.moveSample(sampleId, toPersonId),
    restore: (record) => gallery.restore(record),
    clear: (kind) => gallery.clear(kind),
    exportGallery: (kind) => gallery.exportGallery(kind),
    importGallery: (kind, text) => gallery.importGallery(kind, text),
    deleteAllGalleries: () => gallery.deleteAllGalleries(),
    groupFaces: (request) => gallery.groupFaces(request),
    calibrate: (kind, settings) => gallery.calibrate(kind, settings),
    findConflicts: (kind, settings) => gallery.findConflicts(kind, settings),
  };
}
