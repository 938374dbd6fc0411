/**
 * Threshold calibration and gallery conflicts (src/core/search/calibrate.ts) on synthetic galleries
 * (testkit/syntheticGallery.ts): too small to say, a clean gallery (the suggestion stays at the
 * default), and one with a person enrolled twice and a sample under the wrong name.
 */
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  findConflicts,
  HISTOGRAM,
  MIN_PEOPLE,
  SUGGESTION_CEILING,
  type CalibrationPerson,
} from '../src/core/search/calibrate.ts';
import { l2normalize } from '../src/core/pipeline/embed.ts';
import { DEFAULT_MATCH_SETTINGS } from '../src/core/search/match.ts';
import { syntheticIdentity } from '../testkit/syntheticGallery.ts';

const SEED = 21;
const DEFAULT = DEFAULT_MATCH_SETTINGS.threshold;

/** Identity i as a gallery person with samples `from`…`from + count − 1`; sample ids "<person>#<k>". */
function person(i: number, count: number, from = 0, id = `p${i}`): CalibrationPerson {
  const samples = syntheticIdentity(SEED, i, from + count).samples.slice(from);
  return { id, name: `Person ${i}`, samples: samples.map((embedding, k) => ({ id: `${id}#${k + from}`, embedding })) };
}

const clean = Array.from({ length: 12 }, (_, i) => person(i, 4));

describe('calibrate', () => {
  it('says too small to say below 5 people with 2 samples, but still counts', () => {
    const small = [person(0, 3), person(1, 2), person(2, 2), person(3, 1), person(4, 1)];
    const c = calibrate(small);
    expect(c.people).toBe(3);
    expect(c.suggestedThreshold).toBeNull();
    expect(c.rule).toMatch(new RegExp(`Too small to say: 3 people .* at least ${MIN_PEOPLE}`));
    // Genuine: 3 + 1 + 1 pairs. Impostor: each of the 7 samples of eligible people against the 4 others.
    expect(c.genuine.count).toBe(5);
    expect(c.impostor.count).toBe(28);
    expect(calibrate([]).suggestedThreshold).toBeNull();
  });

  it('on a clean gallery: no impostor passes and the suggestion stays at the default', () => {
    const c = calibrate(clean);
    expect(c.people).toBe(12);
    expect(c.genuine.count).toBe(12 * 6);
    expect(c.impostor.count).toBe(48 * 11);
    expect(c.impostorsPassing).toBe(0);
    expect(c.impostor.max).toBeLessThan(DEFAULT);
    expect(c.genuine.median).toBeGreaterThan(c.impostor.max);
    expect(c.suggestedThreshold).toBe(DEFAULT);
    expect(c.rule).toMatch(/Never lower than the default/);
    expect(c.summary).toBe(
      `At 0.48, 0 of ${c.impostor.count} look-alike comparisons would be named wrongly, ${c.genuineMissed} of ${c.genuine.count} same-person comparisons would be missed.`,
    );
    expect(c.genuineMissed).toBe(calibrateMissed(clean));
    const bins = Math.round((HISTOGRAM.to - HISTOGRAM.from) / HISTOGRAM.width);
    expect(c.genuine.histogram).toHaveLength(bins);
    expect(c.genuine.histogram.reduce((a, b) => a + b, 0)).toBe(c.genuine.count);
    expect(c.impostor.histogram.reduce((a, b) => a + b, 0)).toBe(c.impostor.count);
    expect(c.genuine.min).toBeLessThanOrEqual(c.genuine.p05);
    expect(c.genuine.p95).toBeLessThanOrEqual(c.genuine.max);
    expect(findConflicts(clean)).toEqual({ people: [], samples: [] });
  });

  it('with one person enrolled twice: impostors pass, the suggestion rises, the pair is a conflict', () => {
    // "twin" is identity 0 again, with other samples of it.
    const planted = [...clean, person(0, 3, 4, 'twin')];
    const c = calibrate(planted);
    expect(c.impostorsPassing).toBeGreaterThan(0);
    expect(c.suggestedThreshold).toBeGreaterThan(DEFAULT);
    expect(c.suggestedThreshold).toBeLessThanOrEqual(SUGGESTION_CEILING);
    expect(c.suggestedThreshold).toBe(Math.min(SUGGESTION_CEILING, Math.ceil((c.impostor.max + 0.02) * 100 - 1e-9) / 100));
    const { people } = findConflicts(planted);
    expect(people).toHaveLength(1);
    expect([people[0]!.personA, people[0]!.personB]).toEqual(['p0', 'twin']);
    expect(people[0]!.sampleA).toMatch(/^p0#/);
    expect(people[0]!.sampleB).toMatch(/^twin#/);
    expect(people[0]!.similarity).toBeGreaterThanOrEqual(DEFAULT);
  });

  it('finds a sample enrolled under the wrong name', () => {
    const stray = person(2, 1, 4).samples[0]!; // identity 2's, filed under person 1
    const filed = clean.map((p) => (p.id === 'p1' ? { ...p, samples: [...p.samples, { ...stray, id: 'stray' }] } : p));
    const { samples, people } = findConflicts(filed);
    expect(samples.map((s) => [s.person, s.sample, s.otherPerson])).toEqual([['p1', 'stray', 'p2']]);
    expect(samples[0]!.otherSample).toMatch(/^p2#/);
    expect(samples[0]!.similarity).toBeGreaterThan(samples[0]!.ownSimilarity);
    expect(people.map((p) => [p.personA, p.personB])).toEqual([['p1', 'p2']]);
  });
  it('flags only the stray when it is a near copy of one of its true owner’s samples', () => {
    const original = person(2, 4).samples[0]!;
    const copy = Float32Array.from(original.embedding, (v, k) => v + (k % 7 === 0 ? 0.002 : 0));
    const filed = clean.map((p) => (p.id === 'p1' ? { ...p, samples: [...p.samples, { id: 'copy', embedding: l2normalize(copy) }] } : p));
    const { samples, people } = findConflicts(filed);
    // p2's own sample matches p2's other samples: it is where it belongs, though the copy is closer.
    expect(samples.map((s) => [s.person, s.sample, s.otherPerson, s.otherSample])).toEqual([['p1', 'copy', 'p2', original.id]]);
    expect(people.map((p) => [p.personA, p.personB])).toEqual([['p1', 'p2']]);
  });
});

/** Genuine pairs below the default, counted directly. */
function calibrateMissed(gallery: readonly CalibrationPerson[]): number {
  let missed = 0;
  for (const p of gallery) {
    for (let i = 0; i < p.samples.length; i++) {
      for (let j = i + 1; j < p.samples.length; j++) {
        const [a, b] = [p.samples[i]!.embedding, p.samples[j]!.embedding];
        let dot = 0;
        for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
        if (dot < DEFAULT) missed++;
      }
    }
  }
  return missed;
}
