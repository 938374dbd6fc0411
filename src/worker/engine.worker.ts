/**
 * The inference worker's entry: builds the engines (faceEngine.ts) on the browser's IndexedDB,
 * BroadcastChannel, model files and decoders, and exposes them to the page through comlink.
 */
import * as Comlink from 'comlink';
// Both onnxruntime builds' files are emitted; the worker fetches only the one its backend needs.
import ortWebgpuGlue from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import ortWebgpuBinary from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import ortWasmGlue from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { deleteGalleryDb, openGalleryDb } from '../storage/index.ts';
import { decodeImage, jpegOf } from './decode.ts';
import { createFaceEngine } from './faceEngine.ts';
import { downloadedModels } from './faceModels.ts';

/**
 * The app's root folder, where models/ lives. The build's base is relative ('./', so it works from any
 * folder of a host), and a relative base means the page's folder, which a worker does not know: it is
 * then the folder above this worker's own chunk, which the build puts in assets/. The dev server's
 * base is absolute ('/').
 */
const appRoot = import.meta.env.BASE_URL.startsWith('/')
  ? new URL(import.meta.env.BASE_URL, self.location.origin).href
  : new URL('../', self.location.href).href;

const engine = createFaceEngine({
  gallery: {
    openDb: () => openGalleryDb(),
    deleteDb: () => deleteGalleryDb(),
    // Tells other tabs' workers that a gallery changed, so their search indexes reload.
    channel: typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('faceprint-gallery'),
  },
  inference: {
    createModels: downloadedModels(appRoot, {
      wasm: { mjs: ortWasmGlue, wasm: ortWasmBinary },
      webgpu: { mjs: ortWebgpuGlue, wasm: ortWebgpuBinary },
    }),
    decode: decodeImage,
    jpeg: jpegOf,
  },
});

Comlink.expose(engine);
