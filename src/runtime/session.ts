/**
 * The one place that sets up onnxruntime-web sessions (execution providers, threads, fallback), for
 * the CLI and tests in Node and for the web worker. Everything else sees ModelRunner.
 */
import type * as Ort from 'onnxruntime-web';
import type { FaceModels, ModelRunner, TensorData } from '../core/pipeline/runner.ts';
import { errorMessage } from '../core/text.ts';
import { fasterBackend, WEBGPU_CHECK_MS, webgpuUnavailableReason } from './webgpuAdapter.ts';

export type Backend = 'wasm' | 'webgpu';
/** What the user asks for: 'auto' is WebGPU on a hardware adapter that passes its warm-up and is not slower than WASM, else WASM. */
export type BackendPreference = 'auto' | Backend;

/** Where the browser finds onnxruntime's WebAssembly glue and binary (URLs emitted by the bundler). */
export interface WasmAssets {
  readonly mjs: string;
  readonly wasm: string;
}

/**
 * onnxruntime-web ships two browser builds: the WASM-only one (`onnxruntime-web/wasm`, a 14 MB binary)
 * and the one with WebGPU kernels (`onnxruntime-web`, JSEP, 28 MB). A worker loads only the one its
 * backend needs; the WebGPU build also runs the WASM backend, so a WebGPU that fails or loses to WASM
 * falls back on the build already loaded instead of downloading the other.
 */
export type RuntimeBuild = 'wasm' | 'webgpu';

/** Both builds' files; only the one that is used is fetched. */
export type RuntimeAssets = { readonly [B in RuntimeBuild]: WasmAssets };

export interface RuntimeOptions {
  /** Default WASM; Node only has WASM. */
  readonly backend?: BackendPreference;
  /** WASM threads; default: every core when threads are available (cross-origin isolated, or Node). */
  readonly threads?: number;
  /** Browser only: the runtime files; Node finds them itself. */
  readonly runtimeAssets?: RuntimeAssets;
}

type OrtModule = typeof Ort;

function isNode(): boolean {
  const g = globalThis as { process?: unknown };
  return typeof g.process === 'object' && g.process !== null;
}

/** The builds this worker has loaded (and configured), by build. */
const runtimes = new Map<RuntimeBuild, Promise<OrtModule>>();

/**
 * The onnxruntime build for `backend`, loaded once. WASM sessions use the WebGPU build when it is
 * already loaded. Node has one build for both names (onnxruntime-web's `node` export).
 */
function runtimeFor(backend: Backend, threads: number, assets?: RuntimeAssets): Promise<OrtModule> {
  const build: RuntimeBuild = backend === 'webgpu' || runtimes.has('webgpu') ? 'webgpu' : 'wasm';
  let runtime = runtimes.get(build);
  if (!runtime) {
    // Two literal dynamic imports, so the bundler splits the builds into chunks of their own.
    const imported: Promise<OrtModule> = build === 'webgpu' || isNode() ? import('onnxruntime-web') : import('onnxruntime-web/wasm');
    runtime = imported.then((ort) => configureWasm(ort, threads, assets?.[build]));
    runtimes.set(build, runtime);
  }
  return runtime;
}

/** onnxruntime reads env.wasm once, at its first session; later changes are ignored. */
function configureWasm(ort: OrtModule, threads: number, assets?: WasmAssets): OrtModule {
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  // Node-assignment notices are expected (shape ops stay on the CPU) and would read as errors in a console.
  ort.env.logLevel = 'error';
  if (assets) ort.env.wasm.wasmPaths = { mjs: assets.mjs, wasm: assets.wasm };
  return ort;
}

export function defaultThreads(): number {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const cores = g.navigator?.hardwareConcurrency ?? 1;
  if (!isNode() && g.crossOriginIsolated !== true) return 1; // SharedArrayBuffer is unavailable
  return Math.max(1, Math.min(cores, 8));
}

/** A runner whose session can be released (its WebAssembly memory freed) when done with it. */
export interface ReleasableRunner extends ModelRunner {
  release(): Promise<void>;
}

class OrtRunner implements ReleasableRunner {
  constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
  ) {}

  async run(feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>> {
    const inputs: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = new this.ort.Tensor('float32', t.data, [...t.dims]);
    const results = await this.session.run(inputs);
    const out: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(results)) {
      if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
      out[name] = { data: (await t.getData()) as Float32Array, dims: t.dims };
      t.dispose();
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export async function createRunner(
  model: Uint8Array,
  backend: Backend,
  threads = defaultThreads(),
  assets?: RuntimeAssets,
): Promise<ReleasableRunner> {
  return createOrtRunner(await runtimeFor(backend, threads, assets), model, backend);
}

async function createOrtRunner(ort: OrtModule, model: Uint8Array, backend: Backend): Promise<OrtRunner> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: backend === 'webgpu' ? ['webgpu'] : ['wasm'],
    graphOptimizationLevel: 'all',
  });
  return new OrtRunner(ort, session);
}

export interface ModelBytes {
  readonly detector: Uint8Array;
  readonly embedder: Uint8Array;
  readonly pose: Uint8Array;
}

type Source = Uint8Array | Promise<Uint8Array>;

/**
 * Each model's bytes, or a promise of them: sessions are created in order as their bytes arrive, so
 * onnxruntime's start-up (fetching and compiling its WebAssembly at the first session) overlaps the
 * download of the later models. The pose model may also be a function, called only when its session
 * is first needed (its download then waits too); it must return the same bytes on every call.
 */
export interface ModelSources {
  readonly detector: Source;
  readonly embedder: Source;
  readonly pose: Source | (() => Source);
}

export interface LoadedModels {
  readonly models: FaceModels;
  readonly backend: Backend;
  readonly threads: number;
  /** Why the preferred backend is not the one in use (no adapter, failed warm-up, failed at run time). */
  readonly fallbackReason: string | null;
  /**
   * Creates the sessions left for later (the pose model) now, instead of at their first use: called
   * by the worker after its first analysis or when idle. Resolves when they are ready; rejects if one fails (its first use retries).
   */
  loadDeferred(): Promise<void>;
}

/**
 * A session made on its first use and kept; a failed attempt (a download that failed) is forgotten,
 * so the next use tries again.
 */
class DeferredRunner {
  #runner: Promise<OrtRunner> | null = null;

  constructor(private readonly create: () => Promise<OrtRunner>) {}

  get(): Promise<OrtRunner> {
    this.#runner ??= this.create().catch((error: unknown) => {
      this.#runner = null;
      throw error;
    });
    return this.#runner;
  }

  async release(): Promise<void> {
    const runner = this.#runner;
    this.#runner = null;
    await (await runner?.catch(() => null))?.release();
  }
}

interface OrtModels {
  readonly detector: OrtRunner;
  readonly embedder: OrtRunner;
  /**
   * The pose model (5.4 MB, the largest) is needed only for faces near the pose limits and by the
   * enrolment camera, so start-up does not wait for it.
   */
  readonly pose: DeferredRunner;
}

/** What every set of sessions is made from, whichever backend it is for. */
interface SessionSetup {
  readonly bytes: ModelSources;
  readonly threads: number;
  readonly assets: RuntimeAssets | undefined;
  readonly onStep: (step: string) => void;
}

async function createSessions(setup: SessionSetup, backend: Backend): Promise<OrtModels> {
  const { bytes, onStep } = setup;
  const ort = await runtimeFor(backend, setup.threads, setup.assets);
  onStep(`onnxruntime (${backend}) script loaded`);
  // One at a time: WebGPU shader compilation and WASM instantiation do not gain from overlapping.
  // The first session also fetches and compiles onnxruntime's WebAssembly.
  const detector = await createOrtRunner(ort, await bytes.detector, backend);
  onStep(`detector session made (${backend})`);
  const embedder = await createOrtRunner(ort, await bytes.embedder, backend);
  onStep(`embedder session made (${backend})`);
  const poseBytes = bytes.pose;
  const pose = new DeferredRunner(async () => {
    const runner = await createOrtRunner(ort, await (typeof poseBytes === 'function' ? poseBytes() : poseBytes), backend);
    await warmUpRunner('pose', runner);
    onStep(`pose session made and warmed up (${backend})`);
    return runner;
  });
  return { detector, embedder, pose };
}

async function releaseSessions(models: OrtModels): Promise<void> {
  await Promise.allSettled([models.detector.release(), models.embedder.release(), models.pose.release()]);
}

/** Shapes of the warm-up inputs: a small detector frame [1,3,160,160], one face [1,3,112,112], one pose crop [1,3,224,224]. */
const WARM_UP: Readonly<Record<keyof OrtModels, { readonly input: string; readonly dims: readonly number[] }>> = {
  detector: { input: 'data', dims: [1, 3, 160, 160] },
  embedder: { input: 'input', dims: [1, 3, 112, 112] },
  pose: { input: 'input', dims: [1, 3, 224, 224] },
};

/** A steady run of the detector's warm-up input, in ms (after warmUp, so nothing is compiled any more). */
async function timeDetector(models: OrtModels): Promise<number> {
  const { input, dims } = WARM_UP.detector;
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.5); // [1,3,160,160]
  const started = performance.now();
  await models.detector.run({ [input]: { data, dims } });
  return performance.now() - started;
}

/** Runs a model once on a grey input; a backend that throws or returns non-finite numbers is unusable. */
async function warmUpRunner(role: keyof OrtModels, runner: OrtRunner): Promise<void> {
  const { input, dims } = WARM_UP[role];
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.5);
  const outputs = await runner.run({ [input]: { data, dims } });
  for (const [name, t] of Object.entries(outputs)) {
    if (!t.data.every(Number.isFinite)) throw new Error(`${role} output ${name} has non-finite values`);
  }
}

/** Warms up the models start-up waits for (the pose model warms up when it is made). */
async function warmUp(models: OrtModels): Promise<void> {
  await warmUpRunner('detector', models.detector);
  await warmUpRunner('embedder', models.embedder);
}

function runnerOf(models: OrtModels, role: keyof OrtModels): OrtRunner | Promise<OrtRunner> {
  return role === 'pose' ? models.pose.get() : models[role];
}

/**
 * The three models on one backend, switching every model to WASM together when a WebGPU run fails,
 * and retrying that run there: a GPU failure costs one slow call, never a stuck app.
 */
class FallbackModels {
  private current: Promise<OrtModels>;
  backend: Backend;
  fallbackReason: string | null;

  constructor(
    initial: OrtModels,
    backend: Backend,
    fallbackReason: string | null,
    private readonly setup: SessionSetup,
    private readonly onFallback: (reason: string) => void,
  ) {
    this.current = Promise.resolve(initial);
    this.backend = backend;
    this.fallbackReason = fallbackReason;
  }

  runner(role: keyof OrtModels): ModelRunner {
    return { run: (feeds) => this.run(role, feeds) };
  }

  /** The pose model's session, made now if it is not yet. */
  async loadDeferred(): Promise<void> {
    await (await this.current).pose.get();
  }

  private async run(role: keyof OrtModels, feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>> {
    const models = await this.current;
    try {
      return await (await runnerOf(models, role)).run(feeds);
    } catch (error) {
      if (this.backend !== 'webgpu') throw error;
      await this.switchToWasm(models, `WebGPU failed while running the ${role}: ${errorMessage(error)}`);
      return (await runnerOf(await this.current, role)).run(feeds);
    }
  }

  private async switchToWasm(failed: OrtModels, reason: string): Promise<void> {
    if (this.backend === 'webgpu') {
      this.backend = 'wasm';
      this.fallbackReason = reason;
      this.current = createSessions(this.setup, 'wasm');
      void releaseSessions(failed);
      this.onFallback(reason);
    }
    await this.current;
  }
}

/**
 * Auto on a hardware adapter: a WebGPU that runs the test frame slower than WEBGPU_CHECK_MS (a weak
 * integrated GPU, a busy one) is timed against WASM, and the slower set of sessions is released.
 */
async function keepFaster(
  gpuModels: OrtModels,
  setup: SessionSetup,
  setReason: (reason: string) => void,
): Promise<{ models: OrtModels; backend: Backend }> {
  const webgpuMs = await timeDetector(gpuModels);
  if (webgpuMs <= WEBGPU_CHECK_MS) return { models: gpuModels, backend: 'webgpu' };
  const wasmModels = await createSessions(setup, 'wasm');
  await warmUp(wasmModels);
  const pick = fasterBackend(webgpuMs, await timeDetector(wasmModels));
  void releaseSessions(pick.backend === 'webgpu' ? wasmModels : gpuModels);
  if (pick.reason) setReason(pick.reason);
  return pick.backend === 'webgpu' ? { models: gpuModels, backend: 'webgpu' } : { models: wasmModels, backend: 'wasm' };
}

export interface FaceModelsOptions extends RuntimeOptions {
  /** Called when a WebGPU failure at run time moved every model to WASM. */
  readonly onFallback?: (reason: string) => void;
  /** Called as each start-up step ends (runtime loaded, each session made, warm-up): the start-up profile. */
  readonly onStep?: (step: string) => void;
}

/**
 * Creates the three sessions. 'webgpu' and 'auto' try WebGPU first (adapter, sessions, warm-up run)
 * and fall back to WASM with the reason; 'wasm' never touches the GPU.
 */
export async function createFaceModels(bytes: ModelSources, options: FaceModelsOptions = {}): Promise<LoadedModels> {
  // A failed download must not go unhandled while an earlier session is being created.
  for (const source of [bytes.detector, bytes.embedder, bytes.pose]) if (source instanceof Promise) source.catch(() => undefined);
  const preference = options.backend ?? 'wasm';
  const threads = options.threads ?? defaultThreads();
  const setup: SessionSetup = { bytes, threads, assets: options.runtimeAssets, onStep: (step) => options.onStep?.(step) };
  let fallbackReason: string | null = null;
  let chosen: { models: OrtModels; backend: Backend } | null = null;
  if (preference !== 'wasm') {
    fallbackReason = await webgpuUnavailableReason(preference);
    if (fallbackReason === null) {
      let gpuModels: OrtModels | null = null;
      try {
        gpuModels = await createSessions(setup, 'webgpu');
        await warmUp(gpuModels);
        setup.onStep('warm-up run (webgpu)');
        chosen = { models: gpuModels, backend: 'webgpu' };
      } catch (error) {
        fallbackReason = `WebGPU failed to start: ${errorMessage(error)}`;
        if (gpuModels) void releaseSessions(gpuModels);
      }
    }
    if (chosen && preference === 'auto') chosen = await keepFaster(chosen.models, setup, (r) => (fallbackReason = r));
  }
  if (!chosen) {
    const wasmModels = await createSessions(setup, 'wasm');
    // A first run on a small input: onnxruntime allocates and V8 compiles the hot paths here rather
    // than in the user's first photo.
    await warmUp(wasmModels);
    setup.onStep('warm-up run (wasm)');
    chosen = { models: wasmModels, backend: 'wasm' };
  }
  const fallback = new FallbackModels(chosen.models, chosen.backend, fallbackReason, setup, (reason) => options.onFallback?.(reason));
  const models: FaceModels = {
    detector: fallback.runner('detector'),
    embedder: fallback.runner('embedder'),
    pose: fallback.runner('pose'),
  };
  return {
    models,
    get backend() {
      return fallback.backend;
    },
    threads,
    get fallbackReason() {
      return fallback.fallbackReason;
    },
    loadDeferred: () => fallback.loadDeferred(),
  };
}
