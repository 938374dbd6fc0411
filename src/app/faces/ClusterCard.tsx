/** One group of faces: its faces, and Name, Merge, Ignore; once named, what was enrolled. */
import { useId, useState } from 'react';
import { plural } from '../../core/text.ts';
import type { PersonSummary } from '../../worker/api.ts';
import { clusterTitle, type EditableCluster } from './clusterEdits.ts';
import { FaceGrid } from './FaceGrid.tsx';
import type { FoundFace } from './foundFace.ts';
import { NameForm } from './NameForm.tsx';

export const clusterHeadingId = (key: string): string => `faces-group-${key}-heading`;

function photoCount(ids: readonly string[], faces: ReadonlyMap<string, FoundFace>): number {
  return new Set(ids.map((id) => faces.get(id)?.photo.id)).size;
}

export function ClusterCard({
  cluster,
  others,
  faces,
  people,
  onOpen,
  onRemove,
  onMerge,
  onIgnore,
  onName,
}: {
  readonly cluster: EditableCluster;
  /** The other open groups, to merge with. */
  readonly others: readonly EditableCluster[];
  readonly faces: ReadonlyMap<string, FoundFace>;
  readonly people: readonly PersonSummary[] | null;
  readonly onOpen: (face: FoundFace, opener: HTMLElement) => void;
  readonly onRemove: (faceId: string, position: number) => void;
  readonly onMerge: (other: string) => void;
  readonly onIgnore: () => void;
  readonly onName: (name: string) => Promise<unknown>;
}) {
  const title = clusterTitle(cluster);
  const [mergeWith, setMergeWith] = useState('');
  const selectId = useId();
  const target = others.find((c) => c.key === mergeWith) ?? others[0];
  const count = cluster.faceIds.length;
  return (
    <article
      className={`card faces-group faces-group-${cluster.status}`}
      aria-labelledby={clusterHeadingId(cluster.key)}
      data-testid="faces-group"
      data-group={cluster.number}
      data-status={cluster.status}
      data-count={count}
    >
      <h3 id={clusterHeadingId(cluster.key)} tabIndex={-1}>
        {cluster.enrolled ? cluster.enrolled.name : title}{' '}
        <span className="muted faces-group-count">
          · {plural(count, 'face')} in {plural(photoCount(cluster.faceIds, faces), 'photo')}
        </span>
      </h3>
      {cluster.enrolled ? (
        <p className="faces-done" data-testid="faces-group-done">
          Enrolled {plural(cluster.enrolled.count, 'face')} as {cluster.enrolled.name}. <a href="#/people">See People</a>
        </p>
      ) : (
        <>
          <FaceGrid
            gridId={`faces-${cluster.key}`}
            title={title}
            faceIds={cluster.faceIds}
            faces={faces}
            best={new Set(cluster.bestFaceIds)}
            onOpen={onOpen}
            onRemove={onRemove}
          />
          <NameForm title={title} count={cluster.bestFaceIds.length} people={people} onName={onName} />
          <div className="row faces-group-actions">
            {target && (
              <div className="row faces-merge">
                <label htmlFor={selectId}>Same person as</label>
                <select
                  id={selectId}
                  value={target.key}
                  onChange={(event) => setMergeWith(event.target.value)}
                  data-testid="faces-merge-target"
                >
                  {others.map((c) => (
                    <option key={c.key} value={c.key}>
                      {clusterTitle(c)} ({plural(c.faceIds.length, 'face')})
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  onClick={() => onMerge(target.key)}
                  aria-label={`Merge ${clusterTitle(target)} into ${title}`}
                  data-testid="faces-merge"
                >
                  Merge
                </button>
              </div>
            )}
            <button type="button" onClick={onIgnore} aria-label={`Ignore ${title}`} data-testid="faces-ignore">
              Ignore
            </button>
          </div>
        </>
      )}
    </article>
  );
}
