import { useEffect } from 'react';

/**
 * Keeps the screen on while `active` (a session is running), with the Screen Wake Lock API.
 * The browser drops the lock whenever the page is hidden, so it is asked for again each time
 * the page becomes visible. Released when `active` turns false (back at the purpose screen).
 * Browsers without the API, or that refuse (power saving, no user activation), are tolerated.
 */
export function useWakeLock(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const wakeLock = typeof navigator !== 'undefined' ? navigator.wakeLock : undefined;
    if (!wakeLock) return;
    let sentinel: WakeLockSentinel | undefined;
    let stopped = false;

    const acquire = async () => {
      if (document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
      try {
        const s = await wakeLock.request('screen');
        if (stopped) await s.release();
        else sentinel = s;
      } catch {
        /* refused: the screen may sleep; the kiosk still works */
      }
    };
    const onVisibility = () => void acquire();

    void acquire();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      void sentinel?.release().catch(() => undefined);
      sentinel = undefined;
    };
  }, [active]);
}
