/**
 * The shown gallery's possible mix-ups at the user's threshold (the worker's findConflicts), with the
 * two faces of each, minus those the user has dismissed; reloaded whenever the gallery or the threshold
 * changes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../../core/text.ts';
import type { GalleryConflicts, GalleryKind, PersonSummary, SampleView } from '../../../worker/api.ts';
import { useEngine } from '../../engine/EngineContext.tsx';
import { useSettings } from '../../settings/SettingsContext.tsx';
import { loadSilenced, pairKey, saveSilenced } from './silencedPairs.ts';

/** Two people whose closest photos reach the threshold: one person twice, or relatives. */
export interface PeopleConflict {
  readonly type: 'people';
  /** The pair's key, for React and for silencing. */
  readonly key: string;
  readonly a: PersonSummary;
  readonly b: PersonSummary;
  readonly sampleA: SampleView;
  readonly sampleB: SampleView;
  readonly similarity: number;
}

/** A sample more like someone else than like its own person's other samples: the wrong name? */
export interface MisfiledSample {
  readonly type: 'sample';
  readonly key: string;
  readonly person: PersonSummary;
  readonly sample: SampleView;
  readonly other: PersonSummary;
  readonly otherSample: SampleView;
  readonly similarity: number;
  readonly ownSimilarity: number;
}

export type Conflict = PeopleConflict | MisfiledSample;

export interface ConflictsState {
  /** null until the first answer. */
  readonly items: readonly Conflict[] | null;
  readonly error: string | null;
  readonly threshold: number;
  /** Not shown again, here or after a reload. */
  silence(conflict: Conflict): void;
}

interface Loaded {
  readonly kind: GalleryKind;
  readonly conflicts: GalleryConflicts;
  readonly samples: ReadonlyMap<string, SampleView>;
}

export function useConflicts(kind: GalleryKind, people: readonly PersonSummary[] | null): ConflictsState {
  const { api, galleryVersion } = useEngine();
  const version = galleryVersion[kind];
  const { settings } = useSettings();
  const { threshold, uncertainBand } = settings;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [silenced, setSilenced] = useState<ReadonlySet<string>>(loadSilenced);

  useEffect(() => {
    if (!api) return;
    let live = true;
    (async () => {
      const conflicts = await api.findConflicts(kind, { threshold, uncertainBand });
      // The two faces of each conflict: the samples of everyone involved, read once per person.
      const ids = new Set([
        ...conflicts.people.flatMap((c) => [c.personA, c.personB]),
        ...conflicts.samples.flatMap((c) => [c.person, c.otherPerson]),
      ]);
      const lists = await Promise.all([...ids].map((id) => api.listSamples(id)));
      return { kind, conflicts, samples: new Map(lists.flat().map((s) => [s.id, s])) };
    })().then(
      (result) => {
        if (!live) return;
        setLoaded(result);
        setError(null);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, kind, version, threshold, uncertainBand]);

  // After a gallery switch, nothing until that gallery's own answer arrives.
  const items = useMemo(
    () => (loaded?.kind === kind && people ? conflictItems(loaded, people, silenced) : null),
    [loaded, kind, people, silenced],
  );

  const silence = useCallback((conflict: Conflict) => {
    // From what is stored now, so pairs forgotten by "Delete everything" are not written back.
    const next = loadSilenced().add(conflict.key);
    saveSilenced(next);
    setSilenced(next);
  }, []);

  return { items, error, threshold, silence };
}

/** Joins the worker's ids to the people and samples shown; a conflict whose person or sample has gone since is dropped. */
function conflictItems(loaded: Loaded, people: readonly PersonSummary[], silenced: ReadonlySet<string>): Conflict[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const { samples } = loaded;
  const items: Conflict[] = [];
  for (const c of loaded.conflicts.people) {
    const [a, b, sampleA, sampleB] = [byId.get(c.personA), byId.get(c.personB), samples.get(c.sampleA), samples.get(c.sampleB)];
    const key = pairKey(c.personA, c.personB);
    if (a && b && sampleA && sampleB && !silenced.has(key))
      items.push({ type: 'people', key, a, b, sampleA, sampleB, similarity: c.similarity });
  }
  for (const c of loaded.conflicts.samples) {
    const [person, other, sample, otherSample] = [
      byId.get(c.person),
      byId.get(c.otherPerson),
      samples.get(c.sample),
      samples.get(c.otherSample),
    ];
    const key = pairKey(c.sample, c.otherPerson);
    if (person && other && sample && otherSample && !silenced.has(key))
      items.push({ type: 'sample', key, person, sample, other, otherSample, similarity: c.similarity, ownSimilarity: c.ownSimilarity });
  }
  return items;
}
