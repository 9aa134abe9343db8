/**
 * http(s) URLs in a certificate's CRL distribution points. JPKI leaves name a DirName partition
 * (spec §4.4, UNCONFIRMED); simulator leaves add an http URI when minted with `crlUrl`. LDAP and
 * DirName points cannot be fetched from a browser (reference pki-and-perf.md §2.3) and are skipped.
 */
import { copyBytes } from '../../bytes/byte-ops';
import { RevocationError } from './revocation-error';
import { x509 } from './x509-runtime';

const MAX_URLS = 8;
const MAX_URL_LENGTH = 2048;

export function crlUrlsFromCertificate(der: Uint8Array): string[] {
  let ext: x509.CRLDistributionPointsExtension | null;
  try {
    ext = new x509.X509Certificate(copyBytes(der)).getExtension(x509.CRLDistributionPointsExtension);
  } catch (cause) {
    throw new RevocationError('certificate-malformed', 'CRL distribution points could not be parsed', undefined, { cause });
  }
  const urls: string[] = [];
  for (const dp of ext?.distributionPoints ?? []) {
    for (const name of dp.distributionPoint?.fullName ?? []) {
      const uri = name.uniformResourceIdentifier;
      if (uri && uri.length <= MAX_URL_LENGTH && /^https?:\/\//i.test(uri) && urls.length < MAX_URLS) urls.push(uri);
    }
  }
  return urls;
}
