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
  /** The person's name, "Unknown", or "Not identified" for a face the pose filter or the recognition floor dropped. */
  readonly name: string;
  /** Similarity to the best candidate; null when there was nobody to compare with. */
  readonly similarity: number | null;
  /** One line of explanation: "maybe Joe Biden", or why the face was not identified. */
  readonly detail: string | null;
  /** For a face the pose filter dropped: who it looks like, not checked ("Looks like Leonard (0.52), not checked"). */
  readonly guess: string | null;
  /** The overlay's label on the photo: name and similarity together. */
  readonly overlay: string;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "Turned too far to the side" from "turned too far to the side to recognise reliably (yaw -52°, limit
 * ±45°)", "Too small to recognise" from "too small to recognise (24 px wide, …)": short enough to sit on the photo beside a small face; the full reason is in the face list.
 */
export function shortPoseReason(reason: string): string {
  return capitalise(reason.replace(/\s*\([^)]*\)/g, '').replace(/ to recognise reliably$/, ''));
}

/**
 * The best guess for a face the pose filter dropped, when the worker matched it anyway (guessFiltered):
 * only a candidate at or near the threshold is worth naming, and it is never presented as a match.
 */
function poseGuess(face: FaceResult): string | null {
  const decision = face.match && !face.match.checked ? face.match.decision : null;
  if (!decision?.best || decision.status === 'unknown') return null;
  const verb = decision.status === 'known' ? 'Looks like' : 'Might be';
  return `${verb} ${decision.best.name} (${similarityText(decision.similarity)}), not checked`;
}

export function faceLabel(face: FaceResult): FaceLabel {
  if (!face.poseCheck.passed) {
    const reason = `${capitalise(face.poseCheck.reason)}.`;
    return {
      status: 'filtered',
      name: 'Not identified',
      similarity: null,
      detail: reason,
      guess: poseGuess(face),
      overlay: 'Not identified',
    };
  }
  if (!face.recognition.recognisable) {
    // Under the recognition floor: never named nor matched, since tiny or blurred faces look alike.
    return {
      status: 'filtered',
      name: 'Not identified',
      similarity: null,
      detail: `${capitalise(face.recognition.reason)}.`,
      guess: null,
      overlay: 'Not identified',
    };
  }
  const decision = face.match?.decision;
  if (!decision) return { status: 'unknown', name: 'Unknown', similarity: null, detail: null, guess: null, overlay: 'Unknown' };
  const { status, best } = decision;
  const similarity = best ? decision.similarity : null;
  if (status === 'known')
    return { status, name: decision.identity, similarity, detail: null, guess: null, overlay: decisionLabel(decision) };
  if (status === 'uncertain' && best) {
    return {
      status,
      name: 'Unknown',
      similarity,
      detail: `Uncertain: maybe ${best.name} (${similarityText(best.similarity)}), just below the threshold`,
      guess: null,
      overlay: decisionLabel(decision),
    };
  }
  return {
    status: 'unknown',
    name: 'Unknown',
    similarity,
    detail: best ? `Closest: ${best.name} (${similarityText(best.similarity)})` : null,
    guess: null,
    overlay: decisionLabel(decision),
  };
}

const TONES: Record<FaceStatus, FaceTone> = { known: 'known', uncertain: 'uncertain', unknown: 'unknown', filtered: 'filtered' };

export function faceMark(face: FaceResult, label: FaceLabel = faceLabel(face), number?: number): FaceMark {
  return {
    number,
    box: face.box,
    landmarks: face.landmarks,
    label: label.overlay,
    detail: !face.poseCheck.passed
      ? shortPoseReason(face.poseCheck.reason)
      : face.recognition.recognisable
        ? undefined
        : shortPoseReason(face.recognition.reason),
    tone: TONES[label.status],
  };
}
