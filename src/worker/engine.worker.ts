/**
 * The inference worker's entry: builds the engines (faceEngine.ts) on the browser's IndexedDB,
 * BroadcastChannel, model files and decoders, and exposes them to the page through comlink.
 */
import * as Comlink from 'comlink';
import ortWasmGlue from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import ortWasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { deleteGalleryDb, openGalleryDb } from '../storage/index.ts';
import { decodeImage, jpegOf } from './decode.ts';
import { createFaceEngine } from './faceEngine.ts';
import { downloadedModels } from './faceModels.ts';

const engine = createFaceEngine({
  gallery: {
    openDb: () => openGalleryDb(),
    deleteDb: () => deleteGalleryDb(),
    // Tells other tabs' workers that a gallery changed, so their search indexes reload.
    channel: typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('faceprint-gallery'),
  },
  inference: {
    createModels: downloadedModels(new URL(import.meta.env.BASE_URL, self.location.origin).href, { mjs: ortWasmGlue, wasm: ortWasmBinary }),
    decode: decodeImage,
    jpeg: jpegOf,
  },
});

Comlink.expose(engine);
