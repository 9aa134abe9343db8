/**
 * Turn CRL bytes — whole or streamed in chunks — into a verified index: walk the DER (hashing
 * tbsCertList on the way), require the CRL's issuer Name to be byte-identical to the issuer
 * certificate's subject, require that certificate to allow cRLSign (RFC 5280 §4.2.1.3), verify
 * the signature over the tbsCertList digest (raw RSA + PKCS#1 v1.5, crl-signature.ts), and only
 * then build the sorted index (reference pki-and-perf.md §3.2: verify before committing).
 * Pure: no network, no storage.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import type { CertificateFields } from './certificate-fields';
import { walkCrlStream, type WalkCrlOptions } from './crl-der-walker';
import { buildCrlIndex, type CrlIndex } from './crl-index';
import { RevocationError } from './revocation-error';
import { verifyCrlDigest } from './crl-signature';

export type CrlIngestResult =
  | { readonly ok: true; readonly index: CrlIndex }
  | {
      readonly ok: false;
      readonly code: 'revocation-crl-malformed' | 'revocation-crl-signature-invalid';
      readonly detail: string;
    };

const KEY_USAGE_OID = '2.5.29.15';

/** cRLSign is KeyUsage bit 6: 0x02 of the first octet after the unused-bits octet. */
function mayIssueCrls(issuer: CertificateFields): boolean {
  const ku = issuer.extensions.get(KEY_USAGE_OID);
  if (!ku) return true; // no keyUsage: unrestricted (RFC 5280 §4.2.1.3)
  const v = ku.value;
  return v.length >= 4 && v[0] === 0x03 && v[1]! >= 2 && (v[3]! & 0x02) !== 0;
}

/** A whole CRL in memory (the same walker, fed one chunk). */
export function ingestCrl(der: Uint8Array, issuer: CertificateFields, options: WalkCrlOptions = {}): Promise<CrlIngestResult> {
  return ingestCrlStream([der], issuer, options);
}

/**
 * A CRL arriving in chunks. Malformed input and bad signatures are results; an error thrown by
 * `chunks` itself (a broken download) is passed through unchanged for the caller to classify.
 */
export async function ingestCrlStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  issuer: CertificateFields,
  options: WalkCrlOptions = {},
): Promise<CrlIngestResult> {
  try {
    const walked = await walkCrlStream(chunks, options);
    if (!bytesEqual(walked.issuerName, issuer.subjectName)) {
      return { ok: false, code: 'revocation-crl-signature-invalid', detail: "the CRL's issuer Name is not the issuer certificate's subject" };
    }
    if (!mayIssueCrls(issuer)) {
      return { ok: false, code: 'revocation-crl-signature-invalid', detail: 'the issuer certificate does not allow cRLSign' };
    }
    const verdict = verifyCrlDigest(walked.signatureAlgorithm, issuer.spki, walked.tbsDigest, walked.signature);
    if (!verdict.valid) return { ok: false, code: 'revocation-crl-signature-invalid', detail: verdict.detail };
    return { ok: true, index: buildCrlIndex(walked) };
  } catch (e) {
    if (e instanceof RevocationError) return { ok: false, code: 'revocation-crl-malformed', detail: `${e.code}: ${e.message}` };
    throw e;
  }
}

export interface FreshnessPolicy {
  readonly clockSkewSeconds: number;
  /** Grace after nextUpdate the operator allows; 0 = nextUpdate must be in the future. */
  readonly maxStalenessSeconds: number;
}

/** Undefined when usable at `nowMs`, else why not. */
export function crlStaleness(index: Pick<CrlIndex, 'thisUpdate' | 'nextUpdate'>, nowMs: number, policy: FreshnessPolicy): string | undefined {
  if (index.thisUpdate > nowMs + policy.clockSkewSeconds * 1000) {
    return `CRL thisUpdate ${new Date(index.thisUpdate).toISOString()} is in the future`;
  }
  if (index.nextUpdate === undefined) return 'CRL has no nextUpdate, so its freshness cannot be judged';
  if (nowMs >= index.nextUpdate + policy.maxStalenessSeconds * 1000) {
    return `CRL nextUpdate ${new Date(index.nextUpdate).toISOString()} has passed`;
  }
  return undefined;
}
