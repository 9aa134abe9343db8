import type { CredentialKind, KioskNotice } from '../../../session/kiosk-state';
import { ja, type MessageKey } from '../../i18n/catalogue';
import { usePick, useT, type Translate } from '../../i18n/use-i18n';
import { documentNoticeText } from '../common/document-notice';
import { readerProblemText } from '../../readers/reader-failure-text';
import { CardErrorNotice } from '../common/CardErrorNotice';

function text(t: Translate, pick: <T>(pair: { readonly ja: T; readonly en: T }) => T, notice: KioskNotice, nameOf?: (credential: CredentialKind) => string): string {
  const name = nameOf ?? ((k: CredentialKind) => t(`cred.name.${k}`));
  switch (notice.code) {
    case 'credential-wrong': {
      const credential = name(notice.credential);
      return notice.retriesLeft !== undefined ? t('cred.notice.wrong', { credential, n: notice.retriesLeft }) : t('cred.notice.wrongNoCount', { credential });
    }
    case 'credential-last-try':
      return t('cred.notice.lastTry', { credential: name(notice.credential) });
    case 'credential-blocked':
      return t('cred.notice.blocked', { credential: name(notice.credential) });
    case 'credential-format': {
      const reason = `format.${notice.reason}`;
      return t('cred.notice.format', { credential: name(notice.credential), reason: t(reason in ja ? (reason as MessageKey) : 'format.format') });
    }
    case 'credential-attempts-exhausted':
      return t('cred.notice.attemptsExhausted', { credential: name(notice.credential) });
    case 'card-removed':
      return t('notice.cardRemoved');
    case 'card-unreadable':
      return t('notice.cardUnreadable', { code: notice.errorCode });
    case 'reader-failed':
      return t('notice.readerFailed', { explanation: readerProblemText(t, notice.errorCode, notice.reason) });
    case 'document-unknown':
    case 'document-mismatch':
    case 'document-purpose-unsupported':
      return documentNoticeText(t, pick, notice) ?? '';
  }
}

/**
 * Why the kiosk came back to this screen (wrong code with the tries left, last try, blocked…).
 * Announced (role=alert); focus goes to the field to correct, not to this text.
 */
export function CredentialNotice({ notice, credentialName }: { readonly notice: KioskNotice | undefined; readonly credentialName?: (credential: CredentialKind) => string }) {
  const t = useT();
  const pick = usePick();
  if (!notice) return null;
  // A card error: plain words and a next step; the code only behind the 詳細 fold.
  if (notice.code === 'card-unreadable') return <CardErrorNotice code={notice.errorCode} role="alert" />;
  return (
    <p className="notice notice-error" role="alert" data-testid="credential-notice">
      {text(t, pick, notice, credentialName)}
    </p>
  );
}
