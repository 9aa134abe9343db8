import { useT } from '../i18n/use-i18n';
import { useAppStore } from '../store/app-store';
import { AdminArea } from './admin/AdminArea';
import { ActionBar } from './common/ActionBar';
import { ScreenHeading } from './common/ScreenHeading';
import { ConfirmScreen } from './confirm/ConfirmScreen';
import { documentViews } from '../documents/document-views';
import { CredentialFlow } from './credentials/CredentialFlow';
import { DoneScreen } from './done/DoneScreen';
import { PlaceCardScreen } from './place-card/PlaceCardScreen';
import { PurposeScreen } from './purpose/PurposeScreen';
import { ResultScreen } from './result/ResultScreen';
import { SetupScreen } from './setup/SetupScreen';

function withFiller(codeBFiller: ReturnType<typeof documentViews>['codeBFiller']) {
  return codeBFiller ? { codeBFiller } : {};
}

/** Picks the screen for the current view and session step (first setup before anything else). */
export function CurrentScreen() {
  const t = useT();
  const view = useAppStore((s) => s.view);
  const kiosk = useAppStore((s) => s.kiosk);
  const confirming = useAppStore((s) => s.confirming);
  const setup = useAppStore((s) => s.setup);
  const wipe = useAppStore((s) => s.actions.wipe);

  if (setup === 'required') return <SetupScreen />;
  if (view === 'history' || view === 'settings') return <AdminArea view={view} />;
  switch (kiosk.step) {
    case 'choose-purpose':
      return <PurposeScreen />;
    case 'place-card':
      return <PlaceCardScreen purpose={kiosk.purpose} notice={kiosk.notice} />;
    case 'enter-credentials':
    case 'reading':
      // One component for both steps, so what was typed survives a reading attempt.
      // The document's own fillers (the My Number Card: 照合番号B from the camera).
      return <CredentialFlow state={kiosk} {...withFiller(documentViews(kiosk.document).codeBFiller)} />;
    case 'result':
      return confirming ? <ConfirmScreen state={kiosk} /> : <ResultScreen state={kiosk} />;
    case 'done':
      return <DoneScreen state={kiosk} />;
    case 'error':
      return (
        <section className="screen" aria-labelledby="error-heading">
          <ScreenHeading id="error-heading">{t('error.heading')}</ScreenHeading>
          <p className="notice notice-error">{t('error.body', { code: kiosk.errorCode })}</p>
          <ActionBar>
            <button type="button" className="button button-primary" onClick={() => wipe('cancel')}>
              {t('app.home')}
            </button>
          </ActionBar>
        </section>
      );
  }
}
