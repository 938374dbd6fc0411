/**
 * The search kernels (src/core/search/kernels/search.wat, driven by searchKernel.ts and match.ts) against a
 * naive reference: the cosine similarity of the probe with every sample, best per person, sorted, top
 * k. Random and clustered galleries (people nearly alike, where the int8 scan must lean on its error
 * bound), of sizes on both sides of the 4-row pass, of RERANK_ROWS and of INT8_MIN_SAMPLES, with the
 * SIMD kernels and with the plain JS ones.
 */
import { describe, expect, it } from 'vitest';
import { prng, randomDirection } from '../testkit/syntheticGallery.ts';
import { EMBEDDING_SIZE, l2normalize } from '../src/core/pipeline/embed.ts';
import { cosineSimilarity, GalleryIndex, INT8_MIN_SAMPLES, RERANK_ROWS, type GalleryPerson } from '../src/core/search/match.ts';
import { EmbeddingMatrix, type KernelKind } from '../src/core/search/searchKernel.ts';

const randomUnit = randomDirection;

/** `centre` plus noise of length `spread`, renormalised: cos(result, centre) ≈ 1/√(1 + spread²). */
function near(centre: Float32Array, spread: number, random: () => number): Float32Array {
  const noise = randomUnit(random);
  return l2normalize(centre.map((c, i) => c + spread * noise[i]!));
}

/** People with 1–3 samples each, `samples` in all, from `sample(person)`. */
function gallery(samples: number, random: () => number, sample: (person: number) => Float32Array): GalleryPerson[] {
  const people: GalleryPerson[] = [];
  for (let left = samples; left > 0;) {
    const n = Math.min(left, 1 + Math.floor(random() * 3));
    const p = people.length;
    people.push({ id: `p${p}`, name: `person ${p}`, embeddings: Array.from({ length: n }, () => sample(p)) });
    left -= n;
  }
  return people;
}

/** Samples in random directions; probes too. */
function randomGallery(samples: number, seed: number): { people: GalleryPerson[]; probes: Float32Array[] } {
  const random = prng(seed);
  return { people: gallery(samples, random, () => randomUnit(random)), probes: Array.from({ length: 4 }, () => randomUnit(random)) };
}

/**
 * Close identities: a few families, each person near their family's direction (cos ≈ 0.95) and each
 * sample near its person (cos ≈ 0.98), so many rows score within the int8 error bound of each other.
 * Probes are new samples of enrolled people.
 */
function clusteredGallery(samples: number, seed: number): { people: GalleryPerson[]; probes: Float32Array[] } {
  const random = prng(seed);
  const families = Array.from({ length: 8 }, () => randomUnit(random));
  const centres: Float32Array[] = [];
  const centreOf = (p: number): Float32Array => (centres[p] ??= near(families[p % families.length]!, 0.33, random));
  const people = gallery(samples, random, (p) => near(centreOf(p), 0.2, random));
  const probes = Array.from({ length: 4 }, () => near(centreOf(Math.floor(random() * people.length)), 0.2, random));
  return { people, probes };
}

interface Found {
  readonly personId: string;
  readonly sampleIndex: number;
  readonly similarity: number;
}

/** Best sample per person by cosineSimilarity (first sample on a tie), people sorted best first (stable: listed first on a tie). */
function naiveRanking(people: readonly GalleryPerson[], probe: Float32Array): Found[] {
  const best: Found[] = [];
  for (const person of people) {
    let found: Found | null = null;
    person.embeddings.forEach((e, sampleIndex) => {
      const similarity = cosineSimilarity(probe, e);
      if (!found || similarity > found.similarity) found = { personId: person.id, sampleIndex, similarity };
    });
    if (found) best.push(found);
  }
  return best.sort((a, b) => b.similarity - a.similarity);
}

/** Same people and samples in the same order as the reference; similarities within float32 rounding. */
function expectLikeReference(index: GalleryIndex, people: readonly GalleryPerson[], probes: readonly Float32Array[], label: string): void {
  probes.forEach((probe, j) => {
    const ranking = naiveRanking(people, probe);
    for (const k of [1, 5, 25]) {
      const found = index.search(probe, k);
      const expected = ranking.slice(0, k);
      const where = `${label}, probe ${j}, k ${k}`;
      expect(
        found.map((c) => [c.personId, c.sampleIndex]),
        where,
      ).toEqual(expected.map((c) => [c.personId, c.sampleIndex]));
      found.forEach((c, i) => expect(Math.abs(c.similarity - expected[i]!.similarity), where).toBeLessThan(1e-5));
    }
  });
}

// Across the 4-row pass (1–9), RERANK_ROWS (127–129) and INT8_MIN_SAMPLES (4095–4097).
const SIZES = [
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  9,
  RERANK_ROWS - 1,
  RERANK_ROWS,
  RERANK_ROWS + 1,
  1001,
  INT8_MIN_SAMPLES - 1,
  INT8_MIN_SAMPLES,
  INT8_MIN_SAMPLES + 1,
];
const KERNELS: readonly KernelKind[] = ['wasm-simd', 'js'];
const GALLERIES = { random: randomGallery, clustered: clusteredGallery };
// Each gallery is made once and searched with both kernels.
const made = new Map<string, { people: GalleryPerson[]; probes: Float32Array[] }>();
const cached =
  (kind: string, make: typeof randomGallery) =>
  (samples: number, seed: number): { people: GalleryPerson[]; probes: Float32Array[] } => {
    const key = `${kind} ${samples} ${seed}`;
    if (!made.has(key)) made.set(key, make(samples, seed));
    return made.get(key)!;
  };

describe('gallery search against the naive reference', () => {
  for (const [kind, makeGallery] of Object.entries(GALLERIES)) {
    const make = cached(kind, makeGallery);
    it.each(KERNELS)(`${kind} galleries, int8 from INT8_MIN_SAMPLES samples (%s kernels)`, (kernel) => {
      for (const size of SIZES) {
        const { people, probes } = make(size, size * 31 + kind.length);
        const index = new GalleryIndex(people, { kernel });
        expect([index.size, index.kernel, index.hasInt8]).toEqual([size, kernel, size >= INT8_MIN_SAMPLES]);
        expectLikeReference(index, people, probes, `${kind} ${size}`);
      }
    });

    it(`${kind} galleries with the int8 scan forced on every size (SIMD kernels)`, () => {
      let secondPasses = 0;
      for (const size of SIZES.filter((s) => s < INT8_MIN_SAMPLES)) {
        const { people, probes } = make(size, size * 17 + kind.length);
        const index = new GalleryIndex(people, { int8: true });
        expectLikeReference(index, people, probes, `${kind} ${size}`);
        for (const probe of probes) {
          index.search(probe, 5);
          if (index.lastSearch?.secondPass) secondPasses++;
        }
      }
      // People nearly alike leave rows outside the first RERANK_ROWS within the bound: the wider pass runs.
      if (kind === 'clustered') expect(secondPasses).toBeGreaterThan(0);
    });
  }
});

describe('EmbeddingMatrix row scores', () => {
  it('score every row of small matrices as the float64 dot product, whatever the 4-row pass leaves over', () => {
    const random = prng(5);
    for (let rows = 1; rows <= 9; rows++) {
      const values = Array.from({ length: rows }, () => randomUnit(random));
      const simd = new EmbeddingMatrix(rows, { int8: true });
      const js = new EmbeddingMatrix(rows, { int8: true, kernel: 'js' });
      values.forEach((v, r) => {
        simd.setRow(r, v);
        js.setRow(r, v);
      });
      const probe = randomUnit(random);
      const exact = simd.exactScores(probe).slice();
      values.forEach((v, r) => {
        let dot = 0;
        for (let i = 0; i < EMBEDDING_SIZE; i++) dot += v[i]! * probe[i]!;
        expect(Math.abs(exact[r]! - dot)).toBeLessThan(1e-6);
      });
      // Gathered rows, in any order, get the bits of the full scan.
      const order = Int32Array.from({ length: rows }, (_, i) => rows - 1 - i);
      expect([...simd.exactScoresOf(probe, order)]).toEqual([...order].map((r) => exact[r]!));
      // The SIMD int8 copy and scan are the JS ones, and within the stated bound of the exact scores.
      const approx = simd.approximateScores(probe);
      const scores = approx.scores.slice();
      expect(scores).toEqual(js.approximateScores(probe).scores);
      expect(simd.rowScale).toEqual(js.rowScale);
      for (let r = 0; r < rows; r++)
        expect(Math.abs(scores[r]! * simd.rowScale[r]! * approx.probeScale - exact[r]!)).toBeLessThanOrEqual(approx.bound);
    }
  });
});
