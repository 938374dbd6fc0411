/**
 * The Enroll screen's state: the shots collected so far (from the webcam and from photos), the name,
 * and saving them to the 'people' gallery. Nothing is written until save().
 */
import { useCallback, useState } from 'react';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { errorMessage } from '../../core/text.ts';
import { sampleOf, type Shot } from './shots.ts';
import { askPersistenceOnce } from '../storage/persistence.ts';

export interface SavedPerson {
  readonly name: string;
  /** Shots added by this save. */
  readonly added: number;
  /** The person's samples in all, after it. */
  readonly total: number;
}

export interface EnrollState {
  readonly shots: readonly Shot[];
  readonly name: string;
  readonly saving: boolean;
  readonly saveError: string | null;
  /** The last successful save, until the next shot is added. */
  readonly saved: SavedPerson | null;
  /** Who each saved shot went to (by shot id), until start over: the photo list says where its photos went. */
  readonly savedTo: ReadonlyMap<string, string>;
  addShots(shots: readonly Shot[]): void;
  removeShot(id: string): void;
  /** The user typed: from now on, photo names no longer fill the field. */
  setName(name: string): void;
  /** A name suggested by picked photos, used only when the user has not typed one. */
  suggestName(name: string): void;
  save(): Promise<void>;
  /** Clears the shots, the name and any message. */
  startOver(): void;
}

export { MAX_NAME_LENGTH } from '../../core/formats/sampleRules.ts';

export function useEnroll(api: EngineApi | null): EnrollState {
  const [shots, setShots] = useState<readonly Shot[]>([]);
  const [name, setNameState] = useState('');
  const [nameTyped, setNameTyped] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedPerson | null>(null);
  const [savedTo, setSavedTo] = useState<ReadonlyMap<string, string>>(new Map());

  const addShots = useCallback((added: readonly Shot[]) => {
    if (added.length === 0) return;
    setShots((previous) => [...previous, ...added]);
    setSaved(null);
    setSaveError(null);
  }, []);

  const removeShot = useCallback((id: string) => setShots((previous) => previous.filter((s) => s.id !== id)), []);

  const setName = useCallback((value: string) => {
    setNameState(value);
    setNameTyped(value.trim() !== '');
    setSaveError(null);
  }, []);

  const suggestName = useCallback(
    (value: string) => {
      if (!nameTyped) setNameState(value);
    },
    [nameTyped],
  );

  const startOver = useCallback(() => {
    setShots([]);
    setNameState('');
    setNameTyped(false);
    setSaveError(null);
    setSaved(null);
    setSavedTo(new Map());
  }, []);

  const save = useCallback(async () => {
    const clean = name.trim();
    if (!api || shots.length === 0 || clean === '' || saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      const person = await api.enroll('people', clean, shots.map(sampleOf));
      void askPersistenceOnce(); // The first face saved: time to ask the browser to keep the data.
      setSaved({ name: person.name, added: shots.length, total: person.sampleCount });
      setSavedTo((previous) => new Map([...previous, ...shots.map((s): [string, string] => [s.id, person.name])]));
      setShots([]);
      setNameState('');
      setNameTyped(false);
    } catch (e) {
      // The shots stay, so the user can fix the name and try again.
      setSaveError(`Could not save: ${errorMessage(e)}`);
    } finally {
      setSaving(false);
    }
  }, [api, name, saving, shots]);

  return { shots, name, saving, saveError, saved, savedTo, addShots, removeShot, setName, suggestName, save, startOver };
}
