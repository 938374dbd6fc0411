import { describe, expect, it } from 'vitest';
import {
  faceNumbers,
  intersects,
  layoutLabels,
  leftToRight,
  LABEL_METRICS,
  type LabelInput,
  type Rect,
} from '../src/app/components/labelLayout.ts';

const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 });
const inside = (r: Rect, w: number, h: number) => r.x >= 0 && r.y >= 0 && r.x + r.width <= w + 1e-9 && r.y + r.height <= h + 1e-9;

describe('face label layout', () => {
  it('clips a box that runs past a tight crop and keeps the label on the photo, in display pixels', () => {
    // A 150 px crop whose detected box runs past every edge, shown at 300 × 300 CSS px.
    const faces: LabelInput[] = [{ box: box(-20, -30, 170, 180), text: 'Uncertain: Leonard? 0.40', badge: 1 }];
    const [face] = layoutLabels(faces, { width: 150, height: 150 }, { width: 300, height: 300 });
    expect(face!.box).toEqual({ x: 0, y: 0, width: 300, height: 300 });
    expect(face!.badge).toEqual({ x: 0, y: 0, width: LABEL_METRICS.badgeSize, height: LABEL_METRICS.badgeSize });
    // No room above or below: inside the box, under its badge, and the label's size does not grow with the box.
    expect(face!.label).toMatchObject({ side: 'inside', y: LABEL_METRICS.badgeSize });
    expect(face!.label!.height).toBeLessThan(30);
    expect(inside(face!.label!, 300, 300)).toBe(true);
  });

  it("gives the same label size whatever the photo's pixel size", () => {
    const label = (imageSide: number) =>
      layoutLabels(
        [{ box: box(imageSide * 0.3, imageSide * 0.3, imageSide * 0.6, imageSide * 0.6), text: 'Unknown 0.12', badge: null }],
        { width: imageSide, height: imageSide },
        { width: 400, height: 400 },
      )[0]!.label!;
    const small = label(150);
    const large = label(4000);
    expect(small.width).toBe(large.width);
    expect(small.height).toBe(large.height);
    expect(small.side).toBe('above');
  });

  it("moves a label that would overlap its neighbour's below its box, and leaves one out when it fits nowhere", () => {
    // Two faces side by side, close together: both labels above would collide.
    const faces: LabelInput[] = [
      { box: box(100, 100, 160, 170), text: 'Uncertain: Leonard? 0.40', badge: 1 },
      { box: box(165, 100, 225, 170), text: 'Unknown 0.12', badge: 2 },
    ];
    const placed = layoutLabels(faces, { width: 400, height: 300 }, { width: 400, height: 300 });
    const [a, b] = placed.map((p) => p.label!);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(intersects(a!, b!)).toBe(false);
    expect(new Set([a!.side, b!.side]).size).toBe(2);
    for (const p of placed) expect(inside(p.label!, 400, 300)).toBe(true);

    // Three faces in a strip the height of the faces: no room above or below, and inside only for the first.
    const strip = layoutLabels(
      [
        { box: box(0, 0, 40, 40), text: 'Barack Obama 0.71', badge: 1 },
        { box: box(40, 0, 80, 40), text: 'Joe Biden 0.66', badge: 2 },
        { box: box(80, 0, 120, 40), text: 'Unknown 0.10', badge: 3 },
      ],
      { width: 120, height: 40 },
      { width: 120, height: 40 },
    );
    const shown = strip.map((p) => p.label).filter((l): l is NonNullable<typeof l> => l !== null);
    expect(shown.length).toBeLessThan(3);
    // Every face keeps its numbered badge, so the list can name what the photo cannot.
    expect(strip.every((p) => p.badge !== null)).toBe(true);
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) expect(intersects(shown[i]!, shown[j]!)).toBe(false);
      for (const p of strip) if (p.badge && p.label !== shown[i]) expect(intersects(shown[i]!, p.badge)).toBe(false);
    }
  });

  it('never places labels on top of each other in a crowded photo', () => {
    // A row of 8 faces at phone width: whatever is shown stays apart and on the photo.
    const faces: LabelInput[] = Array.from({ length: 8 }, (_, i) => ({
      box: box(i * 120 + 10, 200, i * 120 + 110, 320),
      text: `Person number ${i} 0.55`,
      detail: 'Turned too far to the side',
      badge: i + 1,
    }));
    const display = { width: 358, height: 179 };
    const placed = layoutLabels(faces, { width: 960, height: 480 }, display);
    const labels = placed.flatMap((p) => (p.label ? [p.label] : []));
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(inside(l, display.width, display.height)).toBe(true);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) expect(intersects(labels[i]!, labels[j]!)).toBe(false);
  });

  it('drops a box wholly outside the photo', () => {
    const [face] = layoutLabels(
      [{ box: box(200, 10, 260, 60), text: 'Unknown', badge: 1 }],
      { width: 150, height: 150 },
      { width: 150, height: 150 },
    );
    expect(face).toEqual({ box: null, badge: null, label: null });
  });

  it('numbers faces left to right by the centre of their box', () => {
    const boxes = [box(300, 0, 400, 100), box(0, 50, 100, 150), box(150, 0, 250, 100), box(0, 200, 100, 300)];
    expect(leftToRight(boxes)).toEqual([1, 3, 2, 0]);
    expect(faceNumbers(boxes)).toEqual([4, 1, 3, 2]);
  });
});
