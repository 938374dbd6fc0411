/**
 * People: both galleries (identification and lookalike), each person with their samples; rename,
 * merge, delete with Undo, and the gallery as a file (export, import, delete everyone).
 */
import { useEffect, useRef } from 'react';
import { Notice } from '../components/Notice.tsx';
import { ConflictList, ConflictNotice } from './conflicts/ConflictList.tsx';
import { useMixUps } from './conflicts/useMixUps.ts';
import { EmptyGallery, NoMatches } from './EmptyGallery.tsx';
import { GalleryTabs, PANEL_ID, tabId } from './GalleryTabs.tsx';
import { GalleryToolbar } from './GalleryToolbar.tsx';
import { plural } from '../../core/text.ts';
import { GALLERY_COPY } from './galleryText.ts';
import { PeopleGrid } from './PeopleGrid.tsx';
import { PersonDetail } from './PersonDetail.tsx';
import { UndoBanner } from './UndoBanner.tsx';
import { BackupReminder } from '../storage/BackupReminder.tsx';
import { usePeople } from './usePeople.ts';
import './people.css';

export function PeopleScreen() {
  const state = usePeople();
  const { kind, people, selected, shown, query, flash, file } = state;
  const listHeading = useRef<HTMLHeadingElement>(null);
  const hadSelection = useRef(false);
  const mixUps = useMixUps(kind, people, state.report, state.undo);

  // Leaving a person's view (back, delete, merge away) puts keyboard focus back on the list, unless
  // the user has moved it on (a tab click also closes the view).
  useEffect(() => {
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (hadSelection.current && !selected && focusLost) listHeading.current?.focus();
    hadSelection.current = selected !== null;
  }, [selected]);

  const sampleCount = people?.reduce((n, p) => n + p.sampleCount, 0) ?? 0;
  const others = selected && people ? people.filter((p) => p.id !== selected.id) : [];

  return (
    <section aria-labelledby="people-heading" className="people-screen">
      <h1 id="people-heading">People</h1>
      <p className="lead">
        Everyone Faceprint can recognise. The galleries are stored only in this browser; export one to keep a copy or move it to another
        device.
      </p>

      <BackupReminder />

      <GalleryTabs kind={kind} counts={state.counts} onSelect={state.selectKind} />

      <div
        role="tabpanel"
        id={PANEL_ID}
        aria-labelledby={tabId(kind)}
        className="gallery-panel"
        data-testid="gallery-panel"
        data-gallery={kind}
      >
        <p className="gallery-purpose muted">
          {GALLERY_COPY[kind].purpose}
          {people && people.length > 0 && (
            <span data-testid="gallery-size">
              {' '}
              {plural(people.length, 'person', 'people')}, {plural(sampleCount, 'sample')}.
            </span>
          )}
        </p>
        {!selected && <ConflictNotice count={mixUps.items?.length ?? 0} error={mixUps.error} listHeading={mixUps.headingRef} />}

        <GalleryToolbar
          kind={kind}
          personCount={people?.length ?? 0}
          sampleCount={sampleCount}
          ready={state.ready}
          query={query}
          onQuery={state.setQuery}
          file={file}
          showFilter={!selected && (people?.length ?? 0) > 1}
        />

        <div aria-live="polite" className="people-flash">
          {flash && (
            <Notice kind={flash.tone} testId={`people-${flash.tone}`}>
              {flash.text}
            </Notice>
          )}
        </div>

        {state.loadError && <Notice kind="error">The gallery could not be loaded: {state.loadError}</Notice>}
        {people === null && !state.loadError && <p className="muted">Loading the gallery…</p>}
        {people && people.length === 0 && <EmptyGallery kind={kind} />}
        {people && people.length > 0 && selected && (
          <PersonDetail
            key={kind}
            person={selected}
            others={others}
            actions={state.actions}
            onClose={() => state.open(null)}
            disabled={!state.ready}
          />
        )}
        {people && people.length > 0 && !selected && shown.length === 0 && <NoMatches query={query} onClear={() => state.setQuery('')} />}
        {people && people.length > 0 && !selected && shown.length > 0 && (
          <PeopleGrid
            people={shown}
            onOpen={(id) => state.open(id)}
            headingRef={listHeading}
            heading={
              query.trim()
                ? `${plural(shown.length, 'person', 'people')} matching “${query.trim()}”`
                : `Everyone in ${GALLERY_COPY[kind].title}`
            }
          />
        )}
        {people && people.length > 0 && !selected && mixUps.items && (
          <ConflictList
            key={kind}
            items={mixUps.items}
            threshold={mixUps.threshold}
            actions={mixUps.actions}
            headingRef={mixUps.headingRef}
          />
        )}
      </div>

      <UndoBanner undo={state.undo} onUndone={(message) => state.report({ tone: 'success', text: message })} />
    </section>
  );
}
