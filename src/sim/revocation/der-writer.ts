/**
 * A small DER writer (X.690 §10) for minting test CRLs. Independent of the verifier's reader on
 * purpose: the tests check one against the other and both against OpenSSL.
 */
import { concatBytes } from '../../bytes/byte-ops';
import { SimRevocationError } from './sim-revocation-error';

export function derLength(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new SimRevocationError('sim-crl-bad-params', `bad DER length ${n}`);
  if (n < 0x80) return Uint8Array.of(n);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  return tlvOf(tag, content);
}

/** TLV over many parts (no argument spreading, so 10⁶ CRL entries are fine). */
export function tlvOf(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const len = derLength(n);
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  let o = 1 + len.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (...c: readonly Uint8Array[]): Uint8Array => tlv(0x30, ...c);
export const set = (...c: readonly Uint8Array[]): Uint8Array => tlv(0x31, ...c);
export const octetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const explicit = (n: number, ...c: readonly Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...c);
export const NULL = Uint8Array.of(0x05, 0x00);
export const BOOLEAN_TRUE = Uint8Array.of(0x01, 0x01, 0xff);

export function bitString(b: Uint8Array): Uint8Array {
  return tlv(0x03, Uint8Array.of(0), b);
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new SimRevocationError('sim-crl-bad-params', `bad OID ${dotted}`);
    return Number(a);
  });
  if (arcs.length < 2) throw new SimRevocationError('sim-crl-bad-params', `bad OID ${dotted}`);
  const out: number[] = [];
  const push = (v: number): void => {
    const groups = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | (v & 0x7f));
    out.push(...groups);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}

/** INTEGER from a positive magnitude given as hex (adds the 00 sign octet when needed). */
export function integerFromHex(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{1,42}$/.test(hex)) throw new SimRevocationError('sim-crl-bad-params', `bad serial hex "${hex}"`);
  let h = hex.replace(/^0+/, '');
  if (h === '') throw new SimRevocationError('sim-crl-bad-params', 'serial must be positive');
  if (h.length % 2) h = `0${h}`;
  const bytes = Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
  return tlv(0x02, bytes[0]! >= 0x80 ? concatBytes(Uint8Array.of(0), bytes) : bytes);
}

export function integerSmall(n: number | bigint): Uint8Array {
  const v = BigInt(n);
  if (v < 0n) throw new SimRevocationError('sim-crl-bad-params', 'negative INTEGER');
  return v === 0n ? Uint8Array.of(0x02, 0x01, 0x00) : integerFromHex(v.toString(16));
}

export function enumerated(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 127) throw new SimRevocationError('sim-crl-bad-params', `bad ENUMERATED ${n}`);
  return Uint8Array.of(0x0a, 0x01, n);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** RFC 5280 Time: UTCTime for 1950–2049, GeneralizedTime otherwise (§4.1.2.5). */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y <= 2049) return tlv(0x17, new TextEncoder().encode(`${pad(y % 100)}${rest}`));
  return generalizedTime(d);
}

export function generalizedTime(d: Date): Uint8Array {
  const s = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  return tlv(0x18, new TextEncoder().encode(s));
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
export function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), BOOLEAN_TRUE, octetString(value)) : seq(oid(id), octetString(value));
}
