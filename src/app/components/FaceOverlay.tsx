/** Boxes, landmarks and labels drawn in image pixels over a photo or video of the same aspect. */
import type { ReactNode } from 'react';
import type { Box, Landmarks } from '../../core/detect.ts';

export type FaceTone = 'known' | 'uncertain' | 'unknown' | 'filtered' | 'neutral';

export interface FaceMark {
  readonly box: Box;
  readonly landmarks?: Landmarks;
  readonly label: string;
  /** A second, smaller line (the pose, or why a face was not recognised). */
  readonly detail?: string;
  readonly tone: FaceTone;
}

export function FaceOverlay({ width, height, faces }: { readonly width: number; readonly height: number; readonly faces: readonly FaceMark[] }) {
  const unit = Math.max(width, height) / 100;
  const stroke = Math.max(1.5, unit * 0.35);
  return (
    <svg className="face-overlay" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
      {faces.map((f, i) => {
        const { x1, y1, x2, y2 } = f.box;
        const size = Math.max(unit * 2.2, (x2 - x1) / 7);
        const above = y1 - size * (f.detail ? 1.9 : 0.6) > 0;
        const labelY = above ? y1 - size * (f.detail ? 1.3 : 0.35) : y2 + size * 1.05;
        // Keep the label inside the picture: SVG cannot measure text here, so estimate its width
        // (bold sans-serif runs about 0.6 em a character).
        const textWidth = Math.max(f.label.length * size * 0.6, (f.detail?.length ?? 0) * size * 0.7 * 0.6);
        const labelX = Math.max(0, Math.min(x1, width - textWidth));
        return (
          <g key={i} className={`face-mark tone-${f.tone}`}>
            <rect x={x1} y={y1} width={x2 - x1} height={y2 - y1} strokeWidth={stroke} />
            {f.landmarks?.map(([x, y], k) => <circle key={k} cx={x} cy={y} r={Math.max(1.5, (x2 - x1) / 45)} className={`landmark landmark-${k}`} />)}
            <text x={labelX} y={labelY} fontSize={size} strokeWidth={size / 8}>
              {f.label}
            </text>
            {f.detail && (
              <text x={labelX} y={labelY + size * 0.95} fontSize={size * 0.7} strokeWidth={size / 10} className="face-detail">
                {f.detail}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A photo or video with its face overlay on top. */
export function Annotated({ width, height, faces, children }: { readonly width: number; readonly height: number; readonly faces: readonly FaceMark[]; readonly children: ReactNode }) {
  return (
    <div className="annotated">
      {children}
      {width > 0 && height > 0 && <FaceOverlay width={width} height={height} faces={faces} />}
    </div>
  );
}
