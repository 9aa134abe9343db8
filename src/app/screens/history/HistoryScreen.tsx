import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';
import { HistoryTools } from './HistoryTools';
import { PinGate } from './PinGate';

/** Screen 8: the evidence records, behind the operator PIN (unlocked only while this screen is open). */
export function HistoryScreen() {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const evidence = useAppStore((s) => s.runtime?.evidence);
  const status = useAppStore((s) => s.runtimeStatus);
  const [unlocked, setUnlocked] = useState(false);

  useEffect(() => {
    void actions.prepare().catch(() => undefined);
  }, [actions]);

  return (
    <section className="screen" aria-labelledby="history-heading">
      <ScreenHeading id="history-heading">{t('history.heading')}</ScreenHeading>
      <p className="lead">{t('history.lead')}</p>
      {status.phase === 'failed' && (
        <p className="notice notice-error" role="alert">
          {t('app.runtimeFailed', { code: status.code })}
        </p>
      )}
      {!evidence && status.phase !== 'failed' && <p>{t('app.loading')}</p>}
      {evidence && !evidence.ok && (
        <p className="notice notice-error" role="alert">
          {t('history.unavailable', { code: evidence.code })}
        </p>
      )}
      {evidence?.ok && !unlocked && <PinGate pins={evidence.pins} onUnlocked={() => setUnlocked(true)} />}
      {evidence?.ok && unlocked && <HistoryTools store={evidence.store} />}
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => actions.openView('kiosk')}>
          {unlocked ? t('history.lock') : t('nav.back')}
        </button>
      </div>
    </section>
  );
}
