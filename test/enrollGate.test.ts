/** Which detections the enroll gate counts (src/app/enroll/gate.ts). */
import { describe, expect, it } from 'vitest';
import { judgeFaces } from '../src/app/enroll/gate.ts';
import { faceResult as face } from './fakeFaces.ts';

describe('the enroll gate', () => {
  const real = face({ x1: 100, y1: 100, x2: 300, y2: 340 });
  const stray = { ...face({ x1: 320, y1: 60, x2: 420, y2: 180 }), score: 0.65 };
  const second = { ...face({ x1: 350, y1: 100, x2: 530, y2: 320 }), score: 0.95 };

  it('ignores a weak stray detection beside a real face, and indexes the list it was given', () => {
    const verdict = judgeFaces([stray, real]);
    expect(verdict.accepted).toBe(true);
    expect(verdict.face).toBe(1);
  });

  it('still counts a second confident face', () => {
    const verdict = judgeFaces([real, second, stray]);
    expect(verdict.issues.map((i) => i.code)).toContain('several-faces');
    expect(verdict.face).toBe(0);
  });

  it('judges weak detections when they are all there is', () => {
    const verdict = judgeFaces([{ ...real, score: 0.6 }]);
    expect(verdict.face).toBe(0);
    expect(verdict.accepted).toBe(true);
  });
});
