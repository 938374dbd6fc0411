import { join } from 'node:path';
import { galleryPeople } from '../../core/formats/galleryFile.ts';
import type { Box } from '../../core/pipeline/detect.ts';
import {
  clusterRuleText,
  DEFAULT_CLUSTER_SETTINGS,
  groupFaces,
  groupingQuality,
  type ClusterFace,
  type ClusterSettings,
} from '../../core/search/cluster.ts';
import { GalleryIndex } from '../../core/search/match.ts';
import { plural } from '../../core/text.ts';
import {
  analyzeImage,
  analyzeOptions,
  formatBox,
  imageFilesIn,
  loadImage,
  roundSimilarity,
  subfolders,
  type CommandResult,
  type CommonOptions,
} from '../common.ts';
import { readGallery } from './enroll.ts';

interface FoundFace {
  readonly file: string;
  readonly box: Box;
  /** groupingQuality: bigger, surer faces first when picking the best. */
  readonly quality: number;
}

interface FaceOut {
  file: string;
  box: { x1: number; y1: number; x2: number; y2: number };
  quality: number;
}

/** Every image file under `dir`, subfolders included, sorted. */
function imagesUnder(dir: string): string[] {
  return [...imageFilesIn(dir), ...subfolders(dir).flatMap((f) => imagesUnder(join(dir, f)))];
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

/** `faceprint cluster DIR… [--gallery G.json]`: every face of every photo, grouped into people. */
export async function clusterCommand(dirs: readonly string[], o: CommonOptions, galleryPath: string | null): Promise<CommandResult> {
  const settings: ClusterSettings = { ...DEFAULT_CLUSTER_SETTINGS, match: o.match };
  const found = new Map<string, FoundFace>();
  const faces: ClusterFace[] = [];
  const turned: (FaceOut & { reason: string })[] = [];
  const errors: { file: string; error: string }[] = [];
  const text: string[] = [];
  const files = dirs.flatMap(imagesUnder);
  for (const file of files) {
    const loaded = await loadImage(file);
    if (!loaded.ok) {
      errors.push({ file, error: loaded.error });
      text.push(`error: ${loaded.error}`);
      continue;
    }
    const analyzed = await analyzeImage(loaded.image, analyzeOptions(o));
    analyzed.forEach((f, i) => {
      const side = Math.min(f.box.x2 - f.box.x1, f.box.y2 - f.box.y1);
      const face: FoundFace = { file, box: f.box, quality: groupingQuality(f.score, side) };
      if (!f.embedding || !f.poseCheck.passed) {
        turned.push({ ...out(face), reason: f.poseCheck.passed ? 'no embedding' : f.poseCheck.reason });
        return;
      }
      const id = `${file}#${i}`;
      found.set(id, face);
      faces.push({ id, embedding: f.embedding, boxWidth: f.box.x2 - f.box.x1, quality: face.quality, pose: f.pose });
    });
  }
  const index = galleryPath ? new GalleryIndex(galleryPeople(readGallery(galleryPath))) : null;
  const grouped = groupFaces(faces, index, settings);
  const face = (id: string): FaceOut => out(found.get(id)!);

  text.push(`${plural(files.length, 'photo')}, ${plural(faces.length + turned.length, 'face')}: ${clusterRuleText(settings)}`);
  const matched: Record<string, (FaceOut & { similarity: number })[]> = {};
  for (const m of grouped.matched) {
    matched[m.name] = m.faces.map((f) => ({ ...face(f.id), similarity: roundSimilarity(f.similarity) }));
    text.push(
      `${m.name}: ${plural(m.faces.length, 'face')}`,
      ...m.faces.map((f) => `  ${line(found.get(f.id)!)} ${f.similarity.toFixed(2)}`),
    );
  }
  const clusters = grouped.clusters.map((c, k) => {
    text.push(`person ${k + 1}: ${plural(c.faceIds.length, 'face')} (alike ${c.cohesion.toFixed(2)} on average)`);
    text.push(...c.faceIds.map((id) => `  ${line(found.get(id)!)}${c.bestFaceIds.includes(id) ? '  best' : ''}`));
    return {
      faces: c.faceIds.map(face),
      representative: face(c.representativeId),
      best: c.bestFaceIds.map(face),
      cohesion: roundSimilarity(c.cohesion),
    };
  });
  const listed = (title: string, ids: readonly string[]): void => {
    if (ids.length) text.push(`${title}: ${plural(ids.length, 'face')}`, ...ids.map((id) => `  ${line(found.get(id)!)}`));
  };
  listed('like no one else', grouped.others);
  listed('too small to group', grouped.tooSmall);
  if (turned.length)
    text.push(`not grouped, turned away: ${plural(turned.length, 'face')}`, ...turned.map((t) => `  ${t.file} ${t.reason}`));
  return {
    json: {
      threshold: o.match.threshold,
      rule: clusterRuleText(settings),
      clusters,
      others: grouped.others.map(face),
      tooSmall: grouped.tooSmall.map(face),
      matched,
      turned,
      errors,
    },
    text,
    exitCode: errors.length > 0 ? 1 : 0,
  };
}

function out(f: FoundFace): FaceOut {
  return {
    file: f.file,
    box: { x1: r1(f.box.x1), y1: r1(f.box.y1), x2: r1(f.box.x2), y2: r1(f.box.y2) },
    quality: roundSimilarity(f.quality),
  };
}

const line = (f: FoundFace): string => `${f.file} ${formatBox(f.box)}`;
