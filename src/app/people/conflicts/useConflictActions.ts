/**
 * The fixes a mix-up offers: merge the two people, move the sample to the person it looks like, delete
 * it (each with Undo, through the People screen's notice and Undo banner), or dismiss it.
 */
import { useCallback } from 'react';
import { errorMessage } from '../../../core/text.ts';
import type { EngineApi } from '../../engine/EngineContext.tsx';
import type { Report } from '../flash.ts';
import { usePersonActions } from '../usePersonActions.ts';
import type { UndoState } from '../useUndo.ts';
import type { Conflict, MisfiledSample, PeopleConflict } from './useConflicts.ts';

export interface ConflictActions {
  /** Each reports its own result (a notice, or the Undo banner); the conflict leaves the list once the gallery changes. */
  merge(conflict: PeopleConflict): Promise<unknown>;
  move(conflict: MisfiledSample): Promise<unknown>;
  deleteSample(conflict: MisfiledSample): Promise<unknown>;
  dismiss(conflict: Conflict): void;
}

/** The person with fewer samples goes into the one with more (their name stays). */
export function mergeDirection(conflict: PeopleConflict): { readonly from: PeopleConflict['a']; readonly into: PeopleConflict['a'] } {
  const { a, b } = conflict;
  return b.sampleCount > a.sampleCount ? { from: a, into: b } : { from: b, into: a };
}

// The list stays on screen after a merge: no person view opens.
const stayOnList = (): void => undefined;

export function useConflictActions(
  api: EngineApi | null,
  report: Report,
  undo: UndoState,
  silence: (conflict: Conflict) => void,
): ConflictActions {
  const { merge: mergePeople, deleteSample: deleteOne } = usePersonActions(api, report, undo, stayOnList);
  const { offerUndo } = undo;

  const merge = useCallback(
    (conflict: PeopleConflict) => {
      const { from, into } = mergeDirection(conflict);
      return mergePeople(from, into);
    },
    [mergePeople],
  );

  const move = useCallback(
    async ({ person, sample, other }: MisfiledSample) => {
      if (!api) return;
      try {
        const record = await api.moveSample(sample.id, other.id);
        const lastOne = person.sampleCount <= 1;
        report(null);
        offerUndo({
          message: lastOne
            ? `Moved the last sample of ${person.name} to ${other.name}, and with it ${person.name} left the gallery.`
            : `Moved a sample of ${person.name} to ${other.name}.`,
          undo: () => api.restore(record),
          undoneMessage: `The sample is back with ${person.name}.`,
        });
      } catch (e) {
        report({ tone: 'error', text: `The sample could not be moved to ${other.name}: ${errorMessage(e)}` });
      }
    },
    [api, report, offerUndo],
  );

  const deleteSample = useCallback(({ person, sample }: MisfiledSample) => deleteOne(person, sample), [deleteOne]);

  const dismiss = useCallback(
    (conflict: Conflict) => {
      silence(conflict);
      report({
        tone: 'info',
        text:
          conflict.type === 'people'
            ? `${conflict.a.name} and ${conflict.b.name} are marked as different people: they will not be listed as a possible mix-up again.`
            : `The sample stays with ${conflict.person.name}: it will not be listed as looking like ${conflict.other.name} again.`,
      });
    },
    [silence, report],
  );

  return { merge, move, deleteSample, dismiss };
}
