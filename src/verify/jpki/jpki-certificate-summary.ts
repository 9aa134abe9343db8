/**
 * What the report and the revocation module need to know about a JPKI certificate: serial,
 * validity, names, and where its revocation status is published (CRL DP: directoryName style
 * per spec §4.4, plus any http URIs; AIA OCSP, presence UNCONFIRMED for real certs).
 * Throws JpkiVerifyError('jpki-malformed').
 */
import { decodeAiaOcspUris, decodeCrlDistributionPoints } from './extension-values';
import { nameToString, parseJpkiCertificate } from './jpki-certificate';
import { EXT } from './jpki-oids';

export interface JpkiCertificateSummary {
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subject: string;
  readonly issuer: string;
  /** fullName URIs of the CRL distribution points (e.g. http). */
  readonly crlDistributionPointUris: readonly string[];
  /** fullName directoryNames of the CRL distribution points, as display strings. */
  readonly crlDistributionPointNames: readonly string[];
  /** The first AIA id-ad-ocsp URI, if any. */
  readonly ocspUrl?: string;
}

export function parseJpkiCertificateSummary(der: Uint8Array): JpkiCertificateSummary {
  const cert = parseJpkiCertificate(der);
  const dpExt = cert.decoded.extensions.get(EXT.crlDistributionPoints);
  const aiaExt = cert.decoded.extensions.get(EXT.authorityInfoAccess);
  const dp = dpExt ? decodeCrlDistributionPoints(dpExt.value) : { uris: [], directoryNames: [] };
  const ocspUrl = aiaExt ? decodeAiaOcspUris(aiaExt.value)[0] : undefined;
  return {
    serialHex: cert.serialHex,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    subject: cert.subject,
    issuer: cert.issuer,
    crlDistributionPointUris: dp.uris,
    crlDistributionPointNames: dp.directoryNames.map(nameToString),
    ...(ocspUrl ? { ocspUrl } : {}),
  };
}
