import { describe, expect, it } from 'vitest';
import { bestAccuracy, rocAuc, tarAtFar } from '../src/core/search/metrics.ts';

const pairs = (same: number[], diff: number[]) => [
  ...same.map((score) => ({ score, same: true })),
  ...diff.map((score) => ({ score, same: false })),
];

describe('verification metrics', () => {
  it('computes ROC AUC with ties counting one half', () => {
    expect(rocAuc(pairs([0.9, 0.8], [0.1, 0.2]))).toBe(1);
    expect(rocAuc(pairs([0.1], [0.9]))).toBe(0);
    expect(rocAuc(pairs([0.5], [0.5]))).toBe(0.5);
    expect(rocAuc(pairs([0.9, 0.3], [0.5, 0.1]))).toBe(0.75);
    expect(rocAuc(pairs([0.9], []))).toBeNaN();
  });

  it('finds the best accuracy and a threshold that reaches it', () => {
    const p = pairs([0.9, 0.7, 0.4], [0.5, 0.1, 0.2]);
    const best = bestAccuracy(p);
    expect(best.accuracy).toBeCloseTo(5 / 6, 10);
    const correct = p.filter((x) => x.score >= best.threshold === x.same).length;
    expect(correct).toBe(5);
  });

  it('reports TAR at the strictest threshold with FAR at most 1%', () => {
    const diff = Array.from({ length: 200 }, (_, i) => i / 400); // 0 … 0.4975
    const same = [0.3, 0.49, 0.495, 0.6, 0.9];
    const { tar, threshold } = tarAtFar(pairs(same, diff), 0.01);
    // 2 impostors may pass (0.4975, 0.495); the third-highest (0.4925) must not.
    expect(threshold).toBeGreaterThan(0.4925);
    expect(threshold).toBeLessThanOrEqual(0.495);
    expect(tar).toBe(3 / 5);
  });
});
