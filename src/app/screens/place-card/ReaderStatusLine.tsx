import { useT } from '../../i18n/use-i18n';
import { readerProblemText } from '../../readers/reader-failure-text';
import { useAppStore } from '../../store/app-store';

/** The reader's name and whether a card is on it, announced as it changes; or why there is no reader. */
export function ReaderStatusLine() {
  const t = useT();
  const reader = useAppStore((s) => s.reader);
  const step = useAppStore((s) => s.kiosk.step);
  if (!reader.path) {
    return (
      <div className="reader-status" role="status" aria-live="polite" data-testid="reader-status">
        <span className="reader-name">{reader.problem ? t(`reader.path.${reader.problem.path}`) : t('settings.reader.none')}</span>
        <span className="reader-state reader-state-noCard">
          <span aria-hidden="true" className="reader-dot" />
          {reader.opening ? t('settings.reader.opening') : reader.problem ? readerProblemText(t, reader.problem.errorCode, reader.problem.reason) : t('settings.reader.none')}
        </span>
      </div>
    );
  }
  const state = !reader.cardPresent ? 'noCard' : step === 'place-card' ? 'checking' : 'cardPresent';
  const name = reader.path === 'demo' ? t('reader.name.simulated') : reader.label ? `${t(`reader.path.${reader.path}`)} — ${reader.label}` : t(`reader.path.${reader.path}`);
  return (
    <div className="reader-status" role="status" aria-live="polite" data-testid="reader-status">
      <span className="reader-name">{name}</span>
      <span className={`reader-state reader-state-${state}`}>
        <span aria-hidden="true" className="reader-dot" />
        {t(state === 'noCard' ? 'reader.noCard' : state === 'checking' ? 'reader.checking' : 'reader.cardPresent')}
      </span>
    </div>
  );
}
