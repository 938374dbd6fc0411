/**
 * The People screen's state: which gallery is shown, the filter, the open person, the last message,
 * the Undo offer, and the actions on people and gallery files.
 */
import { useCallback, useMemo, useState } from 'react';
import { useEngine } from '../engine/EngineContext.tsx';
import { useGallery } from '../engine/useGallery.ts';
import type { GalleryKind, PersonSummary } from '../../worker/api.ts';
import type { Flash, Report } from './flash.ts';
import { useGalleryFile, type GalleryFileActions } from './useGalleryFile.ts';
import { usePersonActions, type PersonActions } from './usePersonActions.ts';
import { useUndo, type UndoState } from '../components/useUndo.ts';

export interface PeopleScreenState {
  readonly ready: boolean;
  readonly kind: GalleryKind;
  selectKind(kind: GalleryKind): void;
  /** Both galleries' sizes, for the tabs (null while loading). */
  readonly counts: Readonly<Record<GalleryKind, number | null>>;
  readonly people: readonly PersonSummary[] | null;
  readonly loadError: string | null;
  readonly query: string;
  setQuery(query: string): void;
  /** `people` narrowed by the filter. */
  readonly shown: readonly PersonSummary[];
  /** The open person; null shows the list. */
  readonly selected: PersonSummary | null;
  open(personId: string | null): void;
  readonly flash: Flash | null;
  readonly report: Report;
  readonly undo: UndoState;
  readonly file: GalleryFileActions;
  readonly actions: PersonActions;
}

/** Case- and accent-insensitive, so "jose" finds "José". */
function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

export function usePeople(): PeopleScreenState {
  const { api } = useEngine();
  const [kind, setKind] = useState<GalleryKind>('people');
  const peopleGallery = useGallery('people');
  const celebrityGallery = useGallery('celebrities');
  const current = kind === 'people' ? peopleGallery : celebrityGallery;
  const people = current.people;
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [flash, setFlash] = useState<Flash | null>(null);
  const undoOffers = useUndo();

  // One notice at a time, each about the latest action: a new message replaces an Undo offer (which would
  // otherwise seem to undo the newer change), and a new offer replaces the message.
  const { dismiss: dismissUndo, offerUndo: offerUndoOnly } = undoOffers;
  const report = useCallback<Report>(
    (next) => {
      setFlash(next);
      if (next) dismissUndo();
    },
    [dismissUndo],
  );
  const offerUndo = useCallback<UndoState['offerUndo']>(
    (offer) => {
      setFlash(null);
      offerUndoOnly(offer);
    },
    [offerUndoOnly],
  );
  const undo: UndoState = { ...undoOffers, offerUndo };
  // Moving between the list and a person starts with a clean slate; an action's own report follows.
  const open = useCallback((personId: string | null) => {
    setSelectedId(personId);
    setFlash(null);
  }, []);

  const selectKind = useCallback((next: GalleryKind) => {
    setKind(next);
    setSelectedId(null);
    setQuery('');
    setFlash(null);
  }, []);

  const shown = useMemo(() => {
    const key = searchKey(query);
    if (!people) return [];
    return key ? people.filter((p) => searchKey(p.name).includes(key)) : people;
  }, [people, query]);

  // A person deleted or merged away (here or in another tab) simply closes their view.
  const selected = people?.find((p) => p.id === selectedId) ?? null;

  const file = useGalleryFile(api, kind, people, report, undo);
  const actions = usePersonActions(api, report, undo, open);

  return {
    ready: api !== null,
    kind,
    selectKind,
    counts: { people: peopleGallery.people?.length ?? null, celebrities: celebrityGallery.people?.length ?? null },
    people,
    loadError: current.error,
    query,
    setQuery,
    shown,
    selected,
    open,
    flash,
    report,
    undo,
    file,
    actions,
  };
}
