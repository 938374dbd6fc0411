/**
 * The gallery-scale benchmark page: starts bench/pages/galleryWorker.ts workers (a fresh one for each
 * start-up measurement, as a new page load would) and measures what only the page can: storage use
 * (navigator.storage.estimate) and the memory of the whole page with its workers
 * (performance.measureUserAgentSpecificMemory, cross-origin isolated pages only).
 * bench/run/gallery.ts drives it through `window.galleryBench`.
 */
import * as Comlink from 'comlink';
import type { GalleryWorkerApi } from './galleryWorker.ts';

export interface GalleryBenchApi {
  /** Terminates the current worker (if any) and starts a fresh one. */
  freshWorker(): Promise<void>;
  readonly worker: () => Comlink.Remote<GalleryWorkerApi>;
  /** Bytes this origin stores (IndexedDB included). */
  storageUsage(): Promise<number>;
  /** Bytes of memory of this page and its workers, or null where the browser cannot say. */
  memory(): Promise<number | null>;
}

declare global {
  interface Window {
    galleryBench: GalleryBenchApi;
  }
}

interface MemoryMeasurement {
  readonly bytes: number;
}
type MeasureMemory = () => Promise<MemoryMeasurement>;

let worker: Worker | null = null;
let remote: Comlink.Remote<GalleryWorkerApi> | null = null;

window.galleryBench = {
  async freshWorker() {
    worker?.terminate();
    worker = new Worker(new URL('./galleryWorker.ts', import.meta.url), { type: 'module', name: 'gallery-bench' });
    remote = Comlink.wrap<GalleryWorkerApi>(worker);
  },
  worker: () => {
    if (!remote) throw new Error('freshWorker first');
    return remote;
  },
  async storageUsage() {
    return (await navigator.storage.estimate()).usage ?? 0;
  },
  async memory() {
    const measure = (performance as Performance & { measureUserAgentSpecificMemory?: MeasureMemory }).measureUserAgentSpecificMemory;
    if (!crossOriginIsolated || !measure) return null;
    return (await measure.call(performance)).bytes;
  },
};
document.body.dataset.ready = 'true';
