/**
 * The gallery-scale benchmark's worker: the real IndexedDB store (src/storage, bulk writes through testkit/storage.ts) and the real
 * search (src/core/search/match.ts), as the inference worker uses them, on synthetic clustered galleries
 * (testkit/syntheticGallery.ts). bench/pages/gallery.ts drives it through comlink; every figure is measured
 * here, inside the worker.
 */
import * as Comlink from 'comlink';
import { GalleryIndex, type Candidate } from '../../src/core/search/match.ts';
import { openGalleryDb, type GalleryDb, type IndexRow, type NewSample } from '../../src/storage/index.ts';
import { countSamples, enrollMany } from '../../testkit/storage.ts';
import { syntheticIdentity, syntheticProbes } from '../../testkit/syntheticGallery.ts';

export const BENCH_DB = 'faceprint-gallery-bench';
const GALLERY = 'people';

export interface PopulateResult {
  readonly samples: number;
  readonly writeMs: number;
}

export interface LoadResult {
  readonly samples: number;
  readonly people: number;
  readonly openMs: number;
  /** searchRows: from the snapshot, or from every sample (then writing the snapshot). */
  readonly readMs: number;
  readonly fromSnapshot: boolean;
  readonly buildMs: number;
  readonly kernel: string;
  readonly int8: boolean;
  readonly indexBytes: number;
}

export interface SearchResult {
  readonly probes: number;
  readonly exactMs: number[];
  readonly int8Ms: number[];
  /** Probes whose int8 top-1 (person and similarity) equals the exact one. */
  readonly top1Agree: number;
  /** Probes whose whole int8 top-k list equals the exact one. */
  readonly topKAgree: number;
  /** Largest |int8 − exact| similarity over the top-1s. */
  readonly maxSimilarityDiff: number;
  readonly secondPasses: number;
  readonly meanReranked: number;
  /** Enrolled probes whose exact top-1 is their own identity. */
  readonly enrolledRight: number;
  readonly enrolled: number;
  /** Batched search (several probes per call), per probe. */
  readonly batchMsPerProbe: number;
}

let db: GalleryDb | null = null;
let index: GalleryIndex | null = null;
let rows: IndexRow[] | null = null;

async function database(): Promise<GalleryDb> {
  db ??= await openGalleryDb({ name: BENCH_DB });
  return db;
}

const api = {
  async clear(): Promise<void> {
    await (await database()).clear(GALLERY);
  },

  /** Samples now in the gallery. */
  async count(): Promise<number> {
    return countSamples(await database(), GALLERY);
  },

  /** Adds identities [from, to) (5 samples each by default) in transactions of `batch` identities. */
  async populate(seed: number, from: number, to: number, samplesPerIdentity: number, batch: number): Promise<PopulateResult> {
    const store = await database();
    let samples = 0;
    let writeMs = 0;
    for (let start = from; start < to; start += batch) {
      const entries: { name: string; samples: NewSample[] }[] = [];
      for (let i = start; i < Math.min(to, start + batch); i++) {
        const identity = syntheticIdentity(seed, i, samplesPerIdentity);
        entries.push({
          name: identity.name,
          samples: identity.samples.map((embedding) => ({ embedding, thumbnail: null, source: 'synthetic', pose: null })),
        });
      }
      const t0 = performance.now();
      samples += (await enrollMany(store, GALLERY, entries)).samples;
      writeMs += performance.now() - t0;
    }
    return { samples, writeMs };
  },

  /** Start-up as the inference worker does it: open, read the rows (searchRows), build the index. */
  async load(): Promise<LoadResult> {
    const t0 = performance.now();
    const store = await database();
    const t1 = performance.now();
    const read = await store.searchRows(GALLERY);
    rows = read.rows;
    const t2 = performance.now();
    // With the int8 copy at every size, so both methods can be timed (the app keeps it from INT8_MIN_SAMPLES).
    index = new GalleryIndex(
      rows.map((r) => ({ id: r.id, name: r.name, embeddings: r.embeddings })),
      { int8: true },
    );
    const t3 = performance.now();
    return {
      samples: index.size,
      people: rows.length,
      openMs: t1 - t0,
      readMs: t2 - t1,
      fromSnapshot: read.fromSnapshot,
      buildMs: t3 - t2,
      kernel: index.kernel,
      int8: index.hasInt8,
      indexBytes: index.bytes,
    };
  },

  /** Drops the rows read from IndexedDB (the worker keeps only the index), so memory shows the index. */
  dropRows(): void {
    rows = null;
  },

  search(seed: number, identities: number, probes: number, k: number, warmup: number): SearchResult {
    if (!index) throw new Error('load first');
    const list = syntheticProbes(seed, identities, probes + warmup);
    for (const p of list.slice(0, warmup)) {
      index.searchExact(p.embedding, k);
      index.searchInt8(p.embedding, k);
    }
    const measured = list.slice(warmup);
    const exactMs: number[] = [];
    const int8Ms: number[] = [];
    let top1Agree = 0;
    let topKAgree = 0;
    let maxSimilarityDiff = 0;
    let secondPasses = 0;
    let reranked = 0;
    let enrolledRight = 0;
    let enrolled = 0;
    const same = (a: Candidate | undefined, b: Candidate | undefined): boolean =>
      !!a && !!b && a.personId === b.personId && a.similarity === b.similarity && a.sampleIndex === b.sampleIndex;
    for (const p of measured) {
      let t = performance.now();
      const exact = index.searchExact(p.embedding, k);
      exactMs.push(performance.now() - t);
      t = performance.now();
      const fast = index.searchInt8(p.embedding, k);
      int8Ms.push(performance.now() - t);
      if (index.lastSearch?.secondPass) secondPasses++;
      reranked += index.lastSearch?.reranked ?? 0;
      if (same(exact[0], fast[0])) top1Agree++;
      if (exact.length === fast.length && exact.every((c, i) => same(c, fast[i]))) topKAgree++;
      maxSimilarityDiff = Math.max(maxSimilarityDiff, Math.abs((exact[0]?.similarity ?? 0) - (fast[0]?.similarity ?? 0)));
      if (p.identity !== null) {
        enrolled++;
        if (exact[0]?.name === `identity ${p.identity}`) enrolledRight++;
      }
    }
    const t = performance.now();
    index.searchMany(
      measured.map((p) => p.embedding),
      k,
    );
    const batchMsPerProbe = (performance.now() - t) / measured.length;
    return {
      probes: measured.length,
      exactMs,
      int8Ms,
      top1Agree,
      topKAgree,
      maxSimilarityDiff,
      secondPasses,
      meanReranked: reranked / measured.length,
      enrolledRight,
      enrolled,
      batchMsPerProbe,
    };
  },

  close(): void {
    db?.close();
    db = null;
    index = null;
    rows = null;
  },
};

export type GalleryWorkerApi = typeof api;

Comlink.expose(api);
