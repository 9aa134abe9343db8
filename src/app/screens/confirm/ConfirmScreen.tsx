import { useState, type FormEvent } from 'react';
import type { KioskState } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';
import { FacePhoto } from '../result/FacePhoto';
import { isNonProduction } from '../result/simulated';

type ResultState = Extract<KioskState, { step: 'result' }>;

/**
 * Screen 6: the clerk compares the person with the chip photo and the printed card with the
 * screen, ticks what is true, and records. The ticks are recorded as given (unticked = not
 * confirmed), so recording is never blocked.
 */
export function ConfirmScreen({ state }: { readonly state: ResultState }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const [faceMatches, setFaceMatches] = useState(false);
  const [printedCardMatches, setPrintedCardMatches] = useState(false);
  const [saving, setSaving] = useState(false);
  const { report } = state;
  const photo = state.purpose === 'age' || report.document !== 'mynumber-card' ? undefined : report.images.photoJp2;

  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      await actions.confirm({ faceMatches, printedCardMatches });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="confirm-heading">
      {isNonProduction(report) && <p className="simulated-banner">{t('result.simulated')}</p>}
      <ScreenHeading id="confirm-heading">{t('confirm.heading')}</ScreenHeading>
      <p className={`confirm-outcome outcome-text-${report.outcome}`}>{t('confirm.outcome', { outcome: t(`result.outcome.${report.outcome}`) })}</p>
      <div className="confirm-layout">
        {photo && (
          <figure className="photo-figure photo-figure-small">
            <FacePhoto jp2={photo} />
            <figcaption>
              <span className="photo-caption">{t('result.photo')}</span>
            </figcaption>
          </figure>
        )}
        <form className="confirm-form" onSubmit={(e) => void record(e)}>
          <fieldset>
            <legend>{t('confirm.lead')}</legend>
            <label className="check-label check-label-large">
              <input type="checkbox" checked={faceMatches} onChange={(e) => setFaceMatches(e.target.checked)} />
              <span>{t(photo ? 'confirm.face' : 'confirm.faceCard')}</span>
            </label>
            <label className="check-label check-label-large">
              <input type="checkbox" checked={printedCardMatches} onChange={(e) => setPrintedCardMatches(e.target.checked)} />
              <span>{t('confirm.printed')}</span>
            </label>
          </fieldset>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? t('confirm.saving') : t('confirm.record')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => actions.showConfirmation(false)} disabled={saving}>
              {t('confirm.back')}
            </button>
            <button type="button" className="button button-secondary" onClick={actions.wipe} disabled={saving}>
              {t('confirm.discard')}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
