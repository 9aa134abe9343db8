import type { KioskState } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { AgeAnswers } from './AgeAnswers';
import { CheckList } from './CheckList';
import { FacePhoto } from './FacePhoto';
import { OutcomeHeader } from './OutcomeHeader';
import { PersonDetails } from './PersonDetails';

type ResultState = Extract<KioskState, { step: 'result' }>;

/**
 * Screen 5: the outcome at the top, the chip's photo and data, and every check with its reason.
 * The age purpose shows only the 18+/20+ answers (and the checks, which say nothing about the
 * person).
 */
export function ResultScreen({ state }: { readonly state: ResultState }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const { report } = state;
  const agePurpose = state.purpose === 'age';

  return (
    <section className="screen screen-result" aria-labelledby="result-heading">
      <OutcomeHeader report={report} agePurpose={agePurpose} />
      {agePurpose ? (
        <AgeAnswers age={report.attributes.age} />
      ) : (
        <div className="person">
          {report.document === 'mynumber-card' && report.images.photoJp2 && (
            <figure className="photo-figure">
              <FacePhoto jp2={report.images.photoJp2} />
              <figcaption>
                <span className="photo-caption">{t('result.photo')}</span>
                <span className="photo-note">{t('result.photoNote')}</span>
              </figcaption>
            </figure>
          )}
          {report.document === 'mynumber-card' && <PersonDetails attributes={report.attributes} images={report.images} at={new Date(report.finishedAt)} />}
        </div>
      )}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => actions.showConfirmation(true)}>
          {t('result.toConfirm')}
        </button>
        <button type="button" className="button button-secondary" onClick={actions.wipe}>
          {t('confirm.discard')}
        </button>
      </div>
      <CheckList checks={report.checks} />
    </section>
  );
}
