/**
 * How one analysed face reads on the Identify screen: the same words and colour on the photo's
 * overlay, in the face list under it and in the live view.
 */
import type { FaceResult } from '../../worker/api.ts';
import type { FaceMark, FaceTone } from '../components/FaceOverlay.tsx';
import { decisionLabel, similarityText } from '../format.ts';

export type FaceStatus = 'known' | 'uncertain' | 'unknown' | 'filtered';

export interface FaceLabel {
  readonly status: FaceStatus;
  /** The person's name, "Unknown", or "Not identified" for a face the pose filter dropped. */
  readonly name: string;
  /** Similarity to the best candidate; null when there was nobody to compare with. */
  readonly similarity: number | null;
  /** One line of explanation: "maybe Joe Biden", or why the face was not identified. */
  readonly detail: string | null;
  /** The overlay's label on the photo: name and similarity together. */
  readonly overlay: string;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "Turned right too far" from "turned right too far (yaw -52°, limit ±45°)": short enough to sit on the
 * photo beside a small face; the full reason is in the face list.
 */
export function shortPoseReason(reason: string): string {
  return capitalise(reason.replace(/\s*\([^)]*\)/g, ''));
}

export function faceLabel(face: FaceResult): FaceLabel {
  if (!face.poseCheck.passed) {
    const reason = capitalise(face.poseCheck.reason);
    return { status: 'filtered', name: 'Not identified', similarity: null, detail: reason, overlay: 'Not identified' };
  }
  const decision = face.match?.decision;
  if (!decision) return { status: 'unknown', name: 'Unknown', similarity: null, detail: null, overlay: 'Unknown' };
  const { status, best } = decision;
  const similarity = best ? decision.similarity : null;
  if (status === 'known') return { status, name: decision.identity, similarity, detail: null, overlay: decisionLabel(decision) };
  if (status === 'uncertain' && best) {
    return {
      status,
      name: 'Unknown',
      similarity,
      detail: `Uncertain: maybe ${best.name} (${similarityText(best.similarity)}), just below the threshold`,
      overlay: decisionLabel(decision),
    };
  }
  return {
    status: 'unknown',
    name: 'Unknown',
    similarity,
    detail: best ? `Closest: ${best.name} (${similarityText(best.similarity)})` : null,
    overlay: decisionLabel(decision),
  };
}

const TONES: Record<FaceStatus, FaceTone> = { known: 'known', uncertain: 'uncertain', unknown: 'unknown', filtered: 'filtered' };

export function faceMark(face: FaceResult, label: FaceLabel = faceLabel(face)): FaceMark {
  return {
    box: face.box,
    landmarks: face.landmarks,
    label: label.overlay,
    detail: face.poseCheck.passed ? undefined : shortPoseReason(face.poseCheck.reason),
    tone: TONES[label.status],
  };
}
