/** FaceResults made by hand for the app's pure rules (test/enrollGate.test.ts, test/compareVerdict.test.ts). */
import { EMBEDDING_SIZE } from '../src/core/pipeline/embed.ts';
import type { HeadPose } from '../src/core/pipeline/pose.ts';
import type { FaceResult } from '../src/worker/api.ts';

export const pose = (yaw: number, pitch: number, roll = 0): HeadPose => ({ yaw, pitch, roll });

/** A detected face in `box`; `usable` faces passed the pose filter and have an embedding. */
export function faceResult(box: { x1: number; y1: number; x2: number; y2: number }, usable = true): FaceResult {
  const { x1, y1, x2, y2 } = box;
  const embedding = usable ? new Float32Array(EMBEDDING_SIZE).fill(1 / Math.sqrt(EMBEDDING_SIZE)) : null;
  return {
    box,
    score: 0.99,
    landmarks: [
      [x1, y1],
      [x2, y1],
      [(x1 + x2) / 2, (y1 + y2) / 2],
      [x1, y2],
      [x2, y2],
    ],
    pose: pose(0, 0),
    poseSource: 'model',
    poseCheck: usable ? { passed: true } : { passed: false, reason: 'turned left too far' },
    quality: { faceSize: Math.min(x2 - x1, y2 - y1), sharpness: 100, brightness: 120, boxWidth: x2 - x1, detectorScore: 0.99 },
    recognition: { recognisable: true },
    embedding,
    thumbnail: null,
    match: null,
  };
}
