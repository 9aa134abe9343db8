import type { KioskNotice } from '../../../session/kiosk-state';
import { ja, type MessageKey } from '../../i18n/catalogue';
import { useT, type Translate } from '../../i18n/use-i18n';
import { readerProblemText } from '../../readers/reader-failure-text';

function text(t: Translate, notice: KioskNotice): string {
  switch (notice.code) {
    case 'credential-wrong': {
      const credential = t(`cred.name.${notice.credential}`);
      return notice.retriesLeft !== undefined ? t('cred.notice.wrong', { credential, n: notice.retriesLeft }) : t('cred.notice.wrongNoCount', { credential });
    }
    case 'credential-last-try':
      return t('cred.notice.lastTry', { credential: t(`cred.name.${notice.credential}`) });
    case 'credential-blocked':
      return t('cred.notice.blocked', { credential: t(`cred.name.${notice.credential}`) });
    case 'credential-format': {
      const reason = `format.${notice.reason}`;
      return t('cred.notice.format', { credential: t(`cred.name.${notice.credential}`), reason: t(reason in ja ? (reason as MessageKey) : 'format.format') });
    }
    case 'card-removed':
      return t('notice.cardRemoved');
    case 'card-unreadable':
      return t('notice.cardUnreadable', { code: notice.errorCode });
    case 'reader-failed':
      return t('notice.readerFailed', { explanation: readerProblemText(t, notice.errorCode, notice.reason) });
  }
}

/**
 * Why the kiosk came back to this screen (wrong code with the tries left, last try, blocked…).
 * Announced (role=alert); focus goes to the field to correct, not to this text.
 */
export function CredentialNotice({ notice }: { readonly notice: KioskNotice | undefined }) {
  const t = useT();
  if (!notice) return null;
  return (
    <p className="notice notice-error" role="alert" data-testid="credential-notice">
      {text(t, notice)}
    </p>
  );
}
