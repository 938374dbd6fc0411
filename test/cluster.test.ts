/**
 * Grouping unnamed faces (src/core/search/cluster.ts) on synthetic identities (testkit/syntheticGallery.ts):
 * edge cases, the too-small floor, determinism, chaining through a face between two people, the
 * best-faces pick, attaching to enrolled people, and 5,000 faces against the synthetic truth.
 */
import { describe, expect, it } from 'vitest';
import { l2normalize } from '../src/core/pipeline/embed.ts';
import {
  attachToGallery,
  clusterFaces,
  clusterRuleText,
  DEFAULT_CLUSTER_SETTINGS,
  groupFaces,
  groupingQuality,
  pickBestFaces,
  type ClusterFace,
  type Clustering,
} from '../src/core/search/cluster.ts';
import { cosineSimilarity, GalleryIndex } from '../src/core/search/match.ts';
import { prng, randomUnitVector, syntheticIdentity } from '../testkit/syntheticGallery.ts';

/** `perIdentity` faces of each of `identities` synthetic people, shuffled deterministically; id "<identity>/<k>". */
function facesOf(seed: number, identities: number, perIdentity: number, firstIdentity = 0): ClusterFace[] {
  const faces: ClusterFace[] = [];
  for (let i = firstIdentity; i < firstIdentity + identities; i++) {
    syntheticIdentity(seed, i, perIdentity).samples.forEach((embedding, k) => faces.push({ id: `${i}/${k}`, embedding }));
  }
  const random = prng(seed);
  for (let i = faces.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [faces[i], faces[j]] = [faces[j]!, faces[i]!];
  }
  return faces;
}

const identityOf = (id: string): string => id.split('/')[0]!;

/**
 * Pairwise precision and recall of the clusters against the identity in each id (others count as
 * alone), from counts: pairs put together = Σ over clusters of C(size, 2), of which right = Σ over
 * (cluster, identity) of C(count, 2); pairs of one identity = Σ over identities of C(count, 2).
 */
function pairwise(result: Clustering, faces: readonly ClusterFace[]): { precision: number; recall: number } {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const tally = (keys: string[]): number => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts.values()].reduce((sum, n) => sum + pairs(n), 0);
  };
  const together = result.clusters.reduce((sum, c) => sum + pairs(c.faceIds.length), 0);
  const right = tally(result.clusters.flatMap((c, k) => c.faceIds.map((id) => `${k}:${identityOf(id)}`)));
  const same = tally(faces.map((f) => identityOf(f.id)));
  return { precision: together ? right / together : 1, recall: same ? right / same : 1 };
}

describe('clusterFaces', () => {
  it('handles no faces and a single face', () => {
    expect(clusterFaces([])).toEqual({ clusters: [], others: [], tooSmall: [] });
    const one = clusterFaces([{ id: 'only', embedding: randomUnitVector(1) }]);
    expect(one).toEqual({ clusters: [], others: ['only'], tooSmall: [] });
  });

  it('puts identical faces in one group with cohesion 1', () => {
    const e = randomUnitVector(2);
    const result = clusterFaces(['a', 'b', 'c'].map((id) => ({ id, embedding: e })));
    expect(result.clusters).toHaveLength(1);
    const [c] = result.clusters;
    expect(c!.faceIds).toEqual(['a', 'b', 'c']);
    expect(c!.cohesion).toBeCloseTo(1, 5);
    expect(cosineSimilarity(c!.centroid, e)).toBeCloseTo(1, 5);
    expect(c!.representativeId).toBe('a');
  });

  it('groups a few people apart, largest first, and leaves a stranger in others', () => {
    const faces = [...facesOf(3, 1, 6, 0), ...facesOf(3, 1, 3, 1), ...facesOf(3, 1, 1, 2)];
    const result = clusterFaces(faces);
    expect(result.clusters.map((c) => c.faceIds.map(identityOf))).toEqual([Array(6).fill('0'), Array(3).fill('1')]);
    expect(result.others).toEqual(['2/0']);
  });

  it('sets faces under the size or quality floor apart, never grouping them', () => {
    const e = randomUnitVector(4);
    const faces: ClusterFace[] = [
      { id: 'big', embedding: e, boxWidth: 120 },
      { id: 'tiny', embedding: e, boxWidth: DEFAULT_CLUSTER_SETTINGS.minBoxWidth - 1 },
      { id: 'unknown size', embedding: e },
      { id: 'blurry', embedding: e, boxWidth: 90, quality: 0.1 },
    ];
    const result = clusterFaces(faces);
    expect(result.tooSmall).toEqual(['tiny']);
    expect(result.clusters[0]!.faceIds).toEqual(['big', 'unknown size', 'blurry']);
    const strict = clusterFaces(faces, { ...DEFAULT_CLUSTER_SETTINGS, minQuality: 0.5 });
    expect(strict.tooSmall).toEqual(['tiny', 'blurry']);
    expect(clusterRuleText()).toMatch(/0\.50 alike .* 40 pixels/);
  });

  it('is deterministic, and the same people come out whatever the input order', () => {
    const faces = facesOf(5, 30, 6);
    const first = clusterFaces(faces);
    expect(clusterFaces(faces)).toEqual(first);
    const reversed = clusterFaces([...faces].reverse());
    const groups = (r: Clustering) => r.clusters.map((c) => [...c.faceIds].sort().join(' ')).sort();
    expect(groups(reversed)).toEqual(groups(first));
  });

  it('does not chain two people together through a face between them', () => {
    const a = syntheticIdentity(6, 0, 10);
    const b = syntheticIdentity(6, 1, 10);
    const between = l2normalize(a.centre.map((v, i) => v + b.centre[i]!));
    const faces: ClusterFace[] = [
      ...a.samples.map((embedding, k) => ({ id: `0/${k}`, embedding })),
      { id: 'bridge', embedding: between },
      ...b.samples.map((embedding, k) => ({ id: `1/${k}`, embedding })),
    ];
    // The bridge is as alike to both as two faces of one person are.
    expect(cosineSimilarity(between, a.samples[0]!)).toBeGreaterThan(DEFAULT_CLUSTER_SETTINGS.match.threshold);
    expect(cosineSimilarity(between, b.samples[0]!)).toBeGreaterThan(DEFAULT_CLUSTER_SETTINGS.match.threshold);
    const result = clusterFaces(faces);
    expect(result.clusters).toHaveLength(2);
    for (const c of result.clusters) expect(new Set(c.faceIds.filter((id) => id !== 'bridge').map(identityOf)).size).toBe(1);
  });

  it('ranks a sure detection of a face as large as the embedder input above a smaller or less sure one', () => {
    expect(groupingQuality(0.9, 200)).toBeCloseTo(0.9);
    expect(groupingQuality(0.9, 56)).toBeCloseTo(0.45);
    expect(groupingQuality(0.6, 112)).toBeGreaterThan(groupingQuality(0.99, 40));
  });

  it('picks the best faces by quality, one per yaw band before a second from any band', () => {
    const e = randomUnitVector(7);
    const face = (id: string, quality: number, yaw: number) => ({
      face: { id, embedding: e, quality, pose: { yaw, pitch: 0 } },
      typicality: 1,
    });
    const picked = pickBestFaces([face('f1', 0.9, 0), face('f2', 0.8, 2), face('l', 0.3, -30), face('r', 0.5, 25), face('f3', 0.7, -5)], 4);
    expect(picked).toEqual(['f1', 'r', 'l', 'f2']);
    // Without quality or pose: the most typical first.
    const plain = pickBestFaces(
      [
        { face: { id: 'x', embedding: e }, typicality: 0.6 },
        { face: { id: 'y', embedding: e }, typicality: 0.9 },
      ],
      5,
    );
    expect(plain).toEqual(['y', 'x']);
  });

  it('clusters 5,000 faces of 500 people with pairwise precision ≥ 0.99', () => {
    const faces = facesOf(11, 500, 10);
    const start = performance.now();
    const result = clusterFaces(faces);
    const ms = performance.now() - start;
    const { precision, recall } = pairwise(result, faces);
    console.log(
      `5000 faces: ${ms.toFixed(0)} ms, ${result.clusters.length} clusters, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThan(0.9);
    expect(result.clusters.length).toBeGreaterThanOrEqual(500);
  });
});

describe('attaching faces to enrolled people', () => {
  const enrolled = [0, 1, 2].map((i) => {
    const identity = syntheticIdentity(9, i, 3);
    return { id: `p${i}`, name: `Person ${i}`, embeddings: identity.samples };
  });
  const index = new GalleryIndex(enrolled);
  // New photos of the enrolled people (samples 3–6 of each) and of three others.
  const known = [0, 1, 2].flatMap((i) =>
    syntheticIdentity(9, i, 7)
      .samples.slice(3)
      .map((embedding, k) => ({ id: `${i}/${k}`, embedding })),
  );
  const faces = [...known, ...facesOf(9, 3, 4, 3)];

  it('puts faces that match an enrolled person under that person, and only those', () => {
    const { matched, rest } = attachToGallery(faces, index);
    for (const m of matched) for (const f of m.faces) expect(`p${identityOf(f.id)}`).toBe(m.personId);
    expect(rest.every((f) => Number(identityOf(f.id)) >= 3 || !matched.some((m) => m.faces.some((g) => g.id === f.id)))).toBe(true);
    expect(matched.map((m) => m.personId).sort()).toEqual(['p0', 'p1', 'p2']);
    expect(matched.flatMap((m) => m.faces).every((f) => f.similarity >= DEFAULT_CLUSTER_SETTINGS.match.threshold)).toBe(true);
  });

  it('groupFaces: enrolled people first, the rest clustered, small faces apart', () => {
    const withSmall = [...faces, { id: 'small', embedding: faces[0]!.embedding, boxWidth: 10 }];
    const result = groupFaces(withSmall, index);
    expect(result.tooSmall).toEqual(['small']);
    const matchedIds = new Set(result.matched.flatMap((m) => m.faces.map((f) => f.id)));
    expect(result.clusters.flatMap((c) => c.faceIds).some((id) => matchedIds.has(id))).toBe(false);
    for (const c of result.clusters) expect(new Set(c.faceIds.map(identityOf)).size).toBe(1);
    expect(new Set(result.clusters.flatMap((c) => c.faceIds.map(identityOf)))).toEqual(new Set(['3', '4', '5']));
    // Without a gallery everyone is clustered.
    expect(groupFaces(faces, null).matched).toEqual([]);
  });
});
