/**
 * The one place that sets up onnxruntime-web sessions (execution providers, threads, fallback), for
 * the CLI and tests in Node and for the web worker. Everything else sees ModelRunner.
 */
import * as ort from 'onnxruntime-web';
import type { FaceModels, ModelRunner, TensorData } from '../core/runner.ts';

export type Backend = 'wasm' | 'webgpu';

export interface RuntimeOptions {
  /** Default WASM; Node only has WASM. (Choosing WebGPU with a WASM fallback belongs to the web worker.) */
  readonly backend?: Backend;
  /** WASM threads; default: every core when threads are available (cross-origin isolated, or Node). */
  readonly threads?: number;
}

let configuredThreads: number | null = null;

/** onnxruntime reads env.wasm once, at its first session; later changes are ignored. */
function configureWasm(threads: number): void {
  if (configuredThreads !== null) return;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  configuredThreads = threads;
}

export function defaultThreads(): number {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number }; process?: unknown };
  const cores = g.navigator?.hardwareConcurrency ?? 1;
  const isNode = typeof g.process === 'object' && g.process !== null;
  if (!isNode && g.crossOriginIsolated !== true) return 1; // SharedArrayBuffer is unavailable
  return Math.max(1, Math.min(cores, 8));
}

class OrtRunner implements ModelRunner {
  constructor(private readonly session: ort.InferenceSession) {}

  async run(feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>> {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', t.data, [...t.dims]);
    const results = await this.session.run(inputs);
    const out: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(results)) {
      if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
      out[name] = { data: (await t.getData()) as Float32Array, dims: t.dims };
      t.dispose();
    }
    return out;
  }
}

export async function createRunner(model: Uint8Array, backend: Backend, threads = defaultThreads()): Promise<ModelRunner> {
  configureWasm(threads);
  const session = await ort.InferenceSession.create(model, {
    executionProviders: backend === 'webgpu' ? ['webgpu'] : ['wasm'],
    graphOptimizationLevel: 'all',
  });
  return new OrtRunner(session);
}

export interface LoadedModels {
  readonly models: FaceModels;
  readonly backend: Backend;
}

/** Creates the three sessions on one backend. */
export async function createFaceModels(
  bytes: { readonly detector: Uint8Array; readonly embedder: Uint8Array; readonly pose: Uint8Array },
  options: RuntimeOptions = {},
): Promise<LoadedModels> {
  const backend = options.backend ?? 'wasm';
  const threads = options.threads ?? defaultThreads();
  const [detector, embedder, pose] = await Promise.all([
    createRunner(bytes.detector, backend, threads),
    createRunner(bytes.embedder, backend, threads),
    createRunner(bytes.pose, backend, threads),
  ]);
  return { models: { detector, embedder, pose }, backend };
}
