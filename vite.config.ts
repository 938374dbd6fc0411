import react from '@vitejs/plugin-react';
// vitest's defineConfig is vite's, with the `test` block typed.
import { defaultClientConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Cross-origin isolation (COOP + COEP) makes `crossOriginIsolated` true, which onnxruntime-web needs
 * for SharedArrayBuffer and therefore multi-threaded WASM. Sent by both `vite` and `vite preview`.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // onnxruntime-web loads its .wasm/.mjs files relative to its own module; pre-bundling breaks that.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
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
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
