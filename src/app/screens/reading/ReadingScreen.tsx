import type { KioskState } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';
import { ScreenHeading } from '../common/ScreenHeading';
import { CardOnReaderPicture } from '../place-card/CardOnReaderPicture';

type ReadingState = Extract<KioskState, { step: 'reading' }>;

/** Screen 4: a real progress bar over the verification steps, and "keep the card still". */
export function ReadingScreen({ state }: { readonly state: ReadingState }) {
  const t = useT();
  const step = t(state.current ? `step.${state.current}` : 'step.starting');
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
    </section>
  );
}
