/**
 * How the worker gets its models: every model downloaded at once (verified and cached by
 * modelLoader.ts), and its onnxruntime session created as its bytes arrive (see ModelSources).
 */
import { MODEL_LIST, type ModelRole } from '../models.ts';
import { createFaceModels, type BackendPreference, type LoadedModels, type RuntimeAssets } from '../runtime/session.ts';
import type { EngineOptions, ModelProgress } from './api.ts';
import { loadModel } from './modelLoader.ts';

export interface ModelLoadHooks {
  progress(progress: ModelProgress): void;
  /** A WebGPU failure at run time moved every model to WASM. */
  fallback(): void;
}

/** Loads the three models on the preferred backend (the inference engine's one way to get them). */
export type ModelFactory = (preference: BackendPreference, options: EngineOptions, hooks: ModelLoadHooks) => Promise<LoadedModels>;

/** Models from `${baseUrl}models/`, on onnxruntime-web with its WebAssembly builds at `runtimeAssets`. */
export function downloadedModels(baseUrl: string, runtimeAssets: RuntimeAssets): ModelFactory {
  return (preference, options, hooks) => {
    const downloads = new Map(MODEL_LIST.map((entry) => [entry.role, loadModel(entry, baseUrl, (p) => hooks.progress(p))]));
    const download = (role: ModelRole): Promise<Uint8Array> =>
      downloads.get(role) ?? Promise.reject(new Error(`no ${role} model in the manifest`));
    return createFaceModels(
      { detector: download('detector'), embedder: download('embedder'), pose: download('pose') },
      { backend: preference, threads: options.threads, runtimeAssets, onFallback: () => hooks.fallback() },
    );
  };
}
