import { checkTitle, reasonText } from '../../../documents/check-catalogue';
import type { Outcome, VerificationReport } from '../../../verify/report';
import { usePick, useT } from '../../i18n/use-i18n';
import { ScreenHeading } from '../common/ScreenHeading';
import { StatusBadge } from '../common/StatusBadge';
import { isNonProduction } from './simulated';

const SYMBOL: Record<Outcome, string> = { verified: '✓', failed: '✗', incomplete: '…' };

/**
 * The outcome, big, at the top (symbol + words + colour), the TEST / SIMULATED banner, and the
 * checks that failed or are still pending with their reasons, so the "why" is next to the verdict.
 */
export function OutcomeHeader({ report, agePurpose }: { readonly report: VerificationReport; readonly agePurpose: boolean }) {
  const t = useT();
  const pick = usePick();
  const notable = report.checks.filter((c) => c.status === 'fail' || c.status === 'pending');
  const explain = report.outcome === 'verified' && agePurpose ? 'result.explain.verifiedAge' : `result.explain.${report.outcome}` as const;
  return (
    <>
      {isNonProduction(report) && (
        <p className="simulated-banner" data-testid="simulated-banner">
          {t('result.simulated')}
        </p>
      )}
      <div className={`outcome outcome-${report.outcome}`} data-testid="outcome" data-outcome={report.outcome}>
        <span className="outcome-symbol" aria-hidden="true">
          {SYMBOL[report.outcome]}
        </span>
        <div>
          <ScreenHeading id="result-heading" className="outcome-heading">
            {t(`result.outcome.${report.outcome}`)}
          </ScreenHeading>
          <p className="outcome-explain">{t(explain)}</p>
          {notable.length > 0 && (
            <ul className="outcome-reasons" data-testid="outcome-reasons">
              {notable.map((c) => (
                <li key={c.id}>
                  <StatusBadge status={c.status} />
                  <span>
                    <strong>{pick(checkTitle(c.id))}</strong>
                    {t('result.reasonSeparator')}
                    {pick(reasonText(c.code))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}
