/** "Create share card": draws the PNG, previews it and offers it as a download. */
import { Notice } from '../components/Notice.tsx';
import { percent } from '../format.ts';
import { bytesText } from '../../core/text.ts';
import { CARD_HEIGHT, CARD_WIDTH, type ShareCardInput } from './shareCard.ts';
import { useShareCard } from './useShareCard.ts';

export function ShareCardPanel({ input }: { readonly input: ShareCardInput }) {
  const { state, render } = useShareCard(input);
  return (
    <div className="share-card" data-testid="share-card">
      <div className="row">
        {state.status === 'ready' ? (
          // The button that made it is gone: focus moves to what replaced it.
          <a className="button primary" href={state.url} download={state.fileName} data-testid="share-card-download" autoFocus>
            Download PNG <span className="muted-on-accent">({bytesText(state.size)})</span>
          </a>
        ) : (
          <button type="button" onClick={render} disabled={state.status === 'rendering'} data-testid="share-card-button">
            {state.status === 'rendering' ? 'Drawing the card…' : 'Create share card'}
          </button>
        )}
      </div>
      {state.status === 'error' && <Notice kind="error">{state.message}</Notice>}
      {state.status === 'ready' && (
        <img
          className="share-card-preview"
          src={state.url}
          width={CARD_WIDTH}
          height={CARD_HEIGHT}
          alt={`Share card: you and ${input.matchName}, ${percent(input.similarity)} alike`}
          data-testid="share-card-preview"
        />
      )}
    </div>
  );
}
