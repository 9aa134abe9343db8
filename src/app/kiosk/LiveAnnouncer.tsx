import { stepTitle } from '../i18n/clerk-text';
import { useT } from '../i18n/use-i18n';
import { useAppStore } from '../store/app-store';

/**
 * One polite live region that is always on the page, so screen readers hear the reading
 * progress and the outcome as they change (a region added together with its text is not read).
 */
export function LiveAnnouncer() {
  const t = useT();
  const text = useAppStore((s) => {
    const k = s.kiosk;
    if (k.step === 'reading') return t('reading.step', { step: stepTitle(t, k.current), done: k.done, total: k.total });
    if (k.step === 'result') return t(`result.outcome.${k.report.outcome}`);
    return '';
  });
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
