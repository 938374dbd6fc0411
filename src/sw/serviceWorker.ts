/**
 * The offline service worker: at install it caches every file of the build (listed in precache.json,
 * written by the build) but onnxruntime's WebGPU build, which it caches when a worker first fetches
 * it, then answers from that cache when the network is gone. Page loads go to the
 * network first so a new version shows at once; hashed assets come from the cache first. Model files
 * are not handled here: the inference worker keeps its own verified copies (src/worker/modelLoader.ts).
 */

// Replaced by the build with a hash of the file list, so every new build is a new service worker.
const PRECACHE_VERSION = '__PRECACHE_VERSION__';
const CACHE_PREFIX = 'faceprint-app-';
const CACHE_NAME = `${CACHE_PREFIX}${PRECACHE_VERSION}`;

// The webworker lib's types clash with the DOM lib the rest of the app compiles with: only what is used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as ServiceWorkerScope;

interface Precache {
  readonly files: readonly string[];
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(new URL('precache.json', worker.registration.scope), { cache: 'no-store' });
      const manifest = (await response.json()) as Precache;
      const cache = await caches.open(CACHE_NAME);
      // Hashed assets never change under their name: take the copies the page already loaded from the
      // HTTP cache instead of downloading them again (onnxruntime's WASM build alone is 14 MB).
      const requests = manifest.files.map(
        (f) => new Request(new URL(f, worker.registration.scope).href, f.startsWith('assets/') ? { cache: 'force-cache' } : {}),
      );
      await cache.addAll(requests);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
      }
      // No clients.claim(): the page that installed this worker was loaded from the network and has
      // all it needs; pages loaded from now on are controlled. In Firefox (140) the first navigation
      // of a claimed page (a reload, a link) fails with NS_ERROR_INTERCEPTION_FAILED before the fetch
      // handler runs: a first-time visitor who reloaded got an error page. See docs/testing.md.
    })(),
  );
});

async function networkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    // caches.match, not caches.open: opening would create the cache again after "Delete everything".
    const options = { cacheName: CACHE_NAME, ignoreSearch: true, ignoreVary: true };
    const cached = (await caches.match(request, options)) ?? (await caches.match(worker.registration.scope, options));
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request, path: string): Promise<Response> {
  // Module scripts carry an Origin header that the precache requests did not: ignore Vary.
  const cached = await caches.match(request, { cacheName: CACHE_NAME, ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  // A hashed asset left out of the precache (onnxruntime's 28 MB WebGPU build, which only a WebGPU
  // worker fetches) is kept the first time it is used, so WebGPU starts offline from then on.
  if (path.startsWith('assets/') && response.status === 200) {
    // Only into the precache this worker made: when "Delete everything" removed it, it stays removed.
    const copy = response.clone();
    void (async () => {
      if (await caches.has(CACHE_NAME)) await (await caches.open(CACHE_NAME)).put(request, copy);
    })();
  }
  return response;
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname.slice(new URL(worker.registration.scope).pathname.length);
  if (path.startsWith('models/')) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request, path));
});
