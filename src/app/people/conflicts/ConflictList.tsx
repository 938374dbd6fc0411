/**
 * "Possible mix-ups" on the People screen: the notice with their count at the top (a button that jumps
 * to the list) and the list itself, hidden when there is none. After a fix, focus moves to the next
 * conflict, or to the heading when none is left.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { plural } from '../../../core/text.ts';
import { Notice } from '../../components/Notice.tsx';
import { ConflictCard } from './ConflictCard.tsx';
import type { ConflictActions } from './useConflictActions.ts';
import type { Conflict } from './useConflicts.ts';
import './conflicts.css';

export const mixUps = (n: number): string => plural(n, 'possible mix-up', 'possible mix-ups');

export function ConflictNotice({
  count,
  error,
  listHeading,
}: {
  readonly count: number;
  readonly error: string | null;
  readonly listHeading: RefObject<HTMLHeadingElement | null>;
}) {
  if (error) return <Notice kind="warning">Possible mix-ups could not be checked: {error}</Notice>;
  if (count === 0) return null;
  return (
    <div className="conflict-notice" data-testid="conflicts-notice">
      <button
        type="button"
        className="link-button"
        onClick={() => {
          listHeading.current?.scrollIntoView({ block: 'start' });
          listHeading.current?.focus();
        }}
      >
        {mixUps(count)}
      </button>{' '}
      <span className="muted">in this gallery: people or samples that look too much like someone else.</span>
    </div>
  );
}

export function ConflictList({
  items,
  threshold,
  actions,
  headingRef,
}: {
  readonly items: readonly Conflict[];
  readonly threshold: number;
  readonly actions: ConflictActions;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const [busy, setBusy] = useState(false);
  // The conflict just acted on, and where it was: once it has left the list, focus goes to its successor.
  const acted = useRef<{ readonly key: string; readonly index: number } | null>(null);
  const cardHeadings = useRef(new Map<string, HTMLHeadingElement>());
  // After a fix here the list stays, even empty ("none left"), so focus and the result are not lost with it.
  const [fixedHere, setFixedHere] = useState(false);
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    const last = acted.current;
    if (!last || items.some((c) => c.key === last.key)) return;
    acted.current = null;
    const active = document.activeElement;
    // Focus the user has put elsewhere stays there.
    if (active !== null && active !== document.body && !section.current?.contains(active)) return;
    const next = items[Math.min(last.index, items.length - 1)];
    (next ? cardHeadings.current.get(next.key) : headingRef.current)?.focus();
  }, [items, headingRef]);

  if (items.length === 0 && !fixedHere) return null;

  const run = (conflict: Conflict, index: number, fix: () => Promise<unknown> | void) => {
    acted.current = { key: conflict.key, index };
    setFixedHere(true);
    setBusy(true);
    void Promise.resolve(fix()).finally(() => setBusy(false));
  };

  return (
    <section className="conflicts" aria-labelledby="conflicts-heading" ref={section} data-testid="conflicts">
      <h2 id="conflicts-heading" tabIndex={-1} ref={headingRef}>
        Possible mix-ups
      </h2>
      {items.length === 0 ? (
        <p className="muted" data-testid="conflicts-none">
          No possible mix-ups left.
        </p>
      ) : (
        <>
          <p className="muted" data-testid="conflicts-count">
            {mixUps(items.length)} at your threshold of {threshold.toFixed(2)}. Each is only a hint: you know who is who.
          </p>
          <ul className="conflict-list">
            {items.map((conflict, index) => (
              <ConflictCard
                key={conflict.key}
                conflict={conflict}
                threshold={threshold}
                actions={actions}
                busy={busy}
                onAction={(fix) => run(conflict, index, fix)}
                headingRef={(el) => {
                  if (el) cardHeadings.current.set(conflict.key, el);
                  else cardHeadings.current.delete(conflict.key);
                }}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
