import { documentDriver } from '../../../documents/registry';
import type { KioskNotice } from '../../../session/kiosk-state';
import type { Translate } from '../../i18n/use-i18n';
import { cardErrorExplanation } from '../../error-text';

type Pick = <T>(pair: { readonly ja: T; readonly en: T }) => T;

/** A document's name for staff, from its driver (the kind itself if none is registered). */
function documentName(pick: Pick, kind: string): string {
  const driver = documentDriver(kind);
  return driver ? pick(driver.title) : kind;
}

/** The text of a card-detection notice (unknown card, another document, purpose not supported); undefined for other notices. */
export function documentNoticeText(t: Translate, pick: Pick, notice: KioskNotice): string | undefined {
  switch (notice.code) {
    case 'document-unknown':
      return t('notice.documentUnknown', { documents: notice.supported.map((k) => documentName(pick, k)).join(pick({ ja: '、', en: ', ' })) });
    case 'document-mismatch': {
      const text = t('notice.documentMismatch', { found: documentName(pick, notice.found), expected: documentName(pick, notice.expected) });
      // A My Number Card placed for the licence: it holds no licence application (not a マイナ免許証).
      if (notice.expected === 'drivers-licence' && notice.found === 'mynumber-card') {
        const absent = cardErrorExplanation('licence-application-absent');
        return `${absent.what ? pick(absent.what) : text} ${t(absent.next)}`;
      }
      return text;
    }
    case 'document-purpose-unsupported':
      return t('notice.documentPurposeUnsupported', { document: documentName(pick, notice.document) });
    default:
      return undefined;
  }
}
