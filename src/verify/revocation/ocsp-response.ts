/**
 * Reading an OCSP response (RFC 6960 §4.2) with pkijs, plus the checks pkijs leaves to the
 * caller (reference pki-and-perf.md §1.4): which SingleResponse answers our CertID, the nonce
 * echo (RFC 8954), and freshness of producedAt / thisUpdate / nextUpdate.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, copyBytes } from '../../bytes/byte-ops';
import type { CertificateFields } from './certificate-fields';
import { digest, OCSP_NONCE_OID } from './ocsp-request';
import { RevocationError } from './revocation-error';

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const MAX_SINGLE_RESPONSES = 32;

const HASH_BY_OID: Readonly<Record<string, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** OCSPResponseStatus (RFC 6960 §4.2.1). */
export const OCSP_RESPONSE_STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const;

export type ParsedOcspResponse =
  | { readonly responseStatus: 0; readonly basic: pkijs.BasicOCSPResponse }
  | { readonly responseStatus: number; readonly basic?: undefined };

function malformed(message: string, cause?: unknown): never {
  throw new RevocationError('ocsp-malformed', message, undefined, { cause });
}

function parseWhole(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(copyBytes(bytes));
  if (parsed.offset === -1) malformed(`${what} is not BER: ${parsed.result.error}`);
  if (parsed.offset !== bytes.length) malformed(`${what} has trailing bytes`);
  return parsed.result;
}

/** Throws RevocationError('ocsp-malformed'). */
export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  let outer: pkijs.OCSPResponse;
  try {
    outer = new pkijs.OCSPResponse({ schema: parseWhole(der, 'OCSPResponse') });
  } catch (e) {
    if (e instanceof RevocationError) throw e;
    return malformed('not an OCSPResponse', e);
  }
  const status = outer.responseStatus.valueBlock.valueDec;
  if (status !== OCSP_RESPONSE_STATUS.successful) return { responseStatus: status };
  if (!outer.responseBytes) malformed('successful response without responseBytes');
  if (outer.responseBytes.responseType !== ID_PKIX_OCSP_BASIC) malformed(`unsupported responseType ${outer.responseBytes.responseType}`);
  let basic: pkijs.BasicOCSPResponse;
  try {
    basic = new pkijs.BasicOCSPResponse({
      schema: parseWhole(outer.responseBytes.response.valueBlock.valueHexView, 'BasicOCSPResponse'),
    });
  } catch (e) {
    if (e instanceof RevocationError) throw e;
    return malformed('not a BasicOCSPResponse', e);
  }
  if (basic.tbsResponseData.responses.length > MAX_SINGLE_RESPONSES) malformed('too many SingleResponses');
  return { responseStatus: 0, basic };
}

/** True when the response's nonce extension is byte-identical to the one we sent. */
export function nonceEchoed(basic: pkijs.BasicOCSPResponse, nonceExtnValue: Uint8Array): boolean {
  const exts = (basic.tbsResponseData.responseExtensions ?? []).filter((e) => e.extnID === OCSP_NONCE_OID);
  return exts.length === 1 && bytesEqual(exts[0]!.extnValue.valueBlock.valueHexView, nonceExtnValue);
}

function magnitude(bytes: Uint8Array): Uint8Array {
  let s = 0;
  while (s < bytes.length - 1 && bytes[s] === 0) s++;
  return bytes.subarray(s);
}

/** The SingleResponse for issuer + serial, whatever CertID hash the responder used. */
export async function findSingleResponse(
  basic: pkijs.BasicOCSPResponse,
  issuer: CertificateFields,
  serial: Uint8Array,
): Promise<pkijs.SingleResponse | undefined> {
  const hashes = new Map<string, { name: Uint8Array; key: Uint8Array }>();
  const matches: pkijs.SingleResponse[] = [];
  for (const r of basic.tbsResponseData.responses) {
    const alg = HASH_BY_OID[r.certID.hashAlgorithm.algorithmId];
    if (!alg) continue;
    let h = hashes.get(alg);
    if (!h) {
      h = { name: await digest(alg, issuer.subjectName), key: await digest(alg, issuer.subjectPublicKey) };
      hashes.set(alg, h);
    }
    if (
      bytesEqual(r.certID.issuerNameHash.valueBlock.valueHexView, h.name) &&
      bytesEqual(r.certID.issuerKeyHash.valueBlock.valueHexView, h.key) &&
      bytesEqual(magnitude(r.certID.serialNumber.valueBlock.valueHexView), magnitude(serial))
    ) {
      matches.push(r);
    }
  }
  if (matches.length > 1) malformed('more than one SingleResponse for the certificate');
  return matches[0];
}

export type CertStatus =
  | { readonly kind: 'good' }
  | { readonly kind: 'revoked'; readonly revokedAt: Date | undefined; readonly reason: number | undefined }
  | { readonly kind: 'unknown' };

/** CertStatus ::= CHOICE { good [0] NULL, revoked [1] RevokedInfo, unknown [2] NULL }. */
export function readCertStatus(single: pkijs.SingleResponse): CertStatus {
  const s = single.certStatus as asn1js.BaseBlock & { valueBlock: { value?: asn1js.AsnType[] } };
  const id = s?.idBlock;
  if (!id || id.tagClass !== 3) malformed('certStatus is not context-tagged');
  if (id.tagNumber === 0 && !id.isConstructed) return { kind: 'good' };
  if (id.tagNumber === 2 && !id.isConstructed) return { kind: 'unknown' };
  if (id.tagNumber === 1 && id.isConstructed) {
    const [time, reasonWrap] = s.valueBlock.value ?? [];
    let revokedAt: Date | undefined;
    if (time instanceof asn1js.GeneralizedTime) revokedAt = time.toDate();
    else malformed('RevokedInfo.revocationTime is not a GeneralizedTime');
    let reason: number | undefined;
    const inner = (reasonWrap as { valueBlock?: { value?: asn1js.AsnType[] } } | undefined)?.valueBlock?.value?.[0];
    if (inner instanceof asn1js.Enumerated) reason = inner.valueBlock.valueDec;
    return { kind: 'revoked', revokedAt, reason };
  }
  return malformed('certStatus has an unknown form');
}

export interface OcspFreshnessPolicy {
  /** Oldest acceptable thisUpdate (JPKI OCSP data refreshes every 15 min, §2.1). */
  readonly freshnessSeconds: number;
  readonly clockSkewSeconds: number;
}

/** Undefined when fresh at `nowMs`, else why not. */
export function ocspStaleness(
  times: { producedAt: Date; thisUpdate: Date; nextUpdate: Date | undefined },
  nowMs: number,
  policy: OcspFreshnessPolicy,
): string | undefined {
  const skew = policy.clockSkewSeconds * 1000;
  const t = times.thisUpdate.getTime();
  if (Number.isNaN(t)) return 'thisUpdate is not a valid time';
  if (t > nowMs + skew) return `thisUpdate ${times.thisUpdate.toISOString()} is in the future`;
  if (times.producedAt.getTime() > nowMs + skew) return `producedAt ${times.producedAt.toISOString()} is in the future`;
  if (times.nextUpdate) {
    if (times.nextUpdate.getTime() < t) return 'nextUpdate is before thisUpdate';
    if (times.nextUpdate.getTime() + skew < nowMs) return `nextUpdate ${times.nextUpdate.toISOString()} has passed`;
  }
  if (nowMs - t > policy.freshnessSeconds * 1000 + skew) {
    return `thisUpdate ${times.thisUpdate.toISOString()} is older than ${policy.freshnessSeconds} s`;
  }
  return undefined;
}
