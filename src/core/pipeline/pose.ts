/**
 * Head pose: yaw/pitch/roll from the HopeNet-style fr_pose model (66 bins of 3°), a cheap estimate
 * from landmark geometry, and the filter that drops faces turned too far to recognise reliably.
 *
 * Sign convention (both estimates): yaw > 0 when the nose points to the image's left, pitch > 0 when
 * the face tilts up, roll > 0 when the eye line turns clockwise on screen (the image-right eye lower).
 */
import { MODELS } from '../../models.ts';
import type { Box, Landmarks } from './detect.ts';
import { resampleCrop, toPlanarTensor, type RgbImage } from './image.ts';
import { output, type ModelRunner, type TensorData } from './runner.ts';

export interface HeadPose {
  /** Degrees. */
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

export interface PoseLimits {
  /** Largest |yaw| in degrees a face may have to be recognised. */
  readonly maxYaw: number;
  readonly maxPitch: number;
  readonly maxRoll: number;
}

/** Roll is undone by alignment, so only a face upside down is rejected for it. */
export const DEFAULT_POSE_LIMITS: PoseLimits = { maxYaw: 45, maxPitch: 35, maxRoll: 90 };

const POSE_INPUT = 224;
const BINS = 66;
/**
 * The model reads about −10° pitch on frontal faces (measured on the frontal fixture photos, see
 * test/pose.test.ts), so this is added to its pitch.
 */
export const MODEL_PITCH_OFFSET = 10;

/**
 * Crop as faceplugin's fr_pose.js does (the box grown by a quarter of its size on each side), resized
 * to 224×224 by bilinear sampling; outside the image is black. Returns [n, 3, 224, 224], ImageNet
 * norm, one crop per box.
 */
export function poseInput(image: RgbImage, boxes: readonly Box[]): TensorData {
  const perCrop = 3 * POSE_INPUT * POSE_INPUT;
  const data = new Float32Array(boxes.length * perCrop); // [n, 3, 224, 224]
  boxes.forEach((box, i) => {
    const w = box.x2 - box.x1;
    const h = box.y2 - box.y1;
    const crop = resampleCrop(
      image,
      box.x1 - w / 4,
      box.y1 - h / 4,
      (1.5 * w) / POSE_INPUT,
      (1.5 * h) / POSE_INPUT,
      POSE_INPUT,
      POSE_INPUT,
    );
    data.set(toPlanarTensor(crop, MODELS.pose.normalization, MODELS.pose.colorOrder), i * perCrop);
  });
  return { data, dims: [boxes.length, 3, POSE_INPUT, POSE_INPUT] };
}

/** Crops per pose-model call: bounds the input to [8, 3, 224, 224], 4.8 MB of float32. */
export const POSE_BATCH = 8;

/** Softmax over the 66 bins, expected bin × 3 − 99 degrees. */
export function binsToDegrees(logits: Float32Array): number {
  if (logits.length !== BINS) throw new Error(`expected ${BINS} pose bins, got ${logits.length}`);
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  let expected = 0;
  for (let i = 0; i < BINS; i++) {
    const e = Math.exp(logits[i]! - max);
    sum += e;
    expected += e * i;
  }
  return (expected / sum) * 3 - 99;
}

/** The model's pose of each box, in order, POSE_BATCH crops per call (the model has a symbolic batch dim). */
export async function estimatePoses(poseModel: ModelRunner, image: RgbImage, boxes: readonly Box[]): Promise<HeadPose[]> {
  const poses: HeadPose[] = [];
  const [yawName, pitchName, rollName] = MODELS.pose.outputNames;
  for (let start = 0; start < boxes.length; start += POSE_BATCH) {
    const batch = boxes.slice(start, start + POSE_BATCH);
    const outputs = await poseModel.run({ [MODELS.pose.inputName]: poseInput(image, batch) });
    // Each output is [n, 66]: row i belongs to box i.
    const row = (name: string, i: number): Float32Array => {
      const data = output(outputs, name).data;
      if (data.length !== batch.length * BINS) throw new Error(`pose output ${name} has ${data.length} values for ${batch.length} faces`);
      return data.subarray(i * BINS, (i + 1) * BINS);
    };
    batch.forEach((_, i) =>
      poses.push({
        yaw: binsToDegrees(row(yawName, i)),
        pitch: binsToDegrees(row(pitchName, i)) + MODEL_PITCH_OFFSET,
        roll: binsToDegrees(row(rollName, i)),
      }),
    );
  }
  return poses;
}

export async function estimatePose(poseModel: ModelRunner, image: RgbImage, box: Box): Promise<HeadPose> {
  const [pose] = await estimatePoses(poseModel, image, [box]);
  return pose!;
}

const DEG = 180 / Math.PI;
/**
 * Nose-tip depth relative to half the eye distance, and where the nose tip sits between the eye and
 * mouth lines on a frontal face; both fitted to the pose model's readings on the frontal fixtures.
 */
const NOSE_DEPTH = 1.3;
const FRONTAL_NOSE_HEIGHT = 0.6;

/**
 * A cheap pose from the 5 landmarks alone: roll from the eye line, yaw from how far the nose sits off
 * the eyes' and mouth's midline, pitch from how high the nose sits between the eye and mouth lines.
 * Coarse (±10–15°), but free; used when the pose model is not run.
 */
export function landmarkPose(lm: Landmarks): HeadPose {
  const [le, re, nose, lm_, rm] = lm;
  const roll = Math.atan2(re[1] - le[1], re[0] - le[0]);
  const cos = Math.cos(-roll);
  const sin = Math.sin(-roll);
  // Undo roll about the eye midpoint, so yaw and pitch are measured on an upright face.
  const ex = (le[0] + re[0]) / 2;
  const ey = (le[1] + re[1]) / 2;
  const upright = (p: readonly [number, number]): [number, number] => [
    cos * (p[0] - ex) - sin * (p[1] - ey),
    sin * (p[0] - ex) + cos * (p[1] - ey),
  ];
  const [lex] = upright(le);
  const [rex] = upright(re);
  const [nx, ny] = upright(nose);
  const [lmx, lmy] = upright(lm_);
  const [rmx, rmy] = upright(rm);
  const halfEye = Math.max(1e-6, (rex - lex) / 2);
  const midX = (lmx + rmx) / 4; // mean of the eye midpoint (0) and the mouth midpoint
  const mouthY = (lmy + rmy) / 2;
  const yaw = -Math.atan2((nx - midX) / halfEye, NOSE_DEPTH) * DEG;
  const noseHeight = mouthY > 1e-6 ? ny / mouthY : FRONTAL_NOSE_HEIGHT;
  const pitch = -Math.asin(Math.max(-1, Math.min(1, (noseHeight - FRONTAL_NOSE_HEIGHT) * 2))) * DEG;
  return { yaw, pitch, roll: roll * DEG };
}

/**
 * How far inside a limit the landmark estimate must be for the pose model to be skipped: above the
 * largest landmark-vs-model difference measured on the fixtures (yaw < 10°, roll < 8°; test/pose.test.ts).
 */
export const LANDMARK_POSE_MARGIN = 15;

/** Whether the cheap landmark pose is too close to a limit to decide the filter without the pose model. */
export function nearPoseLimits(pose: HeadPose, limits: PoseLimits, margin = LANDMARK_POSE_MARGIN): boolean {
  return (
    Math.abs(pose.yaw) > limits.maxYaw - margin ||
    Math.abs(pose.pitch) > limits.maxPitch - margin ||
    Math.abs(pose.roll) > limits.maxRoll - margin
  );
}

export type PoseCheck = { readonly passed: true } | { readonly passed: false; readonly reason: string };

/**
 * Passes when every angle is within its limit (a face exactly at a limit passes). The reason says what
 * a person would ("turned too far to the side to recognise reliably"), then the angles, written with
 * enough decimals that an angle past its limit never reads as the limit itself ("yaw -45.3°", not "-45°").
 */
export function checkPose(pose: HeadPose, limits: PoseLimits = DEFAULT_POSE_LIMITS): PoseCheck {
  const what: string[] = [];
  const angles: string[] = [];
  if (Math.abs(pose.yaw) > limits.maxYaw) {
    what.push('turned too far to the side');
    angles.push(`yaw ${pastLimit(pose.yaw, limits.maxYaw)}, limit ±${limits.maxYaw}°`);
  }
  if (Math.abs(pose.pitch) > limits.maxPitch) {
    what.push(`tilted too far ${pose.pitch >= 0 ? 'up' : 'down'}`);
    angles.push(`pitch ${pastLimit(pose.pitch, limits.maxPitch)}, limit ±${limits.maxPitch}°`);
  }
  if (Math.abs(pose.roll) > limits.maxRoll) {
    what.push('tipped over too far');
    angles.push(`roll ${pastLimit(pose.roll, limits.maxRoll)}, limit ±${limits.maxRoll}°`);
  }
  return what.length === 0
    ? { passed: true }
    : { passed: false, reason: `${what.join(' and ')} to recognise reliably (${angles.join('; ')})` };
}

/** "-52°"; "-45.3°" where whole degrees would read as the limit; "just past -45°" where even 0.01° would. */
export function pastLimit(angle: number, limit: number): string {
  for (const decimals of [0, 1, 2]) {
    const text = angle.toFixed(decimals);
    if (Math.abs(Number(text)) > limit) return `${text}°`;
  }
  return `just past ${angle < 0 ? '-' : ''}${limit}°`;
}
