/**
 * Build an OCSP request (RFC 6960 §4.1) with pkijs: one CertID for the issuer + serial, and a
 * fresh 32-octet nonce (RFC 8954, extension 1.3.6.1.5.5.7.48.1.2) from crypto.getRandomValues,
 * as the pkijs OCSPRequest JSDoc example suggests (reference pki-and-perf.md §1.4). The CertID
 * is assembled from hashes rather than `createForCertificate`, because a pending record is
 * resolved from issuer + serial without the leaf.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { copyBytes } from '../../bytes/byte-ops';
import type { CertificateFields } from './certificate-fields';

export const OCSP_NONCE_OID = '1.3.6.1.5.5.7.48.1.2';
export type CertIdHash = 'SHA-1' | 'SHA-256';

export const CERT_ID_HASH_OIDS: Readonly<Record<CertIdHash, string>> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
};

export interface BuiltOcspRequest {
  readonly der: Uint8Array;
  /** The nonce value (the OCTET STRING's content). */
  readonly nonce: Uint8Array;
  /** DER of the nonce extension's extnValue content (04 20 ‖ nonce) the response must echo. */
  readonly nonceExtnValue: Uint8Array;
}

export async function digest(hash: CertIdHash | 'SHA-384' | 'SHA-512', bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(hash, copyBytes(bytes)));
}

/** INTEGER content for a positive magnitude (adds the 00 sign octet when the top bit is set). */
export function integerContent(magnitude: Uint8Array): Uint8Array<ArrayBuffer> {
  if (magnitude.length > 0 && magnitude[0]! >= 0x80) {
    const out = new Uint8Array(magnitude.length + 1);
    out.set(magnitude, 1);
    return out;
  }
  return copyBytes(magnitude);
}

export async function buildOcspRequest(
  issuer: CertificateFields,
  serial: Uint8Array,
  hash: CertIdHash,
  nonceLength = 32,
): Promise<BuiltOcspRequest> {
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CERT_ID_HASH_OIDS[hash], algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: copyBytes(await digest(hash, issuer.subjectName)) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: copyBytes(await digest(hash, issuer.subjectPublicKey)) }),
    serialNumber: new asn1js.Integer({ valueHex: integerContent(serial) }),
  });
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(nonceLength));
  const nonceExtnValue = new Uint8Array(new asn1js.OctetString({ valueHex: copyBytes(nonce) }).toBER(false));
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OCSP_NONCE_OID, critical: false, extnValue: copyBytes(nonceExtnValue).buffer }),
  ];
  return { der: new Uint8Array(request.toSchema(true).toBER(false)), nonce, nonceExtnValue };
}
