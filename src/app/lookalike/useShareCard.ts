/** Renders the share card on request and keeps its PNG's object URL alive until the result changes. */
import { useCallback, useEffect, useState } from 'react';
import { useLatest } from '../components/useLatest.ts';
import { errorMessage } from '../../core/text.ts';
import { renderShareCard, shareCardFileName, type ShareCardInput } from './shareCard.ts';

export type ShareCardState =
  | { readonly status: 'idle' }
  | { readonly status: 'rendering' }
  | { readonly status: 'ready'; readonly url: string; readonly fileName: string; readonly size: number }
  | { readonly status: 'error'; readonly message: string };

/** `input` null: nothing to share. A new input (another selfie or match) drops the old card. */
export function useShareCard(input: ShareCardInput | null): { readonly state: ShareCardState; render(): void } {
  const [card, setCard] = useState<{ readonly for: ShareCardInput | null; readonly state: ShareCardState }>({
    for: null,
    state: { status: 'idle' },
  });
  const inputRef = useLatest(input);

  // The card belongs to the input it was drawn for; a different input shows none.
  const state: ShareCardState = card.for === input ? card.state : { status: 'idle' };
  const url = card.state.status === 'ready' ? card.state.url : null;
  useEffect(() => (url ? () => URL.revokeObjectURL(url) : undefined), [url]);

  const render = useCallback(() => {
    const drawn = inputRef.current;
    if (!drawn) return;
    setCard({ for: drawn, state: { status: 'rendering' } });
    renderShareCard(drawn).then(
      (png) => {
        // Dropped if another selfie came in while drawing.
        if (inputRef.current !== drawn) return;
        setCard({
          for: drawn,
          state: { status: 'ready', url: URL.createObjectURL(png), fileName: shareCardFileName(drawn.matchName), size: png.size },
        });
      },
      (error: unknown) => {
        if (inputRef.current === drawn)
          setCard({ for: drawn, state: { status: 'error', message: `The card could not be drawn: ${errorMessage(error)}.` } });
      },
    );
  }, [inputRef]);

  return { state, render };
}
