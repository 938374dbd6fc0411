/**
 * The user's corrections to a grouping, as a pure reducer (no React, no DOM): remove a wrong face
 * (it goes to "others"), merge two groups, ignore a group, each undoable; and mark a group named or a
 * matched person's faces added once the gallery has them. Naming and adding write to the gallery, so
 * they are not undone here and they end the undo history (an older undo would not know of them).
 */
import { pickBestFaces, type ClusterFace } from '../../core/search/cluster.ts';
import type { GroupResult } from '../../worker/api.ts';

/** Faces proposed for enrolment from a group or a matched person. */
export const BEST_FACES = 5;

export interface EditableCluster {
  /** Stable while the grouping lasts ("g1"): React keys, element ids, actions. */
  readonly key: string;
  /** "Group 3": its place in the grouping, kept through edits so names on screen do not shift. */
  readonly number: number;
  readonly faceIds: readonly string[];
  /** Proposed for enrolment (the core's pick; picked again after an edit). */
  readonly bestFaceIds: readonly string[];
  readonly status: 'open' | 'ignored' | 'named';
  /** Set once named: what the gallery received. */
  readonly enrolled: { readonly name: string; readonly count: number } | null;
}

export interface MatchedPerson {
  readonly personId: string;
  readonly name: string;
  /** Most alike first. */
  readonly faceIds: readonly string[];
  readonly bestFaceIds: readonly string[];
  /** Samples added to the person from here; null until then. */
  readonly added: number | null;
}

interface Snapshot {
  readonly edit: number;
  readonly clusters: readonly EditableCluster[];
  readonly others: readonly string[];
}

export interface EditsState {
  /** What the best-faces pick reads (quality, pose); never edited. */
  readonly faces: ReadonlyMap<string, ClusterFace>;
  readonly clusters: readonly EditableCluster[];
  readonly matched: readonly MatchedPerson[];
  /** Faces like no other, and faces removed from a group. */
  readonly others: readonly string[];
  readonly tooSmall: readonly string[];
  /** Before each undoable edit, newest last. */
  readonly past: readonly Snapshot[];
}

/** `edit` names an undoable edit (the caller numbers them), so Undo puts back that one edit. */
export type EditAction =
  | { readonly type: 'reset'; readonly state: EditsState }
  | { readonly type: 'remove'; readonly edit: number; readonly cluster: string; readonly face: string }
  | { readonly type: 'merge'; readonly edit: number; readonly from: string; readonly into: string }
  | { readonly type: 'ignore'; readonly edit: number; readonly cluster: string }
  | { readonly type: 'undo'; readonly edit: number }
  | { readonly type: 'named'; readonly cluster: string; readonly name: string; readonly count: number }
  | { readonly type: 'added'; readonly personId: string; readonly count: number };

const MAX_UNDO = 20;

export const EMPTY_EDITS: EditsState = { faces: new Map(), clusters: [], matched: [], others: [], tooSmall: [], past: [] };

function bestOf(faces: ReadonlyMap<string, ClusterFace>, ids: readonly string[]): string[] {
  const candidates = ids.flatMap((id) => {
    const face = faces.get(id);
    return face ? [{ face, typicality: 0 }] : [];
  });
  return pickBestFaces(candidates, BEST_FACES);
}

/** The editable state of a fresh grouping of `faces`. */
export function initialEdits(result: GroupResult, faces: readonly ClusterFace[]): EditsState {
  const byId = new Map(faces.map((f) => [f.id, f]));
  return {
    faces: byId,
    clusters: result.clusters.map((c, k) => ({
      key: `g${k + 1}`,
      number: k + 1,
      faceIds: c.faceIds,
      bestFaceIds: c.bestFaceIds,
      status: 'open',
      enrolled: null,
    })),
    matched: result.matched.map((m) => {
      const faceIds = [...m.faces].sort((a, b) => b.similarity - a.similarity).map((f) => f.id);
      return { personId: m.personId, name: m.name, faceIds, bestFaceIds: bestOf(byId, faceIds), added: null };
    }),
    others: result.others,
    tooSmall: result.tooSmall,
    past: [],
  };
}

function remember(state: EditsState, edit: number): readonly Snapshot[] {
  return [...state.past, { edit, clusters: state.clusters, others: state.others }].slice(-MAX_UNDO);
}

function withFaces(state: EditsState, cluster: EditableCluster, faceIds: readonly string[]): EditableCluster {
  return { ...cluster, faceIds, bestFaceIds: bestOf(state.faces, faceIds) };
}

export function editsReducer(state: EditsState, action: EditAction): EditsState {
  switch (action.type) {
    case 'reset':
      return action.state;
    case 'remove': {
      const cluster = state.clusters.find((c) => c.key === action.cluster);
      if (!cluster || cluster.status !== 'open' || !cluster.faceIds.includes(action.face)) return state;
      const rest = cluster.faceIds.filter((id) => id !== action.face);
      return {
        ...state,
        // A group whose last face is removed goes away.
        clusters:
          rest.length === 0
            ? state.clusters.filter((c) => c !== cluster)
            : state.clusters.map((c) => (c === cluster ? withFaces(state, c, rest) : c)),
        others: [...state.others, action.face],
        past: remember(state, action.edit),
      };
    }
    case 'merge': {
      const from = state.clusters.find((c) => c.key === action.from);
      const into = state.clusters.find((c) => c.key === action.into);
      if (!from || !into || from === into || from.status !== 'open' || into.status !== 'open') return state;
      const faceIds = [...into.faceIds, ...from.faceIds];
      return {
        ...state,
        clusters: state.clusters.filter((c) => c !== from).map((c) => (c === into ? withFaces(state, c, faceIds) : c)),
        past: remember(state, action.edit),
      };
    }
    case 'ignore': {
      const cluster = state.clusters.find((c) => c.key === action.cluster);
      if (!cluster || cluster.status !== 'open') return state;
      return {
        ...state,
        clusters: state.clusters.map((c) => (c === cluster ? { ...c, status: 'ignored' } : c)),
        past: remember(state, action.edit),
      };
    }
    case 'undo': {
      const at = state.past.findIndex((s) => s.edit === action.edit);
      // Only the newest edit can be undone: an older snapshot would also take back the edits after it.
      if (at === -1 || at !== state.past.length - 1) return state;
      const snapshot = state.past[at]!;
      return { ...state, clusters: snapshot.clusters, others: snapshot.others, past: state.past.slice(0, at) };
    }
    case 'named': {
      const cluster = state.clusters.find((c) => c.key === action.cluster);
      if (!cluster) return state;
      return {
        ...state,
        clusters: state.clusters.map((c) =>
          c === cluster ? { ...c, status: 'named', enrolled: { name: action.name, count: action.count } } : c,
        ),
        past: [],
      };
    }
    case 'added':
      return {
        ...state,
        matched: state.matched.map((m) => (m.personId === action.personId ? { ...m, added: action.count } : m)),
      };
  }
}

/** Groups the user still has to deal with, in screen order. */
export const openClusters = (state: EditsState): EditableCluster[] => state.clusters.filter((c) => c.status === 'open');

export const clusterTitle = (cluster: Pick<EditableCluster, 'number'>): string => `Group ${cluster.number}`;
