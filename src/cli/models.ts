/** Loads the verified model files from public/models/ for the CLI and tests (Node). */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, type ModelEntry } from '../models.ts';
import { createFaceModels, type LoadedModels } from '../runtime/session.ts';

export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'models');

export function readVerifiedModel(entry: ModelEntry, dir = MODELS_DIR): Uint8Array {
  const path = join(dir, entry.file);
  if (!existsSync(path)) throw new Error(`model ${entry.file} is missing from ${dir}: run \`npm run models\``);
  const bytes = readFileSync(path);
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== entry.sha256) throw new Error(`model ${entry.file} is altered (SHA-256 ${hash}): run \`npm run models\``);
  return bytes;
}

let cached: Promise<LoadedModels> | null = null;

/** The pipeline's models on WASM with every core; loaded once per process. */
export function loadNodeModels(): Promise<LoadedModels> {
  cached ??= createFaceModels(
    {
      detector: readVerifiedModel(MODELS.detector),
      embedder: readVerifiedModel(MODELS.embedder),
      pose: readVerifiedModel(MODELS.pose),
    },
    { backend: 'wasm', threads: Math.min(availableParallelism(), 8) },
  );
  return cached;
}
