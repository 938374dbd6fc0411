/** The Compare screen's rules: which face of a photo is compared by default, and what a similarity means. */
import { boxArea } from '../../core/pipeline/detect.ts';
import { cosineSimilarity, matchStatus, type MatchSettings } from '../../core/search/match.ts';
import type { FaceResult } from '../../worker/api.ts';
import { similarityText } from '../format.ts';

export type VerdictKind = 'same' | 'uncertain' | 'different';

export interface Verdict {
  readonly kind: VerdictKind;
  readonly similarity: number;
  readonly title: string;
}

const area = (f: FaceResult): number => boxArea(f.box);

/**
 * The largest face that can be compared (passed the pose filter); the largest of all when none can,
 * so the screen can say why. -1 when the photo has no face.
 */
export function defaultFaceIndex(faces: readonly FaceResult[]): number {
  let best = -1;
  for (let i = 0; i < faces.length; i++) {
    const face = faces[i]!;
    const current = best >= 0 ? faces[best]! : null;
    const usable = face.embedding !== null;
    const currentUsable = current?.embedding != null;
    if (!current || (usable && !currentUsable) || (usable === currentUsable && area(face) > area(current))) best = i;
  }
  return best;
}

/** The index of the face whose box contains the point (the smallest such box, for nested faces); -1 if none. */
export function faceAt(faces: readonly FaceResult[], x: number, y: number): number {
  let hit = -1;
  faces.forEach((f, i) => {
    const inside = x >= f.box.x1 && x <= f.box.x2 && y >= f.box.y1 && y <= f.box.y2;
    if (inside && (hit < 0 || area(f) < area(faces[hit]!))) hit = i;
  });
  return hit;
}

export function verdictOf(a: Float32Array, b: Float32Array, settings: MatchSettings): Verdict {
  const similarity = cosineSimilarity(a, b);
  switch (matchStatus(similarity, settings)) {
    case 'known':
      return { kind: 'same', similarity, title: 'Same person' };
    case 'uncertain':
      return { kind: 'uncertain', similarity, title: 'Probably the same — uncertain' };
    case 'unknown':
      return { kind: 'different', similarity, title: 'Different people' };
  }
}

/** One line on what the threshold means, with the user's current values. */
export function thresholdExplanation(settings: MatchSettings): string {
  const t = similarityText(settings.threshold);
  const low = similarityText(Math.max(0, settings.threshold - settings.uncertainBand));
  return settings.uncertainBand > 0
    ? `Similarity ${t} or more counts as the same person, ${low}–${t} as uncertain, below ${low} as different people (change this in Settings).`
    : `Similarity ${t} or more counts as the same person, below it as different people (change this in Settings).`;
}
