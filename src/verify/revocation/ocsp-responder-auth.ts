/**
 * Our own check that an OCSP response was signed by someone allowed to answer for the issuer
 * (RFC 6960 §4.2.2.2), done in addition to pkijs' BasicOCSPResponse.verify (reference
 * pki-and-perf.md §1.4: only pkijs ≥ 3.4.3 checks this at all, and an older copy must not
 * silently weaken us). Allowed signers:
 *   - the issuer itself (the pinned root), or
 *   - a delegated responder: a certificate in the response, issued by the issuer (Name bytes
 *     equal AND signature verifies with the issuer key), valid now, with EKU id-kp-OCSPSigning,
 *     keyUsage digitalSignature when keyUsage is present, and id-pkix-ocsp-nocheck (we cannot
 *     check the responder's own revocation, RFC 6960 §4.2.2.2.1), or
 *   - a certificate the operator pinned by exact DER (`trustedResponders`).
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { bytesEqual } from '../../bytes/byte-ops';
import { readCertificateFields, type CertificateFields } from './certificate-fields';
import { decodeOid, expectTlv, forEachElement, TAG } from '../der/der-reader';
import { revocationFailure } from './revocation-error';
import { digest } from './ocsp-request';
import { verifyRsaSignature } from './signature-verify';

const EKU_OID = '2.5.29.37';
const KEY_USAGE_OID = '2.5.29.15';
const OCSP_NOCHECK_OID = '1.3.6.1.5.5.7.48.1.5';
const ID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const MAX_EMBEDDED_CERTS = 8;

export type ResponderVerdict =
  | { readonly ok: true; readonly signer: 'issuer' | 'delegated' | 'pinned'; readonly signerDer: Uint8Array }
  | { readonly ok: false; readonly detail: string };

/** The certificate's DER as received (pkijs keeps the original TBS bytes when encodeFlag is false). */
export function pkijsCertificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

async function matchesResponderId(responderId: unknown, fields: CertificateFields): Promise<boolean> {
  if (responderId instanceof asn1js.OctetString) {
    // byKey: SHA-1 of the subjectPublicKey BIT STRING octets (RFC 6960 §4.2.1).
    return bytesEqual(await digest('SHA-1', fields.subjectPublicKey), responderId.valueBlock.valueHexView);
  }
  const rdn = responderId as { valueBeforeDecode?: ArrayBuffer; toSchema?: () => asn1js.AsnType } | null;
  if (rdn && rdn.valueBeforeDecode && rdn.valueBeforeDecode.byteLength > 0) {
    return bytesEqual(new Uint8Array(rdn.valueBeforeDecode), fields.subjectName);
  }
  if (rdn && typeof rdn.toSchema === 'function') {
    return bytesEqual(new Uint8Array(rdn.toSchema().toBER(false)), fields.subjectName);
  }
  return false;
}

function hasOcspSigningEku(fields: CertificateFields): boolean {
  const ext = fields.extensions.get(EKU_OID);
  if (!ext) return false;
  let found = false;
  const malformed = revocationFailure('certificate-malformed');
  const seq = expectTlv(ext.value, 0, ext.value.length, TAG.SEQUENCE, 'ExtKeyUsageSyntax', malformed);
  forEachElement(ext.value, seq.start, seq.end, 'KeyPurposeId', malformed, (t) => {
    if (decodeOid(ext.value, t, malformed) === ID_KP_OCSP_SIGNING) found = true;
  });
  return found;
}

function keyUsageAllowsSigning(fields: CertificateFields): boolean {
  const ku = fields.extensions.get(KEY_USAGE_OID);
  if (!ku) return true;
  const v = ku.value;
  return v.length >= 4 && v[0] === 0x03 && (v[3]! & 0x80) !== 0; // digitalSignature = bit 0
}

async function delegatedProblem(fields: CertificateFields, issuer: CertificateFields, nowMs: number): Promise<string | undefined> {
  if (!bytesEqual(fields.issuerName, issuer.subjectName)) return 'responder certificate was not issued by the issuer';
  const sig = await verifyRsaSignature(fields.signatureAlgorithm, issuer.spki, fields.tbs, fields.signature);
  if (!sig.valid) return `responder certificate is not signed by the issuer key (${sig.detail})`;
  if (nowMs < fields.notBefore || nowMs > fields.notAfter) return 'responder certificate is outside its validity period';
  if (!hasOcspSigningEku(fields)) return 'responder certificate lacks EKU id-kp-OCSPSigning';
  if (!keyUsageAllowsSigning(fields)) return 'responder certificate keyUsage does not allow digitalSignature';
  if (!fields.extensions.has(OCSP_NOCHECK_OID)) return 'responder certificate lacks id-pkix-ocsp-nocheck';
  return undefined;
}

export async function authoriseResponder(
  basic: pkijs.BasicOCSPResponse,
  issuerDer: Uint8Array,
  issuer: CertificateFields,
  nowMs: number,
  trustedResponders: readonly Uint8Array[] = [],
): Promise<ResponderVerdict> {
  const responderId: unknown = basic.tbsResponseData.responderID;
  if (await matchesResponderId(responderId, issuer)) return { ok: true, signer: 'issuer', signerDer: issuerDer };
  const certs = basic.certs ?? [];
  if (certs.length > MAX_EMBEDDED_CERTS) return { ok: false, detail: `response embeds ${certs.length} certificates` };
  const problems: string[] = [];
  for (const cert of certs) {
    let der: Uint8Array;
    let fields: CertificateFields;
    try {
      der = pkijsCertificateDer(cert);
      fields = readCertificateFields(der);
    } catch {
      problems.push('an embedded certificate is malformed');
      continue;
    }
    if (!(await matchesResponderId(responderId, fields))) continue;
    if (trustedResponders.some((t) => bytesEqual(t, der))) return { ok: true, signer: 'pinned', signerDer: der };
    let problem: string | undefined;
    try {
      problem = await delegatedProblem(fields, issuer, nowMs);
    } catch {
      problem = 'responder certificate extensions are malformed';
    }
    if (problem === undefined) return { ok: true, signer: 'delegated', signerDer: der };
    problems.push(problem);
  }
  return {
    ok: false,
    detail: problems.length ? problems.join('; ') : 'the responder is neither the issuer nor a certificate in the response',
  };
}
