import { PURPOSES, type PurposeId } from '../../../session/purposes';
import { usePick, useT } from '../../i18n/use-i18n';
import { UpdateNotice } from '../../kiosk/UpdateNotice';
import { useAppStore } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';

const ORDER: readonly PurposeId[] = ['counter', 'bank', 'field', 'age'];

/** Screen 1: what kind of check (it fixes what is read and what must be entered). */
export function PurposeScreen() {
  const t = useT();
  const pick = usePick();
  const actions = useAppStore((s) => s.actions);
  const status = useAppStore((s) => s.runtimeStatus);

  return (
    <section className="screen" aria-labelledby="purpose-heading">
      <ScreenHeading id="purpose-heading">{t('purpose.heading')}</ScreenHeading>
      <UpdateNotice />
      <p className="lead">{t('purpose.lead')}</p>
      <ul className="purpose-list">
        {ORDER.map((id) => (
          <li key={id}>
            <button type="button" className="purpose-button" data-purpose={id} onClick={() => void actions.choosePurpose(id)}>
              <span className="purpose-title">{pick(PURPOSES[id].title)}</span>
              <span className="purpose-needs">
                {t(`purpose.needs.${id}`)}
              </span>
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
