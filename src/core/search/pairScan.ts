/**
 * Every pair of a set of unit embeddings scored once, on the gallery's SIMD kernels (searchKernel.ts):
 * the rows go into one EmbeddingMatrix [n, 512] and row i is scored against rows i+1… only, so n²/2
 * dot products in all. Clustering keeps the pairs above a similarity; calibration keeps them all.
 */
import { EmbeddingMatrix } from './searchKernel.ts';

/** Calls `visit(i, j, score)` for every pair i < j, i ascending then j ascending. */
export function forEachPair(embeddings: readonly Float32Array[], visit: (i: number, j: number, score: number) => void): void {
  const n = embeddings.length;
  if (n < 2) return;
  const matrix = new EmbeddingMatrix(n, { int8: false });
  embeddings.forEach((e, r) => matrix.setRow(r, e));
  matrix.prepare();
  const rows = Int32Array.from({ length: n }, (_, r) => r);
  for (let i = 0; i < n - 1; i++) {
    const later = rows.subarray(i + 1);
    const scores = matrix.exactScoresOf(embeddings[i]!, later);
    for (let k = 0; k < scores.length; k++) visit(i, i + 1 + k, scores[k]!);
  }
}

/** The pairs i < j scoring at least `min`: parallel arrays, in forEachPair's order. */
export function pairsAtLeast(embeddings: readonly Float32Array[], min: number): { a: Int32Array; b: Int32Array; score: Float32Array } {
  const a: number[] = [];
  const b: number[] = [];
  const score: number[] = [];
  forEachPair(embeddings, (i, j, s) => {
    if (s < min) return;
    a.push(i);
    b.push(j);
    score.push(s);
  });
  return { a: Int32Array.from(a), b: Int32Array.from(b), score: Float32Array.from(score) };
}
