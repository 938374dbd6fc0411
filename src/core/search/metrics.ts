/** Verification and identification metrics for the evaluation commands. */

export interface ScoredPair {
  readonly score: number;
  readonly same: boolean;
}

/** Area under the ROC curve (Mann–Whitney U; ties count one half). */
export function rocAuc(pairs: readonly ScoredPair[]): number {
  const pos = pairs.filter((p) => p.same).map((p) => p.score);
  const neg = pairs.filter((p) => !p.same).map((p) => p.score);
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  const all = [...pos.map((s) => ({ s, pos: true })), ...neg.map((s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2; // 1-based ranks i+1 … j
    for (let k = i; k < j; k++) if (all[k]!.pos) rankSum += avgRank;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/** The threshold (score ≥ threshold means "same") with the highest accuracy, and that accuracy. */
export function bestAccuracy(pairs: readonly ScoredPair[]): { accuracy: number; threshold: number } {
  if (pairs.length === 0) return { accuracy: Number.NaN, threshold: Number.NaN };
  const scores = [...new Set(pairs.map((p) => p.score))].sort((a, b) => a - b);
  // Candidates: below everything, and midway between consecutive distinct scores, and above everything.
  const candidates = [scores[0]! - 1e-6, ...scores.slice(1).map((s, i) => (s + scores[i]!) / 2), scores.at(-1)! + 1e-6];
  let best = { accuracy: -1, threshold: 0 };
  for (const t of candidates) {
    const correct = pairs.reduce((n, p) => n + (p.score >= t === p.same ? 1 : 0), 0);
    const accuracy = correct / pairs.length;
    if (accuracy > best.accuracy) best = { accuracy, threshold: t };
  }
  return best;
}

/**
 * True accept rate at the strictest threshold whose false accept rate is at most `far`: no more than
 * floor(far · impostors) impostor pairs may score at or above it.
 */
export function tarAtFar(pairs: readonly ScoredPair[], far = 0.01): { tar: number; threshold: number } {
  const neg = pairs
    .filter((p) => !p.same)
    .map((p) => p.score)
    .sort((a, b) => b - a);
  const pos = pairs.filter((p) => p.same).map((p) => p.score);
  if (pos.length === 0 || neg.length === 0) return { tar: Number.NaN, threshold: Number.NaN };
  const allowed = Math.floor(far * neg.length);
  // Just above the (allowed+1)-th highest impostor score.
  const threshold = neg[allowed]! + 1e-9;
  return { tar: pos.filter((s) => s >= threshold).length / pos.length, threshold };
}
