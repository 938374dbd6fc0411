import { useEffect, useRef, type RefObject } from 'react';

/** A ref holding the latest rendered value, for loops and callbacks that outlive a render. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
