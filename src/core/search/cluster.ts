/**
 * Grouping unnamed faces into people ("Know your faces"): faces that already match an enrolled person
 * go under that person (attachToGallery); the rest are grouped by average-linkage agglomerative
 * clustering on cosine similarity (clusterFaces). The rule, in words (CLUSTER_RULE_TEXT says it for
 * the UI):
 *
 *   Two groups of faces are joined when, on average over every pair of one face from each group, the
 *   faces are at least as alike as the match threshold plus a small margin. The most alike groups are
 *   joined first, and joining stops when no two groups are that alike.
 *
 * Why average linkage and not DBSCAN-style single linkage: with single linkage one look-alike pair is
 * enough to glue two people together (and through them a third: "chaining"), and two people in one
 * group is the serious error here; a person split in two is only a nuisance (the user merges them by
 * naming both the same). With the average, one strong look-alike pair among many weak ones is
 * outvoted. The margin over the threshold guards the first joins, between single faces, where the
 * average is one pair. Measured: pairwise precision and recall in BENCHMARKS.md (bench/run/cluster.ts).
 *
 * Cost: every pair of faces is scored once (n²/2 dot products of 512: 1.6–3.6 s for 5,000 faces in
 * Node on a slow machine), then the joins touch only groups linked by a pair above the threshold.
 * Average similarity between groups A and B is (ΣA · ΣB) / (|A| |B|) for unit embeddings, so each
 * group keeps the sum of its embeddings and an average costs one dot product.
 *
 * Deterministic: the same faces in the same order give the same groups, in the same order.
 */
import { ALIGNED_SIZE } from '../pipeline/align.ts';
import { EMBEDDING_SIZE } from '../pipeline/embed.ts';
import { RECOGNITION_FLOOR } from '../pipeline/quality.ts';
import { DEFAULT_MATCH_SETTINGS, decide, type GalleryIndex, type MatchSettings } from './match.ts';
import { pairsAtLeast } from './pairScan.ts';

export interface ClusterFace {
  /** The caller's id (a file and box, a database key): returned as given. */
  readonly id: string;
  /** Unit embedding [512]. */
  readonly embedding: Float32Array;
  /** Width of the face box in the original photo's pixels, for the too-small floor (unknown: never too small). */
  readonly boxWidth?: number;
  /** Higher is better (any scale); picks the best faces for enrolment and feeds the optional quality floor. */
  readonly quality?: number;
  /** Head pose in degrees, when known: the best-faces pick prefers variety of yaw. */
  readonly pose?: { readonly yaw: number; readonly pitch: number };
}

/**
 * A face narrower than this many pixels in the original photo is not grouped ("too small to group"):
 * the recognition floor's box width (pipeline/quality.ts RECOGNITION_FLOOR, measured in issue 13).
 */
export const TOO_SMALL_TO_GROUP_PX = RECOGNITION_FLOOR.minBoxWidth;

/**
 * How good a face is for grouping and for picking the faces to enrol: detection score × min(1,
 * shortest box side / 112). A sure detection of a face at least as large as the embedder's input
 * ranks highest; a small one is worth less in proportion. The Faces screen and `faceprint cluster`
 * both rank by it.
 */
export function groupingQuality(detectionScore: number, shortestSide: number): number {
  return detectionScore * Math.min(1, shortestSide / ALIGNED_SIZE);
}

export interface ClusterSettings {
  readonly match: MatchSettings;
  /** Added to the match threshold to give the join threshold (see the module comment). */
  readonly linkMargin: number;
  /** Faces narrower than this (px in the original photo) are set apart as too small. */
  readonly minBoxWidth: number;
  /** Faces with a quality below this are set apart too (null: no quality floor). */
  readonly minQuality: number | null;
  /** Groups with fewer faces are returned as `others` (single faces by default). */
  readonly minClusterSize: number;
  /** Faces proposed for enrolment per group. */
  readonly bestFaces: number;
}

export const DEFAULT_CLUSTER_SETTINGS: ClusterSettings = {
  match: DEFAULT_MATCH_SETTINGS,
  linkMargin: 0.02,
  minBoxWidth: TOO_SMALL_TO_GROUP_PX,
  minQuality: null,
  minClusterSize: 2,
  bestFaces: 5,
};

/** The similarity two groups must reach on average to be joined. */
export const linkThreshold = (s: ClusterSettings): number => s.match.threshold + s.linkMargin;

/** The rule as the UI shows it. */
export function clusterRuleText(s: ClusterSettings = DEFAULT_CLUSTER_SETTINGS): string {
  return (
    `Faces are put in one group when, on average, they are at least ${linkThreshold(s).toFixed(2)} alike ` +
    `(the match threshold ${s.match.threshold.toFixed(2)} plus a margin of ${s.linkMargin.toFixed(2)}). ` +
    `One look-alike pair is not enough to join two groups: every pair counts. ` +
    `Faces narrower than ${s.minBoxWidth} pixels are too small to group.`
  );
}

export interface FaceCluster {
  /** Face ids, in input order. */
  readonly faceIds: readonly string[];
  /** Unit mean of the members' embeddings [512]. */
  readonly centroid: Float32Array;
  /** The member most like the centroid: the group's face in a list. */
  readonly representativeId: string;
  /** Proposed for enrolment: the best by quality, varied in pose (see pickBestFaces). */
  readonly bestFaceIds: readonly string[];
  /** Mean similarity over all pairs of members (1 for identical faces). */
  readonly cohesion: number;
}

export interface Clustering {
  /** Largest first (ties: the group whose first face came first). */
  readonly clusters: readonly FaceCluster[];
  /** Faces like no other (groups under minClusterSize), in input order. */
  readonly others: readonly string[];
  /** Faces under the size or quality floor, never grouped, in input order. */
  readonly tooSmall: readonly string[];
}

export function isTooSmall(face: ClusterFace, s: ClusterSettings): boolean {
  if (face.boxWidth !== undefined && face.boxWidth < s.minBoxWidth) return true;
  return s.minQuality !== null && face.quality !== undefined && face.quality < s.minQuality;
}

/** Groups the faces (see the module comment). */
export function clusterFaces(faces: readonly ClusterFace[], settings: ClusterSettings = DEFAULT_CLUSTER_SETTINGS): Clustering {
  const tooSmall = faces.filter((f) => isTooSmall(f, settings)).map((f) => f.id);
  const kept = faces.filter((f) => !isTooSmall(f, settings));
  for (const f of kept) {
    if (f.embedding.length !== EMBEDDING_SIZE)
      throw new Error(`face ${f.id}: embedding has ${f.embedding.length} values, expected ${EMBEDDING_SIZE}`);
  }
  const groups = averageLinkage(kept, linkThreshold(settings));
  const clusters: FaceCluster[] = [];
  const others: number[] = [];
  for (const members of groups) {
    if (members.length < settings.minClusterSize) others.push(...members);
    else clusters.push(describeCluster(kept, members, settings.bestFaces));
  }
  others.sort((a, b) => a - b);
  return { clusters, others: others.map((i) => kept[i]!.id), tooSmall };
}

/**
 * The groups as lists of face indexes (ascending), largest first, ties by first member. Starts from
 * one group per face and joins the pair of groups with the highest average similarity while it is at
 * least `link`; candidate pairs are groups linked by at least one face pair ≥ link (an average can
 * only reach `link` if some pair does).
 */
function averageLinkage(faces: readonly ClusterFace[], link: number): number[][] {
  const members: (number[] | null)[] = faces.map((_, i) => [i]);
  const sums: (Float64Array | null)[] = faces.map((f) => Float64Array.from(f.embedding));
  const neighbours: (Set<number> | null)[] = faces.map(() => new Set<number>());
  const heap = new PairHeap();
  const { a, b, score } = pairsAtLeast(
    faces.map((f) => f.embedding),
    link,
  );
  for (let e = 0; e < a.length; e++) {
    neighbours[a[e]!]!.add(b[e]!);
    neighbours[b[e]!]!.add(a[e]!);
    heap.push(score[e]!, a[e]!, b[e]!);
  }
  for (let best = heap.pop(); best; best = heap.pop()) {
    const [x, y] = [best.x, best.y];
    if (!members[x] || !members[y]) continue; // one side was joined into a newer group since
    // The joined group gets a new index, so every heap entry naming x or y is now stale.
    const z = members.length;
    const sum = sums[x]!;
    for (let i = 0; i < EMBEDDING_SIZE; i++) sum[i]! += sums[y]![i]!;
    members.push([...members[x]!, ...members[y]!]);
    sums.push(sum);
    const linked = new Set([...neighbours[x]!, ...neighbours[y]!]);
    linked.delete(x);
    linked.delete(y);
    neighbours.push(linked);
    for (const gone of [x, y]) {
      members[gone] = null;
      sums[gone] = null;
      neighbours[gone] = null;
    }
    const size = members[z]!.length;
    for (const other of [...linked].sort((p, q) => p - q)) {
      const around = neighbours[other]!;
      around.delete(x);
      around.delete(y);
      around.add(z);
      const average = dot(sum, sums[other]!) / (size * members[other]!.length);
      if (average >= link) heap.push(average, other, z);
    }
  }
  const groups = members.filter((m): m is number[] => m !== null).map((m) => m.sort((p, q) => p - q));
  return groups.sort((p, q) => q.length - p.length || p[0]! - q[0]!);
}

function dot(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]! * q[i]!;
  return s;
}

function describeCluster(faces: readonly ClusterFace[], members: readonly number[], bestCount: number): FaceCluster {
  const sum = new Float64Array(EMBEDDING_SIZE);
  for (const m of members) for (let i = 0; i < EMBEDDING_SIZE; i++) sum[i]! += faces[m]!.embedding[i]!;
  const sumSquared = dot(sum, sum);
  const norm = Math.sqrt(sumSquared);
  const centroid = new Float32Array(EMBEDDING_SIZE); // [512]
  for (let i = 0; i < EMBEDDING_SIZE; i++) centroid[i] = norm > 0 ? sum[i]! / norm : 0;
  // Σ over ordered pairs i≠j of eᵢ·eⱼ = ‖Σe‖² − n for unit embeddings.
  const n = members.length;
  const cohesion = Math.min(1, (sumSquared - n) / (n * (n - 1)));
  const typicality = members.map((m) => {
    let s = 0;
    for (let i = 0; i < EMBEDDING_SIZE; i++) s += centroid[i]! * faces[m]!.embedding[i]!;
    return s;
  });
  let representative = 0;
  for (let k = 1; k < n; k++) if (typicality[k]! > typicality[representative]!) representative = k;
  const picked = pickBestFaces(
    members.map((m, k) => ({ face: faces[m]!, typicality: typicality[k]! })),
    bestCount,
  );
  return {
    faceIds: members.map((m) => faces[m]!.id),
    centroid,
    representativeId: faces[members[representative]!]!.id,
    bestFaceIds: picked,
    cohesion,
  };
}

/** Yaw bands for pose variety: the enrolment screen asks for a frontal face and one turned each way. */
const yawBand = (yaw: number): number => (yaw < -15 ? 1 : yaw > 15 ? 2 : 0);

/**
 * Up to `count` faces for enrolment: ranked by quality (faces without one: by how typical they are of
 * the group, i.e. similarity to its centroid), then picked so that each yaw band (frontal, turned
 * left, turned right) is represented before a band gets a second face.
 */
export function pickBestFaces(candidates: readonly { face: ClusterFace; typicality: number }[], count: number): string[] {
  const ranked = candidates
    .map((c, order) => ({ ...c, order }))
    .sort((p, q) => (q.face.quality ?? -Infinity) - (p.face.quality ?? -Infinity) || q.typicality - p.typicality || p.order - q.order);
  const picked: string[] = [];
  const taken = new Set<number>();
  for (let round = 0; picked.length < Math.min(count, ranked.length); round++) {
    const perBand = new Map<number, number>();
    for (const id of picked) {
      const pose = ranked.find((r) => r.face.id === id)!.face.pose;
      const band = pose ? yawBand(pose.yaw) : -1;
      perBand.set(band, (perBand.get(band) ?? 0) + 1);
    }
    for (let k = 0; k < ranked.length && picked.length < count; k++) {
      if (taken.has(k)) continue;
      const pose = ranked[k]!.face.pose;
      const band = pose ? yawBand(pose.yaw) : -1;
      if ((perBand.get(band) ?? 0) > round) continue;
      picked.push(ranked[k]!.face.id);
      taken.add(k);
      perBand.set(band, (perBand.get(band) ?? 0) + 1);
    }
  }
  return picked;
}

export interface GalleryMatch {
  readonly personId: string;
  readonly name: string;
  /** Faces named this person, in input order, with their best similarity to the person's samples. */
  readonly faces: readonly { readonly id: string; readonly similarity: number }[];
}

/**
 * Faces that an enrolled person matches at or above the threshold (as identify would name them) go
 * under that person; the rest are returned for clustering. People in order of first appearance.
 */
export function attachToGallery(
  faces: readonly ClusterFace[],
  index: GalleryIndex,
  settings: ClusterSettings = DEFAULT_CLUSTER_SETTINGS,
): { matched: GalleryMatch[]; rest: ClusterFace[] } {
  const matched = new Map<string, { personId: string; name: string; faces: { id: string; similarity: number }[] }>();
  const rest: ClusterFace[] = [];
  for (const face of faces) {
    const d = decide(index.search(face.embedding, 1), settings.match);
    if (d.status !== 'known' || !d.best) {
      rest.push(face);
      continue;
    }
    const entry = matched.get(d.best.personId) ?? { personId: d.best.personId, name: d.best.name, faces: [] };
    entry.faces.push({ id: face.id, similarity: d.similarity });
    matched.set(d.best.personId, entry);
  }
  return { matched: [...matched.values()], rest };
}

/** The whole grouping: too-small faces apart, then enrolled people (when a gallery is given), then clusters of the rest. */
export function groupFaces(
  faces: readonly ClusterFace[],
  index: GalleryIndex | null,
  settings: ClusterSettings = DEFAULT_CLUSTER_SETTINGS,
): Clustering & { matched: readonly GalleryMatch[] } {
  const usable = faces.filter((f) => !isTooSmall(f, settings));
  const { matched, rest } = index ? attachToGallery(usable, index, settings) : { matched: [], rest: usable };
  const clustering = clusterFaces(rest, settings);
  return { ...clustering, tooSmall: faces.filter((f) => isTooSmall(f, settings)).map((f) => f.id), matched };
}

/** A max-heap of candidate joins: highest similarity first, ties by the lower pair of group indexes (deterministic). */
class PairHeap {
  private readonly score: number[] = [];
  private readonly x: number[] = [];
  private readonly y: number[] = [];

  push(score: number, p: number, q: number): void {
    let i = this.score.length;
    this.score.push(score);
    this.x.push(Math.min(p, q));
    this.y.push(Math.max(p, q));
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { score: number; x: number; y: number } | null {
    if (this.score.length === 0) return null;
    const top = { score: this.score[0]!, x: this.x[0]!, y: this.y[0]! };
    const last = this.score.length - 1;
    this.swap(0, last);
    this.score.pop();
    this.x.pop();
    this.y.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.before(l, m)) m = l;
      if (r < last && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    return (
      this.score[i]! > this.score[j]! ||
      (this.score[i] === this.score[j] && (this.x[i]! < this.x[j]! || (this.x[i] === this.x[j] && this.y[i]! < this.y[j]!)))
    );
  }

  private swap(i: number, j: number): void {
    [this.score[i], this.score[j]] = [this.score[j]!, this.score[i]!];
    [this.x[i], this.x[j]] = [this.x[j]!, this.x[i]!];
    [this.y[i], this.y[j]] = [this.y[j]!, this.y[i]!];
  }
}
