/**
 * Fetches each model with byte progress, checks its SHA-256 against the manifest, and keeps verified
 * copies in Cache Storage so a reload (or an offline visit) does not download them again.
 */
import { errorMessage } from '../core/text.ts';
import type { ModelEntry } from '../models.ts';
import type { ModelProgress } from './api.ts';

const CACHE_NAME = 'faceprint-models-v1';

export class ModelLoadError extends Error {
  constructor(
    readonly entry: ModelEntry,
    message: string,
  ) {
    super(message);
  }
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE_NAME);
  } catch {
    return null; // storage can be disabled (private modes); then every load downloads
  }
}

/** Reads a response body chunk by chunk, reporting bytes as they arrive. */
async function readWithProgress(response: Response, report: (loaded: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    report(loaded);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

export async function loadModel(entry: ModelEntry, baseUrl: string, onProgress: (p: ModelProgress) => void): Promise<Uint8Array> {
  const url = new URL(`models/${entry.file}`, baseUrl).href;
  // The hash in the key: a new model version never reads an old cached copy.
  const cacheKey = `${url}?sha256=${entry.sha256}`;
  const progress = (state: ModelProgress['state'], loaded: number): void =>
    onProgress({ role: entry.role, file: entry.file, loaded, total: entry.size, state });
  const cache = await openCache();

  const cached = await cache?.match(cacheKey);
  if (cached) {
    const bytes = new Uint8Array(await cached.arrayBuffer());
    if ((await sha256Hex(bytes)) === entry.sha256) {
      progress('cached', bytes.length);
      return bytes;
    }
    await cache?.delete(cacheKey); // damaged on disk: fetch it again
  }

  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch (error) {
    throw new ModelLoadError(entry, `could not download ${entry.file}: ${errorMessage(error)}`);
  }
  if (!response.ok) throw new ModelLoadError(entry, `could not download ${entry.file}: the server answered HTTP ${response.status}`);
  if (response.headers.get('content-type')?.includes('text/html')) {
    throw new ModelLoadError(
      entry,
      `could not download ${entry.file}: the server sent a web page instead (is the model installed? run \`npm run models\`)`,
    );
  }
  progress('downloading', 0);
  const bytes = await readWithProgress(response, (loaded) => progress('downloading', loaded));
  progress('verifying', bytes.length);
  const hash = await sha256Hex(bytes);
  if (hash !== entry.sha256) {
    throw new ModelLoadError(
      entry,
      `${entry.file} is damaged or not the expected file (${bytes.length} bytes, SHA-256 ${hash.slice(0, 12)}…; expected ${entry.size} bytes, ${entry.sha256.slice(0, 12)}…)`,
    );
  }
  await cache?.put(cacheKey, new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } })).catch(() => undefined);
  progress('ready', bytes.length);
  return bytes;
}
