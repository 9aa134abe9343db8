import { PURPOSES, type PurposeId } from '../../../session/purposes';
import { usePick, useT } from '../../i18n/use-i18n';
import { UpdateNotice } from '../../kiosk/UpdateNotice';
import { useAppStore } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';
import { ClerkChooser } from './ClerkChooser';

const ORDER: readonly PurposeId[] = ['counter', 'bank', 'field', 'age'];

/** Screen 1: who is on duty, and what kind of check (it fixes what is read and what must be entered). */
export function PurposeScreen() {
  const t = useT();
  const pick = usePick();
  const actions = useAppStore((s) => s.actions);
  const status = useAppStore((s) => s.runtimeStatus);
  const clerk = useAppStore((s) => s.clerk);
  const clerks = useAppStore((s) => s.settings.clerks);
  const lastWipe = useAppStore((s) => s.lastWipe);
  const setup = useAppStore((s) => s.setup);
  const ready = clerk !== undefined;

  return (
    <section className="screen screen-purpose" aria-labelledby="purpose-heading">
      <ScreenHeading id="purpose-heading">{t('purpose.heading')}</ScreenHeading>
      <UpdateNotice />
      {lastWipe === 'idle' && (
        <p className="notice notice-warning" role="status" data-testid="idle-wiped">
          {t('purpose.idleWiped')}
        </p>
      )}
      <ClerkChooser />
      {!ready && (
        <p className="notice notice-warning" id="purpose-needs-clerk" data-testid="needs-clerk">
          {t(clerks.length === 0 ? (setup === 'unavailable' ? 'purpose.noClerksNoAdmin' : 'purpose.noClerks') : 'purpose.chooseClerkFirst')}
        </p>
      )}
      <ul className="purpose-list">
        {ORDER.map((id) => (
          <li key={id}>
            <button
              type="button"
              className="purpose-button"
              data-purpose={id}
              disabled={!ready}
              {...(!ready ? { 'aria-describedby': 'purpose-needs-clerk' } : {})}
              onClick={() => void actions.choosePurpose(id)}
            >
              <span className="purpose-title">{pick(PURPOSES[id].title)}</span>
              <span className="purpose-needs">{t(`purpose.needs.${id}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      {status.phase === 'failed' && (
        <p className="notice notice-error" role="alert">
          {t('app.runtimeFailed', { code: status.code })}
        </p>
      )}
      <nav className="staff-links" aria-label={t('purpose.staffOnly')}>
        <span className="staff-links-label">{t('purpose.staffOnly')}</span>
        <button type="button" className="button button-secondary" onClick={() => actions.openView('history')}>
          {t('nav.history')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => actions.openView('settings')}>
          {t('nav.settings')}
        </button>
      </nav>
    </section>
  );
}
