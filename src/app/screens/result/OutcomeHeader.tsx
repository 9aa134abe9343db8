import { documentDriver } from '../../../documents/registry';
import type { KioskState } from '../../../session/kiosk-state';
import type { AnyCheck, Outcome } from '../../../verify/report';
import { clerkCheckTitle, nextStep } from '../../i18n/clerk-text';
import { useLanguage, useT } from '../../i18n/use-i18n';
import type { PhotoDisplay } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';
import { StatusBadge } from '../common/StatusBadge';
import { isNonProduction } from './simulated';

type Verdict = Outcome | 'attention';
const SYMBOL: Record<Verdict, string> = { verified: '✓', failed: '✗', incomplete: '…', attention: '!' };

type ResultState = Extract<KioskState, { step: 'result' }>;

/**
 * The verdict, big, at the top (symbol + words + colour), the TEST / SIMULATED line, and for
 * each check that failed or is still open its plain title, reason and what to do next (issue 11
 * §6). A verified check whose photo cannot be shown is amber ('attention'): the clerk compares
 * the person with the photo printed on the card instead (§2).
 */
export function OutcomeHeader({ state, photo }: { readonly state: ResultState; readonly photo: PhotoDisplay | 'none' }) {
  const t = useT();
  const language = useLanguage();
  const { report } = state;
  const agePurpose = state.purpose === 'age';
  const noPhoto = !agePurpose && report.outcome === 'verified' && (photo === 'failed' || photo === 'none');
  const verdict: Verdict = noPhoto ? 'attention' : report.outcome;
  const notable = [...report.checks.filter((c) => c.status === 'fail' || c.status === 'pending'), ...openRequired(state)];
  const explain = noPhoto ? 'result.explain.noPhoto' : report.outcome === 'verified' && agePurpose ? 'result.explain.verifiedAge' : (`result.explain.${report.outcome}` as const);
  return (
    <div className="result-top">
      {isNonProduction(report) && (
        <p className="simulated-banner" data-testid="simulated-banner">
          {t('result.simulated')}
        </p>
      )}
      <div className={`outcome outcome-${verdict}`} data-testid="outcome" data-outcome={report.outcome} data-verdict={verdict}>
        <span className="outcome-symbol" aria-hidden="true">
          {SYMBOL[verdict]}
        </span>
        <div className="outcome-text">
          <ScreenHeading id="result-heading" className="outcome-heading">
            {t(noPhoto ? 'result.outcome.verifiedNoPhoto' : `result.outcome.${report.outcome}`)}
          </ScreenHeading>
          <p className="outcome-explain">{t(explain)}</p>
          {notable.length > 0 && (
            <ul className="outcome-reasons" data-testid="outcome-reasons">
              {notable.map((c) => (
                <li key={c.id} data-reason={c.id}>
                  <StatusBadge status={c.status} />
                  <span className="outcome-reason-text">
                    <strong>{clerkCheckTitle(t, language, c.id)}</strong>
                    <span className="next-step" data-testid="next-step">
                      {nextStep(t, c.code)}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {state.recheck && state.recheck.status !== 'running' && (
            <p className="recheck-status" role="status" data-testid="recheck-status">
              {t(state.recheck.status === 'answered' ? 'result.recheck.answered' : 'result.recheck.stillOpen')}
            </p>
          )}
          {state.lockedKeys && state.lockedKeys.length > 0 && (
            <p className="locked-keys" data-testid="locked-keys">
              {t('result.lockedKeys', { keys: state.lockedKeys.map((k) => t(`lockedKey.${k}`)).join(t('list.separator')) })}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * An incomplete result names what kept it from 'verified' even when nothing failed or is pending:
 * a required check that only warned or was skipped (a マイナ免許証 without a photo; a licence
 * whose issuer certificate is not installed, for a purpose that needs the signature).
 */
function openRequired(state: ResultState): readonly AnyCheck[] {
  const { report } = state;
  if (report.outcome !== 'incomplete') return [];
  const required = documentDriver(report.document)?.purposes[state.purpose]?.requiredChecks ?? [];
  return report.checks.filter((c) => required.includes(c.id) && (c.status === 'warn' || c.status === 'skipped'));
}

/** Does the report have a revocation question worth asking again? */
export function hasRecheckable(report: { readonly checks: readonly AnyCheck[] }): boolean {
  return report.checks.some((c) => (c.id === 'jpki.sign.revocation' || c.id === 'jpki.auth.revocation') && (c.status === 'pending' || (c.status === 'fail' && c.code !== 'revoked' && c.code.startsWith('revocation-'))));
}
