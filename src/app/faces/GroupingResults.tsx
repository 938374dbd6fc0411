/**
 * The grouping's results and the user's corrections: enrolled people first, then the groups (largest
 * first), then faces like no other and faces too small to group. Keyed by the grouping, so a new
 * grouping starts with fresh edits.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { plural } from '../../core/text.ts';
import { UndoBanner } from '../components/UndoBanner.tsx';
import { useUndo } from '../components/useUndo.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { useGallery } from '../engine/useGallery.ts';
import { ClusterCard, clusterHeadingId } from './ClusterCard.tsx';
import { openClusters } from './clusterEdits.ts';
import { removeButtonId } from './FaceGrid.tsx';
import { FacePhotoDialog } from './FacePhotoDialog.tsx';
import { LooseFacesSection } from './LooseFacesSection.tsx';
import type { FoundFace } from './foundFace.ts';
import { MatchedPersonCard } from './MatchedPersonCard.tsx';
import { enrolledText, useClusterEdits } from './useClusterEdits.ts';
import type { Grouped } from './useFaceGrouping.ts';

/** Groups shown before "Show more groups". */
const GROUPS_SHOWN = 40;
const RESULTS_HEADING_ID = 'faces-results-heading';

/** Focus moves to an element by id after the next render (the element may only exist then). */
function usePendingFocus(): (id: string) => void {
  const pending = useRef<string | null>(null);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (pending.current === null) return;
    const id = pending.current;
    pending.current = null;
    document.getElementById(id)?.focus();
  }, [request]);
  return useCallback((id: string) => {
    pending.current = id;
    setRequest((n) => n + 1);
  }, []);
}

export function GroupingResults({ grouped, api }: { readonly grouped: Grouped; readonly api: EngineApi | null }) {
  const undo = useUndo();
  const edits = useClusterEdits(grouped, api, undo);
  const { people } = useGallery('people');
  const [announcement, setAnnouncement] = useState('');
  const [shownGroups, setShownGroups] = useState(GROUPS_SHOWN);
  const [photo, setPhoto] = useState<{ face: FoundFace; opener: HTMLElement } | null>(null);
  const focusById = usePendingFocus();
  const { state } = edits;
  const faces = grouped.faces;
  const open = openClusters(state);
  const visible = state.clusters.filter((c) => c.status !== 'ignored');
  const ignored = state.clusters.length - visible.length;

  /** The heading of the open group after `key` (else before it), else the results heading. */
  const nextHeading = (key: string): string => {
    const at = open.findIndex((c) => c.key === key);
    const next = open[at + 1] ?? open[at - 1];
    return next && next.key !== key ? clusterHeadingId(next.key) : RESULTS_HEADING_ID;
  };

  const onOpen = (face: FoundFace, opener: HTMLElement): void => setPhoto({ face, opener });

  return (
    <section className="faces-results" aria-labelledby={RESULTS_HEADING_ID}>
      <h2 id={RESULTS_HEADING_ID} tabIndex={-1}>
        People in these photos
      </h2>
      <p className="muted" data-testid="faces-summary">
        {[
          plural(state.matched.length, 'enrolled person', 'enrolled people'),
          plural(open.length, 'group') + ' to name',
          `${plural(state.others.length, 'face')} like no one else`,
          `${plural(state.tooSmall.length, 'face')} too small`,
        ].join(' · ')}
        {ignored > 0 && ` · ${plural(ignored, 'group')} ignored`}
      </p>
      {/* Edits and enrolments are announced here; the Undo toast announces its own message. */}
      <p className="visually-hidden" aria-live="polite" data-testid="faces-announce">
        {announcement}
      </p>

      {state.matched.length > 0 && (
        <section aria-labelledby="faces-matched-heading" className="faces-section">
          <h2 id="faces-matched-heading">Already enrolled</h2>
          <div className="faces-groups">
            {state.matched.map((person) => (
              <MatchedPersonCard
                key={person.personId}
                person={person}
                faces={faces}
                onOpen={onOpen}
                onAdd={async () => {
                  const result = await edits.addToPerson(person.personId);
                  setAnnouncement(`Added ${plural(person.bestFaceIds.length, 'sample')} to ${result.name}.`);
                }}
              />
            ))}
          </div>
        </section>
      )}

      <section aria-labelledby="faces-groups-heading" className="faces-section">
        <h2 id="faces-groups-heading">Groups</h2>
        {visible.length === 0 ? (
          <p className="muted" data-testid="faces-no-groups">
            No two faces here look alike enough to be one person{state.matched.length > 0 ? ' (besides the people already enrolled)' : ''}.
          </p>
        ) : (
          <div className="faces-groups">
            {visible.slice(0, shownGroups).map((cluster) => (
              <ClusterCard
                key={cluster.key}
                cluster={cluster}
                others={open.filter((c) => c.key !== cluster.key)}
                faces={faces}
                people={people}
                onOpen={onOpen}
                onRemove={(faceId, position) => {
                  const left = cluster.faceIds.length - 1;
                  edits.remove(cluster.key, faceId);
                  const gridId = `faces-${cluster.key}`;
                  focusById(left === 0 ? nextHeading(cluster.key) : removeButtonId(gridId, Math.min(position, left - 1)));
                }}
                onMerge={(other) => {
                  edits.merge(other, cluster.key);
                  focusById(clusterHeadingId(cluster.key));
                }}
                onIgnore={() => {
                  const target = nextHeading(cluster.key);
                  edits.ignore(cluster.key);
                  focusById(target);
                }}
                onName={async (name) => {
                  const target = nextHeading(cluster.key);
                  const person = await edits.name(cluster.key, name);
                  setAnnouncement(enrolledText(cluster.bestFaceIds.length, person.name));
                  focusById(target === RESULTS_HEADING_ID ? clusterHeadingId(cluster.key) : target);
                }}
              />
            ))}
          </div>
        )}
        {visible.length > shownGroups && (
          <button type="button" onClick={() => setShownGroups((n) => n + GROUPS_SHOWN)} data-testid="faces-more-groups">
            Show more groups ({visible.length - shownGroups} left)
          </button>
        )}
      </section>

      <LooseFacesSection id="faces-others" title="Like no one else" faceIds={state.others} faces={faces} onOpen={onOpen}>
        Each of these faces looks like no other face here (or you took it out of a group). Add more photos of the same person and they will
        form a group.
      </LooseFacesSection>
      <LooseFacesSection id="faces-too-small" title="Too small to group" faceIds={state.tooSmall} faces={faces} onOpen={onOpen}>
        These faces are narrower than {grouped.settings.minBoxWidth} pixels in their photos: too few pixels to tell people apart reliably,
        so they are left out of the groups.
      </LooseFacesSection>

      {photo && <FacePhotoDialog key={photo.face.id} face={photo.face} returnFocus={photo.opener} onClose={() => setPhoto(null)} />}
      <UndoBanner
        undo={undo}
        onUndone={(message) => {
          setAnnouncement(message);
          focusById(RESULTS_HEADING_ID);
        }}
      />
    </section>
  );
}
