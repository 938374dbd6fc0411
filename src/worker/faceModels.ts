/**
 * How the worker gets its models: the detector and embedder downloaded at once (verified and cached
 * by modelLoader.ts), each session created as its bytes arrive (see ModelSources); the pose model
 * once the first analysis is over, the engine is idle, or a face needs it (inferenceEngine.ts).
 */
import { MODELS, type ModelRole } from '../models.ts';
import { createFaceModels, type BackendPreference, type LoadedModels, type RuntimeAssets } from '../runtime/session.ts';
import type { EngineOptions, ModelProgress } from './api.ts';
import { loadModel } from './modelLoader.ts';

export interface ModelLoadHooks {
  progress(progress: ModelProgress): void;
  /** A WebGPU failure at run time moved every model to WASM. */
  fallback(): void;
  /** A start-up step is done (for the start-up profile). */
  step(step: string): void;
}

/** Loads the three models on the preferred backend (the inference engine's one way to get them). */
export type ModelFactory = (preference: BackendPreference, options: EngineOptions, hooks: ModelLoadHooks) => Promise<LoadedModels>;

/** Models from `${baseUrl}models/`, on onnxruntime-web with its WebAssembly builds at `runtimeAssets`. */
export function downloadedModels(baseUrl: string, runtimeAssets: RuntimeAssets): ModelFactory {
  return (preference, options, hooks) => {
    const downloads = new Map<ModelRole, Promise<Uint8Array>>();
    // One download per model, shared by every session made from it; a failed one is tried again at the next use.
    const download = (role: ModelRole): Promise<Uint8Array> => {
      let bytes = downloads.get(role);
      if (!bytes) {
        bytes = loadModel(MODELS[role], baseUrl, (p) => {
          hooks.progress(p);
          if (p.state === 'ready' || p.state === 'cached')
            hooks.step(`${role} ${p.state === 'ready' ? 'downloaded and verified' : 'read from the cache'}`);
        });
        bytes.catch(() => downloads.delete(role));
        downloads.set(role, bytes);
      }
      return bytes;
    };
    return createFaceModels(
      { detector: download('detector'), embedder: download('embedder'), pose: () => download('pose') },
      {
        backend: preference,
        threads: options.threads,
        runtimeAssets,
        onFallback: () => hooks.fallback(),
        onStep: (step) => hooks.step(step),
      },
    );
  };
}
