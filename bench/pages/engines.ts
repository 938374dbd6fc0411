/**
 * The cross-engine webcam-frame benchmark page: Faceprint's real inference worker (the app's
 * engine.worker.ts, through the same comlink API) on a 640×480 frame sent as a transferred ImageBitmap,
 * as the live screen sends video frames. bench/run/engines.ts drives it in each engine through the
 * e2e-engines drivers, which pass only JSON: the photo arrives as base64, the runs go back as numbers.
 */
import * as Comlink from 'comlink';
import type { BackendPreference } from '../../src/runtime/session.ts';
import type { AnalysisTimings, AnalyzeRequest, EngineInfo, FaceEngineApi } from '../../src/worker/api.ts';
import { frameCanvas } from './frame.ts';

export interface EngineFrameRun {
  readonly wallMs: number;
  readonly faces: number;
  readonly timings: AnalysisTimings;
}

export interface EnginesBenchApi {
  /** Starts the worker and loads the models as the app does (its default threads); returns the engine and the load time. */
  init(preference: BackendPreference): Promise<{ info: EngineInfo; loadMs: number; hardwareConcurrency: number; isolated: boolean }>;
  /** Decodes a photo (base64) and fits it into a 640×480 frame, centred on black, as the fake webcam shows it. */
  loadFrame(photoBase64: string, type: string): Promise<{ width: number; height: number }>;
  /** Analyses the frame `count` times in a row, each time as a fresh transferred ImageBitmap. */
  frames(request: AnalyzeRequest, count: number): Promise<EngineFrameRun[]>;
}

declare global {
  interface Window {
    faceprintEnginesBench: EnginesBenchApi;
  }
}

let engine: Comlink.Remote<FaceEngineApi> | null = null;
let frame: HTMLCanvasElement | null = null;

const api: EnginesBenchApi = {
  async init(preference) {
    const start = performance.now();
    const worker = new Worker(new URL('../../src/worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'faceprint-engine' });
    engine = Comlink.wrap<FaceEngineApi>(worker);
    const events = Comlink.proxy({ progress() {}, backendChanged() {}, galleryChanged() {} });
    const info = await engine.init(preference, events);
    return { info, loadMs: performance.now() - start, hardwareConcurrency: navigator.hardwareConcurrency, isolated: crossOriginIsolated };
  },

  async loadFrame(photoBase64, type) {
    const bytes = Uint8Array.from(atob(photoBase64), (c) => c.charCodeAt(0));
    const canvas = await frameCanvas(new Blob([bytes], { type }), true);
    frame = canvas;
    return { width: canvas.width, height: canvas.height };
  },

  async frames(request, count) {
    if (!engine || !frame) throw new Error('init and loadFrame first');
    const runs: EngineFrameRun[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      // What the live screen does with a video frame: grab a bitmap, transfer it, await the result.
      const bitmap = await createImageBitmap(frame);
      const result = await engine.analyze(Comlink.transfer({ kind: 'bitmap', bitmap }, [bitmap]), request);
      runs.push({ wallMs: performance.now() - start, faces: result.faces.length, timings: result.timings });
    }
    return runs;
  },
};

window.faceprintEnginesBench = api;
document.body.dataset.ready = 'true';
