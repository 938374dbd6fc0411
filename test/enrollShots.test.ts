/**
 * When the enroll webcam takes a shot, what it asks for, which names it accepts, and its rule against
 * keeping one shot twice (the same pose and nearly the same face) (src/app/enroll/shots.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_COSINE,
  DUPLICATE_POSE_DEGREES,
  HOLD_STILL_MS,
  isNearDuplicate,
  isNewPose,
  MIN_POSE_CHANGE,
  MIN_SHOT_GAP_MS,
  poseChange,
  promptFor,
  sensibleName,
  suggestedName,
  wantsShot,
} from '../src/app/enroll/shots.ts';
import { pose } from './fakeFaces.ts';

describe('enroll shots', () => {
  it('measures a pose change as the larger of the yaw and pitch differences, ignoring roll', () => {
    expect(poseChange(pose(10, -5), pose(-2, 0))).toBe(12);
    expect(poseChange(pose(0, 3), pose(1, -6))).toBe(9);
    expect(poseChange(pose(0, 0, 0), pose(0, 0, 40))).toBe(0);
    expect(poseChange(pose(4, 7), pose(4, 7))).toBe(0);
  });

  it('counts a pose as new only when it is far enough from every earlier one', () => {
    expect(isNewPose(pose(0, 0), [])).toBe(true);
    expect(isNewPose(pose(MIN_POSE_CHANGE, 0), [pose(0, 0)])).toBe(true);
    expect(isNewPose(pose(MIN_POSE_CHANGE - 0.01, 0), [pose(0, 0)])).toBe(false);
    expect(isNewPose(pose(0, -MIN_POSE_CHANGE), [pose(0, 0)])).toBe(true);
    // Far from the first, too close to the second.
    expect(isNewPose(pose(20, 0), [pose(0, 0), pose(15, 0)])).toBe(false);
    expect(isNewPose(pose(20, 0), [pose(0, 0), pose(10, 0)])).toBe(true);
  });

  it('takes no shot while the face does not pass the gate', () => {
    expect(wantsShot(pose(0, 0), [], { now: 10_000, passingSince: null, lastShotAt: null })).toBe(false);
    expect(wantsShot(pose(30, 0), [pose(0, 0)], { now: 10_000, passingSince: null, lastShotAt: 0 })).toBe(false);
  });

  it('takes the first shot as soon as the face passes', () => {
    expect(wantsShot(pose(0, 0), [], { now: 1000, passingSince: 1000, lastShotAt: null })).toBe(true);
  });

  it('takes a new pose at once, but never sooner than the minimum gap after the last shot', () => {
    const earlier = [pose(0, 0)];
    const newPose = pose(MIN_POSE_CHANGE + 2, 0);
    const last = 5000;
    expect(wantsShot(newPose, earlier, { now: last + MIN_SHOT_GAP_MS - 1, passingSince: last, lastShotAt: last })).toBe(false);
    expect(wantsShot(newPose, earlier, { now: last + MIN_SHOT_GAP_MS, passingSince: last, lastShotAt: last })).toBe(true);
    // The gap applies even to a face that has held still long enough.
    expect(wantsShot(pose(0, 0), earlier, { now: last + 100, passingSince: last - 10_000, lastShotAt: last })).toBe(false);
  });

  it('takes the same pose only after the face has held still long enough', () => {
    const earlier = [pose(0, 0), pose(12, 0)];
    const same = pose(1, 1);
    const since = 20_000;
    expect(wantsShot(same, earlier, { now: since + HOLD_STILL_MS - 1, passingSince: since, lastShotAt: 0 })).toBe(false);
    expect(wantsShot(same, earlier, { now: since + HOLD_STILL_MS, passingSince: since, lastShotAt: 0 })).toBe(true);
    expect(wantsShot(same, earlier, { now: since + HOLD_STILL_MS, passingSince: since, lastShotAt: null })).toBe(true);
  });

  it('asks for straight first, then turns, and cycles', () => {
    expect(promptFor(0).direction).toBe('straight');
    expect(promptFor(0).text).toMatch(/straight/i);
    expect([1, 2, 3, 4].map((i) => promptFor(i).direction)).toEqual(['left', 'right', 'up', 'down']);
    expect(promptFor(1).text).toMatch(/left/);
    expect(promptFor(5).direction).toBe('straight');
    expect(promptFor(7).direction).toBe('right');
  });

  it('accepts only names that look like a person’s, title-casing lower-case ones', () => {
    expect(sensibleName('kit harington')).toBe('Kit Harington');
    expect(sensibleName("  conan o'brien ")).toBe("Conan O'Brien");
    expect(sensibleName('jean-luc picard')).toBe('Jean-Luc Picard');
    expect(sensibleName('élodie')).toBe('Élodie');
    expect(sensibleName('McDonald')).toBe('McDonald');
    expect(sensibleName('Tom Hanks')).toBe('Tom Hanks');
    expect(sensibleName('Al')).toBe('Al');
    expect(sensibleName('A')).toBeNull();
    expect(sensibleName('   ')).toBeNull();
    expect(sensibleName('a'.repeat(80))).toBe('A' + 'a'.repeat(79));
    expect(sensibleName('a'.repeat(81))).toBeNull();
    expect(sensibleName('obama2')).toBeNull();
    expect(sensibleName('50 Cent')).toBeNull();
    expect(sensibleName('!!')).toBeNull();
    for (const junk of ['IMG', 'img', 'DSC', 'PXL', 'Screenshot', 'Screen Shot', 'WhatsApp Image', 'photos', 'selfie', 'webcam', 'DCIM']) {
      expect(sensibleName(junk), junk).toBeNull();
    }
  });

  it('suggests the common folder’s name', () => {
    expect(suggestedName(['kit_harington/kit1.jpg', 'kit_harington/kit2.jpg'])).toBe('Kit Harington');
    expect(suggestedName(['people/kit_harington/kit1.jpg'])).toBe('Kit Harington');
  });

  it('falls back to the name the file names share', () => {
    expect(suggestedName(['Tom_Hanks_2.jpg', 'Tom_Hanks_3.jpg'])).toBe('Tom Hanks');
    // Different folders, or a folder that is not a name: the file names decide.
    expect(suggestedName(['a/Tom_Hanks_2.jpg', 'b/Tom_Hanks_3.jpg'])).toBe('Tom Hanks');
    expect(suggestedName(['photos/obama1.jpg', 'photos/obama2.jpg'])).toBe('Obama');
    expect(suggestedName(['DCIM/IMG_2034.jpg'])).toBeNull();
  });

  it('suggests nothing without a shared, sensible name', () => {
    expect(suggestedName([])).toBeNull();
    expect(suggestedName(['Tom_Hanks_2.jpg', 'obama1.jpg'])).toBeNull();
    expect(suggestedName(['IMG_2034.jpg', 'IMG_2035.jpg'])).toBeNull();
    expect(suggestedName(['a/IMG_1.jpg', 'b/IMG_2.jpg'])).toBeNull();
  });
});

/** A unit 512-d vector at `angle` (radians) from the first axis, towards the second: cosine with `at(0)` is cos(angle). */
function at(angle: number): Float32Array {
  const v = new Float32Array(512);
  v[0] = Math.cos(angle);
  v[1] = Math.sin(angle);
  return v;
}

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
