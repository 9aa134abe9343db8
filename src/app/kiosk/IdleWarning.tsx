import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/use-i18n';
import { useAppStore } from '../store/app-store';

/**
 * The inactivity warning (WCAG 2.2.1): a modal dialog with the seconds left and one large
 * "continue" button that extends the session. A modal <dialog> keeps focus inside and makes
 * the page behind it inert while it is open.
 */
export function IdleWarning() {
  const t = useT();
  const idle = useAppStore((s) => s.idle);
  const continueSession = useAppStore((s) => s.actions.continueSession);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [now, setNow] = useState(() => Date.now());
  const open = idle.phase === 'warning';

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [open]);

  const seconds = idle.phase === 'warning' ? Math.max(0, Math.ceil((idle.wipeAt - now) / 1000)) : 0;

  return (
    <dialog
      ref={dialogRef}
      className="idle-dialog"
      aria-labelledby="idle-heading"
      aria-describedby="idle-body"
      onCancel={(e) => {
        // Escape counts as "continue" rather than closing the warning without extending.
        e.preventDefault();
        continueSession();
      }}
    >
      {open && (
        <>
          <h2 id="idle-heading">{t('idle.heading')}</h2>
          <p id="idle-body" className="idle-body">
            {t('idle.body', { n: seconds })}
          </p>
          <button type="button" className="button button-primary button-huge" autoFocus onClick={continueSession}>
            {t('idle.continue')}
          </button>
        </>
      )}
    </dialog>
  );
}
