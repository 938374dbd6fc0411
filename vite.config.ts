import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { defaultClientConditions, type Plugin } from 'vite';
// vitest's defineConfig is vite's, with the `test` block typed.
import { configDefaults, defineConfig } from 'vitest/config';
import { isPrecompressedCopy, precompressedMiddleware, writePrecompressed } from './scripts/precompressed.ts';

/**
 * Cross-origin isolation (COOP + COEP) makes `crossOriginIsolated` true, which onnxruntime-web needs
 * for SharedArrayBuffer and therefore multi-threaded WASM. Sent by both `vite` and `vite preview`.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Content-Security-Policy: the app may load and connect to nothing but its own origin. WebAssembly
 * needs 'wasm-unsafe-eval'; photos and thumbnails are shown from blob: URLs (img-src), the webcam
 * plays a MediaStream (media-src blob:). The built index.html carries it as a <meta> tag, so it holds
 * wherever the build is served; `vite preview` also sends it as a header, which covers the workers and
 * adds frame-ancestors. The dev server has none: its hot reload injects inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Puts the policy into the built index.html as the first thing in <head>. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'faceprint-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * The installed app's PNG icons (the web manifest and iOS's apple-touch-icon), drawn from public/icon.svg
 * by sharp at build time, so no binary is committed. The SVG favicon serves browsers that take SVG.
 */
function appIcons(): Plugin {
  return {
    name: 'faceprint-app-icons',
    apply: 'build',
    // Relative, like every URL of the build; the PNGs exist only in the build, so index.html cannot name them.
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'apple-touch-icon', href: './icon-192.png' }, injectTo: 'head' }],
    async generateBundle() {
      const svg = readFileSync(resolve(import.meta.dirname, 'public/icon.svg'));
      for (const size of [192, 512]) {
        const png = await sharp(svg, { density: (72 * size) / 512 })
          .resize(size, size)
          .png()
          .toBuffer();
        this.emitFile({ type: 'asset', fileName: `icon-${size}.png`, source: png });
      }
    },
  };
}

const SERVICE_WORKER = 'sw.js';
const PRECACHE = 'precache.json';
/** onnxruntime's WebGPU (JSEP) build as the build names it: its glue and binary (imported with ?url) and its JS chunk. */
const WEBGPU_RUNTIME = /^assets\/(?:ort-wasm-simd-threaded\.jsep-[^/]*\.(?:mjs|wasm)|ort\.min-[^/]*\.js)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Builds src/sw/serviceWorker.ts as /sw.js and, once the whole build (worker chunks and wasm included)
 * is on disk, lists its files in precache.json and stamps sw.js with a hash of them: a new build is
 * a new service worker, which replaces the old cache.
 */
function offlineServiceWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'faceprint-offline-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: resolve(import.meta.dirname, 'src/sw/serviceWorker.ts'), fileName: SERVICE_WORKER });
    },
    async closeBundle() {
      const files = filesUnder(outDir)
        .map((f) => relative(outDir, f).split('\\').join('/'))
        // Models are cached (and verified) by the inference worker itself. onnxruntime's WebGPU build
        // (28 MB) is fetched only by a worker that runs WebGPU: the service worker caches it then.
        .filter(
          (f) =>
            f !== SERVICE_WORKER &&
            f !== PRECACHE &&
            !f.startsWith('models/') &&
            !f.endsWith('.map') &&
            !WEBGPU_RUNTIME.test(f) &&
            !isPrecompressedCopy(f),
        )
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const version = hash.digest('hex').slice(0, 16);
      const precache = files.map((f) => (f === 'index.html' ? './' : f));
      writeFileSync(join(outDir, PRECACHE), JSON.stringify({ version, files: precache }));
      const swPath = join(outDir, SERVICE_WORKER);
      writeFileSync(swPath, readFileSync(swPath, 'utf8').replace('__PRECACHE_VERSION__', version));
      // Last, once every file (sw.js stamped) is final.
      await writePrecompressed(outDir);
    },
  };
}

/** `vite preview` serves the build's .br / .gz copies (scripts/precompressed.ts) to browsers that accept them. */
function precompressedPreview(): Plugin {
  return {
    name: 'faceprint-precompressed-preview',
    configurePreviewServer(server) {
      const outDir = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use(precompressedMiddleware(outDir, server.config.preview.headers ?? {}));
    },
  };
}

export default defineConfig({
  // Relative URLs throughout the build, so it works from any folder of a static host (/, /faceprint/, …).
  base: './',
  plugins: [react(), contentSecurityPolicy(), appIcons(), offlineServiceWorker(), precompressedPreview()],
  server: { headers: isolationHeaders },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'` } },
  optimizeDeps: {
    // onnxruntime-web loads its .wasm/.mjs files relative to its own module; pre-bundling breaks that.
    exclude: ['onnxruntime-web'],
    // Only the worker imports idb, and Vite's scan of index.html does not follow `new Worker(...)`: found
    // late, it was pre-bundled on first use and the dev server reloaded the page mid model download.
    include: ['idb'],
  },
  resolve: {
    // The worker imports onnxruntime-web's build that loads its WebAssembly glue as a separate file
    // (emitted with ?url): the default bundle would start its threads from the worker's own chunk.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests live in e2e/ and run under Playwright, never under vitest.
    exclude: [...configDefaults.exclude, 'e2e/**'],
    // In CI, missing fixture photos fail the run instead of skipping the tests that need them.
    globalSetup: ['testkit/fixturesGate.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
