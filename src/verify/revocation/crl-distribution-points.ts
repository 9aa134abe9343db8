/**
 * http(s) URLs in a certificate's CRL distribution points (fullName URIs, RFC 5280 §4.2.1.13),
 * read with the verifier's one certificate and distribution-point reading (../der). JPKI leaves
 * name a DirName partition (spec §4.4, UNCONFIRMED); simulator leaves add an http URI when minted
 * with `crlUrl`. LDAP and DirName points cannot be fetched from a browser (reference
 * pki-and-perf.md §2.3) and are skipped. Throws RevocationError('certificate-malformed').
 */
import { readDistributionPoints } from '../der/distribution-points';
import { readCertificateFields } from './certificate-fields';
import { uriOf } from './crl-scope';
import { revocationFailure } from './revocation-error';

const CRL_DP_OID = '2.5.29.31';
const MAX_URLS = 8;
const MAX_URL_LENGTH = 2048;

export function crlUrlsFromCertificate(der: Uint8Array): string[] {
  const ext = readCertificateFields(der).extensions.get(CRL_DP_OID);
  if (!ext) return [];
  const urls: string[] = [];
  for (const point of readDistributionPoints(ext.value, revocationFailure('certificate-malformed'))) {
    for (const name of point.fullName) {
      const uri = uriOf(name);
      if (uri && uri.length <= MAX_URL_LENGTH && /^https?:\/\//i.test(uri) && urls.length < MAX_URLS) urls.push(uri);
    }
  }
  return urls;
}
