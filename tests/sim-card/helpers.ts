/**
 * Test-local helpers for talking to the simulated card with raw APDUs.
 *
 * Nothing here derives an expected value from the code under test: APDUs are hex literals
 * written in the tests, the TLV walker and RSA public operation are independent re-implementations
 * of the spec layouts (spec §3), and expected personal data comes from the profile JSON files.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import type { BuiltCard } from '../../src/sim/mynumber/build-card';
import { buildSimCard, loadProfile } from '../../src/node/sim-loader';

x509.cryptoProvider.set(globalThis.crypto);
export { x509 };

export const PROFILE_DIR = fileURLToPath(new URL('../../src/sim/mynumber/profiles/', import.meta.url));

/** The raw JSON of a named profile (the source of expected values). */
export interface ProfileJson {
  id: string;
  seed: string;
  person: {
    name: string;
    alias?: string;
    address: string;
    birthDate: string;
    sex: string;
    myNumber: string;
    foreignResident?: boolean;
  };
  card: { expiryDate: string; securityCode: string; municipalityCode: string; serial: string; face: string };
  credentials: { textPin: string; authPin: string; signPassword: string; jukiPin: string };
  retriesLeft?: Record<string, number>;
  jpki: {
    hasSignCertificate: boolean;
    notBefore: string;
    notAfter: string;
    prefecture: string;
    city: string;
    certificateName?: string;
    nameSubstitutePositions?: string;
  };
}

export function profileJson(id: string): ProfileJson {
  return JSON.parse(readFileSync(join(PROFILE_DIR, `${id}.json`), 'utf8')) as ProfileJson;
}

/** Build a named profile with the Node loader (~1 s; do it once per file in beforeAll). */
export async function build(id: string): Promise<BuiltCard> {
  return buildSimCard(await loadProfile(id));
}

/** "00 A4 04 0C" → bytes. Spaces optional. */
export function h(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex literal: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function cat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) for (const b of p) out.push(b);
  return Uint8Array.from(out);
}

export interface Rsp {
  data: Uint8Array;
  sw: number;
}

/** Send one command APDU (hex literal or bytes) and split the answer. */
export async function tx(card: SimulatedCard, command: string | Uint8Array): Promise<Rsp> {
  const bytes = typeof command === 'string' ? h(command) : command;
  const r = await card.process(bytes);
  expect(r.length).toBeGreaterThanOrEqual(2);
  return { data: r.subarray(0, r.length - 2), sw: (r[r.length - 2]! << 8) | r[r.length - 1]! };
}

/** Send and return only the status word. */
export async function sw(card: SimulatedCard, command: string | Uint8Array): Promise<number> {
  return (await tx(card, command)).sw;
}

/** Send, expect 9000, return the data. */
export async function ok(card: SimulatedCard, command: string | Uint8Array): Promise<Uint8Array> {
  const r = await tx(card, command);
  expect(r.sw.toString(16), typeof command === 'string' ? command : hex(command)).toBe('9000');
  return r.data;
}

/** SELECT-by-name commands for the five DFs (spec §1.2, §1.3), written out in full. */
export const SELECT = {
  jpki: '00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01',
  text: '00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08',
  face: '00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02',
  common: '00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00',
  juki: '00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01',
  isd: '00 A4 04 0C 07 A0 00 00 01 51 00 00',
} as const;

/** `00 20 00 P2 Lc <ascii>`: VERIFY with data (case 3). */
export function verifyApdu(p2: number, value: string): Uint8Array {
  return cat([0x00, 0x20, 0x00, p2, value.length], ascii(value));
}

// ---------------------------------------------------------------- test-local BER-TLV walker (spec §3)

export interface Tlv {
  tag: number;
  /** Offset of the tag byte within the buffer given to parseTlv. */
  offset: number;
  headerLength: number;
  length: number;
  value: Uint8Array;
  /** Tag ‖ length ‖ value exactly as on the card. */
  raw: Uint8Array;
  end: number;
}

/** One BER-TLV object at `at`: tags of 1–3 bytes, lengths short or 81/82/83 (non-minimal allowed). */
export function parseTlv(buf: Uint8Array, at = 0): Tlv {
  let i = at;
  let tag = buf[i++]!;
  if ((tag & 0x1f) === 0x1f) {
    let b: number;
    do {
      b = buf[i++]!;
      tag = tag * 256 + b;
    } while (b & 0x80);
  }
  let length = buf[i++]!;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + buf[i++]!;
  }
  const end = i + length;
  if (end > buf.length) throw new Error(`TLV at ${at} runs past the buffer (${end} > ${buf.length})`);
  return { tag, offset: at, headerLength: i - at, length, value: buf.subarray(i, end), raw: buf.subarray(at, end), end };
}

/** The children of a constructed value, in order. */
export function children(value: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < value.length) {
    const t = parseTlv(value, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

/** The child with `tag`, required. */
export function child(value: Uint8Array, tag: number): Tlv {
  const found = children(value).find((c) => c.tag === tag);
  if (!found) throw new Error(`no tag ${tag.toString(16)}`);
  return found;
}

// ---------------------------------------------------------------- RSA public side (test-local)

export interface RsaPub {
  n: Uint8Array;
  e: Uint8Array;
}

/** Parse the card's key DO `90 <e> 91 <n>` (spec §3.4). */
export function rsaKeyDo(value: Uint8Array): RsaPub {
  const [e, n] = children(value);
  expect(e!.tag).toBe(0x90);
  expect(n!.tag).toBe(0x91);
  return { e: e!.value, n: n!.value };
}

export function b64url(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return Buffer.from(bytes.subarray(i)).toString('base64url');
}

export async function importRsaVerifyKey(key: RsaPub): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'RSA', n: b64url(key.n), e: b64url(key.e), ext: true }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
}

/** RSASSA-PKCS1-v1_5/SHA-256 verification of `message` with WebCrypto. */
export async function verifySha256(key: RsaPub | CryptoKey, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  const k = key instanceof CryptoKey ? key : await importRsaVerifyKey(key);
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', k, new Uint8Array(signature), new Uint8Array(message));
}

function toBig(b: Uint8Array): bigint {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return r;
}

/** s^e mod n as a big-endian block as long as the modulus: the RSA public operation. */
export function rsaPublic(key: RsaPub, signature: Uint8Array): Uint8Array {
  let start = 0;
  while (start < key.n.length - 1 && key.n[start] === 0) start++;
  const k = key.n.length - start;
  let m = modPow(toBig(signature), toBig(key.e), toBig(key.n));
  const out = new Uint8Array(k);
  for (let i = k - 1; i >= 0; i--) {
    out[i] = Number(m & 0xffn);
    m >>= 8n;
  }
  return out;
}

/** EMSA-PKCS1-v1_5 type-1 block for a k-byte modulus: 00 01 FF…FF 00 ‖ t (RFC 8017 §9.2). */
export function pkcs1Type1Block(k: number, t: Uint8Array): Uint8Array {
  const out = new Uint8Array(k).fill(0xff);
  out[0] = 0x00;
  out[1] = 0x01;
  out[k - t.length - 1] = 0x00;
  out.set(t, k - t.length);
  return out;
}

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}

/** SHA-256 DigestInfo prefix, copied from spec §4.2. */
export const SHA256_DI_PREFIX = h('30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20');

/** The public key of an X.509 certificate (DER) for WebCrypto, via @peculiar/x509. */
export async function certificateVerifyKey(der: Uint8Array): Promise<CryptoKey> {
  const cert = new x509.X509Certificate(new Uint8Array(der));
  return crypto.subtle.importKey('spki', cert.publicKey.rawData, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
}

/** The RSA modulus/exponent of an X.509 certificate, via WebCrypto's JWK export. */
export async function certificateRsaKey(der: Uint8Array): Promise<RsaPub> {
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const key = await crypto.subtle.importKey('spki', cert.publicKey.rawData, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  const jwk = await crypto.subtle.exportKey('jwk', key);
  return { n: new Uint8Array(Buffer.from(jwk.n!, 'base64url')), e: new Uint8Array(Buffer.from(jwk.e!, 'base64url')) };
}
