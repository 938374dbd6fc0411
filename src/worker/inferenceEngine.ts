/**
 * The models and the pipeline in the worker: loading the models (a photo sent while they load waits
 * for them), and analysing one image at a time (decode → detect → pose → embed → search).
 */
import type { RgbImage } from '../core/pipeline/image.ts';
import { analyze, emptyTimings } from '../core/pipeline/pipeline.ts';
import type { BackendPreference, LoadedModels } from '../runtime/session.ts';
import type {
  AnalyzeRequest,
  EngineEvents,
  EngineInfo,
  EngineOptions,
  FaceResult,
  GalleryApi,
  ImageAnalysis,
  ImageInput,
  StartupStep,
} from './api.ts';
import type { DecodedImage } from './decode.ts';
import type { ModelFactory } from './faceModels.ts';

export interface InferenceEngineDeps {
  readonly createModels: ModelFactory;
  /** A photo file or video frame to upright RGB (decode.ts in the browser). */
  readonly decode: (input: ImageInput) => Promise<DecodedImage>;
  /** The aligned face as a JPEG thumbnail. */
  readonly jpeg: (image: RgbImage) => Promise<Blob>;
  /** Where `request.match` searches (the gallery engine). */
  readonly gallery: Pick<GalleryApi, 'search'>;
  readonly events: Pick<EngineEvents, 'progress' | 'backendChanged'>;
}

/**
 * How long after start-up an engine with nothing to do makes the sessions left for later (the pose
 * model) anyway. Made at once, they held up a photo dropped just after start-up by a second on two
 * cores (BENCHMARKS.md, the cold-start profile).
 */
const DEFERRED_IDLE_MS = 1500;

export class InferenceEngine {
  readonly #deps: InferenceEngineDeps;
  #loaded: { readonly models: LoadedModels; readonly preference: BackendPreference } | null = null;
  /** The models being loaded by `init`: a photo dropped while they load waits for them instead of failing. */
  #loading: Promise<unknown> | null = null;
  /** onnxruntime sessions run one call at a time; analysis requests queue here in order. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The first load's steps, up to the first analysis (Settings shows them; the app benchmark reads them). */
  readonly #startup: StartupStep[] = [];
  #firstAnalysisDone = false;
  /** Queues the deferred sessions' load, once: after the first analysis, or after DEFERRED_IDLE_MS of nothing. */
  #loadDeferredSoon: (() => void) | null = null;

  constructor(deps: InferenceEngineDeps) {
    this.#deps = deps;
  }

  /** Loads the models, unless they are loaded on this preference already. */
  async init(preference: BackendPreference, options: EngineOptions = {}): Promise<EngineInfo> {
    if (this.#loaded && this.#loaded.preference === preference) return this.info();
    const load = this.#load(preference, options);
    this.#loading = load;
    await load;
    return this.info();
  }

  startupProfile(): readonly StartupStep[] {
    return [...this.#startup];
  }

  #step(step: string): void {
    if (!this.#firstAnalysisDone) this.#startup.push({ step, ms: performance.now() });
  }

  info(): EngineInfo {
    if (!this.#loaded) throw new Error('the face engine is not initialised');
    const { models, preference } = this.#loaded;
    return { backend: models.backend, preference, threads: models.threads, fallbackReason: models.fallbackReason };
  }

  async #load(preference: BackendPreference, options: EngineOptions): Promise<void> {
    const { events } = this.#deps;
    this.#step('models asked for');
    const models = await this.#deps.createModels(preference, options, {
      progress: (p) => events.progress(p),
      fallback: () => events.backendChanged(this.info()),
      step: (step) => this.#step(step),
    });
    this.#loaded = { models, preference };
    this.#step('models ready');
    // The pose model once the first analysis is over (or the engine sat idle): the first result does
    // not wait for it, and a face near the pose limits later rarely does; one that needs it sooner
    // loads it itself. A failure here is retried, and reported, by the first face that needs the model.
    let queued = false;
    const load = (): void => {
      if (queued) return;
      queued = true;
      clearTimeout(idle);
      void this.#serial(() => models.loadDeferred()).catch(() => undefined);
    };
    const idle = setTimeout(load, DEFERRED_IDLE_MS);
    this.#loadDeferredSoon = load;
  }

  async #models(): Promise<LoadedModels> {
    if (!this.#loaded && this.#loading) await this.#loading.catch(() => undefined);
    if (!this.#loaded) throw new Error('the models are not loaded yet');
    return this.#loaded.models;
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async analyze(input: ImageInput, request: AnalyzeRequest): Promise<ImageAnalysis> {
    try {
      return await this.#analyze(input, request);
    } finally {
      this.#loadDeferredSoon?.();
    }
  }

  async #analyze(input: ImageInput, request: AnalyzeRequest): Promise<ImageAnalysis> {
    const start = performance.now();
    const { image, notes } = await this.#deps.decode(input);
    const decode = performance.now() - start;
    const stages = emptyTimings();
    const faces = await this.#serial(async () =>
      analyze((await this.#models()).models, image, {
        detect: { inputSize: request.detect },
        poseLimits: request.poseLimits,
        largestFaceOnly: request.largestFaceOnly,
        poseModel: request.poseModel === 'near-limits' ? 'near-limits' : true,
        flip: request.flip,
        embed: request.embed,
        embedFiltered: request.guessFiltered === true,
        timings: stages,
      }),
    );
    let search = 0;
    const results: FaceResult[] = [];
    for (const face of faces) {
      const searchStart = performance.now();
      const checked = face.poseCheck.passed;
      // A face under the recognition floor is never matched, not even for a best guess: tiny faces look alike.
      const found =
        face.embedding && request.match && face.recognition.recognisable
          ? await this.#deps.gallery.search(face.embedding, request.match)
          : null;
      const match = found && !checked ? { ...found, checked } : found;
      search += performance.now() - searchStart;
      results.push({
        box: face.box,
        score: face.score,
        landmarks: face.landmarks,
        pose: face.pose,
        poseSource: face.poseSource,
        poseCheck: face.poseCheck,
        quality: face.quality,
        recognition: face.recognition,
        embedding: checked ? face.embedding : null,
        thumbnail: request.thumbnails ? await this.#deps.jpeg(face.aligned) : null,
        match,
      });
    }
    const timings = { ...stages, decode, search, total: performance.now() - start };
    if (!this.#firstAnalysisDone) {
      const parts = (['decode', 'detect', 'pose', 'align', 'embed'] as const).map((k) => `${k} ${Math.round(timings[k])}`).join(', ');
      this.#step(`first analysis done (${parts} ms; it was sent at ${Math.round(start)} ms)`);
      this.#firstAnalysisDone = true;
    }
    return { width: image.width, height: image.height, notes, faces: results, timings };
  }
}
