/**
 * Clustering on the real fixtures: every face of people/ and groups/ (as `faceprint cluster` finds
 * them), grouped at several join margins, and, for comparison, single linkage (DBSCAN-like: any pair
 * above the threshold joins) at the threshold. Pairwise precision (of the face pairs put together,
 * how many are one person) and recall (of the pairs of one person, how many were put together), and
 * the number of groups against the true number of people. Then the time for 5,000 synthetic faces.
 *
 *   npx tsx bench/run/cluster.ts
 *
 * Truth: in people/<person>/ the largest face is that person; in the group photos the faces from left
 * to right are listed in GROUPS. Any other face (a bystander) is a person of its own, so joining it to
 * anyone counts against precision.
 */
import { basename, join } from 'node:path';
import { analyzeImage, analyzeOptions, DEFAULT_COMMON, imageFilesIn, loadImage, subfolders } from '../../src/cli/common.ts';
import { clusterFaces, DEFAULT_CLUSTER_SETTINGS, type ClusterFace } from '../../src/core/search/cluster.ts';
import { pairsAtLeast } from '../../src/core/search/pairScan.ts';
import { FACES } from '../../testkit/fixtures.ts';
import { syntheticIdentity } from '../../testkit/syntheticGallery.ts';
import { pairScore as score } from './clusterScore.ts';

/** Who is in each group photo, left to right (checked by eye). */
const GROUPS: Record<string, readonly string[]> = {
  'two_people.jpg': ['obama', 'biden'],
  'obama_and_biden.jpg': ['biden', 'obama'],
  'kit_with_rose.jpg': ['rose_leslie', 'kit_harington'],
};

async function fixtureFaces(): Promise<{ faces: ClusterFace[]; truth: Map<string, string> }> {
  const faces: ClusterFace[] = [];
  const truth = new Map<string, string>();
  const photos = [
    ...subfolders(join(FACES, 'people')).flatMap((p) => imageFilesIn(join(FACES, 'people', p)).map((file) => ({ file, person: p }))),
    ...imageFilesIn(join(FACES, 'groups')).map((file) => ({ file, person: null })),
  ];
  for (const { file, person } of photos) {
    const loaded = await loadImage(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const found = (await analyzeImage(loaded.image, analyzeOptions(DEFAULT_COMMON))).filter((f) => f.embedding && f.poseCheck.passed);
    const width = (i: number) => found[i]!.box.x2 - found[i]!.box.x1;
    const largest = found.reduce((best, _, i) => (width(i) > width(best) ? i : best), 0);
    const leftToRight = found.map((_, i) => i).sort((a, b) => found[a]!.box.x1 - found[b]!.box.x1);
    found.forEach((f, i) => {
      const id = `${file}#${i}`;
      const named = person !== null ? (i === largest ? person : null) : (GROUPS[basename(file)]?.[leftToRight.indexOf(i)] ?? null);
      truth.set(id, named ?? `bystander ${id}`);
      faces.push({ id, embedding: f.embedding!, boxWidth: f.box.x2 - f.box.x1 });
    });
  }
  return { faces, truth };
}

/** Single linkage: connected components of the pairs at or above `link` (groups of 2 or more). */
function singleLinkage(faces: readonly ClusterFace[], link: number): string[][] {
  const parent = faces.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const { a, b } = pairsAtLeast(
    faces.map((f) => f.embedding),
    link,
  );
  for (let e = 0; e < a.length; e++) parent[root(a[e]!)] = root(b[e]!);
  const groups = new Map<number, string[]>();
  faces.forEach((f, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), f.id]));
  return [...groups.values()].filter((g) => g.length > 1);
}

const { faces, truth } = await fixtureFaces();
const people = new Set([...truth.values()].filter((t) => !t.startsWith('bystander'))).size;
const bystanders = [...truth.values()].filter((t) => t.startsWith('bystander')).length;
console.log(
  `${faces.length} faces of ${people} people (+ ${bystanders} bystanders), threshold ${DEFAULT_CLUSTER_SETTINGS.match.threshold}\n`,
);
console.log('| rule | join at | groups | single faces | pairwise precision | pairwise recall |');
console.log('|---|---|---|---|---|---|');
const row = (rule: string, link: number, groups: readonly (readonly string[])[]) => {
  const { precision, recall } = score(groups, truth);
  const single = faces.length - groups.reduce((s, g) => s + g.length, 0);
  console.log(`| ${rule} | ${link.toFixed(2)} | ${groups.length} | ${single} | ${precision.toFixed(3)} | ${recall.toFixed(3)} |`);
};
for (const margin of [0, 0.02, 0.05, 0.1]) {
  const settings = { ...DEFAULT_CLUSTER_SETTINGS, linkMargin: margin };
  const result = clusterFaces(faces, settings);
  row(
    `average linkage${margin === DEFAULT_CLUSTER_SETTINGS.linkMargin ? ' (default)' : ''}`,
    settings.match.threshold + margin,
    result.clusters.map((c) => c.faceIds),
  );
}
for (const link of [0.3, 0.4, DEFAULT_CLUSTER_SETTINGS.match.threshold]) row('single linkage', link, singleLinkage(faces, link));

const synthetic: ClusterFace[] = [];
for (let i = 0; i < 500; i++)
  syntheticIdentity(11, i, 10).samples.forEach((embedding, k) => synthetic.push({ id: `${i}/${k}`, embedding }));
const start = performance.now();
const result = clusterFaces(synthetic);
const syntheticTruth = new Map(synthetic.map((f) => [f.id, f.id.split('/')[0]!]));
const s = score(
  result.clusters.map((c) => c.faceIds),
  syntheticTruth,
);
console.log(
  `\n5,000 synthetic faces (500 identities × 10): ${(performance.now() - start).toFixed(0)} ms, ${result.clusters.length} groups, ` +
    `precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}`,
);
