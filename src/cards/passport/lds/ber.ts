/**
 * The LDS's own BER reader (X.690 §8.1; ICAO 9303-10 §4: the LDS is BER-TLV with application
 * and context tags of up to two bytes). Strict where the LDS is strict, lenient only where real
 * documents need it:
 *  - tags of 1–3 bytes, never 00 (end-of-contents is recognised only where indefinite content
 *    may end);
 *  - definite lengths of at most 4 octets; non-minimal long forms are accepted (BER allows
 *    them, and some chips write `82 00 xx`);
 *  - indefinite lengths only when the caller allows them (EF.SOD: New Zealand's SOD uses them,
 *    shared/testdata/emrtd/README.md) and only on constructed encodings;
 *  - nesting bounded, so hostile input cannot recurse without limit.
 * Offsets are absolute within the buffer given, plus `base` for errors about nested blobs.
 * Nothing is copied: values are views.
 */
import { LdsError } from './lds-error';

export interface Tlv {
  /** Tag bytes big-endian in one number: 0x30, 0x61, 0x5F1F, 0x7F61. */
  readonly tag: number;
  /** X.690 class: 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: 0 | 1 | 2 | 3;
  readonly constructed: boolean;
  /** Offset of the first tag byte. */
  readonly offset: number;
  /** Offset of the first content byte. */
  readonly start: number;
  /** Offset just past the content (before the end-of-contents octets of an indefinite form). */
  readonly end: number;
  /** Offset just past the whole encoding (after end-of-contents for an indefinite form). */
  readonly next: number;
  readonly indefinite: boolean;
}

export interface BerOptions {
  /** Accept indefinite lengths on constructed encodings (default false). */
  readonly allowIndefinite?: boolean;
  /** Added to offsets in errors, when `buf` is a blob inside a larger file. */
  readonly base?: number;
  /** What is being read, for messages ("DG1", "EF.SOD"). */
  readonly what?: string;
}

/** Nesting bound: real LDS objects nest about 12 deep (CMS inside EF.SOD). */
export const MAX_BER_DEPTH = 40;
const MAX_TAG_BYTES = 3;
const MAX_LENGTH_OCTETS = 4;

export function tagHex(tag: number): string {
  const s = tag.toString(16).toUpperCase();
  return s.length % 2 ? `0${s}` : s;
}

function label(opts: BerOptions): string {
  return opts.what ? `${opts.what}: ` : '';
}

/** Reads the TLV at `offset`, whose encoding must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number, opts: BerOptions = {}, depth = 0): Tlv {
  const base = opts.base ?? 0;
  const end = Math.min(limit, buf.length);
  if (depth > MAX_BER_DEPTH) throw new LdsError('lds-too-deep', `${label(opts)}nesting deeper than ${MAX_BER_DEPTH}`, base + offset);
  if (!Number.isInteger(offset) || offset < 0 || offset >= end) {
    throw new LdsError('lds-truncated', `${label(opts)}expected a tag, found end of data`, base + Math.max(0, offset));
  }
  const first = buf[offset]!;
  if (first === 0x00) throw new LdsError('lds-bad-tag', `${label(opts)}tag 00 is not a data object`, base + offset);
  let tag = first;
  let p = offset + 1;
  if ((first & 0x1f) === 0x1f) {
    for (;;) {
      if (p >= end) throw new LdsError('lds-truncated', `${label(opts)}multi-byte tag is cut short`, base + offset);
      const b = buf[p++]!;
      tag = tag * 0x100 + b;
      if ((b & 0x80) === 0) break;
      if (p - offset >= MAX_TAG_BYTES) throw new LdsError('lds-bad-tag', `${label(opts)}tag longer than ${MAX_TAG_BYTES} bytes`, base + offset);
    }
  }
  const constructed = (first & 0x20) !== 0;
  const tagClass = (first >> 6) as 0 | 1 | 2 | 3;
  if (p >= end) throw new LdsError('lds-truncated', `${label(opts)}length of tag ${tagHex(tag)} is missing`, base + p);
  const lengthAt = p;
  const l0 = buf[p++]!;
  if (l0 === 0x80) {
    if (!opts.allowIndefinite) throw new LdsError('lds-bad-length', `${label(opts)}indefinite length is not accepted here`, base + lengthAt);
    if (!constructed) throw new LdsError('lds-bad-length', `${label(opts)}indefinite length on a primitive encoding`, base + lengthAt);
    // Content runs until the end-of-contents octets 00 00 at this level (X.690 §8.1.3.6).
    let q = p;
    for (;;) {
      if (q + 2 > end) throw new LdsError('lds-truncated', `${label(opts)}indefinite-length tag ${tagHex(tag)} has no end-of-contents`, base + lengthAt);
      if (buf[q] === 0x00) {
        if (buf[q + 1] !== 0x00) throw new LdsError('lds-bad-length', `${label(opts)}malformed end-of-contents`, base + q);
        return { tag, tagClass, constructed, offset, start: p, end: q, next: q + 2, indefinite: true };
      }
      q = readTlv(buf, q, end, opts, depth + 1).next;
    }
  }
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else {
    const n = l0 & 0x7f;
    if (n > MAX_LENGTH_OCTETS) throw new LdsError('lds-bad-length', `${label(opts)}${n} length octets is oversized`, base + lengthAt);
    if (p + n > end) throw new LdsError('lds-truncated', `${label(opts)}long-form length is cut short`, base + lengthAt);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p + i]!;
    p += n;
  }
  if (length > end - p) {
    throw new LdsError('lds-truncated', `${label(opts)}value of tag ${tagHex(tag)} needs ${length} bytes but only ${end - p} remain`, base + lengthAt);
  }
  return { tag, tagClass, constructed, offset, start: p, end: p + length, next: p + length, indefinite: false };
}

/** The TLVs that make up `parent`'s content, in order. */
export function childrenOf(buf: Uint8Array, parent: Tlv, opts: BerOptions = {}, depth = 1): Tlv[] {
  if (!parent.constructed) {
    throw new LdsError('lds-unexpected-tag', `${label(opts)}tag ${tagHex(parent.tag)} is primitive where a constructed object is required`, (opts.base ?? 0) + parent.offset);
  }
  return readSequenceOfTlvs(buf, parent.start, parent.end, opts, depth);
}

/** Every TLV between `start` and `end`, which must be exactly covered. */
export function readSequenceOfTlvs(buf: Uint8Array, start: number, end: number, opts: BerOptions = {}, depth = 1): Tlv[] {
  const out: Tlv[] = [];
  let p = start;
  while (p < end) {
    const t = readTlv(buf, p, end, opts, depth);
    out.push(t);
    p = t.next;
  }
  return out;
}

/** The single TLV that must fill `buf` exactly (nothing before or after it). */
export function readWhole(buf: Uint8Array, opts: BerOptions = {}): Tlv {
  const t = readTlv(buf, 0, buf.length, opts);
  if (t.next !== buf.length) {
    throw new LdsError('lds-trailing-data', `${label(opts)}${buf.length - t.next} bytes after the object`, (opts.base ?? 0) + t.next);
  }
  return t;
}

export function expectTag(t: Tlv, tag: number, what: string, opts: BerOptions = {}): Tlv {
  if (t.tag !== tag) {
    throw new LdsError('lds-unexpected-tag', `${what}: expected tag ${tagHex(tag)}, found ${tagHex(t.tag)}`, (opts.base ?? 0) + t.offset);
  }
  return t;
}

export function valueOf(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/** Whole encoding (tag, length, content, end-of-contents). */
export function encodingOf(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.offset, t.next);
}

// ---------------------------------------------------------------------------------------------
// Universal value decoders (X.690 §8.3, §8.19) on a TLV already read.

export const UNIVERSAL = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** OBJECT IDENTIFIER in dotted form; strict: minimal sub-identifiers, at most 32 arcs. */
export function decodeOid(buf: Uint8Array, t: Tlv, opts: BerOptions = {}): string {
  const at = (opts.base ?? 0) + t.offset;
  if (t.constructed || t.end - t.start < 1 || t.end - t.start > 64) throw new LdsError('lds-bad-value', `${label(opts)}OBJECT IDENTIFIER of ${t.end - t.start} bytes`, at);
  const arcs: number[] = [];
  let v = 0;
  let fresh = true;
  for (let i = t.start; i < t.end; i++) {
    const b = buf[i]!;
    if (fresh && b === 0x80) throw new LdsError('lds-bad-value', `${label(opts)}OBJECT IDENTIFIER sub-identifier is not minimal`, at);
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) throw new LdsError('lds-bad-value', `${label(opts)}OBJECT IDENTIFIER arc too large`, at);
    fresh = (b & 0x80) === 0;
    if (fresh) {
      if (arcs.length === 0) {
        const x = v < 40 ? 0 : v < 80 ? 1 : 2;
        arcs.push(x, v - 40 * x);
      } else {
        arcs.push(v);
      }
      if (arcs.length > 32) throw new LdsError('lds-bad-value', `${label(opts)}OBJECT IDENTIFIER has too many arcs`, at);
      v = 0;
    }
  }
  if (!fresh) throw new LdsError('lds-bad-value', `${label(opts)}OBJECT IDENTIFIER ends inside a sub-identifier`, at);
  return arcs.join('.');
}

/** INTEGER that fits a safe JS number and is not negative (versions, ids, counts). */
export function decodeSmallUnsigned(buf: Uint8Array, t: Tlv, opts: BerOptions = {}): number {
  const at = (opts.base ?? 0) + t.offset;
  const n = t.end - t.start;
  if (t.constructed || n < 1 || n > 7) throw new LdsError('lds-bad-value', `${label(opts)}INTEGER of ${n} bytes is outside the accepted range`, at);
  if (buf[t.start]! & 0x80) throw new LdsError('lds-bad-value', `${label(opts)}negative INTEGER`, at);
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

/** INTEGER content as unsigned big-endian magnitude (leading 00 sign octet removed). */
export function decodeUnsignedBytes(buf: Uint8Array, t: Tlv, opts: BerOptions = {}): Uint8Array {
  const at = (opts.base ?? 0) + t.offset;
  if (t.constructed || t.end === t.start) throw new LdsError('lds-bad-value', `${label(opts)}empty INTEGER`, at);
  if (buf[t.start]! & 0x80) throw new LdsError('lds-bad-value', `${label(opts)}negative INTEGER`, at);
  let s = t.start;
  while (s < t.end - 1 && buf[s] === 0) s++;
  return buf.subarray(s, t.end);
}

/** Printable ASCII (0x20–0x7E) content, e.g. PrintableString or an LDS text field in ASCII. */
export function decodeAscii(buf: Uint8Array, t: Tlv, what: string, opts: BerOptions = {}): string {
  let s = '';
  for (let i = t.start; i < t.end; i++) {
    const b = buf[i]!;
    if (b < 0x20 || b > 0x7e) throw new LdsError('lds-bad-value', `${what}: byte 0x${b.toString(16).padStart(2, '0')} is not printable ASCII`, (opts.base ?? 0) + i);
    s += String.fromCharCode(b);
  }
  return s;
}

/** UTF-8 content, strictly decoded (LDS 1.7 text fields are ISO/IEC 10646 in UTF-8). */
export function decodeUtf8(buf: Uint8Array, t: Tlv, what: string, opts: BerOptions = {}): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf.subarray(t.start, t.end));
  } catch (cause) {
    throw new LdsError('lds-bad-value', `${what}: not valid UTF-8`, (opts.base ?? 0) + t.start, { cause });
  }
}
