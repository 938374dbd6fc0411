/**
 * The Faces screen's corrections (src/app/faces/clusterEdits.ts) on a real grouping of synthetic
 * identities (core groupFaces): remove, merge, ignore and their undo, the best faces picked again,
 * naming ending the undo history, and matched people's best faces.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTER_SETTINGS, groupFaces, type ClusterFace } from '../src/core/search/cluster.ts';
import { GalleryIndex } from '../src/core/search/match.ts';
import { BEST_FACES, editsReducer, initialEdits, openClusters, type EditsState } from '../src/app/faces/clusterEdits.ts';
import type { GroupResult } from '../src/worker/api.ts';
import { syntheticIdentity } from '../testkit/syntheticGallery.ts';

const SEED = 1407;

/** `counts[i]` faces of synthetic identity i; id "<identity>/<k>", quality falling with k, yaw spread. */
function faces(counts: readonly number[]): ClusterFace[] {
  return counts.flatMap((n, i) =>
    syntheticIdentity(SEED, i, n).samples.map((embedding, k) => ({
      id: `${i}/${k}`,
      embedding,
      boxWidth: 100,
      quality: 1 - k / 100,
      pose: { yaw: (k % 3) * 25 - 25, pitch: 0 },
    })),
  );
}

function grouped(counts: readonly number[], index: GalleryIndex | null = null): { state: EditsState; input: ClusterFace[] } {
  const input = faces(counts);
  const result: GroupResult = { ...groupFaces(input, index, DEFAULT_CLUSTER_SETTINGS), elapsedMs: 0 };
  return { state: initialEdits(result, input), input };
}

const identityOf = (id: string): string => id.split('/')[0]!;

describe('initialEdits', () => {
  it('gives one open group per identity, largest first, with the core best faces', () => {
    const { state } = grouped([7, 4, 3, 1]);
    expect(state.clusters.map((c) => c.faceIds.length)).toEqual([7, 4, 3]);
    expect(state.clusters.map((c) => new Set(c.faceIds.map(identityOf)).size)).toEqual([1, 1, 1]);
    expect(state.clusters.map((c) => c.key)).toEqual(['g1', 'g2', 'g3']);
    expect(state.clusters.every((c) => c.status === 'open' && c.enrolled === null)).toBe(true);
    expect(state.clusters[0]!.bestFaceIds).toHaveLength(BEST_FACES);
    expect(state.others).toEqual(['3/0']);
    expect(state.past).toEqual([]);
  });
});

describe('editsReducer', () => {
  it('removes a face to others, picks the best again, and undoes exactly that', () => {
    const { state } = grouped([7, 4]);
    const first = state.clusters[0]!;
    const wrong = first.bestFaceIds[0]!;
    const after = editsReducer(state, { type: 'remove', edit: 1, cluster: 'g1', face: wrong });
    const edited = after.clusters[0]!;
    expect(edited.faceIds).toHaveLength(6);
    expect(edited.faceIds).not.toContain(wrong);
    expect(edited.bestFaceIds).not.toContain(wrong);
    expect(edited.bestFaceIds).toHaveLength(BEST_FACES);
    expect(after.others).toEqual([wrong]);
    const undone = editsReducer(after, { type: 'undo', edit: 1 });
    expect(undone.clusters).toEqual(state.clusters);
    expect(undone.others).toEqual(state.others);
    expect(undone.past).toEqual([]);
  });

  it('drops a group whose last face is removed', () => {
    const { state } = grouped([3, 2]);
    let s = editsReducer(state, { type: 'remove', edit: 1, cluster: 'g2', face: state.clusters[1]!.faceIds[0]! });
    s = editsReducer(s, { type: 'remove', edit: 2, cluster: 'g2', face: s.clusters[1]!.faceIds[0]! });
    expect(s.clusters.map((c) => c.key)).toEqual(['g1']);
    expect(s.others).toHaveLength(2);
  });

  it('ignores a face that is not in the group, and a group that is not open', () => {
    const { state } = grouped([3, 2]);
    expect(editsReducer(state, { type: 'remove', edit: 1, cluster: 'g1', face: '1/0' })).toBe(state);
    const ignored = editsReducer(state, { type: 'ignore', edit: 1, cluster: 'g2' });
    expect(editsReducer(ignored, { type: 'remove', edit: 2, cluster: 'g2', face: '1/0' })).toBe(ignored);
    expect(editsReducer(ignored, { type: 'merge', edit: 2, from: 'g2', into: 'g1' })).toBe(ignored);
  });

  it('merges one group into another in its place, and undoes the merge', () => {
    const { state } = grouped([5, 4, 3]);
    const merged = editsReducer(state, { type: 'merge', edit: 7, from: 'g3', into: 'g1' });
    expect(merged.clusters.map((c) => c.key)).toEqual(['g1', 'g2']);
    expect(merged.clusters[0]!.faceIds).toEqual([...state.clusters[0]!.faceIds, ...state.clusters[2]!.faceIds]);
    expect(merged.clusters[0]!.bestFaceIds).toHaveLength(BEST_FACES);
    expect(editsReducer(merged, { type: 'merge', edit: 8, from: 'g1', into: 'g1' })).toBe(merged);
    expect(editsReducer(merged, { type: 'undo', edit: 7 }).clusters).toEqual(state.clusters);
  });

  it('hides an ignored group from the open ones, and undo brings it back', () => {
    const { state } = grouped([5, 4]);
    const ignored = editsReducer(state, { type: 'ignore', edit: 1, cluster: 'g1' });
    expect(openClusters(ignored).map((c) => c.key)).toEqual(['g2']);
    expect(openClusters(editsReducer(ignored, { type: 'undo', edit: 1 })).map((c) => c.key)).toEqual(['g1', 'g2']);
  });

  it('undoes only the newest edit', () => {
    const { state } = grouped([5, 4, 3]);
    let s = editsReducer(state, { type: 'ignore', edit: 1, cluster: 'g3' });
    s = editsReducer(s, { type: 'merge', edit: 2, from: 'g2', into: 'g1' });
    expect(editsReducer(s, { type: 'undo', edit: 1 })).toBe(s);
    s = editsReducer(s, { type: 'undo', edit: 2 });
    expect(s.clusters.map((c) => c.faceIds.length)).toEqual([5, 4, 3]);
    s = editsReducer(s, { type: 'undo', edit: 1 });
    expect(openClusters(s)).toHaveLength(3);
  });

  it('marks a named group done and ends the undo history', () => {
    const { state } = grouped([5, 4]);
    let s = editsReducer(state, { type: 'remove', edit: 1, cluster: 'g2', face: state.clusters[1]!.faceIds[0]! });
    s = editsReducer(s, { type: 'named', cluster: 'g1', name: 'Ada', count: 5 });
    expect(s.clusters[0]).toMatchObject({ status: 'named', enrolled: { name: 'Ada', count: 5 } });
    expect(openClusters(s).map((c) => c.key)).toEqual(['g2']);
    // The remove before the naming can no longer be undone: the snapshot predates the gallery write.
    expect(editsReducer(s, { type: 'undo', edit: 1 })).toBe(s);
  });
});

describe('matched people', () => {
  it('puts faces of an enrolled identity under that person, most alike first, best by quality', () => {
    // Samples 7–9 of identity 0 are enrolled; the photos hold samples 0–6.
    const index = new GalleryIndex([{ id: 'p-ada', name: 'Ada', embeddings: syntheticIdentity(SEED, 0, 10).samples.slice(7) }]);
    const { state } = grouped([7, 4], index);
    expect(state.matched).toHaveLength(1);
    const ada = state.matched[0]!;
    expect(ada).toMatchObject({ personId: 'p-ada', name: 'Ada', added: null });
    expect(ada.faceIds.map(identityOf)).toEqual(Array(7).fill('0'));
    expect(ada.bestFaceIds).toHaveLength(BEST_FACES);
    // Quality falls with k: the best include the top-quality face of each yaw band (k = 0, 1, 2).
    expect(ada.bestFaceIds.slice(0, 3).sort()).toEqual(['0/0', '0/1', '0/2']);
    expect(state.clusters.map((c) => c.faceIds.length)).toEqual([4]);
    const added = editsReducer(state, { type: 'added', personId: 'p-ada', count: 5 });
    expect(added.matched[0]!.added).toBe(5);
  });
});
