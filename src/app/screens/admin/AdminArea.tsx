import { useEffect } from 'react';
import { useT } from '../../i18n/use-i18n';
import { useAppStore, type View } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { ScreenHeading } from '../common/ScreenHeading';
import { HistoryTools } from '../history/HistoryTools';
import { SettingsPanel } from '../settings/SettingsScreen';
import { AdminGate } from './AdminGate';

/**
 * Settings and the check records, for the administrator only (issue 11 §9): behind the operator
 * PIN set at first setup, locked again as soon as they are left (or the kiosk is left idle).
 */
export function AdminArea({ view }: { readonly view: Exclude<View, 'kiosk'> }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const evidence = useAppStore((s) => s.runtime?.evidence);
  const status = useAppStore((s) => s.runtimeStatus);
  const unlocked = useAppStore((s) => s.adminUnlocked);

  useEffect(() => {
    void actions.prepare().catch(() => undefined);
  }, [actions]);

  const heading = view === 'history' ? 'history.heading' : 'settings.heading';
  return (
    <section className="screen screen-admin" aria-labelledby="admin-heading">
      <ScreenHeading id="admin-heading">{t(heading)}</ScreenHeading>
      {unlocked && (
        <nav className="admin-tabs" aria-label={t('admin.tabs')}>
          {(['history', 'settings'] as const).map((v) => (
            <button key={v} type="button" className="admin-tab" aria-current={v === view ? 'page' : undefined} onClick={() => actions.openView(v)}>
              {t(v === 'history' ? 'nav.history' : 'nav.settings')}
            </button>
          ))}
        </nav>
      )}
      {status.phase === 'failed' && (
        <p className="notice notice-error" role="alert">
          {t('app.runtimeFailed', { code: status.code })}
        </p>
      )}
      {!evidence && status.phase !== 'failed' && <p>{t('app.loading')}</p>}
      {evidence && !evidence.ok && (
        <p className="notice notice-error" role="alert">
          {t('admin.unavailable', { code: evidence.code })}
        </p>
      )}
      {evidence?.ok && !unlocked && <AdminGate />}
      {evidence?.ok && unlocked && (view === 'history' ? <HistoryTools store={evidence.store} /> : <SettingsPanel />)}
      <ActionBar>
        <button type="button" className={`button ${unlocked ? 'button-primary' : 'button-secondary'}`} onClick={() => actions.openView('kiosk')}>
          {unlocked ? t('admin.lock') : t('nav.back')}
        </button>
      </ActionBar>
    </section>
  );
}
