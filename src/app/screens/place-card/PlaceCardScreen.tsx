import type { KioskNotice } from '../../../session/kiosk-state';
import { PURPOSES, type PurposeId } from '../../../session/purposes';
import type { Translate } from '../../i18n/use-i18n';
import { usePick, useT } from '../../i18n/use-i18n';
import { readerProblemText } from '../../readers/reader-failure-text';
import { useAppStore } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { documentNoticeText } from '../common/document-notice';
import { ScreenHeading } from '../common/ScreenHeading';
import { CardErrorNotice } from '../common/CardErrorNotice';
import { CardOnReaderPicture } from './CardOnReaderPicture';
import { DemoReaderPanel } from './DemoReaderPanel';
import { DocumentPicker } from './DocumentPicker';
import { ReaderStatusLine } from './ReaderStatusLine';

function noticeText(t: Translate, pick: <T>(pair: { readonly ja: T; readonly en: T }) => T, notice: KioskNotice | undefined): string | undefined {
  if (!notice) return undefined;
  const documentText = documentNoticeText(t, pick, notice);
  if (documentText) return documentText;
  if (notice.code === 'card-removed') return t('notice.cardRemoved');
  if (notice.code === 'card-unreadable') return t('notice.cardUnreadable', { code: notice.errorCode });
  if (notice.code === 'reader-failed') return t('notice.readerFailed', { explanation: readerProblemText(t, notice.errorCode, notice.reason) });
  return undefined;
}

/** Screen 2: place the card, with the reader's live status (and the simulated card picker in demo mode). */
export function PlaceCardScreen({ purpose, notice }: { readonly purpose: PurposeId; readonly notice: KioskNotice | undefined }) {
  const t = useT();
  const pick = usePick();
  const wipe = useAppStore((s) => s.actions.wipe);
  const scanCard = useAppStore((s) => s.actions.scanCard);
  const nativeReader = useAppStore((s) => s.reader.path === 'native');
  // After a failed read the card may still lie on the reader: nothing new happens until it is
  // lifted, so offer to read it again.
  const cardStillThere = useAppStore((s) => s.reader.cardPresent) && notice !== undefined && notice.code !== 'card-removed';
  const text = noticeText(t, pick, notice);

  return (
    <section className="screen screen-place" aria-labelledby="place-heading">
      <p className="screen-context">{t('place.purpose', { purpose: pick(PURPOSES[purpose].title) })}</p>
      <ScreenHeading id="place-heading">{t('place.heading')}</ScreenHeading>
      {notice?.code === 'card-unreadable' ? (
        <CardErrorNotice code={notice.errorCode} role="alert" />
      ) : (
        text && (
          <p className="notice notice-warning" role="alert">
            {text}
          </p>
        )
      )}
      <div className="place-guide">
        <CardOnReaderPicture />
        <div>
          <p className="lead">{t('place.lead')}</p>
          <p>{t('place.tips')}</p>
          <ReaderStatusLine />
        </div>
      </div>
      <DocumentPicker purpose={purpose} />
      <DemoReaderPanel showPicker />
      <ActionBar>
        {(nativeReader || cardStillThere) && (
          <button type="button" className="button button-primary" onClick={() => void scanCard()}>
            {t(nativeReader ? 'reader.native.scan' : 'place.retry')}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={() => wipe('cancel')}>
          {t('common.cancel')}
        </button>
      </ActionBar>
    </section>
  );
}
