/**
 * A small, strict DER reader for the parts of X.509 the JPKI checks rely on (RFC 5280, X.690
 * §10). Card bytes are untrusted, so unlike the card-record BER-TLV reader (src/apdu/ber-tlv.ts,
 * which tolerates non-minimal lengths and filler) this one insists on DER: definite, minimal
 * lengths, low tag numbers, no bytes past the end. Every failure is a JpkiVerifyError
 * 'jpki-malformed'; views are returned, nothing is copied.
 */
import { toHex } from '../../bytes/hex';
import { readDerHeader } from '../der/der-header';
import { JpkiVerifyError } from './jpki-errors';

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific tag byte: [n] primitive (0x80 | n) or constructed (0xA0 | n). */
export const ctx = (n: number, constructed: boolean): number => (constructed ? 0xa0 : 0x80) | n;

export interface Der {
  /** The single identifier octet (tag numbers ≥ 31 are rejected; X.509 never needs them). */
  readonly tag: number;
  readonly value: Uint8Array;
  /** Tag ‖ length ‖ value exactly as encoded. */
  readonly raw: Uint8Array;
  /** Offset just past this element in the buffer it was read from. */
  readonly end: number;
}

function fail(what: string): never {
  throw new JpkiVerifyError('jpki-malformed', `DER: ${what}`);
}

/** Read one element at `offset` of `bytes` (DER rules, X.690 §10.1). */
export function readDer(bytes: Uint8Array, offset = 0): Der {
  const h = readDerHeader(bytes, offset, bytes.length);
  if (!h.ok) fail(`${h.reason} at ${offset}`);
  return { tag: h.tag, value: bytes.subarray(h.start, h.end), raw: bytes.subarray(offset, h.end), end: h.end };
}

/** Exactly one element filling all of `bytes` (no trailing data). */
export function readDerExact(bytes: Uint8Array, tag?: number): Der {
  const d = readDer(bytes, 0);
  if (d.end !== bytes.length) fail(`${bytes.length - d.end} bytes after the element`);
  if (tag !== undefined) expectTag(d, tag, 'element');
  return d;
}

/** The children of a constructed element. */
export function derChildren(parent: Der): Der[] {
  if ((parent.tag & 0x20) === 0) fail(`tag ${parent.tag.toString(16)} is not constructed`);
  const out: Der[] = [];
  for (let o = 0; o < parent.value.length; ) {
    const d = readDer(parent.value, o);
    out.push(d);
    o = d.end;
  }
  return out;
}

export function expectTag(d: Der | undefined, tag: number, what: string): Der {
  if (!d) fail(`${what} missing`);
  if (d.tag !== tag) fail(`${what}: tag ${d.tag.toString(16)}, expected ${tag.toString(16)}`);
  return d;
}

/** OBJECT IDENTIFIER → dotted string (X.690 §8.19), minimal sub-identifiers only. */
export function decodeOid(d: Der): string {
  expectTag(d, TAG.oid, 'OID');
  const v = d.value;
  if (v.length === 0 || v.length > 64) fail('OID length');
  const arcs: number[] = [];
  let acc = 0;
  let started = false;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (!started && b === 0x80) fail('OID sub-identifier with leading 0x80');
    started = true;
    if (acc > (Number.MAX_SAFE_INTEGER - 127) / 128) fail('OID arc too large');
    acc = acc * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(acc);
      acc = 0;
      started = false;
    }
  }
  if (started) fail('OID ends inside a sub-identifier');
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** INTEGER as upper-case hex of its content octets (sign byte kept), DER-minimal. */
export function decodeIntegerHex(d: Der): string {
  expectTag(d, TAG.integer, 'INTEGER');
  const v = d.value;
  if (v.length === 0) fail('empty INTEGER');
  if (v.length > 1 && ((v[0] === 0x00 && (v[1]! & 0x80) === 0) || (v[0] === 0xff && (v[1]! & 0x80) !== 0))) {
    fail('non-minimal INTEGER');
  }
  return toHex(v);
}

/** Small non-negative INTEGER (versions, pathLen). */
export function decodeSmallInteger(d: Der): number {
  const hex = decodeIntegerHex(d);
  if (hex.length > 8 || (parseInt(hex.slice(0, 2), 16) & 0x80) !== 0) fail('INTEGER out of range');
  return parseInt(hex, 16);
}

export function decodeBoolean(d: Der): boolean {
  expectTag(d, TAG.boolean, 'BOOLEAN');
  // DER: TRUE is FF, FALSE is 00 (X.690 §11.1).
  if (d.value.length !== 1 || (d.value[0] !== 0x00 && d.value[0] !== 0xff)) fail('non-DER BOOLEAN');
  return d.value[0] === 0xff;
}

export interface BitString {
  readonly unusedBits: number;
  readonly bytes: Uint8Array;
}

export function decodeBitString(d: Der): BitString {
  expectTag(d, TAG.bitString, 'BIT STRING');
  const v = d.value;
  if (v.length === 0) fail('empty BIT STRING');
  const unusedBits = v[0]!;
  if (unusedBits > 7 || (v.length === 1 && unusedBits !== 0)) fail('BIT STRING unused-bit count');
  const bytes = v.subarray(1);
  // DER: the unused bits are zero (X.690 §11.2.1).
  if (bytes.length && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) fail('BIT STRING padding bits set');
  return { unusedBits, bytes };
}

/**
 * UTCTime / GeneralizedTime in the only forms RFC 5280 §4.1.2.5 allows: `YYMMDDHHMMSSZ`
 * (years 1950–2049) and `YYYYMMDDHHMMSSZ`, seconds present, no fractions, always Zulu.
 */
export function decodeTime(d: Der): Date {
  if (d.value.length > 24) fail('time value too long');
  const s = String.fromCharCode(...d.value);
  let m: RegExpMatchArray | null;
  let year: number;
  if (d.tag === TAG.utcTime) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) fail('UTCTime format');
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (d.tag === TAG.generalizedTime) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) fail('GeneralizedTime format');
    year = Number(m[1]);
  } else {
    fail(`time tag ${d.tag.toString(16)}`);
  }
  const [mo, da, h, mi, se] = [2, 3, 4, 5, 6].map((i) => Number(m![i]));
  const t = Date.UTC(year, mo! - 1, da!, h!, mi!, se!);
  const back = new Date(t);
  // Reject 2025-02-30 and friends instead of letting Date roll them over.
  if (
    Number.isNaN(t) ||
    back.getUTCMonth() !== mo! - 1 ||
    back.getUTCDate() !== da! ||
    back.getUTCHours() !== h! ||
    back.getUTCMinutes() !== mi! ||
    back.getUTCSeconds() !== se!
  ) {
    fail('calendar date out of range');
  }
  return back;
}
