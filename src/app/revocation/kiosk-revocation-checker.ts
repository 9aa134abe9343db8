/**
 * The kiosk's revocation checker for real readers, built from the Settings configuration:
 * OCSP first when a responder is configured (the freshest answer), then the CRL for the
 * certificate kind (a stored list answers offline). A definite answer — good, revoked or a
 * failure such as a forged responder — ends the search (fail closed); only "no answer" moves on.
 *
 * A list past its nextUpdate is `pending`, not a failure and never a pass (issue 13): the
 * question is kept and answered again once a current list can be fetched. Nothing configured →
 * `pending` offline, as before.
 */
import { CrlRevocationChecker } from '../../verify/revocation/crl-client';
import type { CrlCache } from '../../verify/revocation/crl-cache';
import type { CrlDownloader } from '../../verify/revocation/crl-download';
import { OcspRevocationChecker } from '../../verify/revocation/ocsp-client';
import type { FetchLike } from '../../verify/revocation/http-exchange';
import type { RevocationChecker, RevocationRequest, RevocationResult, RevocationSource, RevocationTarget } from '../../verify/revocation/revocation-checker';
import { checkRequest, pending } from '../../verify/revocation/revocation-target';
import { forPurpose, type RevocationConfig } from './revocation-config';

export class KioskRevocationChecker implements RevocationChecker {
  readonly source: RevocationSource;

  constructor(
    private readonly checkers: readonly RevocationChecker[],
    private readonly crlUrlFor: (purpose: RevocationTarget['purpose']) => string | undefined = () => undefined,
  ) {
    this.source = checkers[0]?.source ?? 'offline';
  }

  check(req: RevocationRequest): Promise<RevocationResult> {
    return checkRequest(this, req);
  }

  async checkTarget(t: RevocationTarget): Promise<RevocationResult> {
    let waiting: Extract<RevocationResult, { status: 'pending' }> | undefined;
    for (const c of this.checkers) {
      let r = await c.checkTarget(t);
      if (r.status === 'failed' && r.code === 'revocation-crl-stale') r = pending(t, c.source, 'no-answer', t.crlUrl ?? this.crlUrlFor(t.purpose));
      if (r.status !== 'pending') return r;
      // Keep the CRL's record when there is one: it names the list to fetch later.
      if (!waiting || r.source === 'crl') waiting = r;
    }
    return waiting ?? pending(t, 'offline', 'offline');
  }
}

export interface KioskCheckerDeps {
  readonly config: RevocationConfig;
  /** Endpoints whose origin the CSP does not allow are left out (Settings says why). */
  readonly usable: (url: string) => boolean;
  readonly fetch: FetchLike;
  readonly cache: CrlCache;
  /** Download + ingest in the CRL worker. */
  readonly download: CrlDownloader;
  readonly isOnline: () => boolean;
}

/** OCSP and/or CRL per the configuration. The platform endpoint is never used from the browser (no key here). */
export function kioskRevocationChecker(deps: KioskCheckerDeps): KioskRevocationChecker {
  const { config } = deps;
  const crlUrl = (purpose: 'sign' | 'auth') => {
    const url = config.crlUrls[purpose];
    return url !== '' && deps.usable(url) ? url : undefined;
  };
  const checkers: RevocationChecker[] = [];
  if (config.ocspUrl !== '' && deps.usable(config.ocspUrl)) {
    checkers.push(new OcspRevocationChecker({ url: (purpose) => forPurpose(config.ocspUrl, purpose), fetch: deps.fetch, isOnline: deps.isOnline }));
  }
  if (crlUrl('sign') || crlUrl('auth')) {
    checkers.push(
      new CrlRevocationChecker({
        urlFor: (purpose) => crlUrl(purpose),
        // Only the configured lists: the CSP would refuse a distribution point named by the card anyway.
        useCertificateDistributionPoint: false,
        fetch: () => Promise.reject(new Error('CRLs are downloaded in the CRL worker')),
        download: deps.download,
        cache: deps.cache,
        isOnline: deps.isOnline,
        refreshIntervalSeconds: config.refreshHours * 3600,
        timeoutMs: 120_000,
      }),
    );
  }
  return new KioskRevocationChecker(checkers, crlUrl);
}
