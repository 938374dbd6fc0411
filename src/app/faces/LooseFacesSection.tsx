/** A card of faces outside every group ("Like no one else", "Too small to group"): heading with the count, why, and the grid. */
import type { ReactNode } from 'react';
import { FaceGrid } from './FaceGrid.tsx';
import type { FoundFace } from './foundFace.ts';

export function LooseFacesSection({
  id,
  title,
  faceIds,
  faces,
  onOpen,
  children,
}: {
  /** The section's test id; the grid and heading ids derive from it. */
  readonly id: string;
  readonly title: string;
  readonly faceIds: readonly string[];
  readonly faces: ReadonlyMap<string, FoundFace>;
  readonly onOpen: (face: FoundFace, opener: HTMLElement) => void;
  /** Why these faces are apart. */
  readonly children: ReactNode;
}) {
  if (faceIds.length === 0) return null;
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="faces-section card" data-testid={id} data-count={faceIds.length}>
      <h2 id={headingId}>
        {title} ({faceIds.length})
      </h2>
      <p className="muted">{children}</p>
      <FaceGrid gridId={id} title={title} faceIds={faceIds} faces={faces} onOpen={onOpen} />
    </section>
  );
}
