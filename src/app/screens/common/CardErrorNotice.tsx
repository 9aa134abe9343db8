import { cardErrorExplanation } from '../../error-text';
import { usePick, useT } from '../../i18n/use-i18n';
import { DetailsFold } from './DetailsFold';

/**
 * A card error the kiosk stopped on (a KioskNotice `card-unreadable`): what happened in plain words
 * and the next step on the main screen; the stable error code only behind the 詳細 fold. A code no
 * document explains keeps the general "could not be read; place it again" words.
 */
export function CardErrorNotice({ code, role }: { readonly code: string; readonly role?: 'alert' }) {
  const t = useT();
  const pick = usePick();
  const { what, next } = cardErrorExplanation(code);
  return (
    <div className="notice notice-warning card-error" data-testid="card-error" data-code={code} {...(role ? { role } : {})}>
      <p className="card-error-what">{what ? pick(what) : t('cardError.heading')}</p>
      <p className="card-error-next">{t(next)}</p>
      <DetailsFold summary={t('common.details')} testId="card-error-details">
        <p>{t('cardError.code', { code })}</p>
      </DetailsFold>
    </div>
  );
}
