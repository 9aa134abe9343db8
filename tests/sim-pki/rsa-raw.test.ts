import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SimPkiError } from '../../src/sim/pki/errors';
import {
  digestInfoSha256,
  digestInfoSha256x3,
  rsaPkcs1v15SignRaw,
  rsaPssSignSha256,
} from '../../src/sim/pki/rsa-raw';
import { importPrivateKey, importPublicKey, simKey } from '../../src/sim/pki/sim-keys';

const sha256 = (b: Uint8Array | string): Uint8Array<ArrayBuffer> => new Uint8Array(createHash('sha256').update(b).digest());
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const big = (b: Uint8Array): bigint => BigInt('0x' + (hex(b) || '0'));
function powmod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
/** Public RSA operation, written independently of src/ (RFC 8017 RSAVP1 + I2OSP). */
function openSignature(key: ReturnType<typeof simKey>, sig: Uint8Array): Uint8Array {
  const m = powmod(big(sig), big(key.exponent), big(key.modulus));
  return Buffer.from(m.toString(16).padStart(512, '0'), 'hex');
}

const key = simKey('card-03');

describe('digestInfo', () => {
  it('uses the exact SHA-256 prefix (spec §4.2)', () => {
    const h = sha256('abc');
    const di = digestInfoSha256(h);
    expect(hex(di)).toBe('3031300d060960864801650304020105000420' + hex(h));
    expect(di.length).toBe(51);
    expect(() => digestInfoSha256(new Uint8Array(31))).toThrow(SimPkiError);
  });

  it('uses the exact 3 × SHA-256 prefix (spec §3.7)', () => {
    const c = new Uint8Array(96).map((_, i) => i);
    const di = digestInfoSha256x3(c);
    expect(hex(di)).toBe('3071300d060960864801650304020105000460' + hex(c));
    expect(() => digestInfoSha256x3(new Uint8Array(64))).toThrow(SimPkiError);
  });
});

describe('rsaPkcs1v15SignRaw', () => {
  const msg = new TextEncoder().encode('署名対象の文書');

  it('over a SHA-256 DigestInfo verifies with WebCrypto RSASSA-PKCS1-v1_5', async () => {
    const sig = rsaPkcs1v15SignRaw(key, digestInfoSha256(sha256(msg)));
    expect(sig.length).toBe(256);
    const pub = await importPublicKey(key);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', pub, sig, msg)).toBe(true);
    // Wrong data must fail.
    const other = new TextEncoder().encode('署名対象の文書!');
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', pub, sig, other)).toBe(false);
    // Identical to WebCrypto's own (deterministic) PKCS#1 v1.5 signature.
    const webSig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await importPrivateKey(key), msg));
    expect(hex(sig)).toBe(hex(webSig));
  });

  it('pads arbitrary data as EMSA-PKCS1-v1_5 type 1', () => {
    for (const len of [0, 1, 32, 200, 245]) {
      const data = new Uint8Array(len).fill(0xa5);
      const em = openSignature(key, rsaPkcs1v15SignRaw(key, data));
      const expected = '0001' + 'ff'.repeat(256 - 3 - len) + '00' + 'a5'.repeat(len);
      expect(hex(em), `len ${len}`).toBe(expected);
    }
  });

  it('rejects data longer than k - 11 with a typed error', () => {
    try {
      rsaPkcs1v15SignRaw(key, new Uint8Array(246));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimPkiError);
      expect((e as SimPkiError).code).toBe('sim-rsa-data-too-long');
    }
  });

  it('works for every role key used to sign card data', () => {
    for (const id of ['cv-ap-text', 'cv-ap-face', 'card-00', 'card-47'] as const) {
      const k = simKey(id);
      const di = digestInfoSha256(sha256(id));
      expect(hex(openSignature(k, rsaPkcs1v15SignRaw(k, di))).endsWith(hex(di)), id).toBe(true);
    }
  });
});

describe('rsaPssSignSha256', () => {
  it('verifies with WebCrypto RSA-PSS for salt lengths 32 and 0', async () => {
    const msg = new TextEncoder().encode('pss message');
    const pub = await importPublicKey(key, 'RSA-PSS');
    for (const saltLen of [32, 0]) {
      const salt = new Uint8Array(saltLen).fill(7);
      const sig = await rsaPssSignSha256(key, sha256(msg), salt);
      expect(await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: saltLen }, pub, sig, msg)).toBe(true);
      expect(await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: saltLen }, pub, sig, sha256('x'))).toBe(false);
      // Deterministic for a fixed salt.
      expect(hex(await rsaPssSignSha256(key, sha256(msg), salt))).toBe(hex(sig));
    }
  });

  it('rejects a hash that is not 32 bytes', async () => {
    await expect(rsaPssSignSha256(key, new Uint8Array(20), new Uint8Array(0))).rejects.toBeInstanceOf(SimPkiError);
  });
});
