/**
 * The pipeline benchmark page. Faceprint runs in its real inference worker (the app's
 * engine.worker.ts, through the same comlink API); the peer, @vladmandic/face-api, runs on this page's
 * main thread as its documentation shows, on tfjs's WASM backend. bench/run/pipeline.ts drives
 * both through `window.faceprintBench` and computes the statistics.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The build without tfjs inside: its bundled copy starts tfjs's WASM threads from minified code that
// fails ("e is not defined"), so the peer would not get its threads.
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import * as Comlink from 'comlink';
import { DEFAULT_POSE_LIMITS } from '../../src/core/pipeline/pose.ts';
import type { BackendPreference } from '../../src/runtime/session.ts';
import type { AnalysisTimings, AnalyzeRequest, EngineInfo, FaceEngineApi, ImageInput, ModelProgress } from '../../src/worker/api.ts';
import { fetchBlob, photoCanvas, type PeerBenchApi, type PeerRun } from './peer.ts';

/** One timed run: wall time on this page, and Faceprint's own per-stage times from the worker. */
export interface FaceprintRun {
  readonly wallMs: number;
  readonly faces: number;
  readonly timings: AnalysisTimings;
}

export interface FaceprintFace {
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly score: number;
  readonly embedding: number[] | null;
}

export interface FaceprintEmbedding {
  readonly embedding: number[] | null;
}

export interface BenchApi extends PeerBenchApi {
  /** Starts a fresh worker and loads the models; returns the engine info and the load time. */
  initFaceprint(preference: BackendPreference, threads: number): Promise<{ info: EngineInfo; loadMs: number }>;
  /** Enrolls an embedding under a name (the gallery that `search` is timed against). */
  enrollFaceprint(name: string, embedding: readonly number[]): Promise<void>;
  /** Runs Faceprint on a stored frame, sent to the worker as a transferred ImageBitmap (the webcam path). */
  faceprintFrame(id: string, request: AnalyzeRequest, count: number): Promise<FaceprintRun[]>;
  /** Runs Faceprint on a photo file (decoded in the worker: the drop-a-photo path). */
  faceprintPhoto(photoUrl: string, request: AnalyzeRequest, count: number): Promise<FaceprintRun[]>;
  faceprintEmbedding(photoUrl: string, request: AnalyzeRequest): Promise<FaceprintEmbedding>;
  /** Every face of a photo (as a file, or fitted into a 640×480 frame sent as a bitmap): box, score, embedding. */
  faceprintFaces(photoUrl: string, request: AnalyzeRequest, asFrame: boolean): Promise<FaceprintFace[]>;
  /** The request Faceprint's screens send, for the benchmark to adjust. */
  readonly defaults: { readonly photo: AnalyzeRequest };
}

declare global {
  interface Window {
    faceprintBench: BenchApi;
  }
}

const frames = new Map<string, HTMLCanvasElement>();
let engine: Comlink.Remote<FaceEngineApi> | null = null;
let worker: Worker | null = null;

const photoRequest: AnalyzeRequest = {
  detect: 'photo',
  poseLimits: DEFAULT_POSE_LIMITS,
  largestFaceOnly: false,
  poseModel: 'always',
  flip: false,
  embed: true,
  thumbnails: false,
  match: null,
};

function requireEngine(): Comlink.Remote<FaceEngineApi> {
  if (!engine) throw new Error('initFaceprint first');
  return engine;
}

function frame(id: string): HTMLCanvasElement {
  const canvas = frames.get(id);
  if (!canvas) throw new Error(`no frame ${id}`);
  return canvas;
}

const api: BenchApi = {
  defaults: { photo: photoRequest },

  async initFaceprint(preference, threads) {
    worker?.terminate();
    const start = performance.now();
    worker = new Worker(new URL('../../src/worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'faceprint-engine' });
    engine = Comlink.wrap<FaceEngineApi>(worker);
    const events = Comlink.proxy({
      progress(_progress: ModelProgress) {},
      backendChanged(_info: EngineInfo) {},
      galleryChanged() {},
    });
    const info = await engine.init(preference, events, { threads });
    return { info, loadMs: performance.now() - start };
  },

  async enrollFaceprint(name, embedding) {
    await requireEngine().enroll('people', name, [
      { embedding: Float32Array.from(embedding), thumbnail: null, source: 'benchmark', pose: null },
    ]);
  },

  async loadFrame(id, photoUrl, letterbox) {
    const canvas = await photoCanvas(photoUrl, letterbox);
    frames.set(id, canvas);
    return { width: canvas.width, height: canvas.height };
  },

  async faceprintFrame(id, request, count) {
    const remote = requireEngine();
    const canvas = frame(id);
    const runs: FaceprintRun[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      // What useFrameLoop does with a video element: grab a bitmap, transfer it, await the result.
      const bitmap = await createImageBitmap(canvas);
      const result = await remote.analyze(Comlink.transfer({ kind: 'bitmap', bitmap }, [bitmap]), request);
      runs.push({ wallMs: performance.now() - start, faces: result.faces.length, timings: result.timings });
    }
    return runs;
  },

  async faceprintPhoto(photoUrl, request, count) {
    const remote = requireEngine();
    const blob = await fetchBlob(photoUrl);
    const runs: FaceprintRun[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const result = await remote.analyze({ kind: 'blob', blob }, request);
      runs.push({ wallMs: performance.now() - start, faces: result.faces.length, timings: result.timings });
    }
    return runs;
  },

  async faceprintEmbedding(photoUrl, request) {
    const result = await requireEngine().analyze({ kind: 'blob', blob: await fetchBlob(photoUrl) }, request);
    const embedding = result.faces[0]?.embedding;
    return { embedding: embedding ? [...embedding] : null };
  },

  async faceprintFaces(photoUrl, request, asFrame) {
    const remote = requireEngine();
    let input: ImageInput = { kind: 'blob', blob: await fetchBlob(photoUrl) };
    if (asFrame) {
      await api.loadFrame('faces', photoUrl, true);
      const bitmap = await createImageBitmap(frame('faces'));
      input = Comlink.transfer({ kind: 'bitmap', bitmap }, [bitmap]);
    }
    const result = await remote.analyze(input, request);
    return result.faces.map((f) => ({ box: f.box, score: f.score, embedding: f.embedding ? [...f.embedding] : null }));
  },

  async initPeer(threads) {
    const start = performance.now();
    setWasmPaths('/tfjs-wasm/');
    // tfjs would take hardwareConcurrency / 2 threads: give it as many as Faceprint gets.
    setThreadsCount(threads);
    await tf.setBackend('wasm');
    await tf.ready();
    await Promise.all([
      faceapi.nets.ssdMobilenetv1.loadFromUri('/faceapi-model'),
      faceapi.nets.faceLandmark68Net.loadFromUri('/faceapi-model'),
      faceapi.nets.faceRecognitionNet.loadFromUri('/faceapi-model'),
    ]);
    return { loadMs: performance.now() - start, backend: tf.getBackend(), threads: getThreadsCount() };
  },

  async peerFrame(id, count) {
    const canvas = frame(id);
    const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
    const runs: PeerRun[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const faces = await faceapi.detectAllFaces(canvas, options).withFaceLandmarks().withFaceDescriptors();
      runs.push({ wallMs: performance.now() - start, faces: faces.length });
    }
    return runs;
  },

  async peerDescriptor(photoUrl) {
    const id = `descriptor:${photoUrl}`;
    if (!frames.has(id)) await api.loadFrame(id, photoUrl, false);
    const faces = await faceapi
      .detectAllFaces(frame(id), new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    if (faces.length === 0) return null;
    const largest = faces.reduce((a, b) => (b.detection.box.area > a.detection.box.area ? b : a));
    return [...largest.descriptor];
  },
};

window.faceprintBench = api;
window.peerBench = api;
document.body.dataset.ready = 'true';
