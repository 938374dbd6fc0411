/** Pairwise precision and recall of a grouping against the truth (bench/run/cluster.ts, clusterHard.ts). */

/**
 * `groups` are face id lists (faces in none are alone); `truth` maps every face id to its person.
 * Precision: of the face pairs put together, the share that are one person. Recall: of the pairs of
 * one person, the share put together.
 */
export function pairScore(
  groups: readonly (readonly string[])[],
  truth: ReadonlyMap<string, string>,
): { precision: number; recall: number } {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const tally = (keys: readonly string[]): number => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts.values()].reduce((s, n) => s + pairs(n), 0);
  };
  const together = groups.reduce((s, g) => s + pairs(g.length), 0);
  const right = tally(groups.flatMap((g, k) => g.map((id) => `${k}:${truth.get(id)}`)));
  const same = tally([...truth.values()]);
  return { precision: together ? right / together : 1, recall: same ? right / same : 1 };
}
