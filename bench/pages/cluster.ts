/**
 * The grouping benchmark page: the app's own inference worker (src/worker/engine.worker.ts) groups
 * synthetic faces (`groupFaces`, as the Faces screen calls it after embedding), while the page counts
 * its own animation frames to show whether it stayed responsive. Memory of the page with its workers
 * comes from performance.measureUserAgentSpecificMemory (cross-origin isolated pages only).
 * bench/run/clusterWorker.ts drives it through `window.clusterBench`.
 */
import * as Comlink from 'comlink';
import { DEFAULT_CLUSTER_SETTINGS, type ClusterFace } from '../../src/core/search/cluster.ts';
import type { FaceEngineApi } from '../../src/worker/api.ts';
import { syntheticIdentity } from '../../testkit/syntheticGallery.ts';

export interface ClusterRun {
  readonly faces: number;
  readonly groups: number;
  /** Time in the worker (GroupResult.elapsedMs) and from the page's call to its answer (with the transfer of the faces). */
  readonly workerMs: number;
  readonly roundTripMs: number;
  /** The page's animation frames during the call: how many, and the longest gap between two. */
  readonly frames: number;
  readonly longestFrameGapMs: number;
  /** Page + workers, before the faces were made and after the grouping; null where unmeasurable. */
  readonly memoryBeforeBytes: number | null;
  readonly memoryAfterBytes: number | null;
}

export interface ClusterBenchApi {
  run(identities: number, perIdentity: number): Promise<ClusterRun>;
}

declare global {
  interface Window {
    clusterBench: ClusterBenchApi;
  }
}

type MeasureMemory = () => Promise<{ readonly bytes: number }>;

async function memory(): Promise<number | null> {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: MeasureMemory }).measureUserAgentSpecificMemory;
  if (!crossOriginIsolated || !measure) return null;
  return (await measure.call(performance)).bytes;
}

const worker = new Worker(new URL('../../src/worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'faceprint-engine' });
const engine = Comlink.wrap<FaceEngineApi>(worker);

window.clusterBench = {
  async run(identities, perIdentity) {
    const memoryBeforeBytes = await memory();
    const faces: ClusterFace[] = [];
    for (let i = 0; i < identities; i++)
      syntheticIdentity(29, i, perIdentity).samples.forEach((embedding, k) => faces.push({ id: `${i}/${k}`, embedding, boxWidth: 80 }));
    let frames = 0;
    let longestFrameGapMs = 0;
    let last = performance.now();
    let counting = true;
    const tick = (now: number) => {
      frames++;
      longestFrameGapMs = Math.max(longestFrameGapMs, now - last);
      last = now;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const started = performance.now();
    const result = await engine.groupFaces({ faces, gallery: null, settings: DEFAULT_CLUSTER_SETTINGS });
    const roundTripMs = performance.now() - started;
    counting = false;
    return {
      faces: faces.length,
      groups: result.clusters.length,
      workerMs: result.elapsedMs,
      roundTripMs,
      frames,
      longestFrameGapMs,
      memoryBeforeBytes,
      memoryAfterBytes: await memory(),
    };
  },
};
document.body.dataset.ready = 'true';
