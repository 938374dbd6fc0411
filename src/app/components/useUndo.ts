/**
 * One Undo offer at a time (the latest delete or merge), dismissed after a few seconds. The countdown pauses
 * while the pointer or keyboard focus is on the banner, so reaching for the button never loses it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../core/text.ts';

export const UNDO_SECONDS = 10;

export interface UndoOffer {
  readonly id: number;
  /** What happened: "Deleted Joe Biden (1 sample)." */
  readonly message: string;
  /** Put it back; rejects with a message for the user. */
  readonly undo: () => Promise<unknown>;
  /** Said once the undo has worked: "Joe Biden is back." */
  readonly undoneMessage: string;
}

export interface UndoState {
  readonly offer: UndoOffer | null;
  readonly undoing: boolean;
  readonly error: string | null;
  readonly durationMs: number;
  readonly paused: boolean;
  offerUndo(offer: Omit<UndoOffer, 'id'>): void;
  /** Runs the offer's undo; resolves to its undoneMessage, or null when it failed (see `error`). */
  runUndo(): Promise<string | null>;
  dismiss(): void;
  setPaused(paused: boolean): void;
}

export function useUndo(durationMs = UNDO_SECONDS * 1000): UndoState {
  const [offer, setOffer] = useState<UndoOffer | null>(null);
  const [paused, setPaused] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nextId = useRef(1);
  // Time left on the current offer when its countdown was last paused.
  const remaining = useRef<{ readonly id: number; readonly ms: number } | null>(null);

  useEffect(() => {
    if (!offer || paused || undoing) return;
    const ms = remaining.current?.id === offer.id ? remaining.current.ms : durationMs;
    const until = Date.now() + ms;
    const timer = setTimeout(() => setOffer((current) => (current === offer ? null : current)), ms);
    return () => {
      clearTimeout(timer);
      remaining.current = { id: offer.id, ms: Math.max(0, until - Date.now()) };
    };
  }, [offer, paused, undoing, durationMs]);

  const offerUndo = useCallback((next: Omit<UndoOffer, 'id'>) => {
    setOffer({ ...next, id: nextId.current++ });
    setError(null);
    setPaused(false);
  }, []);

  const dismiss = useCallback(() => {
    setOffer(null);
    setError(null);
  }, []);

  const runUndo = useCallback(async (): Promise<string | null> => {
    if (!offer) return null;
    setUndoing(true);
    setError(null);
    try {
      await offer.undo();
      setOffer((current) => (current === offer ? null : current));
      return offer.undoneMessage;
    } catch (e) {
      setError(`Undo failed: ${errorMessage(e)}`);
      return null;
    } finally {
      setUndoing(false);
    }
  }, [offer]);

  return { offer, undoing, error, durationMs, paused, offerUndo, runUndo, dismiss, setPaused };
}
