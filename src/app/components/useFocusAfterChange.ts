import { useEffect, useRef } from 'react';

/**
 * When `state` changes and keyboard focus has dropped to the page (the button pressed was replaced or
 * disabled: Start camera becoming Stop camera), moves it to `target(state)`, the next useful control.
 * Focus the user has put somewhere else is left alone, and nothing is focused on the first render.
 */
export function useFocusAfterChange<T>(state: T, target: (state: T) => HTMLElement | null | undefined): void {
  const previous = useRef(state);
  useEffect(() => {
    if (Object.is(previous.current, state)) return;
    previous.current = state;
    const active = document.activeElement;
    if (active === null || active === document.body) target(state)?.focus();
  });
}
