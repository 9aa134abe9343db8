import type { RetryStatus } from '../../../cards/iso7816/pin-guard';
import { useT } from '../../i18n/use-i18n';

/** Tries left on one key, read from the card before anything was entered. */
export function TriesLine({ id, tries }: { readonly id: string; readonly tries: RetryStatus | undefined }) {
  const t = useT();
  const low = tries?.kind === 'tries-left' && tries.left <= 1;
  const text =
    tries === undefined ? t('cred.triesNone') : tries.kind === 'blocked' ? t('cred.triesBlocked') : tries.kind === 'tries-left' ? t('cred.tries', { n: tries.left }) : t('cred.triesUnknown');
  return (
    <p id={id} className={`tries ${tries?.kind === 'blocked' || low ? 'tries-danger' : ''}`} data-testid={id}>
      {text}
    </p>
  );
}
