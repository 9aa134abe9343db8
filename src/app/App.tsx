import { useEffect } from 'react';
import { useT } from './i18n/use-i18n';
import { FullscreenButton } from './kiosk/FullscreenButton';
import { IdleWarning } from './kiosk/IdleWarning';
import { LanguageButton } from './kiosk/LanguageButton';
import { LiveAnnouncer } from './kiosk/LiveAnnouncer';
import { useActivity } from './kiosk/use-activity';
import { useWakeLock } from './kiosk/use-wake-lock';
import { CurrentScreen } from './screens/CurrentScreen';
import { sessionActive, useAppStore } from './store/app-store';

/** The kiosk shell: demo banner, header (language, full screen), the current screen, the idle warning. */
export function App() {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const active = useAppStore(sessionActive);
  const running = useAppStore((s) => s.kiosk.step !== 'choose-purpose');
  // The banner follows the trust in force: simulator keys (demo) or J-LIS test cards; none in production.
  const trustMode = useAppStore((s) => s.reader.trustMode);
  const setup = useAppStore((s) => s.setup);

  useActivity(actions.activity);
  useWakeLock(running);
  useEffect(() => {
    // Load the reader and session engine after the first screen is on display.
    const id = setTimeout(() => void actions.prepare().catch(() => undefined), 0);
    return () => clearTimeout(id);
  }, [actions]);

  return (
    <div className={`app ${active ? 'app-active' : ''}`} data-setup={setup}>
      <header>
        {trustMode !== 'production' && <p className="demo-banner">{t(trustMode === 'jpki-test' ? 'banner.jpkiTest' : 'demo.banner')}</p>}
        <div className="topbar">
          <p className="brand">{t('app.title')}</p>
          <div className="topbar-tools">
            <FullscreenButton />
            <LanguageButton />
          </div>
        </div>
      </header>
      <main className="main">
        <CurrentScreen />
      </main>
      <LiveAnnouncer />
      <IdleWarning />
    </div>
  );
}
