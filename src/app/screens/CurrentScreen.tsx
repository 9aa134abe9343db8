import { useT } from '../i18n/use-i18n';
import { useAppStore } from '../store/app-store';
import { ScreenHeading } from './common/ScreenHeading';
import { ConfirmScreen } from './confirm/ConfirmScreen';
import { CredentialsScreen } from './credentials/CredentialsScreen';
import { DoneScreen } from './done/DoneScreen';
import { HistoryScreen } from './history/HistoryScreen';
import { PlaceCardScreen } from './place-card/PlaceCardScreen';
import { PurposeScreen } from './purpose/PurposeScreen';
import { ReadingScreen } from './reading/ReadingScreen';
import { ResultScreen } from './result/ResultScreen';
import { SettingsScreen } from './settings/SettingsScreen';

/** Picks the screen for the current view and session step. */
export function CurrentScreen() {
  const t = useT();
  const view = useAppStore((s) => s.view);
  const kiosk = useAppStore((s) => s.kiosk);
  const confirming = useAppStore((s) => s.confirming);
  const wipe = useAppStore((s) => s.actions.wipe);

  if (view === 'history') return <HistoryScreen />;
  if (view === 'settings') return <SettingsScreen />;
  switch (kiosk.step) {
    case 'choose-purpose':
      return <PurposeScreen />;
    case 'place-card':
      return <PlaceCardScreen purpose={kiosk.purpose} notice={kiosk.notice} />;
    case 'enter-credentials':
      return <CredentialsScreen state={kiosk} />;
    case 'reading':
      return <ReadingScreen state={kiosk} />;
    case 'result':
      return confirming ? <ConfirmScreen state={kiosk} /> : <ResultScreen state={kiosk} />;
    case 'done':
      return <DoneScreen state={kiosk} />;
    case 'error':
      return (
        <section className="screen" aria-labelledby="error-heading">
          <ScreenHeading id="error-heading">{t('error.heading')}</ScreenHeading>
          <p className="notice notice-error">{t('error.body', { code: kiosk.errorCode })}</p>
          <div className="actions">
            <button type="button" className="button button-primary" onClick={wipe}>
              {t('app.home')}
            </button>
          </div>
        </section>
      );
  }
}
