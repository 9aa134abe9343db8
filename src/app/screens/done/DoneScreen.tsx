import { useEffect, useState } from 'react';
import type { KioskState } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { ScreenHeading } from '../common/ScreenHeading';

type DoneState = Extract<KioskState, { step: 'done' }>;

/** Seconds the done screen stays before the automatic wipe. */
export const DONE_WIPE_SECONDS = 10;

/** Screen 7: what was recorded (confirmed, or failed and why) or why nothing was, return the card, then an automatic wipe. */
export function DoneScreen({ state }: { readonly state: DoneState }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const errorCode = useAppStore((s) => s.evidenceErrorCode);
  const [left, setLeft] = useState(DONE_WIPE_SECONDS);

  useEffect(() => {
    if (left <= 0) {
      actions.wipe('done');
      return;
    }
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left, actions]);

  const failed = state.outcome === 'failed';
  const savedText = state.staffResult === 'mismatch' ? 'done.savedMismatch' : state.staffResult === 'not-asked' ? 'done.savedFailed' : state.outcome === 'incomplete' ? 'done.savedIncomplete' : 'done.saved';

  return (
    <section className="screen screen-done" aria-labelledby="done-heading">
      <ScreenHeading id="done-heading">{t(failed ? 'done.headingFailed' : 'done.heading')}</ScreenHeading>
      {state.evidenceSaved ? (
        <p className={`notice ${failed ? 'notice-error' : 'notice-success'}`} data-testid="evidence-status" data-saved="true" data-outcome={state.outcome}>
          <span aria-hidden="true">{failed ? '✗ ' : '✓ '}</span>
          {t(savedText)}
        </p>
      ) : (
        <p className="notice notice-error" role="alert" data-testid="evidence-status" data-saved="false">
          <span aria-hidden="true">✗ </span>
          {t('done.notSaved', { code: errorCode ?? 'evidence-unavailable' })}
        </p>
      )}
      {failed && <p className="lead">{t('done.failedNext')}</p>}
      <p className="lead">{t('done.returnCard')}</p>
      <p className="countdown">{t('done.countdown', { n: left })}</p>
      <ActionBar>
        <button type="button" className="button button-primary" onClick={() => actions.wipe('done')}>
          {t('done.next')}
        </button>
      </ActionBar>
    </section>
  );
}
