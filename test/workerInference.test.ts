/**
 * The worker's inference engine (src/worker/inferenceEngine.ts) and the endpoint joining it to the
 * gallery engine (src/worker/faceEngine.ts), on fake models: a detector that finds nobody, so these
 * tests are about loading, queueing and events; the pipeline itself is tested on real models elsewhere.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RgbImage } from '../src/core/pipeline/image.ts';
import type { FaceModels, ModelRunner, TensorData } from '../src/core/pipeline/runner.ts';
import type { Backend, BackendPreference, LoadedModels } from '../src/runtime/session.ts';
import { deleteGalleryDb, openGalleryDb, type GalleryKind } from '../src/storage/index.ts';
import type { EngineEvents, EngineInfo, ImageInput, ModelProgress } from '../src/worker/api.ts';
import { createFaceEngine } from '../src/worker/faceEngine.ts';
import type { ModelFactory, ModelLoadHooks } from '../src/worker/faceModels.ts';
import { InferenceEngine } from '../src/worker/inferenceEngine.ts';
import { DEFAULT_REQUEST_OPTIONS, photoRequest } from '../src/worker/requests.ts';

const zeros = (channels: number): TensorData => ({ data: new Float32Array(channels), dims: [1, channels, 1, 1] });

/** A detector whose every output is a 1×1 map of zero scores (2 anchors per stride): no faces. */
function emptyDetector(log: string[]): ModelRunner {
  return {
    async run() {
      log.push('detect start');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push('detect end');
      const outputs: Record<string, TensorData> = {};
      for (const stride of [32, 16, 8]) {
        outputs[`face_rpn_cls_prob_reshape_stride${stride}`] = zeros(4);
        outputs[`face_rpn_bbox_pred_stride${stride}`] = zeros(8);
        outputs[`face_rpn_landmark_pred_stride${stride}`] = zeros(20);
      }
      return outputs;
    },
  };
}

const unused: ModelRunner = {
  run: () => Promise.reject(new Error('no face was detected, so this model is not called')),
};

/** Loaded models whose backend can change under them, as a WebGPU failure at run time does. */
function fakeModels(log: string[], backend: Backend = 'webgpu'): LoadedModels & { backend: Backend; fallbackReason: string | null } {
  const models: FaceModels = { detector: emptyDetector(log), embedder: unused, pose: unused };
  const loadDeferred = async (): Promise<void> => {
    log.push('deferred');
  };
  return { models, backend, threads: 4, fallbackReason: null, loadDeferred };
}

interface FactoryCall {
  readonly preference: BackendPreference;
  readonly hooks: ModelLoadHooks;
  resolve(models: LoadedModels): void;
  reject(error: Error): void;
}

/** A model factory whose loads finish when the test says. */
function controlledFactory(): { factory: ModelFactory; calls: FactoryCall[] } {
  const calls: FactoryCall[] = [];
  const factory: ModelFactory = (preference, _options, hooks) =>
    new Promise<LoadedModels>((resolve, reject) => calls.push({ preference, hooks, resolve, reject }));
  return { factory, calls };
}

const IMAGE: RgbImage = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 3) };
const INPUT: ImageInput = { kind: 'blob', blob: new Blob([]) };
const REQUEST = photoRequest(DEFAULT_REQUEST_OPTIONS);

const noEvents = { progress: () => undefined, backendChanged: () => undefined };

function inference(factory: ModelFactory, events: Pick<EngineEvents, 'progress' | 'backendChanged'> = noEvents): InferenceEngine {
  return new InferenceEngine({
    createModels: factory,
    decode: () => Promise.resolve({ image: IMAGE, notes: ['very small'] }),
    jpeg: () => Promise.reject(new Error('no thumbnails without faces')),
    gallery: { search: () => Promise.reject(new Error('no search without faces')) },
    events,
  });
}

/** An engine whose models (logging into `log`) have loaded. */
async function loadedEngine(log: string[]): Promise<InferenceEngine> {
  const { factory, calls } = controlledFactory();
  const engine = inference(factory);
  const init = engine.init('auto');
  calls[0]!.resolve(fakeModels(log));
  await init;
  return engine;
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the inference engine', () => {
  it('makes a photo sent while the models load wait for them', async () => {
    const { factory, calls } = controlledFactory();
    const engine = inference(factory);
    const init = engine.init('auto');
    let done = false;
    const analysis = engine.analyze(INPUT, REQUEST).finally(() => (done = true));
    await settle();
    expect(done).toBe(false);
    const log: string[] = [];
    calls[0]!.resolve(fakeModels(log));
    expect(await init).toEqual({ backend: 'webgpu', preference: 'auto', threads: 4, fallbackReason: null });
    const result = await analysis;
    // The pose model's session is made after the photo that was waiting, not before it.
    await settle();
    expect(log).toEqual(['detect start', 'detect end', 'detect start', 'detect end', 'deferred']);
    expect(result).toMatchObject({ width: 64, height: 48, notes: ['very small'], faces: [] });
    expect(result.timings.total).toBeGreaterThanOrEqual(result.timings.detect);
    expect(result.timings.detect).toBeGreaterThan(0);
  });

  it('says the models are not loaded when there was no init, or it failed', async () => {
    const { factory, calls } = controlledFactory();
    const engine = inference(factory);
    await expect(engine.analyze(INPUT, REQUEST)).rejects.toThrow('the models are not loaded yet');
    const init = engine.init('wasm');
    const analysis = engine.analyze(INPUT, REQUEST);
    calls[0]!.reject(new Error('could not download det_10g.onnx'));
    await expect(init).rejects.toThrow('could not download');
    await expect(analysis).rejects.toThrow('the models are not loaded yet');
  });

  it('loads the models again only for another backend preference', async () => {
    const { factory, calls } = controlledFactory();
    const engine = inference(factory);
    const first = engine.init('auto');
    calls[0]!.resolve(fakeModels([]));
    await first;
    await engine.init('auto');
    expect(calls).toHaveLength(1);
    const second = engine.init('wasm');
    calls[1]!.resolve(fakeModels([], 'wasm'));
    expect((await second).backend).toBe('wasm');
    expect(calls.map((c) => c.preference)).toEqual(['auto', 'wasm']);
  });

  it('runs the models for one request at a time, in order', async () => {
    const log: string[] = [];
    const engine = await loadedEngine(log);
    // The empty detector runs twice per photo (the second time with a border around it); the pose
    // model's session is queued when the first analysis is over, behind the photos already waiting.
    await Promise.all([engine.analyze(INPUT, REQUEST), engine.analyze(INPUT, REQUEST), engine.analyze(INPUT, REQUEST)]);
    await settle();
    expect(log).toEqual([...Array.from({ length: 6 }, () => ['detect start', 'detect end']).flat(), 'deferred']);
    // Once: later analyses do not queue it again.
    await engine.analyze(INPUT, REQUEST);
    expect(log.filter((step) => step === 'deferred')).toHaveLength(1);
  });

  it('makes the deferred sessions by itself when no image comes after start-up', async () => {
    const log: string[] = [];
    const engine = await loadedEngine(log);
    expect(log).toEqual([]);
    await vi.waitFor(() => expect(log).toEqual(['deferred']), { timeout: 10_000 });
    await engine.analyze(INPUT, REQUEST);
    expect(log).toEqual(['deferred', 'detect start', 'detect end', 'detect start', 'detect end']);
  });

  it('keeps going after a failed request', async () => {
    const { factory, calls } = controlledFactory();
    let decodes = 0;
    const engine = new InferenceEngine({
      createModels: factory,
      decode: () => (++decodes === 1 ? Promise.reject(new Error('not an image')) : Promise.resolve({ image: IMAGE, notes: [] })),
      jpeg: () => Promise.reject(new Error('unused')),
      gallery: { search: () => Promise.reject(new Error('unused')) },
      events: noEvents,
    });
    const init = engine.init('auto');
    calls[0]!.resolve(fakeModels([]));
    await init;
    await expect(engine.analyze(INPUT, REQUEST)).rejects.toThrow('not an image');
    expect((await engine.analyze(INPUT, REQUEST)).faces).toEqual([]);
  });
});

describe('the worker endpoint', () => {
  it("sends progress, backend changes and gallery changes to init's events", async () => {
    const { factory, calls } = controlledFactory();
    vi.stubGlobal('indexedDB', new IDBFactory());
    const engine = createFaceEngine({
      gallery: { openDb: () => openGalleryDb(), deleteDb: () => deleteGalleryDb(), channel: null },
      inference: {
        createModels: factory,
        decode: () => Promise.resolve({ image: IMAGE, notes: [] }),
        jpeg: () => Promise.reject(new Error('unused')),
      },
    });
    const received: { progress: ModelProgress[]; backends: EngineInfo[]; galleries: GalleryKind[] } = {
      progress: [],
      backends: [],
      galleries: [],
    };
    const events: EngineEvents = {
      progress: (p) => received.progress.push(p),
      backendChanged: (info) => received.backends.push(info),
      galleryChanged: (kind) => received.galleries.push(kind),
    };
    const init = engine.init('auto', events);
    const progress: ModelProgress = { role: 'detector', file: 'det_10g.onnx', loaded: 10, total: 100, state: 'downloading' };
    calls[0]!.hooks.progress(progress);
    const models = fakeModels([]);
    calls[0]!.resolve(models);
    await init;
    models.backend = 'wasm';
    models.fallbackReason = 'WebGPU failed while running: device lost';
    calls[0]!.hooks.fallback();
    await engine.clear('celebrities');
    expect(received).toEqual({
      progress: [progress],
      backends: [{ backend: 'wasm', preference: 'auto', threads: 4, fallbackReason: 'WebGPU failed while running: device lost' }],
      galleries: ['celebrities'],
    });
    expect(await engine.listPeople('celebrities')).toEqual([]);
  });
});
