/**
 * Gallery search at scale: the int8 scan with exact re-ranking must return exactly what the exact
 * float32 scan returns (people, order, similarity, sample), on synthetic clustered galleries and on
 * real embeddings of the fixture photos; the SIMD kernels must agree with the plain JS ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticIdentity, syntheticProbes } from '../testkit/syntheticGallery.ts';
import { EMBEDDING_SIZE, l2normalize } from '../src/core/pipeline/embed.ts';
import { cosineSimilarity, GalleryIndex, RERANK_ROWS, type Candidate, type GalleryPerson } from '../src/core/search/match.ts';
import { searchWasm } from '../src/core/search/kernels/kernels.generated.ts';
import { EmbeddingMatrix, simdAvailable } from '../src/core/search/searchKernel.ts';
import { FIXTURES_MISSING, HAVE_FIXTURES, peoplePhotos } from '../testkit/fixtures.ts';
import { analyzeFixture } from './support.ts';

function syntheticPeople(seed: number, identities: number, samplesPerIdentity: number): GalleryPerson[] {
  return Array.from({ length: identities }, (_, i) => {
    const { name, samples } = syntheticIdentity(seed, i, samplesPerIdentity);
    return { id: `p${i}`, name, embeddings: samples };
  });
}

/** int8 + re-rank against the exact scan on every probe; returns how many needed the second pass. */
function expectSameAsExact(index: GalleryIndex, probes: readonly Float32Array[], k: number): number {
  let secondPasses = 0;
  for (const [j, probe] of probes.entries()) {
    const exact = index.searchExact(probe, k);
    const fast = index.searchInt8(probe, k);
    if (index.lastSearch?.secondPass) secondPasses++;
    expect(fast, `probe ${j}`).toEqual(exact);
  }
  return secondPasses;
}

const unitAxis = (axis: number): Float32Array => {
  const v = new Float32Array(EMBEDDING_SIZE);
  v[axis] = 1;
  return v;
};

describe('search kernels', () => {
  it('assembles a valid WebAssembly SIMD module', () => {
    expect(WebAssembly.validate(searchWasm)).toBe(true);
    expect(simdAvailable()).toBe(true);
  });

  it('gives the same scores with SIMD as with plain JS, and int8 scores within the stated bound', () => {
    const rows = syntheticPeople(7, 203, 5).flatMap((p) => p.embeddings); // 1015 rows: not a multiple of the 4-row pass
    const simd = new EmbeddingMatrix(rows.length, { int8: true });
    const js = new EmbeddingMatrix(rows.length, { int8: true, kernel: 'js' });
    expect([simd.kernel, js.kernel]).toEqual(['wasm-simd', 'js']);
    rows.forEach((r, i) => {
      simd.setRow(i, r);
      js.setRow(i, r);
    });
    for (const { embedding } of syntheticProbes(7, 203, 8)) {
      const exactSimd = simd.exactScores(embedding).slice();
      const exactJs = js.exactScores(embedding).slice();
      const approxSimd = simd.approximateScores(embedding);
      const intSimd = approxSimd.scores.slice();
      const approxJs = js.approximateScores(embedding);
      expect(intSimd).toEqual(approxJs.scores);
      for (let r = 0; r < rows.length; r++) {
        expect(Math.abs(exactSimd[r]! - exactJs[r]!)).toBeLessThan(1e-6);
        const approx = intSimd[r]! * simd.rowScale[r]! * approxSimd.probeScale;
        expect(Math.abs(approx - exactJs[r]!)).toBeLessThanOrEqual(approxSimd.bound);
      }
      // Gathered rows get the very bits of the full scan.
      const picked = Int32Array.from([0, 3, 4, 1014, 517]);
      const gathered = simd.exactScoresOf(embedding, picked);
      expect([...gathered]).toEqual([...picked].map((r) => exactSimd[r]!));
    }
  });
});

describe('synthetic clustered galleries', () => {
  const seed = 2024;
  const identities = 4000;
  let people: GalleryPerson[];
  let index: GalleryIndex;
  beforeAll(() => {
    people = syntheticPeople(seed, identities, 5); // 20 000 samples
    index = new GalleryIndex(people);
  });

  it('look like real embeddings: same identity ~0.5–0.9, different identities near 0', () => {
    const same: number[] = [];
    const different: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = people[i]!.embeddings;
      same.push(cosineSimilarity(a[0]!, a[1]!), cosineSimilarity(a[2]!, a[4]!));
      different.push(cosineSimilarity(a[0]!, people[i + 200]!.embeddings[0]!));
    }
    const mean = (v: number[]): number => v.reduce((x, y) => x + y) / v.length;
    const sd = (v: number[]): number => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
    expect(mean(same)).toBeGreaterThan(0.6);
    expect(mean(same)).toBeLessThan(0.8);
    expect(Math.min(...same)).toBeGreaterThan(0.4);
    expect(Math.abs(mean(different))).toBeLessThan(0.03);
    expect(sd(different)).toBeGreaterThan(0.05);
    expect(sd(different)).toBeLessThan(0.1);
  });

  it('int8 + exact re-ranking returns exactly the exact top 5 on 400 probes (enrolled and strangers)', () => {
    expect(index.hasInt8).toBe(true);
    expect(index.kernel).toBe('wasm-simd');
    const probes = syntheticProbes(seed, identities, 400);
    expectSameAsExact(
      index,
      probes.map((p) => p.embedding),
      5,
    );
    // And the enrolled probes are found: the synthetic clusters are separable like real ones.
    let right = 0;
    for (const p of probes.filter((q) => q.identity !== null)) if (index.search(p.embedding, 1)[0]?.personId === `p${p.identity}`) right++;
    expect(right).toBe(300);
  });

  it('agrees for top 1 and for a large k', () => {
    const probes = syntheticProbes(seed + 1, identities, 60).map((p) => p.embedding);
    expectSameAsExact(index, probes, 1);
    expectSameAsExact(index, probes, 50);
  });

  it('agrees with the plain JS kernels (people and order; similarity within 1e-6)', () => {
    const js = new GalleryIndex(people.slice(0, 800), { kernel: 'js' });
    const simd = new GalleryIndex(people.slice(0, 800), { int8: true });
    for (const { embedding } of syntheticProbes(seed, 800, 40)) {
      const a = simd.search(embedding, 5);
      const b = js.searchExact(embedding, 5);
      expect(a.map((c) => [c.personId, c.sampleIndex])).toEqual(b.map((c) => [c.personId, c.sampleIndex]));
      a.forEach((c, i) => expect(Math.abs(c.similarity - b[i]!.similarity)).toBeLessThan(1e-6));
    }
  });

  it('widens the re-ranking when one person fills the candidate rows, and still agrees', () => {
    // One identity with many more samples than RERANK_ROWS: its rows take every candidate slot, so the
    // other people of the top 5 must come from the second pass.
    const crowd = syntheticIdentity(seed, 0, RERANK_ROWS + 50);
    const gallery = [{ id: 'crowd', name: 'crowd', embeddings: crowd.samples }, ...people.slice(1, 1000)];
    const crowded = new GalleryIndex(gallery, { int8: true });
    const probes = syntheticProbes(seed, 1, 6).map((p) => p.embedding); // all of identity 0 (or strangers)
    const second = expectSameAsExact(crowded, probes, 5);
    expect(second).toBeGreaterThan(0);
  });
});

describe('edge cases', () => {
  const a = l2normalize(Float32Array.from({ length: EMBEDDING_SIZE }, (_, i) => Math.sin(i + 1)));
  const b = l2normalize(Float32Array.from({ length: EMBEDDING_SIZE }, (_, i) => Math.cos(3 * i)));

  it.each([false, true])('empty gallery, one sample, k larger than the gallery, k = 0 (int8: %s)', (int8) => {
    expect(new GalleryIndex([], { int8 }).search(a, 5)).toEqual([]);
    expect(new GalleryIndex([{ id: 'x', name: 'X', embeddings: [] }], { int8 }).search(a, 5)).toEqual([]);
    const one = new GalleryIndex([{ id: 'x', name: 'X', embeddings: [b] }], { int8 });
    expect(one.search(b, 5)).toEqual([{ personId: 'x', name: 'X', similarity: one.searchExact(b, 1)[0]!.similarity, sampleIndex: 0 }]);
    expect(one.search(b, 5)[0]!.similarity).toBeCloseTo(1, 6);
    const two = new GalleryIndex(
      [
        { id: 'x', name: 'X', embeddings: [b, a] },
        { id: 'y', name: 'Y', embeddings: [b] },
      ],
      { int8 },
    );
    expect(two.search(a, 10).map((c: Candidate) => [c.name, c.sampleIndex])).toEqual([
      ['X', 1],
      ['Y', 0],
    ]);
    expect(two.search(a, 0)).toEqual([]);
    expect(() => two.search(new Float32Array(3), 1)).toThrow(/512/);
  });

  it.each([false, true])('ties go to the person listed first, and to their first sample (int8: %s)', (int8) => {
    const index = new GalleryIndex(
      [
        { id: 'x', name: 'X', embeddings: [unitAxis(1), unitAxis(0), unitAxis(0)] },
        { id: 'y', name: 'Y', embeddings: [unitAxis(0)] },
        { id: 'z', name: 'Z', embeddings: [unitAxis(2)] },
      ],
      { int8 },
    );
    expect(index.search(unitAxis(0), 3).map((c) => [c.name, c.sampleIndex, c.similarity])).toEqual([
      ['X', 1, 1],
      ['Y', 0, 1],
      ['Z', 0, 0],
    ]);
  });
});

describe.skipIf(!HAVE_FIXTURES)('real embeddings of the fixture photos', () => {
  it('int8 + re-ranking names every photo as the exact scan does, alone and among 10 000 synthetic samples', async () => {
    if (!HAVE_FIXTURES) return console.warn(FIXTURES_MISSING);
    const photos: { person: string; embedding: Float32Array }[] = [];
    for (const { person, path } of peoplePhotos()) {
      const [face] = await analyzeFixture(path, { largestFaceOnly: true, flip: true });
      photos.push({ person, embedding: face!.embedding! });
    }
    const filler = syntheticPeople(99, 2000, 5);
    for (const probe of photos) {
      // Leave-one-out: the probe's other photos are its person's samples.
      const byPerson = new Map<string, Float32Array[]>();
      for (const p of photos) if (p !== probe) byPerson.set(p.person, [...(byPerson.get(p.person) ?? []), p.embedding]);
      const real = [...byPerson].map(([name, embeddings]) => ({ id: name, name, embeddings }));
      for (const gallery of [real, [...filler.slice(0, 1000), ...real, ...filler.slice(1000)]]) {
        const index = new GalleryIndex(gallery, { int8: true });
        const exact = index.searchExact(probe.embedding, 5);
        expect(index.searchInt8(probe.embedding, 5)).toEqual(exact);
        const hasOthers = photos.some((p) => p !== probe && p.person === probe.person);
        if (hasOthers) expect(exact[0]!.name, probe.person).toBe(probe.person);
      }
    }
  }, 120_000);
});
