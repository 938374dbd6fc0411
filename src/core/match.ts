/**
 * Matching: cosine similarity of unit embeddings, a gallery index searched with one pass over a
 * contiguous matrix (a person's score is the best over their samples), and the open-set decision.
 */
import { EMBEDDING_SIZE } from './embed.ts';

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

/** All samples of a gallery as one row-major matrix [samples, 512], with each row's owner. */
export class GalleryIndex {
  readonly size: number;
  private readonly matrix: Float32Array;
  private readonly owner: Int32Array;
  private readonly sampleOf: Int32Array;

  constructor(private readonly people: readonly GalleryPerson[]) {
    this.size = people.reduce((n, p) => n + p.embeddings.length, 0);
    this.matrix = new Float32Array(this.size * EMBEDDING_SIZE);
    this.owner = new Int32Array(this.size);
    this.sampleOf = new Int32Array(this.size);
    let row = 0;
    people.forEach((person, p) => {
      person.embeddings.forEach((e, s) => {
        if (e.length !== EMBEDDING_SIZE) throw new Error(`${person.name}: embedding has ${e.length} values, expected ${EMBEDDING_SIZE}`);
        this.matrix.set(e, row * EMBEDDING_SIZE);
        this.owner[row] = p;
        this.sampleOf[row] = s;
        row++;
      });
    });
  }

  /** The k best people for a unit probe, best first. */
  search(probe: Float32Array, k = 5): Candidate[] {
    if (probe.length !== EMBEDDING_SIZE) throw new Error(`probe has ${probe.length} values, expected ${EMBEDDING_SIZE}`);
    const best = new Float32Array(this.people.length).fill(-Infinity);
    const bestSample = new Int32Array(this.people.length);
    const m = this.matrix;
    for (let r = 0; r < this.size; r++) {
      let dot = 0;
      const base = r * EMBEDDING_SIZE;
      for (let i = 0; i < EMBEDDING_SIZE; i++) dot += m[base + i]! * probe[i]!;
      const p = this.owner[r]!;
      if (dot > best[p]!) {
        best[p] = dot;
        bestSample[p] = this.sampleOf[r]!;
      }
    }
    const order = [...best.keys()].filter((p) => best[p]! > -Infinity).sort((a, b) => best[b]! - best[a]!);
    return order.slice(0, k).map((p) => ({
      personId: this.people[p]!.id,
      name: this.people[p]!.name,
      similarity: best[p]!,
      sampleIndex: bestSample[p]!,
    }));
  }
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
