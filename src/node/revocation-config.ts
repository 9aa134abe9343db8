import type { RevocationChecker } from '../verify/revocation/revocation-checker';
import { CrlRevocationChecker } from '../verify/revocation/crl-client';
import { nodeTbsHasher } from './node-tbs-hasher';
import { MemoryCrlCache } from '../verify/revocation/crl-cache';
import { OcspRevocationChecker } from '../verify/revocation/ocsp-client';
import { OfflineRevocationChecker } from '../verify/revocation/offline-checker';
import { PlatformRevocationChecker } from '../verify/revocation/platform-client';
import { UsageError } from './cli/cli-args';

/**
 * `--revocation crl=<url>|ocsp=<url>|platform=<url>|offline`. A CRL or OCSP URL may contain
 * `{purpose}` (sign or auth), since the two JPKI hierarchies have their own CRLs and responders.
 * The platform client reads its API key from KAZASU_PLATFORM_API_KEY (never a command-line flag,
 * which would show in process lists and shell history).
 */
export function revocationFromFlag(value: string | undefined, env: NodeJS.ProcessEnv = process.env): RevocationChecker {
  if (value === undefined || value === 'offline') return new OfflineRevocationChecker();
  const eq = value.indexOf('=');
  const kind = eq > 0 ? value.slice(0, eq) : value;
  const url = eq > 0 ? value.slice(eq + 1) : '';
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--revocation ${kind}= needs an http(s) URL`);
  const perPurpose = (purpose: string) => url.replaceAll('{purpose}', purpose);
  const fetchFn = (u: string, init: RequestInit) => fetch(u, init);
  switch (kind) {
    case 'crl':
      return new CrlRevocationChecker({ urlFor: (purpose) => perPurpose(purpose), fetch: fetchFn, cache: new MemoryCrlCache(), hasherFactory: nodeTbsHasher });
    case 'ocsp':
      return new OcspRevocationChecker({ url: (purpose) => perPurpose(purpose), fetch: fetchFn });
    case 'platform': {
      const apiKey = env.KAZASU_PLATFORM_API_KEY;
      if (!apiKey) throw new UsageError('--revocation platform= needs KAZASU_PLATFORM_API_KEY in the environment');
      return new PlatformRevocationChecker({ endpoint: url, credentials: { apiKey }, fetch: fetchFn });
    }
    default:
      throw new UsageError(`--revocation must be crl=<url>, ocsp=<url>, platform=<url> or offline (got ${kind})`);
  }
}
