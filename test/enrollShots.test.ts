/** The Enroll webcam's rule against keeping one shot twice: the same pose and nearly the same face. */
import { describe, expect, it } from 'vitest';
import { DUPLICATE_COSINE, DUPLICATE_POSE_DEGREES, isNearDuplicate } from '../src/app/enroll/shots.ts';

/** A unit 512-d vector at `angle` (radians) from the first axis, towards the second: cosine with `at(0)` is cos(angle). */
function at(angle: number): Float32Array {
  const v = new Float32Array(512);
  v[0] = Math.cos(angle);
  v[1] = Math.sin(angle);
  return v;
}

const pose = (yaw: number, pitch: number) => ({ yaw, pitch, roll: 0 });
const shot = (yaw: number, pitch: number, angle: number) => ({ pose: pose(yaw, pitch), embedding: at(angle) });

describe('near-duplicate shots', () => {
  const still = shot(-2, -2, 0);

  it('calls a still camera’s next shot a copy', () => {
    expect(isNearDuplicate(shot(-2, -2, 0.01), still)).toBe(true);
    expect(isNearDuplicate(shot(-2 + DUPLICATE_POSE_DEGREES, -2 - DUPLICATE_POSE_DEGREES, 0), still)).toBe(true);
    expect(isNearDuplicate(shot(-2, -2, Math.acos(DUPLICATE_COSINE) - 1e-3), still)).toBe(true);
  });

  it('keeps a shot from a new angle, however alike the face', () => {
    expect(isNearDuplicate(shot(-2 + DUPLICATE_POSE_DEGREES + 1, -2, 0), still)).toBe(false);
    expect(isNearDuplicate(shot(-2, 10, 0), still)).toBe(false);
  });

  it('keeps a shot in the same pose when the face differs (light, expression)', () => {
    expect(isNearDuplicate(shot(-2, -2, Math.acos(DUPLICATE_COSINE) + 1e-3), still)).toBe(false);
    expect(isNearDuplicate(shot(-2, -2, Math.PI / 2), still)).toBe(false);
  });

  it('is symmetric', () => {
    const other = shot(1, -4, 0.2);
    expect(isNearDuplicate(other, still)).toBe(isNearDuplicate(still, other));
  });
});
