/** The celebrity gallery's contents (auto-refreshing) and clearing it behind a confirmation step. */
import { useCallback, useMemo, useState } from 'react';
import type { PersonSummary } from '../../worker/api.ts';
import { useEngine } from '../engine/EngineContext.tsx';
import { useGallery } from '../engine/useGallery.ts';
import { errorMessage } from '../../core/text.ts';

export type ClearState =
  | { readonly status: 'idle' }
  | { readonly status: 'confirming' }
  | { readonly status: 'clearing' }
  | { readonly status: 'cleared'; readonly celebrities: number }
  | { readonly status: 'error'; readonly message: string };

export interface CelebrityGallery {
  /** Sorted by name; null until first loaded. */
  readonly people: readonly PersonSummary[] | null;
  readonly photoCount: number;
  readonly loadError: string | null;
  readonly clearState: ClearState;
  askToClear(): void;
  cancelClear(): void;
  confirmClear(): void;
}

export function useCelebrityGallery(): CelebrityGallery {
  const { api } = useEngine();
  const { people: listed, error: loadError } = useGallery('celebrities');
  const [clearState, setClearState] = useState<ClearState>({ status: 'idle' });

  const people = useMemo(
    () => (listed ? [...listed].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })) : null),
    [listed],
  );
  const photoCount = useMemo(() => (people ?? []).reduce((n, p) => n + p.sampleCount, 0), [people]);
  const count = people?.length ?? 0;

  const askToClear = useCallback(() => setClearState({ status: 'confirming' }), []);
  const cancelClear = useCallback(() => setClearState({ status: 'idle' }), []);
  const confirmClear = useCallback(() => {
    if (!api) return;
    setClearState({ status: 'clearing' });
    api.clear('celebrities').then(
      () => setClearState({ status: 'cleared', celebrities: count }),
      (error: unknown) => setClearState({ status: 'error', message: `The celebrity gallery could not be cleared: ${errorMessage(error)}` }),
    );
  }, [api, count]);

  return { people, photoCount, loadError, clearState, askToClear, cancelClear, confirmClear };
}
