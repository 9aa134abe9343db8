/**
 * The CMS signature of a security object (EF.SOD, EF.CardSecurity, a master list) with the
 * certificate embedded in it (RFC 5652 §5.4, §5.6; 9303-10 §4.6.2.2):
 *  1. exactly one SignerInfo; its signer certificate found among the SignedData certificates by
 *     issuerAndSerialNumber (issuer compared order-insensitively, for Malaysia) or by
 *     subjectKeyIdentifier;
 *  2. signed attributes present, with contentType = eContentType and messageDigest = the
 *     digestAlgorithm's hash of the eContent as received;
 *  3. the signature over the signed attributes re-tagged as SET, with the signer's key.
 */
import { OID_CONTENT_TYPE_ATTR, OID_MESSAGE_DIGEST_ATTR, OID_SIGNING_TIME_ATTR, type SignedDataParts, type SignerInfoParts } from '../../cards/passport/lds/cms-signed-data';
import { decodeOid, readWhole, UNIVERSAL, valueOf } from '../../cards/passport/lds/ber';
import { nameKey } from './name-key';
import { constantTimeEqual } from '../crypto/constant-time';
import { parsePassportCertificate, sameSerial, type PassportCertificate } from './certificate';
import { digest, hashOfAlgorithm } from './crypto/hashes';
import { describeScheme, verifySignature } from './crypto/signature';
import type { PpReasonCode } from './passport-checks';

export type CmsSignatureOutcome =
  | { readonly ok: true; readonly signer: PassportCertificate; readonly signerInfo: SignerInfoParts; readonly scheme: string; readonly signingTime?: Date; readonly issuerOrderDiffers: boolean }
  | { readonly ok: false; readonly code: PpReasonCode; readonly detail: string; readonly signer?: PassportCertificate };

function decodeSigningTime(v: Uint8Array | undefined): Date | undefined {
  if (!v) return undefined;
  try {
    const t = readWhole(v);
    const s = new TextDecoder('latin1').decode(valueOf(v, t));
    let m: RegExpExecArray | null;
    if (t.tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
      const yy = Number(m[1]);
      return new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    }
    if (t.tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
      return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The signer's certificate among `certs` for `si`, and whether its issuer RDN order differs from the sid's. */
export function findSignerCertificate(si: SignerInfoParts, certs: readonly PassportCertificate[]): { cert: PassportCertificate; issuerOrderDiffers: boolean } | undefined {
  const sid = si.sid;
  for (const c of certs) {
    if (sid.kind === 'ski') {
      if (c.subjectKeyId && constantTimeEqual(c.subjectKeyId, sid.keyId)) return { cert: c, issuerOrderDiffers: false };
      continue;
    }
    if (!sameSerial(c.serial, sid.serial)) continue;
    if (constantTimeEqual(c.issuer.der, sid.issuer)) return { cert: c, issuerOrderDiffers: false };
    // Same attributes in another order (9303-12 leaves RDN order to the state; MY does this).
    try {
      if (nameKey(sid.issuer).key === c.issuer.key) return { cert: c, issuerOrderDiffers: true };
    } catch {
      // not a Name we can read: no match
    }
  }
  return undefined;
}

/**
 * Verifies the one SignerInfo of `sd` with its embedded certificate. Certificates that cannot be
 * decoded are skipped (the signer may still be found); none decoding is 'pp-sod-signer-not-found'.
 */
export async function verifyCmsSignature(sd: SignedDataParts): Promise<CmsSignatureOutcome> {
  if (sd.signerInfos.length !== 1) return { ok: false, code: 'pp-sod-malformed', detail: `${sd.signerInfos.length} SignerInfos; exactly one is required` };
  const si = sd.signerInfos[0]!;
  const certs: PassportCertificate[] = [];
  for (const der of sd.certificates) {
    try {
      certs.push(parsePassportCertificate(der));
    } catch {
      // an undecodable certificate can be neither the signer nor trusted
    }
  }
  const found = findSignerCertificate(si, certs);
  if (!found) {
    const how = si.sid.kind === 'ski' ? 'subject key identifier' : 'issuer and serial number';
    return { ok: false, code: 'pp-sod-signer-not-found', detail: `no embedded certificate matches the signer's ${how} (${certs.length} certificate(s) embedded)` };
  }
  const signer = found.cert;
  const attrs = si.signedAttrs;
  if (!attrs) return { ok: false, code: 'pp-sod-malformed', detail: 'the SignerInfo has no signed attributes (9303-10 requires them)', signer };
  const ct = attrs.attributes.find((a) => a.type === OID_CONTENT_TYPE_ATTR);
  const md = attrs.attributes.find((a) => a.type === OID_MESSAGE_DIGEST_ATTR);
  if (!ct || ct.values.length !== 1 || !md || md.values.length !== 1) {
    return { ok: false, code: 'pp-sod-malformed', detail: 'signed attributes must hold one contentType and one messageDigest', signer };
  }
  let ctOid: string;
  let mdValue: Uint8Array;
  try {
    const v = ct.values[0]!;
    const t = readWhole(v);
    if (t.tag !== UNIVERSAL.OID) throw new Error('not an OID');
    ctOid = decodeOid(v, t);
    const m = md.values[0]!;
    const mt = readWhole(m);
    if (mt.tag !== UNIVERSAL.OCTET_STRING) throw new Error('not an OCTET STRING');
    mdValue = valueOf(m, mt);
  } catch (e) {
    return { ok: false, code: 'pp-sod-malformed', detail: `contentType or messageDigest attribute is malformed (${(e as Error).message})`, signer };
  }
  if (ctOid !== sd.eContentType) return { ok: false, code: 'pp-sod-content-type-mismatch', detail: `signed contentType ${ctOid} differs from eContentType ${sd.eContentType}`, signer };
  const hash = hashOfAlgorithm(si.digestAlgorithm);
  if (!hash) return { ok: false, code: 'pp-hash-algorithm-unsupported', detail: `digest algorithm ${si.digestAlgorithm.oid} is not supported`, signer };
  if (!constantTimeEqual(await digest(hash, sd.eContent), mdValue)) {
    return { ok: false, code: 'pp-sod-message-digest-mismatch', detail: `the ${hash} of the security object differs from the signed messageDigest`, signer };
  }
  const verdict = await verifySignature(si.signatureAlgorithm, signer.publicKey, attrs.signedBytes, si.signature, si.digestAlgorithm.oid);
  if (!verdict.valid) {
    const code: PpReasonCode = verdict.why === 'unsupported-algorithm' ? 'pp-signature-algorithm-unsupported' : 'pp-sod-signature-invalid';
    return { ok: false, code, detail: `${verdict.detail} (signer serial ${signer.serialHex}, "${signer.subject.display}")`, signer };
  }
  const signingTime = decodeSigningTime(attrs.attributes.find((a) => a.type === OID_SIGNING_TIME_ATTR)?.values[0]);
  return { ok: true, signer, signerInfo: si, scheme: describeScheme(verdict.scheme), ...(signingTime ? { signingTime } : {}), issuerOrderDiffers: found.issuerOrderDiffers };
}
