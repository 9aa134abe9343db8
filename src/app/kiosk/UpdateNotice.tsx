import { useSyncExternalStore } from 'react';
import { useT } from '../i18n/use-i18n';
import { applyUpdate, getPwaState, subscribePwaState } from '../pwa';

/**
 * "A new version is available" with a button to load it. Shown on the purpose screen only, so an
 * update never reloads the page under a customer (the wipe also applies it between sessions).
 */
export function UpdateNotice() {
  const t = useT();
  const state = useSyncExternalStore(subscribePwaState, getPwaState);
  if (state !== 'update-available') return null;
  return (
    <div className="notice notice-warning update-notice" role="status">
      <p>{t('app.update')}</p>
      <button type="button" className="button button-secondary" onClick={applyUpdate}>
        {t('app.updateNow')}
      </button>
    </div>
  );
}
