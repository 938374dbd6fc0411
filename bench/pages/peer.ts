/**
 * What the pipeline benchmark's peer pages share: the frames they run on (drawn by frame.ts), and the API that
 * bench/run/pipeline.ts drives each peer through (`window.peerBench`), so that face-api.js
 * (pipeline.html) and Human (human.html) are timed by the same code on the same frames.
 */

import { frameCanvas } from './frame.ts';

export interface PeerRun {
  readonly wallMs: number;
  readonly faces: number;
}

export interface PeerInit {
  readonly loadMs: number;
  readonly backend: string;
  /** tfjs's own count (getThreadsCount), read after the backend started. */
  readonly threads: number;
}

export interface PeerBenchApi {
  /** Starts tfjs's WASM backend with `threads` threads and loads the peer's models. */
  initPeer(threads: number): Promise<PeerInit>;
  /** Decodes a photo into a frame kept on the page: `letterbox` fits it into a 640×480 webcam-like frame. */
  loadFrame(id: string, photoUrl: string, letterbox: boolean): Promise<{ width: number; height: number }>;
  /** The peer's full pipeline (detect every face, landmarks, descriptors) on a stored frame. */
  peerFrame(id: string, count: number): Promise<PeerRun[]>;
  /** The descriptor of the largest face in a photo (null when none is found). */
  peerDescriptor(photoUrl: string): Promise<number[] | null>;
}

declare global {
  interface Window {
    peerBench: PeerBenchApi;
  }
}

export async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

/** Decodes a photo into a canvas, as is or (`letterbox`) as the fake webcam shows it: fitted into 640×480, centred on black. */
export async function photoCanvas(photoUrl: string, letterbox: boolean): Promise<HTMLCanvasElement> {
  return frameCanvas(await fetchBlob(photoUrl), letterbox);
}
