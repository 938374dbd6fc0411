/**
 * What the pipeline benchmark's peer pages share: the frames they run on, and the API that
 * bench/run/pipeline.ts drives each peer through (`window.peerBench`), so that face-api.js
 * (pipeline.html) and Human (human.html) are timed by the same code on the same frames.
 */

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

const WEBCAM_WIDTH = 640;
const WEBCAM_HEIGHT = 480;

/** Decodes a photo into a canvas, as is or (`letterbox`) as the fake webcam shows it: fitted into 640×480, centred on black. */
export async function photoCanvas(photoUrl: string, letterbox: boolean): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(await fetchBlob(photoUrl), { imageOrientation: 'from-image' });
  const canvas = document.createElement('canvas');
  if (letterbox) {
    canvas.width = WEBCAM_WIDTH;
    canvas.height = WEBCAM_HEIGHT;
    const scale = Math.min(WEBCAM_WIDTH / bitmap.width, WEBCAM_HEIGHT / bitmap.height);
    const w = Math.round(bitmap.width * scale);
    const h = Math.round(bitmap.height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#000';
    context.fillRect(0, 0, WEBCAM_WIDTH, WEBCAM_HEIGHT);
    context.drawImage(bitmap, (WEBCAM_WIDTH - w) / 2, (WEBCAM_HEIGHT - h) / 2, w, h);
  } else {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  }
  bitmap.close();
  return canvas;
}
