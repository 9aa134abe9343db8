/**
 * An X.509 v3 certificate as the JPKI checks (and the residence card's signer check) read it: the
 * verifier's one certificate reading (../der/certificate.ts) with JpkiVerifyError('jpki-malformed')
 * failures, and v3 required — their checks rest on the extensions (JPKI spec §4.4).
 */
import { readCertificate, type Certificate } from '../der/certificate';
import { JpkiVerifyError, jpkiMalformed } from './jpki-errors';

/** Decode `der` (exactly one X.509 v3 Certificate, nothing after it; views into `der`). */
export function decodeCertificate(der: Uint8Array): Certificate {
  const c = readCertificate(der, jpkiMalformed);
  if (c.version !== 3) throw new JpkiVerifyError('jpki-malformed', `not an X.509 v3 certificate (version ${c.version})`);
  return c;
}
