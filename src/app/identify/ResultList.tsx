/**
 * The batch's result cards, a page at a time: a folder of thousands of photos would otherwise put
 * every card (its photo, boxes and face thumbnails) in the page at once. The summary above the list
 * still counts every photo.
 */
import { useRef, useState } from 'react';
import { plural } from '../../core/text.ts';
import { FailedFileCard, PhotoResultCard } from './IdentifyResultCard.tsx';
import type { IdentifyEntry } from './useIdentifyBatch.ts';

export const RESULTS_PAGE = 100;

export function ResultList({ entries }: { readonly entries: readonly IdentifyEntry[] }) {
  const [shown, setShown] = useState(RESULTS_PAGE);
  const list = useRef<HTMLDivElement>(null);
  // Cleared results start again from the first page.
  if (entries.length === 0 && shown !== RESULTS_PAGE) setShown(RESULTS_PAGE);
  const hidden = Math.max(0, entries.length - shown);

  const showMore = (): void => {
    const firstNew = shown;
    setShown(shown + RESULTS_PAGE);
    // Focus goes to the first card just shown, so a keyboard user carries on reading where the page grew.
    requestAnimationFrame(() => {
      const card = list.current?.children[firstNew];
      if (card instanceof HTMLElement) {
        card.tabIndex = -1;
        card.focus();
      }
    });
  };

  return (
    <>
      <div className="identify-list" ref={list}>
        {entries
          .slice(0, shown)
          .map((entry) =>
            entry.kind === 'photo' ? <PhotoResultCard key={entry.id} entry={entry} /> : <FailedFileCard key={entry.id} entry={entry} />,
          )}
      </div>
      {hidden > 0 && (
        <button type="button" className="identify-more" onClick={showMore} data-testid="identify-show-more">
          Show {Math.min(hidden, RESULTS_PAGE)} more ({plural(hidden, 'result')} not shown)
        </button>
      )}
    </>
  );
}
