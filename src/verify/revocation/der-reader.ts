/**
 * A strict DER (X.690 §10) TLV reader for the few structures this module reads by hand:
 * CertificateList (RFC 5280 §5.1), the TBSCertificate fields a revocation check needs, and the
 * CRL distribution point extensions. Libraries are too slow and memory-hungry for large CRLs
 * (reference pki-and-perf.md §0.1, §1.3), so the CRL path does not use them at all.
 *
 * Every read is bounded by an explicit `limit`; only definite, minimal lengths and single-octet
 * tags are accepted; failures throw RevocationError with the offset of the offending TLV.
 */
import { readDerHeader } from '../der/der-header';
import { RevocationError, type RevocationErrorCode } from './revocation-error';

/** One TLV: the identifier octet and where its header and content lie in the buffer. */
export interface Tlv {
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly offset: number;
  /** First content octet. */
  readonly start: number;
  /** One past the last content octet. */
  readonly end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export function derFail(code: RevocationErrorCode, message: string, offset: number): never {
  throw new RevocationError(code, message, offset);
}

/** Read the TLV at `offset`; it must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number, what: string, code: RevocationErrorCode): Tlv {
  const h = readDerHeader(buf, offset, limit);
  if (!h.ok) derFail(code, `${what}: ${h.reason}`, offset);
  return { tag: h.tag, offset, start: h.start, end: h.end };
}

/** readTlv plus a tag check. */
export function expectTlv(
  buf: Uint8Array,
  offset: number,
  limit: number,
  tag: number,
  what: string,
  code: RevocationErrorCode,
): Tlv {
  const t = readTlv(buf, offset, limit, what, code);
  if (t.tag !== tag) {
    derFail(code, `${what}: expected tag 0x${hex2(tag)}, found 0x${hex2(t.tag)}`, offset);
  }
  return t;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** The whole TLV (header + content) as a subarray. */
export function tlvBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.offset, t.end);
}

/** The content octets as a subarray. */
export function contentBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/**
 * A positive INTEGER's magnitude, i.e. the content without the DER sign octet (RFC 5280 §4.1.2.2
 * serials, §5.2.3 CRL numbers). Rejects empty, non-minimal, zero and negative values.
 * Returns [start, end) of the magnitude.
 */
export function positiveIntegerRange(
  buf: Uint8Array,
  t: Tlv,
  what: string,
  code: RevocationErrorCode,
): readonly [number, number] {
  const len = t.end - t.start;
  if (len === 0) derFail(code, `${what}: empty INTEGER`, t.offset);
  const b0 = buf[t.start]!;
  if (len > 1) {
    const b1 = buf[t.start + 1]!;
    if ((b0 === 0x00 && b1 < 0x80) || (b0 === 0xff && b1 >= 0x80)) {
      derFail(code, `${what}: INTEGER is not minimally encoded`, t.offset);
    }
  }
  if (b0 >= 0x80) derFail(code, `${what}: negative INTEGER`, t.offset);
  if (b0 === 0x00) {
    if (len === 1) derFail(code, `${what}: zero is not a valid value`, t.offset);
    return [t.start + 1, t.end];
  }
  return [t.start, t.end];
}

/** The BIT STRING content after its unused-bits octet, which must be 0 (keys, signatures). */
export function bitStringOctets(buf: Uint8Array, t: Tlv, what: string, code: RevocationErrorCode): Uint8Array {
  if (t.tag !== TAG.BIT_STRING) derFail(code, `${what}: not a BIT STRING`, t.offset);
  if (t.end - t.start < 2) derFail(code, `${what}: BIT STRING too short`, t.offset);
  if (buf[t.start] !== 0) derFail(code, `${what}: BIT STRING has unused bits`, t.offset);
  return buf.subarray(t.start + 1, t.end);
}

/** BOOLEAN value. DER TRUE is FF; an explicit FALSE (00) is tolerated, anything else rejected. */
export function readBoolean(buf: Uint8Array, t: Tlv, what: string, code: RevocationErrorCode): boolean {
  if (t.tag !== TAG.BOOLEAN || t.end - t.start !== 1) derFail(code, `${what}: not a one-octet BOOLEAN`, t.offset);
  const v = buf[t.start]!;
  if (v === 0xff) return true;
  if (v === 0x00) return false;
  return derFail(code, `${what}: BOOLEAN must be 00 or FF in DER`, t.offset);
}

/** Dotted OID string from OBJECT IDENTIFIER content (X.690 §8.19), with bounded arcs. */
export function decodeOid(buf: Uint8Array, t: Tlv, code: RevocationErrorCode): string {
  if (t.tag !== TAG.OID) derFail(code, 'expected OBJECT IDENTIFIER', t.offset);
  if (t.end === t.start || t.end - t.start > 64) derFail(code, 'OBJECT IDENTIFIER length out of range', t.offset);
  const arcs: number[] = [];
  let value = 0;
  let fresh = true;
  for (let i = t.start; i < t.end; i++) {
    const b = buf[i]!;
    if (fresh && b === 0x80) derFail(code, 'OBJECT IDENTIFIER arc has a leading 0x80 octet', t.offset);
    fresh = false;
    value = value * 128 + (b & 0x7f);
    if (value > 0xffffffff) derFail(code, 'OBJECT IDENTIFIER arc too large', t.offset);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(first, value - first * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
      fresh = true;
    }
  }
  if (!fresh) derFail(code, 'OBJECT IDENTIFIER ends inside an arc', t.offset);
  return arcs.join('.');
}

/** True when the OID TLV's content equals `encoded` (fast path for the CRL entry loop). */
export function oidContentIs(buf: Uint8Array, t: Tlv, encoded: Uint8Array): boolean {
  if (t.end - t.start !== encoded.length) return false;
  for (let i = 0; i < encoded.length; i++) if (buf[t.start + i] !== encoded[i]) return false;
  return true;
}

/** Walk a SEQUENCE OF / SET OF: call `each` for every element TLV in [start, end). */
export function forEachElement(
  buf: Uint8Array,
  start: number,
  end: number,
  what: string,
  code: RevocationErrorCode,
  each: (t: Tlv) => void,
): void {
  let p = start;
  while (p < end) {
    const t = readTlv(buf, p, end, what, code);
    each(t);
    p = t.end; // every TLV is at least 2 octets, so the loop always advances
  }
}

export interface AlgorithmIdentifierParts {
  readonly oid: string;
  /** DER of the parameters field, if present. */
  readonly params: Uint8Array | undefined;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2). */
export function readAlgorithmIdentifier(buf: Uint8Array, alg: Tlv, code: RevocationErrorCode): AlgorithmIdentifierParts {
  if (alg.tag !== TAG.SEQUENCE) derFail(code, 'AlgorithmIdentifier: expected SEQUENCE', alg.offset);
  const oidT = expectTlv(buf, alg.start, alg.end, TAG.OID, 'algorithm', code);
  const oid = decodeOid(buf, oidT, code);
  let params: Uint8Array | undefined;
  if (oidT.end < alg.end) {
    const pt = readTlv(buf, oidT.end, alg.end, 'algorithm parameters', code);
    if (pt.end !== alg.end) derFail(code, 'AlgorithmIdentifier has extra fields', pt.end);
    params = tlvBytes(buf, pt);
  }
  return { oid, params };
}
