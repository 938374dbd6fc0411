/**
 * What the Enroll screen collects before saving: shots (one face each, with its embedding and aligned
 * thumbnail), the capture policy that spreads webcam shots over a few head poses, and name suggestions.
 */
import { personNameFromFile, personNameFromFolder, capitaliseName } from '../../core/formats/names.ts';
import type { HeadPose } from '../../core/pipeline/pose.ts';
import type { FaceQuality } from '../../core/pipeline/quality.ts';
import { cosineSimilarity } from '../../core/search/match.ts';
import type { NewSample } from '../../worker/api.ts';

export interface Shot {
  readonly id: string;
  readonly origin: 'webcam' | 'photo';
  /** 'webcam', or the photo's path as picked ("obama/obama2.jpg"). */
  readonly source: string;
  /** Unit 512-d. */
  readonly embedding: Float32Array;
  readonly thumbnail: Blob | null;
  readonly pose: HeadPose;
  readonly quality: FaceQuality;
}

let nextShotNumber = 1;
/** Ids only need to be unique within this page: they key the list and the checks. */
export function newShotId(): string {
  return `shot-${nextShotNumber++}`;
}

export function sampleOf(shot: Shot): NewSample {
  return { embedding: shot.embedding, thumbnail: shot.thumbnail, source: shot.source, pose: shot.pose };
}

/** How many webcam shots one capture session takes. */
export const SHOT_COUNT_CHOICES = [3, 5, 8] as const;
export const DEFAULT_SHOT_COUNT = 5;

/** A shot is a new pose when its yaw or pitch is at least this far (degrees) from every earlier shot's. */
export const MIN_POSE_CHANGE = 8;
/**
 * With no new pose for this long while the face passes the gate, the shot is taken anyway: someone who
 * cannot or does not move (or a still camera) still completes, with less variety.
 */
export const HOLD_STILL_MS = 1500;
/** Shots are at least this far apart, so each one is seen (and announced) before the next. */
export const MIN_SHOT_GAP_MS = 400;
/**
 * A face that passes the gate but only repeats an earlier shot for this long ends the camera session
 * early: someone who does not move (or a still camera) gets fewer shots instead of copies of one.
 */
export const GIVE_UP_STILL_MS = 4000;

/** Two shots within this many degrees of each other (yaw and pitch)… */
export const DUPLICATE_POSE_DEGREES = 4;
/** …and at least this similar (cosine of the unit embeddings) are one shot twice. */
export const DUPLICATE_COSINE = 0.95;

/** Whether `shot` repeats `earlier`: about the same pose and nearly the same embedding. */
export function isNearDuplicate(shot: Pick<Shot, 'pose' | 'embedding'>, earlier: Pick<Shot, 'pose' | 'embedding'>): boolean {
  return (
    poseChange(shot.pose, earlier.pose) <= DUPLICATE_POSE_DEGREES && cosineSimilarity(shot.embedding, earlier.embedding) >= DUPLICATE_COSINE
  );
}

export function poseChange(a: HeadPose, b: HeadPose): number {
  return Math.max(Math.abs(a.yaw - b.yaw), Math.abs(a.pitch - b.pitch));
}

export function isNewPose(pose: HeadPose, earlier: readonly HeadPose[]): boolean {
  return earlier.every((p) => poseChange(pose, p) >= MIN_POSE_CHANGE);
}

export interface CaptureTiming {
  readonly now: number;
  /** When the face started passing the gate since the last shot (null: it does not pass now). */
  readonly passingSince: number | null;
  /** When the last shot of this session was taken (null: none yet). */
  readonly lastShotAt: number | null;
}

/** Whether a face that passes the gate with this pose should become the next shot. */
export function wantsShot(pose: HeadPose, earlier: readonly HeadPose[], timing: CaptureTiming): boolean {
  if (timing.passingSince === null) return false;
  if (timing.lastShotAt !== null && timing.now - timing.lastShotAt < MIN_SHOT_GAP_MS) return false;
  if (earlier.length === 0 || isNewPose(pose, earlier)) return true;
  return timing.now - timing.passingSince >= HOLD_STILL_MS;
}

export type PoseDirection = 'straight' | 'left' | 'right' | 'up' | 'down';

export interface PosePrompt {
  readonly direction: PoseDirection;
  readonly text: string;
}

/**
 * What to ask for the next shot: straight first, then small turns each way. "Left" is the user's own
 * left, which is also the left of the mirrored preview they look at.
 */
const PROMPTS: readonly PosePrompt[] = [
  { direction: 'straight', text: 'Look straight into the camera' },
  { direction: 'left', text: 'Turn your head slightly to your left' },
  { direction: 'right', text: 'Turn your head slightly to your right' },
  { direction: 'up', text: 'Tilt your chin up a little' },
  { direction: 'down', text: 'Tilt your chin down a little' },
];

export function promptFor(shotIndex: number): PosePrompt {
  return PROMPTS[shotIndex % PROMPTS.length] ?? PROMPTS[0]!;
}

/** Camera and phone file names that are not anyone's name ("IMG_2034.jpg" → "IMG"). */
const NOT_A_NAME =
  /^(img|image|dsc|dscn|dscf|pxl|photo|picture|pic|screenshot|screen shot|whatsapp image|scan|snapshot|capture|selfie|webcam|untitled|download|face|faces|people|person|photos|pictures|images|camera|dcim)$/i;

/** A name taken from a file or folder, or null when it does not look like a person's name. */
export function sensibleName(raw: string): string | null {
  const name = raw.trim();
  if (name.length < 2 || name.length > 80) return null;
  if (/\d/.test(name) || !/\p{L}/u.test(name) || NOT_A_NAME.test(name)) return null;
  return capitaliseName(name);
}

/**
 * The name that picked photos suggest: their common folder ("kit_harington/…" → "Kit Harington"), else
 * the name all their file names share ("Tom_Hanks_2.jpg", "Tom_Hanks_3.jpg" → "Tom Hanks"); else null.
 */
export function suggestedName(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  const folders = new Set(paths.map((p) => p.split('/').slice(-2, -1)[0] ?? ''));
  const [folder] = folders;
  if (folders.size === 1 && folder) {
    const fromFolder = sensibleName(personNameFromFolder(folder));
    if (fromFolder) return fromFolder;
  }
  const fromFiles = new Set(paths.map((p) => personNameFromFile(p)));
  const [fileName] = fromFiles;
  return fromFiles.size === 1 && fileName ? sensibleName(fileName) : null;
}
