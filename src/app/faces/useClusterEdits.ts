/**
 * The user's corrections to one grouping (clusterEdits.ts) with Undo, and the two actions that write
 * to the People gallery: naming a group (its best faces enrolled under the name; an existing name gets
 * them added) and adding a matched person's best faces to their samples.
 */
import { useReducer, useRef } from 'react';
import { plural } from '../../core/text.ts';
import type { PersonSummary } from '../../worker/api.ts';
import type { UndoState } from '../components/useUndo.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { clusterTitle, editsReducer, initialEdits, type EditsState } from './clusterEdits.ts';
import { toClusterFace, toSample } from './foundFace.ts';
import type { Grouped } from './useFaceGrouping.ts';

export interface ClusterEdits {
  readonly state: EditsState;
  remove(cluster: string, face: string): void;
  merge(from: string, into: string): void;
  ignore(cluster: string): void;
  /** Enrols the group's best faces; resolves to the person, rejects with the reason. */
  name(cluster: string, name: string): Promise<PersonSummary>;
  /** Adds a matched person's best faces to their samples. */
  addToPerson(personId: string): Promise<PersonSummary>;
}

export function useClusterEdits(grouped: Grouped, api: EngineApi | null, undo: UndoState): ClusterEdits {
  const [state, dispatch] = useReducer(editsReducer, grouped, (g) => initialEdits(g.result, [...g.faces.values()].map(toClusterFace)));
  const nextEdit = useRef(1);

  const titleOf = (key: string): string => {
    const cluster = state.clusters.find((c) => c.key === key);
    return cluster ? clusterTitle(cluster) : 'the group';
  };

  const offer = (message: string, undoneMessage: string, edit: number): void =>
    undo.offerUndo({
      message,
      undoneMessage,
      undo: () => {
        dispatch({ type: 'undo', edit });
        return Promise.resolve();
      },
    });

  const remove = (cluster: string, face: string): void => {
    const edit = nextEdit.current++;
    const title = titleOf(cluster);
    dispatch({ type: 'remove', edit, cluster, face });
    offer(`Removed a face from ${title}; it is under "Like no one else" now.`, `The face is back in ${title}.`, edit);
  };

  const merge = (from: string, into: string): void => {
    const edit = nextEdit.current++;
    const [fromTitle, intoTitle] = [titleOf(from), titleOf(into)];
    dispatch({ type: 'merge', edit, from, into });
    offer(`Merged ${fromTitle} into ${intoTitle}.`, `${fromTitle} and ${intoTitle} are apart again.`, edit);
  };

  const ignore = (cluster: string): void => {
    const edit = nextEdit.current++;
    const title = titleOf(cluster);
    dispatch({ type: 'ignore', edit, cluster });
    offer(`Ignored ${title}.`, `${title} is back.`, edit);
  };

  const samplesOf = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const face = grouped.faces.get(id);
      return face ? [toSample(face)] : [];
    });

  const name = async (cluster: string, name: string): Promise<PersonSummary> => {
    const target = state.clusters.find((c) => c.key === cluster);
    if (!target) throw new Error('this group is gone');
    if (!api) throw new Error('the face engine is not ready');
    const samples = samplesOf(target.bestFaceIds);
    const person = await api.enroll('people', name, samples);
    dispatch({ type: 'named', cluster, name: person.name, count: samples.length });
    // The undo history ended with the write: an offer still showing would do nothing.
    undo.dismiss();
    return person;
  };

  const addToPerson = async (personId: string): Promise<PersonSummary> => {
    const target = state.matched.find((m) => m.personId === personId);
    if (!target) throw new Error('this person is not in the results');
    if (!api) throw new Error('the face engine is not ready');
    const samples = samplesOf(target.bestFaceIds);
    const person = await api.enroll('people', target.name, samples);
    dispatch({ type: 'added', personId, count: samples.length });
    return person;
  };

  return {
    state,
    remove,
    merge,
    ignore,
    name,
    addToPerson,
  };
}

export const enrolledText = (count: number, name: string): string => `Enrolled ${plural(count, 'face')} as ${name}.`;
