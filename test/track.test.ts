import { describe, expect, it } from 'vitest';
import { boxIou, followBoxes } from '../src/core/live/track.ts';

const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 });

describe('following faces between frames', () => {
  it('measures overlap', () => {
    expect(boxIou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(boxIou(box(0, 0, 10, 10), box(5, 0, 15, 10))).toBeCloseTo(50 / 150, 10);
    expect(boxIou(box(0, 0, 10, 10), box(10, 10, 20, 20))).toBe(0);
  });

  it('pairs each face with the one it continues, and marks new faces', () => {
    const previous = [box(0, 0, 100, 100), box(200, 0, 300, 100)];
    // The two faces moved a little and swapped order in the detector's list; a third one appeared.
    const current = [box(205, 3, 305, 103), box(400, 0, 500, 100), box(4, 2, 104, 102)];
    expect(followBoxes(previous, current)).toEqual([1, -1, 0]);
  });

  it('gives a previous face to one current face only, the best overlapping', () => {
    const previous = [box(0, 0, 100, 100)];
    expect(followBoxes(previous, [box(30, 0, 130, 100), box(5, 0, 105, 100)])).toEqual([-1, 0]);
  });

  it('treats a jump as a new face', () => {
    expect(followBoxes([box(0, 0, 100, 100)], [box(60, 0, 160, 100)])).toEqual([-1]);
  });
});
