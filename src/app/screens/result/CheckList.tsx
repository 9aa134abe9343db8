import { checkTitle, reasonText } from '../../../documents/check-catalogue';
import type { AnyCheck, CheckStatus } from '../../../verify/report';
import { clerkCheckTitle } from '../../i18n/clerk-text';
import { useLanguage, usePick, useT } from '../../i18n/use-i18n';
import { DetailsFold } from '../common/DetailsFold';
import { StatusBadge } from '../common/StatusBadge';

/** Failures first, then what needs attention, then the rest (stable within each group). */
const ORDER: Record<CheckStatus, number> = { fail: 0, pending: 1, warn: 2, pass: 3, skipped: 4 };

/**
 * Every check, folded by default (issue 11 §3, §7): plain title, badge and reason; the technical
 * name and id under each; checks this purpose does not do are listed last, apart.
 */
export function CheckList({ checks }: { readonly checks: readonly AnyCheck[] }) {
  const t = useT();
  const pick = usePick();
  const language = useLanguage();
  const sorted = [...checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const done = sorted.filter((c) => c.status !== 'skipped');
  const skipped = sorted.filter((c) => c.status === 'skipped');
  const row = (c: AnyCheck) => (
    <li key={c.id} className={`check-row check-${c.status}`} data-check={c.id} data-status={c.status}>
      <StatusBadge status={c.status} />
      <div className="check-text">
        <span className="check-title">{clerkCheckTitle(t, language, c.id)}</span>
        <span className="check-reason">{pick(reasonText(c.code))}</span>
        <span className="check-technical">
          {pick(checkTitle(c.id))} <code>{c.id}</code> <code>{c.code}</code>
        </span>
      </div>
    </li>
  );
  return (
    <DetailsFold className="checks" summary={t('result.checksFold', { n: done.length })} testId="checks-fold">
      <ul className="check-list">{done.map(row)}</ul>
      {skipped.length > 0 && (
        <>
          <h3 className="checks-skipped-heading">{t('result.checksSkipped')}</h3>
          <ul className="check-list check-list-skipped">{skipped.map(row)}</ul>
        </>
      )}
    </DetailsFold>
  );
}
