/**
 * Matching: cosine similarity of unit embeddings, a gallery index searched with one pass over a
 * contiguous matrix (a person's score is the best over their samples), and the open-set decision.
 */
import { EMBEDDING_SIZE } from '../pipeline/embed.ts';
import { EmbeddingMatrix, type KernelKind } from './searchKernel.ts';

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`embedding lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export interface GalleryPerson {
  readonly id: string;
  readonly name: string;
  /** Unit-length embeddings, one per enrolled sample. */
  readonly embeddings: readonly Float32Array[];
}

export interface Candidate {
  readonly personId: string;
  readonly name: string;
  /** Best cosine similarity over the person's samples. */
  readonly similarity: number;
  /** Which of the person's samples scored it. */
  readonly sampleIndex: number;
}

/**
 * Galleries from this many samples keep an int8 copy and search it first (then re-rank exactly):
 * below it the exact float32 scan is already fast and the copy would only cost memory. Measured in
 * BENCHMARKS.md ("Gallery scale").
 */
export const INT8_MIN_SAMPLES = 4096;

/** Rows the int8 scan hands to exact re-ranking (more only when the error bound asks for it). */
export const RERANK_ROWS = 128;

/** Above this share of the gallery, a second re-ranking pass is done as one exact scan instead. */
const MAX_RERANK_SHARE = 1 / 8;

export interface GalleryIndexOptions {
  /** Keep the int8 copy: default from INT8_MIN_SAMPLES. */
  readonly int8?: boolean;
  /** Force the plain JS kernels (tests compare them with SIMD); default SIMD where available. */
  readonly kernel?: KernelKind;
}

/** How the last search went (for the benchmark and tests). */
export interface SearchStats {
  readonly method: 'exact' | 'int8';
  /** Rows scored exactly after the int8 scan (0 for the exact method). */
  readonly reranked: number;
  /** Whether the int8 error bound needed a second, wider re-ranking pass. */
  readonly secondPass: boolean;
}

/**
 * All samples of a gallery as one row-major float32 matrix [samples, 512] (searchKernel.ts), with
 * each row's owner. Small galleries are scanned exactly. Large ones are scanned in int8; the best
 * RERANK_ROWS rows are then scored exactly, and, since every int8 score is within a proven bound of
 * the exact one, every other row whose int8 score could still reach the k-th best person is scored
 * exactly too. The top k people, their similarities and sample indexes are thus the same as the
 * exact scan's, bit for bit (both use the same float32 kernel per row).
 */
export class GalleryIndex {
  readonly size: number;
  private readonly matrix: EmbeddingMatrix;
  private readonly owner: Int32Array;
  private readonly sampleOf: Int32Array;
  /** People with at least one sample. */
  private readonly searchable: number;
  lastSearch: SearchStats | null = null;

  constructor(
    private readonly people: readonly GalleryPerson[],
    options: GalleryIndexOptions = {},
  ) {
    this.size = people.reduce((n, p) => n + p.embeddings.length, 0);
    this.searchable = people.filter((p) => p.embeddings.length > 0).length;
    this.matrix = new EmbeddingMatrix(this.size, {
      int8: options.int8 ?? this.size >= INT8_MIN_SAMPLES,
      ...(options.kernel ? { kernel: options.kernel } : {}),
    });
    this.owner = new Int32Array(this.size);
    this.sampleOf = new Int32Array(this.size);
    let row = 0;
    people.forEach((person, p) => {
      person.embeddings.forEach((e, s) => {
        if (e.length !== EMBEDDING_SIZE) throw new Error(`${person.name}: embedding has ${e.length} values, expected ${EMBEDDING_SIZE}`);
        this.matrix.setRow(row, e);
        this.owner[row] = p;
        this.sampleOf[row] = s;
        row++;
      });
    });
    this.matrix.prepare();
  }

  /** 'wasm-simd' or 'js', and whether the int8 copy is kept. */
  get kernel(): KernelKind {
    return this.matrix.kernel;
  }
  get hasInt8(): boolean {
    return this.matrix.int8;
  }
  /** Bytes of the matrix memory (float32 rows, int8 copy, scratch). */
  get bytes(): number {
    return this.matrix.bytes;
  }

  /** The k best people for a unit probe, best first (ties: the person listed first). */
  search(probe: Float32Array, k = 5): Candidate[] {
    return this.matrix.int8 ? this.searchInt8(probe, k) : this.searchExact(probe, k);
  }

  /** Several probes (a photo with many faces), each as `search`. */
  searchMany(probes: readonly Float32Array[], k = 5): Candidate[][] {
    return probes.map((p) => this.search(p, k));
  }

  /** Every row scored in float32. */
  searchExact(probe: Float32Array, k = 5): Candidate[] {
    checkProbe(probe);
    this.lastSearch = { method: 'exact', reranked: 0, secondPass: false };
    if (k <= 0 || this.size === 0) return [];
    const scores = this.matrix.exactScores(probe);
    const best = new Float32Array(this.people.length).fill(-Infinity);
    const bestRow = new Int32Array(this.people.length).fill(-1);
    for (let r = 0; r < this.size; r++) {
      const p = this.owner[r]!;
      if (scores[r]! > best[p]!) {
        best[p] = scores[r]!;
        bestRow[p] = r;
      }
    }
    const people: number[] = [];
    for (let p = 0; p < this.people.length; p++) if (bestRow[p] !== -1) people.push(p);
    return this.topPeople({ people, score: people.map((p) => best[p]!), row: people.map((p) => bestRow[p]!) }, k);
  }

  /** The int8 scan, then exact re-ranking of every row that can matter (see the class comment); exact without the int8 copy. */
  searchInt8(probe: Float32Array, k = 5): Candidate[] {
    checkProbe(probe);
    if (!this.matrix.int8) return this.searchExact(probe, k);
    if (k <= 0 || this.size === 0) {
      this.lastSearch = { method: 'int8', reranked: 0, secondPass: false };
      return [];
    }
    const { scores, probeScale, bound } = this.matrix.approximateScores(probe);
    if (probeScale === 0) return this.searchExact(probe, k);
    const scale = this.matrix.rowScale;
    // The RERANK_ROWS best rows by int8 score (a min-heap on the score, in units of probeScale).
    const wanted = Math.min(RERANK_ROWS, this.size);
    const heapScore = new Float64Array(wanted);
    const heapRow = new Int32Array(wanted);
    let filled = 0;
    for (let r = 0; r < this.size; r++) {
      const a = scores[r]! * scale[r]!;
      if (filled < wanted) {
        heapPush(heapScore, heapRow, filled++, a, r);
      } else if (a > heapScore[0]!) {
        heapReplaceTop(heapScore, heapRow, wanted, a, r);
      }
    }
    // Every row left out scores at most heapScore[0] in int8, so at most this exactly.
    const leftOut = filled < this.size;
    const leftOutCeiling = heapScore[0]! * probeScale + bound;
    let rows = heapRow.slice(0, filled).sort();
    let ranked = this.rerank(probe, rows);
    const needed = Math.min(k, this.searchable);
    let secondPass = false;
    if (leftOut && (ranked.people.length < needed || leftOutCeiling >= kthBest(ranked, needed))) {
      // A row left out might still reach the k-th best person: score every row that might, exactly.
      secondPass = true;
      const limit = this.size * MAX_RERANK_SHARE;
      if (ranked.people.length < needed) return this.fullScanInstead(probe, k);
      const cutoff = (kthBest(ranked, needed) - bound) / probeScale;
      const more: number[] = [];
      for (let r = 0; r < this.size && more.length <= limit; r++) if (scores[r]! * scale[r]! >= cutoff) more.push(r);
      if (more.length > limit) return this.fullScanInstead(probe, k);
      rows = Int32Array.from(more);
      ranked = this.rerank(probe, rows);
    }
    this.lastSearch = { method: 'int8', reranked: rows.length, secondPass };
    return this.topPeople(ranked, k);
  }

  private fullScanInstead(probe: Float32Array, k: number): Candidate[] {
    const found = this.searchExact(probe, k);
    this.lastSearch = { method: 'int8', reranked: this.size, secondPass: true };
    return found;
  }

  /** Exact scores of `rows` (ascending, so ties resolve as in the exact scan), best per person. */
  private rerank(probe: Float32Array, rows: Int32Array): Ranked {
    const exact = this.matrix.exactScoresOf(probe, rows);
    const best = new Map<number, { score: number; row: number }>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const p = this.owner[r]!;
      const seen = best.get(p);
      if (!seen) best.set(p, { score: exact[i]!, row: r });
      else if (exact[i]! > seen.score) best.set(p, { score: exact[i]!, row: r });
    }
    const people = [...best.keys()].sort((x, y) => x - y);
    return { people, score: people.map((p) => best.get(p)!.score), row: people.map((p) => best.get(p)!.row) };
  }

  /** The k best of `ranked` (ties: lower person index first), as candidates. */
  private topPeople(ranked: Ranked, k: number): Candidate[] {
    const { people, score, row } = ranked;
    const top: number[] = []; // positions in `people`, best first
    for (let i = 0; i < people.length; i++) {
      if (top.length === k && score[i]! <= score[top[k - 1]!]!) continue;
      // After every entry at least as good, so the person listed first wins a tie.
      let at = Math.min(top.length, k - 1);
      while (at > 0 && score[top[at - 1]!]! < score[i]!) at--;
      top.splice(at, 0, i);
      if (top.length > k) top.pop();
    }
    return top.map((i) => ({
      personId: this.people[people[i]!]!.id,
      name: this.people[people[i]!]!.name,
      similarity: score[i]!,
      sampleIndex: this.sampleOf[row[i]!]!,
    }));
  }
}

/** Best exact score per person over some rows: people ascending, with their score and row. */
interface Ranked {
  readonly people: readonly number[];
  readonly score: readonly number[];
  readonly row: readonly number[];
}

/** The n-th best person score (n ≥ 1, at most the number ranked). */
function kthBest(ranked: Ranked, n: number): number {
  return [...ranked.score].sort((a, b) => b - a)[n - 1]!;
}

function checkProbe(probe: Float32Array): void {
  if (probe.length !== EMBEDDING_SIZE) throw new Error(`probe has ${probe.length} values, expected ${EMBEDDING_SIZE}`);
}

// A binary min-heap over parallel arrays (score, row).
function heapPush(score: Float64Array, row: Int32Array, size: number, s: number, r: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (score[parent]! <= s) break;
    score[i] = score[parent]!;
    row[i] = row[parent]!;
    i = parent;
  }
  score[i] = s;
  row[i] = r;
}

function heapReplaceTop(score: Float64Array, row: Int32Array, size: number, s: number, r: number): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && score[right]! < score[left]! ? right : left;
    if (score[child]! >= s) break;
    score[i] = score[child]!;
    row[i] = row[child]!;
    i = child;
  }
  score[i] = s;
  row[i] = r;
}

export interface MatchSettings {
  /** Similarity at or above which the best candidate is named. */
  readonly threshold: number;
  /** Width of the band just below the threshold reported as "uncertain" rather than "unknown". */
  readonly uncertainBand: number;
}

/**
 * Calibrated on the shared fixtures (see README, "Threshold"): the highest impostor similarity there is
 * well below this, every genuine pair well above; and against an 8-person gallery the closest of 78
 * strangers scored up to 0.45 with this recipe, so a lower open-set default lets strangers in.
 */
export const DEFAULT_MATCH_SETTINGS: MatchSettings = { threshold: 0.48, uncertainBand: 0.08 };

export const UNKNOWN = 'Unknown';

export type MatchStatus = 'known' | 'uncertain' | 'unknown';

export interface Decision {
  readonly status: MatchStatus;
  /** The person's name when known, else "Unknown". */
  readonly identity: string;
  /** Similarity of the best candidate (0 with an empty gallery). */
  readonly similarity: number;
  /** The best candidate, also when it was not good enough to name. */
  readonly best: Candidate | null;
}

/** What one similarity means at these settings: the rule for a 1:N best candidate and a 1:1 pair alike. */
export function matchStatus(similarity: number, settings: MatchSettings = DEFAULT_MATCH_SETTINGS): MatchStatus {
  if (similarity >= settings.threshold) return 'known';
  return similarity >= settings.threshold - settings.uncertainBand ? 'uncertain' : 'unknown';
}

export function decide(candidates: readonly Candidate[], settings: MatchSettings = DEFAULT_MATCH_SETTINGS): Decision {
  const best = candidates[0] ?? null;
  if (!best) return { status: 'unknown', identity: UNKNOWN, similarity: 0, best };
  const status = matchStatus(best.similarity, settings);
  return { status, identity: status === 'known' ? best.name : UNKNOWN, similarity: best.similarity, best };
}
