/** The quality gate as the screen shows it: a checklist for the live camera, plain reasons for photos. */
import {
  assessCapture,
  DEFAULT_QUALITY_LIMITS,
  type CaptureVerdict,
  type QualityIssue,
  type QualityIssueCode,
} from '../../core/pipeline/quality.ts';
import type { FaceResult } from '../../worker/api.ts';

export type CheckState = 'pass' | 'fail' | 'unknown';

export interface GateCheck {
  readonly id: string;
  readonly label: string;
  readonly state: CheckState;
}

const CHECKS: readonly { readonly id: string; readonly label: string; readonly codes: readonly QualityIssueCode[] }[] = [
  { id: 'face', label: 'Face in view', codes: ['no-face'] },
  { id: 'alone', label: 'Only one person', codes: ['several-faces'] },
  { id: 'size', label: 'Close enough', codes: ['too-small'] },
  { id: 'pose', label: 'Facing the camera', codes: ['turned'] },
  { id: 'sharp', label: 'Sharp', codes: ['blurry'] },
  { id: 'light', label: 'Good light', codes: ['too-dark', 'too-bright'] },
];

/** Every check, passed or failed; with no face at all only "Face in view" can be judged. */
export function gateChecks(verdict: CaptureVerdict | null): GateCheck[] {
  return CHECKS.map(({ id, label, codes }) => {
    if (!verdict) return { id, label, state: 'unknown' };
    const failed = verdict.issues.some((i) => codes.includes(i.code));
    if (failed) return { id, label, state: 'fail' };
    return { id, label, state: verdict.face === null ? 'unknown' : 'pass' };
  });
}

/** A short label for the overlay ("Too dark"), the part of the issue's message before its advice. */
export function issueTitle(issue: QualityIssue): string {
  const head = issue.message.split(' — ')[0] ?? issue.message;
  return head.replace(/\s*\(.*\)$/, '').replace(/:.*$/, '');
}

/**
 * Detections the gate believes. At the detector's 0.5 threshold the odd non-face turns up (0.60–0.69
 * on hair beside a face in the fixtures), and counting it as a second person would block a good shot;
 * real faces in front of a webcam score above 0.9.
 */
const GATE_MIN_SCORE = 0.8;

/** The gate's verdict; `face` indexes `faces` (the list given), not the believed subset. */
export function judgeFaces(faces: readonly FaceResult[]): CaptureVerdict {
  const believed = faces.filter((f) => f.score >= GATE_MIN_SCORE);
  const judged = believed.length > 0 ? believed : faces;
  const verdict = assessCapture(judged, DEFAULT_QUALITY_LIMITS);
  return { ...verdict, face: verdict.face === null ? null : faces.indexOf(judged[verdict.face]!) };
}

/**
 * Why a photo's face cannot be used, in the words a photo needs (the gate's own messages speak to
 * someone in front of a camera).
 */
export function photoIssueText(issue: QualityIssue, face: FaceResult | null): string {
  switch (issue.code) {
    case 'no-face':
      return 'No face found in this photo.';
    case 'several-faces':
      return 'Several faces of the same size: it is not clear whose face to enroll.';
    case 'too-small':
      return `The face is too small (${Math.round(face?.quality.faceSize ?? 0)} px across; at least ${DEFAULT_QUALITY_LIMITS.minFaceSize} px is needed). Use a closer or larger photo.`;
    case 'turned':
      return `The face is turned too far from the camera${face && !face.poseCheck.passed ? ` (${face.poseCheck.reason})` : ''}.`;
    case 'blurry':
      return 'The face is too blurry.';
    case 'too-dark':
      return 'The face is too dark.';
    case 'too-bright':
      return 'The face is overexposed (too bright).';
  }
}
