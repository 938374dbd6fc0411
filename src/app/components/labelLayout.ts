/**
 * Where the face boxes, number badges and labels go on a photo as it is DISPLAYED (CSS pixels): boxes
 * clipped to the photo, labels a fixed readable size whatever the photo's pixel size, and placed
 * above, below or inside their box so that no two labels (or a label and another face's badge)
 * overlap. A label that fits nowhere is left out: the numbered badge on the box and the face list
 * beside the photo carry the name. Pure, so it is unit-tested (test/labelLayout.test.ts).
 */
import type { Box } from '../../core/pipeline/detect.ts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LabelInput {
  /** In image pixels. */
  readonly box: Box;
  /** The label's first line; '' for none. */
  readonly text: string;
  /** A second, smaller line. */
  readonly detail?: string;
  /** The face's number on a badge in the box's corner; null for none. */
  readonly badge: number | null;
}

export interface LabelMetrics {
  readonly fontSize: number;
  readonly detailSize: number;
  /** Average glyph width as a share of the font size (bold DejaVu Sans, Chromium's sans-serif on Linux, runs about 0.68). */
  readonly charWidth: number;
  readonly lineHeight: number;
  /** Inner padding of a label, each side. */
  readonly padding: number;
  readonly badgeSize: number;
}

export const LABEL_METRICS: LabelMetrics = { fontSize: 12, detailSize: 11, charWidth: 0.68, lineHeight: 1.25, padding: 3, badgeSize: 18 };

export type LabelSide = 'above' | 'below' | 'inside';

export interface PlacedFace {
  /** The box in display pixels, clipped to the photo; null when it lies wholly outside. */
  readonly box: Rect | null;
  readonly badge: Rect | null;
  readonly label: (Rect & { readonly side: LabelSide }) | null;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The part of `r` inside width × height; null when none is. */
export function clipRect(r: Rect, width: number, height: number): Rect | null {
  const x1 = Math.max(0, r.x);
  const y1 = Math.max(0, r.y);
  const x2 = Math.min(width, r.x + r.width);
  const y2 = Math.min(height, r.y + r.height);
  return x2 > x1 && y2 > y1 ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } : null;
}

/** Face indexes from left to right (by the box's centre; top to bottom on a tie), the order of the face list. */
export function leftToRight(boxes: readonly Box[]): number[] {
  const centre = (b: Box): [number, number] => [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];
  return boxes
    .map((_, i) => i)
    .sort((a, b) => {
      const [ax, ay] = centre(boxes[a]!);
      const [bx, by] = centre(boxes[b]!);
      return ax - bx || ay - by || a - b;
    });
}

/** 1-based number of each face (by index) in left-to-right order. */
export function faceNumbers(boxes: readonly Box[]): number[] {
  const numbers = new Array<number>(boxes.length);
  leftToRight(boxes).forEach((index, rank) => (numbers[index] = rank + 1));
  return numbers;
}

/** The label's size, estimated (the DOM is not measured); text longer than the photo is cut with an ellipsis. */
function labelSize(face: LabelInput, m: LabelMetrics, maxWidth: number): { width: number; height: number } | null {
  if (!face.text && !face.detail) return null;
  const line = (text: string | undefined, size: number) => (text ? text.length * size * m.charWidth : 0);
  const width = Math.min(maxWidth, Math.ceil(Math.max(line(face.text, m.fontSize), line(face.detail, m.detailSize)) + 2 * m.padding));
  const height = Math.ceil((face.text ? m.fontSize * m.lineHeight : 0) + (face.detail ? m.detailSize * m.lineHeight : 0) + 2 * m.padding);
  return { width, height };
}

/**
 * Lays out every face for a photo of imageWidth × imageHeight pixels shown at displayWidth ×
 * displayHeight CSS pixels. Badges first (they are never left out); then labels, largest face first
 * (it has the most room and is the likeliest subject), each at the first of above / below / inside its
 * box that stays on the photo and clear of the labels and badges already placed.
 */
export function layoutLabels(
  faces: readonly LabelInput[],
  image: { readonly width: number; readonly height: number },
  display: { readonly width: number; readonly height: number },
  m: LabelMetrics = LABEL_METRICS,
): PlacedFace[] {
  const sx = display.width / Math.max(1, image.width);
  const sy = display.height / Math.max(1, image.height);
  const boxes = faces.map((f) =>
    clipRect(
      { x: f.box.x1 * sx, y: f.box.y1 * sy, width: (f.box.x2 - f.box.x1) * sx, height: (f.box.y2 - f.box.y1) * sy },
      display.width,
      display.height,
    ),
  );
  const badges = faces.map((f, i): Rect | null => {
    const box = boxes[i];
    if (f.badge === null || !box) return null;
    const size = m.badgeSize;
    // In the box's top-left corner, kept on the photo when the box is at its right or bottom edge.
    return {
      x: Math.max(0, Math.min(box.x, display.width - size)),
      y: Math.max(0, Math.min(box.y, display.height - size)),
      width: size,
      height: size,
    };
  });
  const placed: Rect[] = [];
  const labels: PlacedFace['label'][] = faces.map(() => null);
  const bySize = faces.map((_, i) => i).sort((a, b) => area(boxes[b]) - area(boxes[a]) || a - b);
  for (const i of bySize) {
    const box = boxes[i];
    const size = box && labelSize(faces[i]!, m, display.width);
    if (!box || !size) continue;
    const x = Math.max(0, Math.min(box.x, display.width - size.width));
    const badge = badges[i];
    const candidates: (Rect & { side: LabelSide })[] = [
      { side: 'above', x, y: box.y - size.height, ...size },
      { side: 'below', x, y: box.y + box.height, ...size },
      // Inside, under the face's own badge (when it has one).
      { side: 'inside', x, y: badge ? badge.y + badge.height : box.y, ...size },
    ];
    const obstacles = [...placed, ...badges.filter((b, k): b is Rect => b !== null && k !== i)];
    const fits = (c: Rect) => c.y >= 0 && c.y + c.height <= display.height && !obstacles.some((o) => intersects(c, o));
    // Clear of other faces' boxes if possible (a label over someone's face hides it), else of labels and badges only.
    const others = boxes.filter((b, k): b is Rect => b !== null && k !== i);
    const chosen = candidates.find((c) => fits(c) && !others.some((o) => intersects(c, o))) ?? candidates.find(fits) ?? null;
    if (!chosen) continue;
    labels[i] = chosen;
    placed.push(chosen);
  }
  return faces.map((_, i) => ({ box: boxes[i] ?? null, badge: badges[i] ?? null, label: labels[i] ?? null }));
}

const area = (r: Rect | null | undefined): number => (r ? r.width * r.height : 0);
