/** What a compare similarity means, and which face of a photo is compared (src/app/compare/verdict.ts). */
import { describe, expect, it } from 'vitest';
import { defaultFaceIndex, faceAt, thresholdExplanation, verdictOf } from '../src/app/compare/verdict.ts';
import { EMBEDDING_SIZE } from '../src/core/pipeline/embed.ts';
import { cosineSimilarity, DEFAULT_MATCH_SETTINGS, type MatchSettings } from '../src/core/search/match.ts';
import { faceResult as face } from './fakeFaces.ts';

/**
 * Two unit 512-d vectors whose cosine is exactly 1 − flips/32: 64 entries of ±0.125 (a power of two,
 * so every product and sum is exact in float32 and double), the rest zero.
 */
function pairWithFlips(flips: number): { a: Float32Array; b: Float32Array; cosine: number } {
  const a = new Float32Array(EMBEDDING_SIZE);
  const b = new Float32Array(EMBEDDING_SIZE);
  for (let i = 0; i < 64; i++) {
    a[i] = 0.125;
    b[i] = i < flips ? -0.125 : 0.125;
  }
  return { a, b, cosine: 1 - flips / 32 };
}

describe('compare verdict', () => {
  const settings: MatchSettings = { threshold: 0.5, uncertainBand: 0.125 };

  it('builds vectors with the intended exact cosine', () => {
    for (const flips of [0, 15, 16, 17, 20, 21, 32, 64]) {
      const { a, b, cosine } = pairWithFlips(flips);
      expect(cosineSimilarity(a, b)).toBe(cosine);
    }
  });

  it('calls a similarity at or above the threshold the same person', () => {
    const at = pairWithFlips(16); // cosine 0.5
    const v = verdictOf(at.a, at.b, settings);
    expect(v).toEqual({ kind: 'same', similarity: 0.5, title: 'Same person' });
    const above = pairWithFlips(15); // 0.53125
    expect(verdictOf(above.a, above.b, settings).kind).toBe('same');
    const identical = pairWithFlips(0);
    expect(verdictOf(identical.a, identical.b, settings)).toMatchObject({ kind: 'same', similarity: 1 });
  });

  it('calls the band just below the threshold uncertain, its lower edge included', () => {
    const justBelow = pairWithFlips(17); // 0.46875
    expect(verdictOf(justBelow.a, justBelow.b, settings)).toMatchObject({ kind: 'uncertain', similarity: 0.46875 });
    expect(verdictOf(justBelow.a, justBelow.b, settings).title).toMatch(/uncertain/i);
    const lowerEdge = pairWithFlips(20); // 0.375 = 0.5 − 0.125
    expect(verdictOf(lowerEdge.a, lowerEdge.b, settings).kind).toBe('uncertain');
  });

  it('calls anything below the band different people', () => {
    const below = pairWithFlips(21); // 0.34375
    expect(verdictOf(below.a, below.b, settings)).toEqual({ kind: 'different', similarity: 0.34375, title: 'Different people' });
    const opposite = pairWithFlips(64); // −1
    expect(verdictOf(opposite.a, opposite.b, settings)).toMatchObject({ kind: 'different', similarity: -1 });
  });

  it('has no uncertain verdict when the band is zero', () => {
    const justBelow = pairWithFlips(17);
    expect(verdictOf(justBelow.a, justBelow.b, { threshold: 0.5, uncertainBand: 0 }).kind).toBe('different');
    const at = pairWithFlips(16);
    expect(verdictOf(at.a, at.b, { threshold: 0.5, uncertainBand: 0 }).kind).toBe('same');
  });

  it('moves with the threshold', () => {
    const { a, b } = pairWithFlips(8); // 0.75
    expect(verdictOf(a, b, { threshold: 0.75, uncertainBand: 0.1 }).kind).toBe('same');
    expect(verdictOf(a, b, { threshold: 0.8, uncertainBand: 0.05 }).kind).toBe('uncertain');
    expect(verdictOf(a, b, { threshold: 0.8, uncertainBand: 0.04 }).kind).toBe('different');
  });

  it('rejects embeddings of different lengths', () => {
    expect(() => verdictOf(new Float32Array(512), new Float32Array(4), settings)).toThrow(/differ/);
  });

  it('picks the largest face that passed the pose filter', () => {
    expect(defaultFaceIndex([])).toBe(-1);
    const small = face({ x1: 0, y1: 0, x2: 10, y2: 10 });
    const big = face({ x1: 0, y1: 0, x2: 50, y2: 50 });
    const hugeTurned = face({ x1: 0, y1: 0, x2: 200, y2: 200 }, false);
    expect(defaultFaceIndex([small, big])).toBe(1);
    expect(defaultFaceIndex([big, small])).toBe(0);
    // A larger face that cannot be compared loses to a smaller one that can, wherever it sits.
    expect(defaultFaceIndex([hugeTurned, small])).toBe(1);
    expect(defaultFaceIndex([small, hugeTurned])).toBe(0);
    expect(defaultFaceIndex([hugeTurned, small, big])).toBe(2);
  });

  it('falls back to the largest face when none passed, and keeps the first of equal faces', () => {
    const turnedSmall = face({ x1: 0, y1: 0, x2: 10, y2: 10 }, false);
    const turnedBig = face({ x1: 5, y1: 5, x2: 60, y2: 60 }, false);
    expect(defaultFaceIndex([turnedSmall, turnedBig])).toBe(1);
    expect(defaultFaceIndex([turnedSmall])).toBe(0);
    const twin = face({ x1: 100, y1: 0, x2: 110, y2: 10 });
    expect(defaultFaceIndex([face({ x1: 0, y1: 0, x2: 10, y2: 10 }), twin])).toBe(0);
  });

  it('finds the face under a point, the smallest for nested boxes', () => {
    const outer = face({ x1: 0, y1: 0, x2: 100, y2: 100 });
    const inner = face({ x1: 40, y1: 40, x2: 60, y2: 60 });
    const apart = face({ x1: 200, y1: 0, x2: 260, y2: 60 });
    expect(faceAt([outer, inner, apart], 50, 50)).toBe(1);
    expect(faceAt([inner, outer, apart], 50, 50)).toBe(0);
    expect(faceAt([outer, inner, apart], 10, 10)).toBe(0);
    expect(faceAt([outer, inner, apart], 230, 30)).toBe(2);
    // Edges count as inside.
    expect(faceAt([outer], 100, 0)).toBe(0);
    expect(faceAt([outer], 100.01, 50)).toBe(-1);
    expect(faceAt([outer, inner, apart], 150, 50)).toBe(-1);
    expect(faceAt([], 0, 0)).toBe(-1);
  });

  it('explains the threshold with the current numbers', () => {
    const text = thresholdExplanation(DEFAULT_MATCH_SETTINGS);
    expect(text).toContain('0.48');
    expect(text).toContain('0.40');
    expect(text).toMatch(/uncertain/);
    const other = thresholdExplanation({ threshold: 0.6, uncertainBand: 0.05 });
    expect(other).toContain('0.60');
    expect(other).toContain('0.55');
    expect(other).not.toContain('0.48');
  });

  it('leaves out the uncertain range when the band is zero, and never goes below zero', () => {
    const noBand = thresholdExplanation({ threshold: 0.5, uncertainBand: 0 });
    expect(noBand).toContain('0.50');
    expect(noBand).not.toMatch(/uncertain/);
    const wide = thresholdExplanation({ threshold: 0.1, uncertainBand: 0.2 });
    expect(wide).toContain('0.00');
    expect(wide).not.toContain('-0.10');
  });
});
