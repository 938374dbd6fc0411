import { describe, expect, it } from 'vitest';
import { EMBEDDING_SIZE, l2normalize } from '../src/core/pipeline/embed.ts';
import { cosineSimilarity, decide, DEFAULT_MATCH_SETTINGS, GalleryIndex, UNKNOWN } from '../src/core/search/match.ts';

/** A unit vector along a mix of two axes: similarity between such vectors is known in closed form. */
function unit(weights: Record<number, number>): Float32Array {
  const v = new Float32Array(EMBEDDING_SIZE);
  for (const [axis, w] of Object.entries(weights)) v[Number(axis)] = w;
  return l2normalize(v);
}

describe('matching', () => {
  it('computes cosine similarity', () => {
    expect(cosineSimilarity(unit({ 0: 1 }), unit({ 0: 1, 1: 1 }))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosineSimilarity(unit({ 0: 1 }), unit({ 1: 1 }))).toBe(0);
    expect(() => cosineSimilarity(new Float32Array(3), new Float32Array(4))).toThrow(/differ/);
  });

  it('ranks people by their best sample and returns the top k', () => {
    const index = new GalleryIndex([
      { id: 'a', name: 'Ann', embeddings: [unit({ 0: 1 }), unit({ 5: 1 })] },
      { id: 'b', name: 'Bob', embeddings: [unit({ 0: 1, 1: 1 })] },
      { id: 'c', name: 'Cat', embeddings: [unit({ 2: 1 })] },
      { id: 'd', name: 'Dan', embeddings: [] },
    ]);
    expect(index.size).toBe(4);
    const probe = unit({ 5: 3, 0: 1 });
    const top = index.search(probe, 2);
    expect(top.map((c) => c.name)).toEqual(['Ann', 'Bob']);
    expect(top[0]!.sampleIndex).toBe(1);
    expect(top[0]!.similarity).toBeCloseTo(3 / Math.sqrt(10), 6);
    expect(index.search(probe, 10).map((c) => c.name)).toEqual(['Ann', 'Bob', 'Cat']); // Dan has no samples
  });

  it('names the best candidate at the threshold, says uncertain just below it, Unknown further down', () => {
    const { threshold, uncertainBand } = DEFAULT_MATCH_SETTINGS;
    const at = (similarity: number) => decide([{ personId: 'a', name: 'Ann', similarity, sampleIndex: 0 }]);
    expect(at(threshold)).toMatchObject({ status: 'known', identity: 'Ann' });
    expect(at(threshold - uncertainBand / 2)).toMatchObject({ status: 'uncertain', identity: UNKNOWN, best: { name: 'Ann' } });
    expect(at(threshold - uncertainBand - 0.01)).toMatchObject({ status: 'unknown', identity: UNKNOWN });
    expect(decide([])).toMatchObject({ status: 'unknown', identity: UNKNOWN, best: null });
  });

  it('names nobody for the closest stranger measured with this recipe (0.45) at the default settings', () => {
    // README, "Threshold": strangers searched against an 8-person gallery scored up to 0.45.
    const stranger = decide([{ personId: 'a', name: 'Ann', similarity: 0.45, sampleIndex: 0 }]);
    expect(stranger.status).not.toBe('known');
    expect(stranger.identity).toBe(UNKNOWN);
  });
});
