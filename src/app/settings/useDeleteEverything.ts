/** The "Delete everything" action's state: asking, deleting, then what happened. */
import { useCallback, useState } from 'react';
import { useEngine } from '../engine/EngineContext.tsx';
import { deleteEverything } from './deleteEverything.ts';
import { useSettings } from './SettingsContext.tsx';

export type DeleteEverythingState =
  | { readonly status: 'idle' }
  | { readonly status: 'confirming' }
  | { readonly status: 'deleting' }
  | { readonly status: 'done'; readonly failures: readonly string[] };

export function useDeleteEverything(): {
  readonly state: DeleteEverythingState;
  readonly available: boolean;
  ask(): void;
  cancel(): void;
  confirm(): Promise<void>;
} {
  const { api } = useEngine();
  const { forget } = useSettings();
  const [state, setState] = useState<DeleteEverythingState>({ status: 'idle' });
  const ask = useCallback(() => setState({ status: 'confirming' }), []);
  const cancel = useCallback(() => setState({ status: 'idle' }), []);
  const confirm = useCallback(async () => {
    if (!api) return;
    setState({ status: 'deleting' });
    const failures = await deleteEverything(api);
    // The screens show the defaults again; nothing is saved until the user changes a setting.
    forget();
    setState({ status: 'done', failures });
  }, [api, forget]);
  return { state, available: api !== null, ask, cancel, confirm };
}
