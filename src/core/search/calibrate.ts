/**
 * Threshold calibration on the user's own gallery: how alike a person's own samples are ("genuine"
 * comparisons) against how alike they are to everyone else ("impostor" comparisons, as identify would
 * make them: a sample against each other person's best sample), what the current threshold does with
 * both, and a suggested threshold with its rule in words. Plus findConflicts: people who look like
 * each other, and samples that look more like another person than their own.
 *
 * Every pair of samples is scored once (pairScan.ts): n²/2 dot products, under a second for a few
 * thousand samples.
 */
import { DEFAULT_MATCH_SETTINGS, type MatchSettings } from './match.ts';
import { forEachPair } from './pairScan.ts';

export interface CalibrationPerson {
  readonly id: string;
  readonly name: string;
  /** Unit embeddings [512] with their sample ids (a GalleryRecord fits). */
  readonly samples: readonly { readonly id: string; readonly embedding: Float32Array }[];
}

/** Below this many people with ≥ MIN_SAMPLES samples, no threshold is suggested: too few comparisons to say. */
export const MIN_PEOPLE = 5;
export const MIN_SAMPLES = 2;
/** Added to the highest impostor score when the suggestion has to rise above it. */
export const SUGGESTION_MARGIN = 0.02;
/**
 * Never suggested higher: an impostor that close to a person is not a threshold problem but a
 * duplicate person, a relative or a sample under the wrong name (findConflicts lists them).
 */
export const SUGGESTION_CEILING = 0.7;

export interface ScoreSummary {
  readonly count: number;
  /** Quantiles of the scores (nearest rank); NaN without scores. */
  readonly min: number;
  readonly p05: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  /** Counts per HISTOGRAM bin. */
  readonly histogram: readonly number[];
}

/** Histogram bins: 0.05 wide from −0.25 to 1 (lower scores fall in the first bin). */
export const HISTOGRAM = { from: -0.25, to: 1, width: 0.05 } as const;

export interface Calibration {
  /** People with at least MIN_SAMPLES samples (the only ones whose genuine scores exist). */
  readonly people: number;
  readonly genuine: ScoreSummary;
  readonly impostor: ScoreSummary;
  readonly threshold: number;
  /** Impostor comparisons at or above the threshold: someone would be named wrongly. */
  readonly impostorsPassing: number;
  /** Genuine comparisons below the threshold: the person would be missed. */
  readonly genuineMissed: number;
  /** The current threshold's effect in words. */
  readonly summary: string;
  /** null when the gallery is too small to say. */
  readonly suggestedThreshold: number | null;
  /** How the suggestion was made, in words (or why there is none). */
  readonly rule: string;
}

/**
 * Genuine scores: every pair of one person's samples (people with ≥ 2 samples). Impostor scores: for
 * each sample of a person with ≥ 2 samples and each other person, the best score over that person's
 * samples. The suggestion starts from the default threshold (chosen on measured data, including
 * strangers a personal gallery does not have) and only rises: to the highest impostor score plus
 * SUGGESTION_MARGIN when an impostor reaches the default, at most to SUGGESTION_CEILING. It never
 * falls below the default, since a clean gallery says nothing about strangers.
 */
export function calibrate(gallery: readonly CalibrationPerson[], settings: MatchSettings = DEFAULT_MATCH_SETTINGS): Calibration {
  const { owner, embeddings } = flatten(gallery);
  const eligible = gallery.map((p) => p.samples.length >= MIN_SAMPLES);
  const genuine: number[] = [];
  // best[s * people + q]: the best score of sample s against person q.
  const best = new Float32Array(embeddings.length * gallery.length).fill(-Infinity);
  forEachPair(embeddings, (i, j, score) => {
    const [pi, pj] = [owner[i]!, owner[j]!];
    if (pi === pj) {
      if (eligible[pi]) genuine.push(score);
      return;
    }
    const bi = i * gallery.length + pj;
    const bj = j * gallery.length + pi;
    if (score > best[bi]!) best[bi] = score;
    if (score > best[bj]!) best[bj] = score;
  });
  const impostor: number[] = [];
  for (let s = 0; s < embeddings.length; s++) {
    if (!eligible[owner[s]!]) continue;
    for (let q = 0; q < gallery.length; q++)
      if (q !== owner[s] && gallery[q]!.samples.length > 0) impostor.push(best[s * gallery.length + q]!);
  }
  const people = eligible.filter(Boolean).length;
  const t = settings.threshold;
  const impostorsPassing = impostor.filter((s) => s >= t).length;
  const genuineMissed = genuine.filter((s) => s < t).length;
  const summary =
    `At ${t.toFixed(2)}, ${impostorsPassing} of ${impostor.length} look-alike comparisons would be named wrongly, ` +
    `${genuineMissed} of ${genuine.length} same-person comparisons would be missed.`;
  const base = {
    people,
    genuine: summarize(genuine),
    impostor: summarize(impostor),
    threshold: t,
    impostorsPassing,
    genuineMissed,
    summary,
  };
  if (people < MIN_PEOPLE) {
    return {
      ...base,
      suggestedThreshold: null,
      rule: `Too small to say: ${people} ${people === 1 ? 'person has' : 'people have'} at least ${MIN_SAMPLES} samples; at least ${MIN_PEOPLE} are needed.`,
    };
  }
  return { ...base, ...suggest(impostor, DEFAULT_MATCH_SETTINGS.threshold) };
}

function suggest(impostor: readonly number[], floor: number): { suggestedThreshold: number; rule: string } {
  const worst = impostor.reduce((m, s) => Math.max(m, s), -Infinity);
  const rule =
    `The default ${floor.toFixed(2)}, raised when a look-alike comparison reaches it: then the highest look-alike score ` +
    `plus ${SUGGESTION_MARGIN.toFixed(2)}, rounded up to 0.01, at most ${SUGGESTION_CEILING.toFixed(2)}. Never lower than ` +
    `the default, which was measured against strangers this gallery does not have.`;
  if (worst < floor) return { suggestedThreshold: floor, rule };
  const raised = Math.ceil((worst + SUGGESTION_MARGIN) * 100 - 1e-9) / 100;
  return { suggestedThreshold: Math.min(SUGGESTION_CEILING, raised), rule };
}

function flatten(gallery: readonly CalibrationPerson[]): { owner: number[]; sample: string[]; embeddings: Float32Array[] } {
  const owner: number[] = [];
  const sample: string[] = [];
  const embeddings: Float32Array[] = [];
  gallery.forEach((p, q) => {
    for (const s of p.samples) {
      owner.push(q);
      sample.push(s.id);
      embeddings.push(s.embedding);
    }
  });
  return { owner, sample, embeddings };
}

/** Nearest-rank quantile of sorted scores. */
const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

function summarize(scores: readonly number[]): ScoreSummary {
  const sorted = [...scores].sort((a, b) => a - b);
  const bins = Math.round((HISTOGRAM.to - HISTOGRAM.from) / HISTOGRAM.width);
  const histogram = new Array<number>(bins).fill(0);
  for (const s of sorted) histogram[Math.min(bins - 1, Math.max(0, Math.floor((s - HISTOGRAM.from) / HISTOGRAM.width)))]! += 1;
  return {
    count: sorted.length,
    min: sorted.length ? sorted[0]! : Number.NaN,
    p05: quantile(sorted, 0.05),
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted.length ? sorted.at(-1)! : Number.NaN,
    histogram,
  };
}

export interface PersonConflict {
  readonly kind: 'look-alike people';
  /** Two people whose closest samples reach the threshold: the same person twice, or relatives. */
  readonly personA: string;
  readonly personB: string;
  readonly sampleA: string;
  readonly sampleB: string;
  readonly similarity: number;
}

export interface SampleConflict {
  readonly kind: 'sample under the wrong name?';
  /**
   * A sample of `person` that matches `otherPerson` (at or above the threshold) but none of its own
   * person's other samples (all below it).
   */
  readonly person: string;
  readonly sample: string;
  readonly otherPerson: string;
  readonly otherSample: string;
  readonly similarity: number;
  /** Its best score against its own person's other samples. */
  readonly ownSimilarity: number;
}

/** People pairs first (most alike first), then samples (most alike first); people and samples by id. */
export function findConflicts(
  gallery: readonly CalibrationPerson[],
  settings: MatchSettings = DEFAULT_MATCH_SETTINGS,
): { people: PersonConflict[]; samples: SampleConflict[] } {
  const { owner, sample, embeddings } = flatten(gallery);
  const closestPair = new Map<string, { i: number; j: number; score: number }>();
  const own = new Float32Array(embeddings.length).fill(-Infinity);
  const other = embeddings.map(() => ({ score: -Infinity, j: -1 }));
  forEachPair(embeddings, (i, j, score) => {
    const [pi, pj] = [owner[i]!, owner[j]!];
    if (pi === pj) {
      if (score > own[i]!) own[i] = score;
      if (score > own[j]!) own[j] = score;
      return;
    }
    if (score > other[i]!.score) other[i] = { score, j };
    if (score > other[j]!.score) other[j] = { score, j: i };
    if (score < settings.threshold) return;
    const key = pi < pj ? `${pi},${pj}` : `${pj},${pi}`;
    if (score > (closestPair.get(key)?.score ?? -Infinity)) closestPair.set(key, { i, j, score });
  });
  const people = [...closestPair.values()]
    .sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j)
    .map(({ i, j, score }) => ({
      kind: 'look-alike people' as const,
      personA: gallery[owner[i]!]!.id,
      personB: gallery[owner[j]!]!.id,
      sampleA: sample[i]!,
      sampleB: sample[j]!,
      similarity: score,
    }));
  const samples: SampleConflict[] = [];
  for (let s = 0; s < embeddings.length; s++) {
    const o = other[s]!;
    // Only samples with a sibling can be judged against their own person. A sample that its own
    // person's other samples match (at or above the threshold) belongs there even if someone else's is
    // closer: a near copy of it enrolled under the wrong name would otherwise flag the right one too.
    // The two people then show as look-alike people instead.
    if (own[s] === -Infinity || own[s]! >= settings.threshold || o.score < settings.threshold || o.score <= own[s]!) continue;
    samples.push({
      kind: 'sample under the wrong name?',
      person: gallery[owner[s]!]!.id,
      sample: sample[s]!,
      otherPerson: gallery[owner[o.j]!]!.id,
      otherSample: sample[o.j]!,
      similarity: o.score,
      ownSimilarity: own[s]!,
    });
  }
  samples.sort((x, y) => y.similarity - x.similarity);
  return { people, samples };
}
