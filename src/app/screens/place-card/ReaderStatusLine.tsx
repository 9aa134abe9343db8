import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';

/** The reader's name and whether a card is on it, announced as it changes. */
export function ReaderStatusLine() {
  const t = useT();
  const cardPresent = useAppStore((s) => s.reader.cardPresent);
  const step = useAppStore((s) => s.kiosk.step);
  const state = !cardPresent ? 'noCard' : step === 'place-card' ? 'checking' : 'cardPresent';
  return (
    <div className="reader-status" role="status" aria-live="polite">
      <span className="reader-name">{t('reader.name.simulated')}</span>
      <span className={`reader-state reader-state-${state}`}>
        <span aria-hidden="true" className="reader-dot" />
        {t(state === 'noCard' ? 'reader.noCard' : state === 'checking' ? 'reader.checking' : 'reader.cardPresent')}
      </span>
    </div>
  );
}
