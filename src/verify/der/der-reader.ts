/**
 * The verifier's one strict DER reader (X.690 §10): certificates (RFC 5280 §4.1) for the JPKI
 * checks and for revocation, CRLs (§5.1, streamed by revocation/crl-der-walker.ts), OCSP
 * responder certificates and the extension values the checks read. Card and network bytes are
 * untrusted, so unlike the card-record BER-TLV reader (src/apdu/ber-tlv.ts, which tolerates
 * non-minimal lengths and filler) this one insists on DER: definite, minimal lengths, single-octet
 * tags, every read bounded by an explicit limit, nothing past the end.
 *
 * Elements are offsets into the buffer they were read from (no copies, no per-element views:
 * the CRL walker reads millions of them). Every failure goes through the caller's `DerFailure`,
 * which throws the caller's typed error (JPKI 'jpki-malformed', revocation's RevocationError with
 * the offset) — one set of rules, each layer's own error.
 */
import { readDerHeader } from './der-header';

/** Throws the caller's typed error for `message` about the element at `offset`. */
export type DerFailure = (message: string, offset: number) => never;

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
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag octet: [n] primitive (0x80 | n) or constructed (0xA0 | n). */
export const contextTag = (n: number, constructed: boolean): number => (constructed ? 0xa0 : 0x80) | n;

export function derFail(fail: DerFailure, message: string, offset: number): never {
  return fail(message, offset);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Read the TLV at `offset`; it must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number, what: string, fail: DerFailure): Tlv {
  const h = readDerHeader(buf, offset, limit);
  if (!h.ok) fail(`${what}: ${h.reason}`, offset);
  return { tag: h.tag, offset, start: h.start, end: h.end };
}

/** readTlv plus a tag check. */
export function expectTlv(buf: Uint8Array, offset: number, limit: number, tag: number, what: string, fail: DerFailure): Tlv {
  const t = readTlv(buf, offset, limit, what, fail);
  if (t.tag !== tag) fail(`${what}: expected tag 0x${hex2(tag)}, found 0x${hex2(t.tag)}`, offset);
  return t;
}

/** Exactly one element filling all of `buf` (no trailing data), of `tag` when given. */
export function readExact(buf: Uint8Array, tag: number | undefined, what: string, fail: DerFailure): Tlv {
  const t = tag === undefined ? readTlv(buf, 0, buf.length, what, fail) : expectTlv(buf, 0, buf.length, tag, what, fail);
  if (t.end !== buf.length) fail(`${what}: ${buf.length - t.end} bytes after the element`, t.end);
  return t;
}

/** `t` has the tag `tag` (`t` absent: `what` is missing, reported at `at`). */
export function expectTag(t: Tlv | undefined, tag: number, what: string, fail: DerFailure, at = 0): Tlv {
  if (!t) return fail(`${what} missing`, at);
  if (t.tag !== tag) fail(`${what}: expected tag 0x${hex2(tag)}, found 0x${hex2(t.tag)}`, t.offset);
  return t;
}

/** Walk a SEQUENCE OF / SET OF: call `each` for every element TLV in [start, end). */
export function forEachElement(buf: Uint8Array, start: number, end: number, what: string, fail: DerFailure, each: (t: Tlv) => void): void {
  let p = start;
  while (p < end) {
    const t = readTlv(buf, p, end, what, fail);
    each(t);
    p = t.end; // every TLV is at least 2 octets, so the loop always advances
  }
}

/** The elements inside a constructed element. */
export function children(buf: Uint8Array, parent: Tlv, what: string, fail: DerFailure): Tlv[] {
  if ((parent.tag & 0x20) === 0) fail(`${what}: tag 0x${hex2(parent.tag)} is not constructed`, parent.offset);
  const out: Tlv[] = [];
  forEachElement(buf, parent.start, parent.end, what, fail, (t) => out.push(t));
  return out;
}

/** The whole TLV (header + content) as a subarray. */
export function tlvBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.offset, t.end);
}

/** The content octets as a subarray. */
export function contentBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/** An INTEGER's content octets (sign octet kept): non-empty and minimal (X.690 §8.3.2). */
export function integerContent(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): Uint8Array {
  if (t.tag !== TAG.INTEGER) fail(`${what}: not an INTEGER`, t.offset);
  const len = t.end - t.start;
  if (len === 0) fail(`${what}: empty INTEGER`, t.offset);
  if (len > 1) {
    const b0 = buf[t.start]!;
    const b1 = buf[t.start + 1]!;
    if ((b0 === 0x00 && b1 < 0x80) || (b0 === 0xff && b1 >= 0x80)) fail(`${what}: INTEGER is not minimally encoded`, t.offset);
  }
  return contentBytes(buf, t);
}

/**
 * A positive INTEGER's magnitude, i.e. the content without the DER sign octet (RFC 5280 §4.1.2.2
 * serials, §5.2.3 CRL numbers). Rejects empty, non-minimal, zero and negative values.
 * Returns [start, end) of the magnitude.
 */
export function positiveIntegerRange(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): readonly [number, number] {
  const v = integerContent(buf, t, what, fail);
  if (v[0]! >= 0x80) fail(`${what}: negative INTEGER`, t.offset);
  if (v[0] === 0x00) {
    if (v.length === 1) fail(`${what}: zero is not a valid value`, t.offset);
    return [t.start + 1, t.end];
  }
  return [t.start, t.end];
}

/** A small non-negative INTEGER (versions, pathLen): at most four content octets. */
export function smallInteger(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): number {
  const v = integerContent(buf, t, what, fail);
  if (v.length > 4 || v[0]! >= 0x80) fail(`${what}: INTEGER out of range`, t.offset);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** BOOLEAN value. DER TRUE is FF and FALSE 00 (X.690 §11.1); anything else is rejected. */
export function readBoolean(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): boolean {
  if (t.tag !== TAG.BOOLEAN || t.end - t.start !== 1) fail(`${what}: not a one-octet BOOLEAN`, t.offset);
  const v = buf[t.start]!;
  if (v === 0xff) return true;
  if (v === 0x00) return false;
  return fail(`${what}: BOOLEAN must be 00 or FF in DER`, t.offset);
}

export interface BitString {
  readonly unusedBits: number;
  readonly bytes: Uint8Array;
}

/** A BIT STRING with its unused-bit count; DER: the unused bits are zero (X.690 §11.2.1). */
export function readBitString(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): BitString {
  if (t.tag !== TAG.BIT_STRING) fail(`${what}: not a BIT STRING`, t.offset);
  const v = contentBytes(buf, t);
  if (v.length === 0) fail(`${what}: empty BIT STRING`, t.offset);
  const unusedBits = v[0]!;
  if (unusedBits > 7 || (v.length === 1 && unusedBits !== 0)) fail(`${what}: BIT STRING unused-bit count`, t.offset);
  const bytes = v.subarray(1);
  if (bytes.length && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) fail(`${what}: BIT STRING padding bits set`, t.offset);
  return { unusedBits, bytes };
}

/** The octets of a non-empty, octet-aligned BIT STRING (keys, signatures). */
export function bitStringOctets(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): Uint8Array {
  if (t.tag !== TAG.BIT_STRING) fail(`${what}: not a BIT STRING`, t.offset);
  if (t.end - t.start < 2) fail(`${what}: BIT STRING too short`, t.offset);
  if (buf[t.start] !== 0) fail(`${what}: BIT STRING has unused bits`, t.offset);
  return buf.subarray(t.start + 1, t.end);
}

/** Dotted OID string from OBJECT IDENTIFIER content (X.690 §8.19), with arcs below 2^32. */
export function decodeOid(buf: Uint8Array, t: Tlv, fail: DerFailure): string {
  if (t.tag !== TAG.OID) fail('expected OBJECT IDENTIFIER', t.offset);
  if (t.end === t.start || t.end - t.start > 64) fail('OBJECT IDENTIFIER length out of range', t.offset);
  const arcs: number[] = [];
  let value = 0;
  let fresh = true;
  for (let i = t.start; i < t.end; i++) {
    const b = buf[i]!;
    if (fresh && b === 0x80) fail('OBJECT IDENTIFIER arc has a leading 0x80 octet', t.offset);
    fresh = false;
    value = value * 128 + (b & 0x7f);
    if (value > 0xffffffff) fail('OBJECT IDENTIFIER arc too large', t.offset);
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
  if (!fresh) fail('OBJECT IDENTIFIER ends inside an arc', t.offset);
  return arcs.join('.');
}

/** True when the OID TLV's content equals `encoded` (fast path for the CRL entry loop). */
export function oidContentIs(buf: Uint8Array, t: Tlv, encoded: Uint8Array): boolean {
  if (t.end - t.start !== encoded.length) return false;
  for (let i = 0; i < encoded.length; i++) if (buf[t.start + i] !== encoded[i]) return false;
  return true;
}

export interface AlgorithmIdentifierParts {
  readonly oid: string;
  /** DER of the parameters field, if present. */
  readonly params: Uint8Array | undefined;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2). */
export function readAlgorithmIdentifier(buf: Uint8Array, alg: Tlv, fail: DerFailure): AlgorithmIdentifierParts {
  if (alg.tag !== TAG.SEQUENCE) fail('AlgorithmIdentifier: expected SEQUENCE', alg.offset);
  const oidT = expectTlv(buf, alg.start, alg.end, TAG.OID, 'algorithm', fail);
  const oid = decodeOid(buf, oidT, fail);
  let params: Uint8Array | undefined;
  if (oidT.end < alg.end) {
    const pt = readTlv(buf, oidT.end, alg.end, 'algorithm parameters', fail);
    if (pt.end !== alg.end) fail('AlgorithmIdentifier has extra fields', pt.end);
    params = tlvBytes(buf, pt);
  }
  return { oid, params };
}

/** An Extension's parts, as offsets (the CRL entry loop compares OIDs without decoding them). */
export interface ExtensionTlvs {
  readonly id: Tlv;
  readonly critical: boolean;
  /** The extnValue OCTET STRING. */
  readonly value: Tlv;
}

/**
 * Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 * (RFC 5280 §4.1): certificate, CRL and CRL entry extensions alike.
 */
export function readExtensionTlvs(buf: Uint8Array, e: Tlv, fail: DerFailure): ExtensionTlvs {
  if (e.tag !== TAG.SEQUENCE) fail('Extension: expected SEQUENCE', e.offset);
  const id = expectTlv(buf, e.start, e.end, TAG.OID, 'extnID', fail);
  let v = readTlv(buf, id.end, e.end, 'extnValue', fail);
  let critical = false;
  if (v.tag === TAG.BOOLEAN) {
    critical = readBoolean(buf, v, 'critical', fail);
    v = readTlv(buf, v.end, e.end, 'extnValue', fail);
  }
  if (v.tag !== TAG.OCTET_STRING) fail('extnValue: expected OCTET STRING', v.offset);
  if (v.end !== e.end) fail('Extension has extra fields', v.end);
  return { id, critical, value: v };
}
