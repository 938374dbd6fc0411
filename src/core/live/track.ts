/**
 * Following faces from one video frame to the next by box overlap, so that live identification can
 * reuse a face's recent embedding and match instead of embedding it on every frame.
 */
import type { Box } from '../pipeline/detect.ts';

export function boxIou(a: Box, b: Box): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const area = (r: Box): number => Math.max(0, r.x2 - r.x1) * Math.max(0, r.y2 - r.y1);
  return inter / (area(a) + area(b) - inter);
}

/** Faces at webcam frame rates move little between frames: half overlap or more is the same face. */
export const TRACK_MIN_IOU = 0.5;

/**
 * For each current box, the index of the previous box it continues, or -1 for a new face. Pairs are
 * taken greedily from the highest overlap down, each previous box used at most once.
 */
export function followBoxes(previous: readonly Box[], current: readonly Box[], minIou = TRACK_MIN_IOU): number[] {
  const pairs: { iou: number; p: number; c: number }[] = [];
  previous.forEach((pb, p) =>
    current.forEach((cb, c) => {
      const iou = boxIou(pb, cb);
      if (iou >= minIou) pairs.push({ iou, p, c });
    }),
  );
  pairs.sort((a, b) => b.iou - a.iou);
  const result = new Array<number>(current.length).fill(-1);
  const used = new Set<number>();
  for (const { p, c } of pairs) {
    if (result[c] !== -1 || used.has(p)) continue;
    result[c] = p;
    used.add(p);
  }
  return result;
}
