import type { VerificationReport } from '../../../verify/report';

/** The TEST / SIMULATED banner: any test or simulator anchor was used, or trust is not production. */
export function isNonProduction(report: Pick<VerificationReport, 'trustMode' | 'anchors'>): boolean {
  return report.trustMode !== 'production' || report.anchors.some((a) => a.hierarchy === 'test' || a.hierarchy === 'simulator');
}
