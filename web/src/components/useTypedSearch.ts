import { useEffect, useRef, useState } from 'react';

/**
 * A search box that answers as you type: the typed text, and the settled query a moment after the
 * last key (`onSettle` gets it, trimmed, undefined when empty).
 */
export function useTypedSearch(onSettle: (q: string | undefined) => void, initial = '') {
  const [typed, setTyped] = useState(initial);
  // The latest callback, so that only the text restarts the wait.
  const settle = useRef(onSettle);
  settle.current = onSettle;
  useEffect(() => {
    const timer = setTimeout(() => settle.current(typed.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  return [typed, setTyped] as const;
}
