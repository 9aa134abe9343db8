import { useEffect, useState } from 'react';
import { useT } from '../i18n/use-i18n';

/**
 * Enters or leaves full screen. The Fullscreen API needs a user gesture, so this is a button
 * (a managed kiosk gets real lock-down from the OS; ux-and-anchors §5.2). Hidden where the
 * browser has no Fullscreen API.
 */
export function FullscreenButton() {
  const t = useT();
  const [isFullscreen, setFullscreen] = useState(() => typeof document !== 'undefined' && document.fullscreenElement !== null);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  if (typeof document === 'undefined' || !document.fullscreenEnabled) return null;

  const toggle = () => {
    const done = isFullscreen ? document.exitFullscreen() : document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    void done.catch(() => undefined);
  };

  return (
    <button type="button" className="button button-quiet" onClick={toggle}>
      {isFullscreen ? t('app.fullscreenExit') : t('app.fullscreen')}
    </button>
  );
}
