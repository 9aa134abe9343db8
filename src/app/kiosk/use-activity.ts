import { useEffect } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel'] as const;

/** Reports every touch, key press, typed character or scroll to `onActivity` (the idle timer). */
export function useActivity(onActivity: () => void): void {
  useEffect(() => {
    const handler = () => onActivity();
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, handler, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, handler, { capture: true });
    };
  }, [onActivity]);
}
