/**
 * The second peer of the pipeline benchmark: @vladmandic/human (BlazeFace, FaceMesh, FaceRes) on this
 * page's main thread, as its documentation shows, on tfjs's WASM backend. A page of its own: Human
 * registers kernels and sets tfjs flags on the engine it runs on, which face-api.js's page should not
 * inherit. bench/run/pipeline.ts drives it through `window.peerBench`, like face-api.js.
 */
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { getBackend } from '@tensorflow/tfjs-core';
// The build without tfjs inside, on tfjs 4.22 from npm (what face-api.js's page uses too): the bundled
// build's tfjs is minified, and tfjs's WASM threads run the source text of one of its functions, which
// minified code breaks. This build also imports tfjs-backend-webgpu, which is not installed:
// bench/vite.config.ts points it at an empty module (the benchmark runs Human on WASM only). By path:
// the package's export map names it without the leading "./", which neither Vite nor TypeScript accept.
import { Human, type Config } from '../../node_modules/@vladmandic/human/dist/human.esm-nobundle.js';
import { photoCanvas, type PeerBenchApi, type PeerRun } from './peer.ts';

/**
 * Human's face-recognition pipeline and nothing else: every other model off, as a fair peer to
 * Faceprint (detect, align, embed) and face-api.js (detect, landmarks, descriptor).
 */
const CONFIG: Partial<Config> = {
  backend: 'wasm',
  wasmPath: '/tfjs-wasm/',
  modelBasePath: '/human-models/',
  // Loaded from the server on every run, like the other libraries (no IndexedDB copy of the weights).
  cacheModels: false,
  // Human reuses earlier results while the input looks unchanged; the benchmark repeats one frame, so
  // that would time a cache. 0 turns the cache off: every frame runs every model, as in the others.
  cacheSensitivity: 0,
  // The image filters run through WebGL, not the WASM backend under test (those demos also turn on
  // histogram equalisation, a filter: off here).
  filter: { enabled: false },
  face: {
    enabled: true,
    // Every face, as the other two find (Human's default is the one most confident face). 20 is above
    // any fixture's count.
    // rotation: each face is straightened before FaceMesh and FaceRes, as Human's own face-matching
    // demos (demo/facematch, demo/faceid) configure it: the alignment the other two also do.
    detector: { enabled: true, maxDetected: 20, skipFrames: 0, skipTime: 0, rotation: true, return: false },
    // FaceMesh refines the box and landmarks that FaceRes's crop is taken from.
    mesh: { enabled: true },
    iris: { enabled: false },
    attention: { enabled: false },
    // FaceRes: the descriptor (its age and gender come from the same model and cannot be turned off).
    description: { enabled: true, skipFrames: 0, skipTime: 0 },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  gesture: { enabled: false },
};

const human = new Human(CONFIG);
const frames = new Map<string, HTMLCanvasElement>();

function frame(id: string): HTMLCanvasElement {
  const canvas = frames.get(id);
  if (!canvas) throw new Error(`no frame ${id}`);
  return canvas;
}

async function detect(input: HTMLCanvasElement) {
  const result = await human.detect(input);
  // Human reports failures in the result rather than throwing.
  if (result.error) throw new Error(`Human: ${result.error}`);
  return result.face;
}

const api: PeerBenchApi = {
  async initPeer(threads) {
    const start = performance.now();
    // tfjs would take hardwareConcurrency / 2 threads; Human's config has no thread setting. These tfjs
    // imports are the modules Human's build imports (each package's dist/index.js), so this sets and
    // reads the count of the very backend Human starts in load().
    setThreadsCount(threads);
    await human.load();
    const backend = getBackend();
    if (backend !== 'wasm') throw new Error(`Human runs on ${backend}, not WASM`);
    return { loadMs: performance.now() - start, backend, threads: getThreadsCount() };
  },

  async loadFrame(id, photoUrl, letterbox) {
    const canvas = await photoCanvas(photoUrl, letterbox);
    frames.set(id, canvas);
    return { width: canvas.width, height: canvas.height };
  },

  async peerFrame(id, count) {
    const canvas = frame(id);
    const runs: PeerRun[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const faces = await detect(canvas);
      runs.push({ wallMs: performance.now() - start, faces: faces.length });
    }
    return runs;
  },

  async peerDescriptor(photoUrl) {
    let best: { area: number; embedding: number[] } | null = null;
    for (const face of await detect(await photoCanvas(photoUrl, false))) {
      const area = face.box[2] * face.box[3];
      if (face.embedding?.length && (!best || area > best.area)) best = { area, embedding: face.embedding };
    }
    return best ? [...best.embedding] : null;
  },
};

window.peerBench = api;
document.body.dataset.ready = 'true';
