import { useEffect, useState } from 'react';
import type { KioskState } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';

type DoneState = Extract<KioskState, { step: 'done' }>;

/** Seconds the done screen stays before the automatic wipe. */
export const DONE_WIPE_SECONDS = 10;

/** Screen 7: evidence saved (or why not), return the card, then an automatic wipe back to the start. */
export function DoneScreen({ state }: { readonly state: DoneState }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const errorCode = useAppStore((s) => s.evidenceErrorCode);
  const [left, setLeft] = useState(DONE_WIPE_SECONDS);

  useEffect(() => {
    if (left <= 0) {
      actions.wipe();
      return;
    }
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left, actions]);

  return (
    <section className="screen" aria-labelledby="done-heading">
      <ScreenHeading id="done-heading">{t('done.heading')}</ScreenHeading>
      {state.evidenceSaved ? (
        <p className="notice notice-success" data-testid="evidence-status" data-saved="true">
          <span aria-hidden="true">✓ </span>
          {t('done.saved')}
        </p>
      ) : (
        <p className="notice notice-error" role="alert" data-testid="evidence-status" data-saved="false">
          <span aria-hidden="true">✗ </span>
          {t('done.notSaved', { code: errorCode ?? 'evidence-unavailable' })}
        </p>
      )}
      <p className="lead">{t('done.returnCard')}</p>
      <p className="countdown">{t('done.countdown', { n: left })}</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={actions.wipe}>
          {t('done.next')}
        </button>
      </div>
    </section>
  );
}
