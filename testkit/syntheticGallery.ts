/**
 * Deterministic synthetic galleries clustered like real embeddings, for the gallery-scale benchmark
 * and the search tests. Each identity has a centre; its samples are the centre plus noise,
 * renormalised, so that same-identity cosines spread over ~0.5–0.9 like the fixtures' (0.50–0.97).
 * Centres are not isotropic: 16 of the 512 axes carry extra variance, which widens the cosines
 * between different identities to a standard deviation of ~0.075 (real pairs: −0.1…0.35), instead of
 * the 0.044 of uniformly random directions. Everything is a function of (seed, identity), so any
 * identity can be regenerated without keeping the gallery. Also the one generator of random unit
 * embeddings the tests use as stand-ins (`randomUnitVector`).
 */
import { EMBEDDING_SIZE } from '../src/core/pipeline/embed.ts';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ANISOTROPIC_AXES = 16;
/** Extra standard deviation on those axes (relative to 1 on every axis): γ² = 12 gives σ ≈ 0.075. */
const ANISOTROPY = Math.sqrt(12);
/** Noise length relative to the unit centre, per sample: cos(sample, centre) = 1/√(1+t²). */
const NOISE_MIN = 0.35;
const NOISE_MAX = 1.0;

function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** Uniform in [−√3, √3]: unit variance, and direction close enough to isotropic in 512 dimensions. */
const centred = (random: () => number): number => (random() * 2 - 1) * Math.sqrt(3);

function centre(random: () => number): Float32Array {
  const v = new Float32Array(EMBEDDING_SIZE); // [512]
  for (let i = 0; i < EMBEDDING_SIZE; i++) v[i] = centred(random) * (i < ANISOTROPIC_AXES ? ANISOTROPY : 1);
  return normalize(v);
}

/** A random unit direction [512] drawn from `random`. */
export function randomDirection(random: () => number): Float32Array {
  const n = new Float32Array(EMBEDDING_SIZE); // [512]
  for (let i = 0; i < EMBEDDING_SIZE; i++) n[i] = centred(random);
  return normalize(n);
}

/** A unit embedding [512] that is a function of `seed` alone: a stand-in for a real one where only its form matters. */
export const randomUnitVector = (seed: number): Float32Array => randomDirection(prng(seed));

/** centre + t · (random unit direction), renormalised. */
function noisy(c: Float32Array, random: () => number, t: number): Float32Array {
  const n = randomDirection(random);
  for (let i = 0; i < EMBEDDING_SIZE; i++) n[i] = c[i]! + t * n[i]!;
  return normalize(n);
}

const mix = (seed: number, i: number, salt: number): number =>
  Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35) ^ salt;

export interface SyntheticIdentity {
  readonly name: string;
  readonly centre: Float32Array;
  /** Unit embeddings [samplesPerIdentity][512]. */
  readonly samples: Float32Array[];
}

/** Identity `i` of the gallery `seed`. */
export function syntheticIdentity(seed: number, i: number, samplesPerIdentity: number): SyntheticIdentity {
  const random = prng(mix(seed, i, 0x1d));
  const c = centre(random);
  const samples = Array.from({ length: samplesPerIdentity }, () => noisy(c, random, NOISE_MIN + (NOISE_MAX - NOISE_MIN) * random()));
  return { name: `identity ${i}`, centre: c, samples };
}

export interface SyntheticProbe {
  readonly embedding: Float32Array;
  /** The enrolled identity it is a new sample of, or null for a stranger. */
  readonly identity: number | null;
}

/**
 * `count` probes: new noisy samples of random enrolled identities (of `identities`) and, one in
 * `strangerEvery`, samples of identities that are not in the gallery.
 */
export function syntheticProbes(seed: number, identities: number, count: number, strangerEvery = 4): SyntheticProbe[] {
  const random = prng(mix(seed, count, 0x7e));
  return Array.from({ length: count }, (_, j) => {
    const stranger = j % strangerEvery === strangerEvery - 1;
    const identity = stranger ? identities + j : Math.floor(random() * identities);
    const c = syntheticIdentity(seed, identity, 0).centre;
    const t = NOISE_MIN + (NOISE_MAX - NOISE_MIN) * random();
    return { embedding: noisy(c, random, t), identity: stranger ? null : identity };
  });
}
