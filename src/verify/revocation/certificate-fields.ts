/**
 * The certificate fields a revocation check needs (serial, issuer and subject Name bytes,
 * SubjectPublicKeyInfo, validity, extensions, the signed part): the verifier's one certificate
 * reading (../der/certificate.ts) of a private copy, failing as RevocationError
 * ('certificate-malformed') with the offset, plus revocation's own rule that a serial fits the
 * CRL index (at most 20 octets, RFC 5280 §4.1.2.2).
 */
import { copyBytes } from '../../bytes/byte-ops';
import { readCertificate, type Certificate } from '../der/certificate';
import { MAX_SERIAL_OCTETS } from './crl-der-walker';
import { RevocationError, revocationFailure } from './revocation-error';

export type { CertificateExtension } from '../der/certificate';
export type CertificateFields = Certificate;

/** Throws RevocationError('certificate-malformed') on anything that is not strict DER X.509. */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  const fields = readCertificate(copyBytes(der), revocationFailure('certificate-malformed'));
  if (fields.serial.length > MAX_SERIAL_OCTETS) {
    // The offset of the serial's first octet in the certificate.
    const at = fields.serial.byteOffset - fields.raw.byteOffset;
    throw new RevocationError('certificate-malformed', `serialNumber longer than ${MAX_SERIAL_OCTETS} octets (RFC 5280 §4.1.2.2)`, at);
  }
  return fields;
}
