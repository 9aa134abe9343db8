import { useState } from 'react';
import type { KioskState } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';
import { documentViews } from '../../documents/document-views';
import { useAppStore, type PhotoDisplay } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { AgeAnswers } from './AgeAnswers';
import { CheckList } from './CheckList';
import { FacePhoto } from './FacePhoto';
import { hasRecheckable, OutcomeHeader } from './OutcomeHeader';

type ResultState = Extract<KioskState, { step: 'result' }>;

/**
 * Screen 5: one screen for what staff must see (issue 11 §3, §4): the verdict with the reasons and
 * next steps, the chip photo beside (landscape) or above (portrait) the name, address, birth
 * date and expiry, every check folded away, and the step's primary action in the action bar:
 * verified → staff confirmation; failed → record as failed; an open revocation question →
 * ask again. The age purpose shows only the 18+/20+ answers.
 */
export function ResultScreen({ state }: { readonly state: ResultState }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const photoDisplay = useAppStore((s) => s.photo);
  const [saving, setSaving] = useState(false);
  const { report } = state;
  const agePurpose = state.purpose === 'age';
  const views = documentViews(report.document);
  const photoJp2 = views.photoJp2(report);
  const photoJpeg = views.photoJpeg?.(report);
  const photo: PhotoDisplay | 'none' = agePurpose ? 'none' : photoJp2 || photoJpeg ? photoDisplay : 'none';
  // An open revocation question: on an incomplete result, asking again is the primary action; on a
  // verified one (the field check allows revocation to stay pending) it is offered beside it.
  const recheckable = report.outcome !== 'failed' && hasRecheckable(report);
  const recheckFirst = recheckable && report.outcome === 'incomplete';
  const rechecking = state.recheck?.status === 'running';

  const recordFailure = async () => {
    if (saving) return;
    setSaving(true);
    try {
      await actions.recordFailure();
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className={`screen screen-result ${agePurpose ? 'screen-result-age' : ''}`} aria-labelledby="result-heading">
      <OutcomeHeader state={state} photo={photo} />
      {agePurpose ? (
        <AgeAnswers age={report.attributes.age} />
      ) : (
        <div className="person">
          {(photoJp2 || photoJpeg) && (
            <figure className="photo-figure" data-testid="photo-figure">
              <FacePhoto jp2={photoJp2} jpeg={photoJpeg} onDisplay={actions.setPhotoDisplay} />
              <figcaption>
                <span className="photo-caption">{t('result.photo')}</span>
                <span className="photo-note">{t('result.photoNote')}</span>
              </figcaption>
            </figure>
          )}
          <views.Details report={report} at={new Date(report.finishedAt)} />
        </div>
      )}
      <CheckList checks={report.checks} />
      <ActionBar>
        {report.outcome === 'failed' ? (
          <button type="button" className="button button-primary button-danger" onClick={() => void recordFailure()} disabled={saving} data-testid="primary-action">
            {saving ? t('confirm.saving') : t('result.recordFailed')}
          </button>
        ) : recheckFirst ? (
          <>
            <button type="button" className="button button-primary" onClick={() => void actions.recheckRevocation()} disabled={rechecking} data-testid="primary-action">
              {rechecking ? t('result.recheck.running') : t('result.recheck')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => actions.showConfirmation(true)} disabled={rechecking}>
              {t('result.toConfirmIncomplete')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-primary" onClick={() => actions.showConfirmation(true)} data-testid="primary-action">
              {t('result.toConfirm')}
            </button>
            {recheckable && (
              <button type="button" className="button button-secondary" onClick={() => void actions.recheckRevocation()} disabled={rechecking}>
                {rechecking ? t('result.recheck.running') : t('result.recheck')}
              </button>
            )}
          </>
        )}
        <button type="button" className="button button-secondary" onClick={() => actions.wipe('cancel')} disabled={saving}>
          {t('confirm.discard')}
        </button>
      </ActionBar>
    </section>
  );
}
