import { checkTitle, reasonText } from '../../../documents/check-catalogue';
import type { AnyCheck, CheckStatus } from '../../../verify/report';
import { usePick, useT } from '../../i18n/use-i18n';
import { StatusBadge } from '../common/StatusBadge';

/** Failures first, then what needs attention, then the rest (stable within each group). */
const ORDER: Record<CheckStatus, number> = { fail: 0, pending: 1, warn: 2, pass: 3, skipped: 4 };

/** Every check with its badge and its plain reason (ja/en from the check catalogue). */
export function CheckList({ checks }: { readonly checks: readonly AnyCheck[] }) {
  const t = useT();
  const pick = usePick();
  const sorted = [...checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <section className="checks" aria-labelledby="checks-heading">
      <h2 id="checks-heading">{t('result.checks')}</h2>
      <ul className="check-list">
        {sorted.map((c) => (
          <li key={c.id} className={`check-row check-${c.status}`} data-check={c.id} data-status={c.status}>
            <StatusBadge status={c.status} />
            <div className="check-text">
              <span className="check-title">{pick(checkTitle(c.id))}</span>
              <span className="check-reason">{pick(reasonText(c.code))}</span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
