/**
 * Builds the benchmark pages (bench/pages/*.html) with the app's own settings (isolation headers, the
 * onnxruntime build, the worker format) but without the app's service worker: each page drives the
 * real inference code in a worker and reports figures to `npm run bench` (bench/run/).
 */
import react from '@vitejs/plugin-react';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import app, { isolationHeaders } from '../vite.config.ts';

const root = resolve(import.meta.dirname, '..');
// FACEPRINT_BENCH_PAGES=gallery,pipeline builds only those pages.
const only = process.env.FACEPRINT_BENCH_PAGES?.split(',').map((p) => `${p.trim()}.html`);
const PAGES_DIR = resolve(import.meta.dirname, 'pages');
const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html') && (!only || only.includes(f)));

export default defineConfig({
  root,
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  optimizeDeps: app.optimizeDeps,
  resolve: {
    ...app.resolve,
    // Human's build without tfjs (bench/pages/human.ts) imports tfjs's WebGPU backend, not installed.
    alias: { '@tensorflow/tfjs-backend-webgpu/dist/index.js': resolve(PAGES_DIR, 'noWebgpuBackend.ts') },
  },
  worker: app.worker,
  build: {
    target: 'es2022',
    outDir: resolve(root, process.env.FACEPRINT_BENCH_OUT ?? 'dist-bench'),
    emptyOutDir: true,
    // tfjs's WASM backend starts its threads from the source text of its (bundled) factory function:
    // minified, that text refers to names outside it and every thread fails ("e is not defined").
    minify: false,
    rollupOptions: { input: Object.fromEntries(pages.map((f) => [f.replace(/\.html$/, ''), resolve(PAGES_DIR, f)])) },
  },
});
