/**
 * A fast synthetic CRL writer for benchmarks and the worker e2e test (Node only; BENCH ONLY).
 * It writes a signed DER CertificateList of N entries straight to a file in 4 MiB pieces, hashing
 * as it goes, so 10⁷ entries (~400 MB) need no more memory than one piece. Entries look like
 * reference pki-and-perf.md §3.3 asks: fixed-width positive serials (unique by construction),
 * UTCTime revocation dates spread over a year, and a reasonCode extension on 3 of 4 entries
 * (mostly affiliationChanged, §2.4). The CA is a fresh RSA-2048 key with a self-signed
 * certificate (keyUsage keyCertSign + cRLSign), so nothing here depends on src/sim's profiles.
 */
import { createSign, generateKeyPairSync, sign as signOnce, type KeyObject } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

// --- minimal DER writer (X.690 §10) ---------------------------------------------------------
function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
const header = (tag: number, len: number): Uint8Array => Uint8Array.from([tag, ...lengthOctets(len)]);
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const len = parts.reduce((a, p) => a + p.length, 0);
  return concat(header(tag, len), ...parts);
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
const seq = (...p: Uint8Array[]) => tlv(0x30, ...p);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number) => {
    const g = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) g.unshift(0x80 | (v & 0x7f));
    out.push(...g);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}
const NULL = Uint8Array.of(0x05, 0x00);
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), NULL);
function utcTime(d: Date): Uint8Array {
  const p = (n: number) => String(n).padStart(2, '0');
  return tlv(0x17, ascii(`${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`));
}
const smallInt = (n: number) => tlv(0x02, Uint8Array.of(n));
const bitString = (b: Uint8Array) => tlv(0x03, Uint8Array.of(0), b);

export interface SyntheticCa {
  /** DER of the self-signed CA certificate. */
  readonly certificate: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly privateKey: KeyObject;
  readonly spki: Uint8Array;
}

/** A fresh RSA-2048 CA with a self-signed certificate allowing cRLSign. */
export function makeSyntheticCa(commonName = 'Kazasu Bench CRL CA'): SyntheticCa {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const name = seq(
    tlv(0x31, seq(oid('2.5.4.6'), tlv(0x13, ascii('JP')))),
    tlv(0x31, seq(oid('2.5.4.10'), tlv(0x0c, ascii('Kazasu Bench')))),
    tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, ascii(commonName)))),
  );
  // keyUsage critical: keyCertSign (bit 5) + cRLSign (bit 6) → 03 02 01 06.
  const keyUsage = seq(oid('2.5.29.15'), Uint8Array.of(0x01, 0x01, 0xff), tlv(0x04, Uint8Array.of(0x03, 0x02, 0x01, 0x06)));
  const basicConstraints = seq(oid('2.5.29.19'), Uint8Array.of(0x01, 0x01, 0xff), tlv(0x04, seq(Uint8Array.of(0x01, 0x01, 0xff))));
  const tbs = seq(
    tlv(0xa0, smallInt(2)),
    tlv(0x02, Uint8Array.of(0x01, 0x23, 0x45, 0x67)),
    SHA256_RSA,
    name,
    seq(utcTime(new Date('2025-01-01T00:00:00Z')), utcTime(new Date('2045-01-01T00:00:00Z'))),
    name,
    spki,
    tlv(0xa3, seq(basicConstraints, keyUsage)),
  );
  const signature = new Uint8Array(signOnce('sha256', tbs, privateKey));
  return { certificate: seq(tbs, SHA256_RSA, bitString(signature)), subjectName: name, privateKey, spki };
}

/** An end-entity certificate with this serial (magnitude, first octet < 0x80), issued by `ca` (it reuses the CA's public key). */
export function makeSyntheticLeaf(ca: SyntheticCa, serial: Uint8Array): Uint8Array {
  const subject = seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, ascii('Kazasu Bench Leaf')))));
  const tbs = seq(
    tlv(0xa0, smallInt(2)),
    tlv(0x02, serial),
    SHA256_RSA,
    ca.subjectName,
    seq(utcTime(new Date('2025-01-01T00:00:00Z')), utcTime(new Date('2030-01-01T00:00:00Z'))),
    subject,
    ca.spki,
  );
  return seq(tbs, SHA256_RSA, bitString(new Uint8Array(signOnce('sha256', tbs, ca.privateKey))));
}

// --- entries ----------------------------------------------------------------------------------
/** A bijection on 32 bits (xorshift-multiply steps are each invertible). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The i-th synthetic serial, `width` octets (5–20): first octet 1–127 (positive, no sign octet),
 * filler octets, then a 32-bit bijection of i — so serials are unique for i < 2³². Entries
 * 0…N−1 are in the CRL; any i ≥ N is a serial the CRL does not list.
 */
export function syntheticSerial(i: number, width = 8, out = new Uint8Array(width)): Uint8Array {
  out[0] = 1 + (i % 127);
  let f = mix32(i ^ 0x9e3779b9);
  for (let k = 1; k < width - 4; k++) {
    out[k] = f & 0xff;
    f = (f >>> 8) | ((f & 0xff) << 24);
    if (k % 4 === 0) f = mix32(f + k);
  }
  const h = mix32(i);
  out[width - 4] = h >>> 24;
  out[width - 3] = (h >>> 16) & 0xff;
  out[width - 2] = (h >>> 8) & 0xff;
  out[width - 1] = h & 0xff;
  return out;
}

/** Reason of entry i: none for 1 in 4, else mostly affiliationChanged (3), some superseded (4) / keyCompromise (1). */
export function syntheticReason(i: number): number | undefined {
  const r = mix32(i ^ 0x5bd1e995) % 16;
  if (r < 4) return undefined;
  return r < 13 ? 3 : r < 15 ? 4 : 1;
}

const DATE_COUNT = 4096;
export const SYNTHETIC_REVOKED_BASE = Date.UTC(2026, 9, 1);
/** Revocation date of entry i, ms: one of 4096 instants in the year before 2026-10-01. */
export function syntheticRevokedAt(i: number): number {
  const k = mix32(i ^ 0x27d4eb2f) % DATE_COUNT;
  return SYNTHETIC_REVOKED_BASE - Math.floor((k * 365 * 86_400) / DATE_COUNT) * 1000;
}

export interface SyntheticCrlSpec {
  readonly entries: number;
  readonly serialWidth?: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly crlNumber?: number;
}

export interface SyntheticCrlFile {
  readonly path: string;
  readonly bytes: number;
  readonly entries: number;
}

/** Write the signed CRL to `path`. */
export function writeSyntheticCrl(path: string, ca: SyntheticCa, spec: SyntheticCrlSpec): SyntheticCrlFile {
  const n = spec.entries;
  const width = spec.serialWidth ?? 8;
  if (width < 5 || width > 20) throw new Error('serial width must be 5–20');
  const dates: Uint8Array[] = [];
  for (let k = 0; k < DATE_COUNT; k++) dates.push(utcTime(new Date(SYNTHETIC_REVOKED_BASE - Math.floor((k * 365 * 86_400) / DATE_COUNT) * 1000)));
  // Entry: 30 L | 02 w serial | 17 0D time | [30 0C 30 0A 06 03 55 1D 15 04 03 0A 01 rr]
  const plain = 2 + (2 + width) + 15;
  const withReason = plain + 14;
  let listLength = 0;
  for (let i = 0; i < n; i++) listLength += syntheticReason(i) === undefined ? plain : withReason;

  const crlNumber = tlv(0xa0, seq(seq(oid('2.5.29.20'), tlv(0x04, tlv(0x02, Uint8Array.of(spec.crlNumber ?? 1))))));
  const before = concat(smallInt(1), SHA256_RSA, ca.subjectName, utcTime(spec.thisUpdate), utcTime(spec.nextUpdate));
  const listHeader = n > 0 ? header(0x30, listLength) : new Uint8Array(0);
  const tbsContent = before.length + (n > 0 ? listHeader.length + listLength : 0) + crlNumber.length;
  const tbsHeader = header(0x30, tbsContent);
  const tbsLength = tbsHeader.length + tbsContent;
  const signer = createSign('sha256');

  // The signature's length is fixed by the key (256 octets for RSA-2048): the outer header can
  // be written before signing.
  const sigTlvLength = 2 + 2 + 1 + 256; // 03 82 01 01 00 ‖ 256
  const outer = header(0x30, tbsLength + SHA256_RSA.length + sigTlvLength);
  const fd = openSync(path, 'w');
  let written = 0;
  const out = (b: Uint8Array, signed: boolean) => {
    writeSync(fd, b);
    if (signed) signer.update(b);
    written += b.length;
  };
  try {
    out(outer, false);
    out(tbsHeader, true);
    out(before, true);
    if (n > 0) out(listHeader, true);
    const PIECE = 4 << 20;
    const piece = new Uint8Array(PIECE + withReason);
    const serial = new Uint8Array(width);
    let p = 0;
    for (let i = 0; i < n; i++) {
      const reason = syntheticReason(i);
      piece[p++] = 0x30;
      piece[p++] = (reason === undefined ? plain : withReason) - 2;
      piece[p++] = 0x02;
      piece[p++] = width;
      syntheticSerial(i, width, serial);
      piece.set(serial, p);
      p += width;
      piece.set(dates[mix32(i ^ 0x27d4eb2f) % DATE_COUNT]!, p);
      p += 15;
      if (reason !== undefined) {
        piece.set([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, reason], p);
        p += 14;
      }
      if (p >= PIECE) {
        out(piece.subarray(0, p), true);
        p = 0;
      }
    }
    if (p > 0) out(piece.subarray(0, p), true);
    out(crlNumber, true);
    const signature = new Uint8Array(signer.sign(ca.privateKey));
    if (signature.length !== 256) throw new Error('expected an RSA-2048 signature');
    out(SHA256_RSA, false);
    out(concat(Uint8Array.of(0x03, 0x82, 0x01, 0x01, 0x00), signature), false);
  } finally {
    closeSync(fd);
  }
  if (written !== outer.length + tbsLength + SHA256_RSA.length + sigTlvLength) throw new Error('synthetic CRL length mismatch');
  return { path, bytes: written, entries: n };
}

/** PEM of a DER certificate (for `openssl crl -CAfile`). */
export function certificatePem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}
