/** Rename; merge and delete (a person or one sample) with Undo: what the person view does. */
import { useCallback } from 'react';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { errorMessage, plural } from '../../core/text.ts';
import type { PersonSummary, SampleView } from '../../worker/api.ts';
import type { Report } from './flash.ts';
import type { UndoState } from '../components/useUndo.ts';

export interface PersonActions {
  /** Rejects with the worker's message (a name clash suggests merging), shown by the name editor. */
  rename(person: PersonSummary, name: string): Promise<void>;
  /** Resolves true when merged (the view then shows `into`). */
  merge(from: PersonSummary, into: PersonSummary): Promise<boolean>;
  deletePerson(person: PersonSummary): Promise<void>;
  deleteSample(person: PersonSummary, sample: SampleView): Promise<void>;
}

export function usePersonActions(
  api: EngineApi | null,
  report: Report,
  undo: UndoState,
  /** Shows a person's view, or the list (null). */
  open: (personId: string | null) => void,
): PersonActions {
  const { offerUndo } = undo;

  const rename = useCallback(
    async (person: PersonSummary, name: string) => {
      if (!api) throw new Error('The gallery is not available yet.');
      await api.rename(person.id, name);
      report({ tone: 'success', text: `Renamed “${person.name}” to “${name.trim()}”.` });
    },
    [api, report],
  );

  const merge = useCallback(
    async (from: PersonSummary, into: PersonSummary) => {
      if (!api) return false;
      try {
        const record = await api.merge(from.id, into.id);
        open(into.id);
        report(null);
        offerUndo({
          message: `Merged ${from.name} into ${into.name}: ${plural(record.samples.length, 'sample')} moved.`,
          undo: () => api.restore(record),
          undoneMessage: `${from.name} is back, with their ${plural(record.samples.length, 'sample')}.`,
        });
        return true;
      } catch (e) {
        report({ tone: 'error', text: `${from.name} could not be merged: ${errorMessage(e)}` });
        return false;
      }
    },
    [api, report, offerUndo, open],
  );

  const deletePerson = useCallback(
    async (person: PersonSummary) => {
      if (!api) return;
      try {
        const record = await api.deletePerson(person.id);
        open(null);
        report(null);
        offerUndo({
          message: `Deleted ${person.name} (${plural(record.samples.length, 'sample')}).`,
          undo: () => api.restore(record),
          undoneMessage: `${person.name} is back.`,
        });
      } catch (e) {
        report({ tone: 'error', text: `${person.name} could not be deleted: ${errorMessage(e)}` });
      }
    },
    [api, report, offerUndo, open],
  );

  const deleteSample = useCallback(
    async (person: PersonSummary, sample: SampleView) => {
      if (!api) return;
      try {
        const record = await api.deleteSample(sample.id);
        // The worker removes a person with their last sample: there is nothing left to show.
        const lastOne = person.sampleCount <= 1;
        if (lastOne) open(null);
        report(null);
        offerUndo({
          message: lastOne
            ? `Deleted the last sample of ${person.name}, and with it ${person.name}.`
            : `Deleted a sample of ${person.name}.`,
          undo: () => api.restore(record),
          undoneMessage: lastOne ? `${person.name} is back.` : `The sample of ${person.name} is back.`,
        });
      } catch (e) {
        report({ tone: 'error', text: `The sample could not be deleted: ${errorMessage(e)}` });
      }
    },
    [api, report, offerUndo, open],
  );

  return { rename, merge, deletePerson, deleteSample };
}
