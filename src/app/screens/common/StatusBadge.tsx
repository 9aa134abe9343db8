import type { CheckStatus } from '../../../verify/report';
import { useT } from '../../i18n/use-i18n';

const SYMBOL: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', pending: '…', skipped: '–' };

/** A check status as symbol + word + colour (never colour alone). */
export function StatusBadge({ status }: { readonly status: CheckStatus }) {
  const t = useT();
  return (
    <span className={`badge badge-${status}`}>
      <span aria-hidden="true" className="badge-symbol">
        {SYMBOL[status]}
      </span>
      {t(`status.${status}`)}
    </span>
  );
}
