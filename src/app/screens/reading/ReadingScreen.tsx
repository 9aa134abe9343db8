import type { KioskState } from '../../../session/kiosk-state';
import { stepTechnical, stepTitle } from '../../i18n/clerk-text';
import { useT } from '../../i18n/use-i18n';
import { DetailsFold } from '../common/DetailsFold';
import { ScreenHeading } from '../common/ScreenHeading';
import { CardOnReaderPicture } from '../place-card/CardOnReaderPicture';

type ReadingState = Extract<KioskState, { step: 'reading' }>;

/** Screen 4: a real progress bar over the verification steps in plain words, and "keep the card still". */
export function ReadingScreen({ state }: { readonly state: ReadingState }) {
  const t = useT();
  const step = stepTitle(t, state.current);
  const technical = stepTechnical(t, state.current);
  return (
    <section className="screen screen-reading" aria-labelledby="reading-heading">
      <ScreenHeading id="reading-heading">{t('reading.heading')}</ScreenHeading>
      <div className="keep-still">
        <CardOnReaderPicture />
        <p>{t('reading.keepStill')}</p>
      </div>
      <label className="progress-label" htmlFor="reading-progress">
        {t('reading.progressLabel')}
      </label>
      <progress id="reading-progress" className="progress" max={state.total} value={state.done} />
      <p className="progress-step" data-testid="reading-step">
        {t('reading.step', { step, done: state.done, total: state.total })}
      </p>
      {technical && (
        <DetailsFold summary={t('common.details')}>
          <p className="technical" data-testid="reading-technical">
            {technical}
          </p>
        </DetailsFold>
      )}
    </section>
  );
}
