/**
 * Boxes and landmarks (SVG, in image pixels) and labels and number badges (HTML, in CSS pixels of the
 * photo as displayed) over a photo or video of the same aspect. Labels keep one readable size however
 * large or small the photo's pixels are, never leave the photo, and do not overlap (labelLayout.ts).
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Box, Landmarks } from '../../core/pipeline/detect.ts';
import { layoutLabels, type PlacedFace } from './labelLayout.ts';

export type FaceTone = 'known' | 'uncertain' | 'unknown' | 'filtered' | 'neutral';

export interface FaceMark {
  readonly box: Box;
  readonly landmarks?: Landmarks;
  readonly label: string;
  /** A second, smaller line (the pose, or why a face was not recognised). */
  readonly detail?: string;
  readonly tone: FaceTone;
  /** Shown on a badge in the box's corner, matching the face list; a label that does not fit is left to the list. */
  readonly number?: number;
}

/** Which face is highlighted (its row in a list hovered or focused, or its box hovered), shared by overlay and list. */
export interface FaceHighlight {
  readonly active: number | null;
  readonly setActive: (index: number | null) => void;
}

/** The element's size in CSS pixels, kept up to date as the layout changes. */
function useDisplaySize<T extends HTMLElement>(): [React.RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      const { width, height } = element.getBoundingClientRect();
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

const clip = (v: number, max: number): number => Math.min(max, Math.max(0, v));
const px = (v: number): string => `${Math.round(v * 10) / 10}px`;

function FaceShape({ face, width, height }: { readonly face: FaceMark; readonly width: number; readonly height: number }) {
  // Clipped to the photo: a face cut by the frame's edge gets a box that ends at the edge.
  const x1 = clip(face.box.x1, width);
  const y1 = clip(face.box.y1, height);
  const x2 = clip(face.box.x2, width);
  const y2 = clip(face.box.y2, height);
  const r = Math.max(1.5, (x2 - x1) / 45);
  return (
    <svg className="face-shape" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none">
      <rect x={x1} y={y1} width={x2 - x1} height={y2 - y1} />
      {face.landmarks?.map(
        ([x, y], k) =>
          x >= 0 && y >= 0 && x <= width && y <= height && <circle key={k} cx={x} cy={y} r={r} className={`landmark landmark-${k}`} />,
      )}
    </svg>
  );
}

export function FaceOverlay({
  width,
  height,
  faces,
  highlight,
}: {
  readonly width: number;
  readonly height: number;
  readonly faces: readonly FaceMark[];
  readonly highlight?: FaceHighlight;
}) {
  const [ref, display] = useDisplaySize<HTMLDivElement>();
  const layout: PlacedFace[] =
    display.width > 0 && display.height > 0
      ? layoutLabels(
          faces.map((f) => ({ box: f.box, text: f.label, detail: f.detail, badge: f.number ?? null })),
          { width, height },
          display,
        )
      : [];
  return (
    <div ref={ref} className={`face-overlay${highlight ? ' face-overlay-interactive' : ''}`} aria-hidden="true" data-testid="face-overlay">
      {faces.map((f, i) => {
        const placed = layout[i];
        const active = highlight?.active === i;
        return (
          <div
            key={i}
            className={`face-mark tone-${f.tone}${active ? ' is-active' : ''}`}
            data-face-number={f.number}
            onMouseEnter={highlight ? () => highlight.setActive(i) : undefined}
            onMouseLeave={highlight ? () => highlight.setActive(null) : undefined}
          >
            <FaceShape face={f} width={width} height={height} />
            {placed?.badge && f.number !== undefined && (
              <span className="face-badge" style={{ left: px(placed.badge.x), top: px(placed.badge.y) }}>
                {f.number}
              </span>
            )}
            {placed?.label && (
              <span
                className="face-label"
                data-side={placed.label.side}
                style={{ left: px(placed.label.x), top: px(placed.label.y), width: px(placed.label.width) }}
              >
                {f.label && <span className="face-label-name">{f.label}</span>}
                {f.detail && <span className="face-detail">{f.detail}</span>}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** A photo or video with its face overlay on top. */
export function Annotated({
  width,
  height,
  faces,
  highlight,
  children,
}: {
  readonly width: number;
  readonly height: number;
  readonly faces: readonly FaceMark[];
  readonly highlight?: FaceHighlight;
  readonly children: ReactNode;
}) {
  return (
    <div className="annotated">
      {children}
      {width > 0 && height > 0 && <FaceOverlay width={width} height={height} faces={faces} highlight={highlight} />}
    </div>
  );
}
