/** src/verify/crypto: key checks, WebCrypto verify, raw public operation, PKCS#1 block parsing. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatKeyId } from '../../src/cards/mynumber/records';
import { simKey } from '../../src/sim/pki/sim-keys';
import { bytesToBase64Url } from '../../src/bytes/base64';
import { bigIntToBytes, bytesToBigInt, modPow } from '../../src/verify/crypto/bigint-bytes';
import { constantTimeEqual } from '../../src/verify/crypto/constant-time';
import {
  checkRsaKey,
  importRsaPublicKey,
  parsePkcs1v15Block,
  rsaKeyProblem,
  rsaPublicJwk,
  rsaPublicRecover,
  verifyPkcs1Sha256,
} from '../../src/verify/crypto/rsa-public-key';
import { sha256 } from '../../src/verify/crypto/sha256';
import { caKeyJson, nodeRawPublic, nodeSha256, nodeSign } from './helpers';

const KEY = simKey('card-00');
const OTHER = simKey('card-01');
const material = { modulus: KEY.modulus, exponent: KEY.exponent };
const data = new TextEncoder().encode('Kazasu verify test message');

function hexBytes(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
}

describe('small helpers', () => {
  it('base64url matches Node for every tail length', () => {
    for (let n = 0; n < 12; n++) {
      const b = new Uint8Array(randomBytes(n));
      expect(bytesToBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
    }
  });

  it('BigInt conversions and modPow', () => {
    expect(bytesToBigInt(hexBytes('0102'))).toBe(258n);
    expect(Array.from(bigIntToBytes(258n, 4)!)).toEqual([0, 0, 1, 2]);
    expect(bigIntToBytes(0x10000n, 2)).toBeUndefined();
    expect(modPow(4n, 13n, 497n)).toBe(445n); // textbook example
    expect(modPow(7n, 0n, 13n)).toBe(1n);
  });

  it('constantTimeEqual', () => {
    expect(constantTimeEqual(hexBytes('0001'), hexBytes('0001'))).toBe(true);
    expect(constantTimeEqual(hexBytes('0001'), hexBytes('0002'))).toBe(false);
    expect(constantTimeEqual(hexBytes('0001'), hexBytes('000100'))).toBe(false);
  });

  it('sha256 agrees with node:crypto and leaves the input alone', async () => {
    const input = data.slice();
    expect(Buffer.from(await sha256(input)).equals(Buffer.from(nodeSha256(data)))).toBe(true);
    expect(Buffer.from(input).equals(Buffer.from(data))).toBe(true);
  });
});

describe('RSA key checks', () => {
  it('accepts the simulator keys (RSA-2048, e = 65537) and builds the same JWK as the fixture', () => {
    const c = checkRsaKey(material);
    expect(typeof c).toBe('object');
    if (typeof c === 'object') expect(c.bits).toBe(2048);
    const jwk = rsaPublicJwk(material)!;
    expect(jwk.n).toBe(KEY.publicJwk.n);
    expect(jwk.e).toBe('AQAB');
    // Leading zero bytes are not part of the integer.
    expect(rsaKeyProblem({ modulus: Uint8Array.of(0, 0, ...KEY.modulus), exponent: Uint8Array.of(0, 1, 0, 1) })).toBeUndefined();
  });

  it('refuses small or even moduli and bad exponents', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const smallModulus = new Uint8Array(Buffer.from(small.n!, 'base64url'));
    expect(rsaKeyProblem({ modulus: smallModulus, exponent: KEY.exponent })).toMatch(/1024 bits is below 2048/);
    const even = KEY.modulus.slice();
    even[even.length - 1]! &= 0xfe;
    expect(rsaKeyProblem({ modulus: even, exponent: KEY.exponent })).toMatch(/even/);
    for (const e of [[], [0], [1], [2], [1, 0, 0], [1, 0, 0, 0, 1]]) {
      expect(rsaKeyProblem({ modulus: KEY.modulus, exponent: Uint8Array.from(e) }), JSON.stringify(e)).toBeDefined();
    }
    expect(rsaKeyProblem({ modulus: KEY.modulus, exponent: Uint8Array.of(3) })).toBeUndefined();
    expect(rsaPublicJwk({ modulus: even, exponent: KEY.exponent })).toBeUndefined();
  });

  it('the production and test CV CA keys in shared/trust are RSA-2048, e = 65537, with matching names', () => {
    const entries = caKeyJson();
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const name of ['5000020/001', '5000023/001', '5000033/001', '6000020/001', '6000023/001', '6000033/001']) {
      expect(byName.has(name), name).toBe(true);
    }
    for (const e of entries) {
      const id = hexBytes(e.issuerKeyIdHex);
      expect(id.length).toBe(16);
      expect(formatKeyId(id)).toBe(e.name);
      const key = { modulus: hexBytes(e.modulusHex), exponent: hexBytes(e.exponentHex) };
      const c = checkRsaKey(key);
      expect(typeof c, e.name).toBe('object');
      if (typeof c === 'object') {
        expect(c.bits).toBe(2048);
        expect(bytesToBigInt(c.e)).toBe(65537n);
      }
    }
    // The MF chain id ends in A8 (spec §3.4); the AP ids in 00.
    expect(byName.get('5000020/001')!.issuerKeyIdHex.slice(-2)).toBe('a8');
    expect(byName.get('5000033/001')!.issuerKeyIdHex.slice(-2)).toBe('00');
  });
});

describe('verifyPkcs1Sha256', () => {
  const sig = nodeSign(KEY, data);

  it('verifies a node:crypto signature, from key material or a CryptoKey', async () => {
    expect(await verifyPkcs1Sha256(material, data, sig)).toBe(true);
    const ck = await importRsaPublicKey(material);
    expect(ck).toBeDefined();
    expect(await verifyPkcs1Sha256(ck!, data, sig)).toBe(true);
  });

  it('is false — never throws — for other data, another key, a flipped bit or a wrong length', async () => {
    expect(await verifyPkcs1Sha256(material, data.subarray(1), sig)).toBe(false);
    expect(await verifyPkcs1Sha256({ modulus: OTHER.modulus, exponent: OTHER.exponent }, data, sig)).toBe(false);
    const flipped = sig.slice();
    flipped[100]! ^= 0x20;
    expect(await verifyPkcs1Sha256(material, data, flipped)).toBe(false);
    for (const bad of [new Uint8Array(0), sig.subarray(1), Uint8Array.of(0, ...sig), Uint8Array.of(...sig, 0)]) {
      await expect(verifyPkcs1Sha256(material, data, bad)).resolves.toBe(false);
    }
    const ck = await importRsaPublicKey(material);
    await expect(verifyPkcs1Sha256(ck!, data, sig.subarray(2))).resolves.toBe(false);
    // A refused key never verifies, even a "correct" signature by it.
    await expect(verifyPkcs1Sha256({ modulus: KEY.modulus, exponent: Uint8Array.of(1) }, data, sig)).resolves.toBe(false);
  });

  it('leaves the caller\'s data untouched (only its own copy is wiped)', async () => {
    const copy = data.slice();
    await verifyPkcs1Sha256(material, copy, sig);
    expect(Buffer.from(copy).equals(Buffer.from(data))).toBe(true);
  });
});

describe('rsaPublicRecover and parsePkcs1v15Block', () => {
  const sig = nodeSign(KEY, data);

  it('recovers s^e mod n exactly as node:crypto does, as a fixed 256-byte string', () => {
    const em = rsaPublicRecover(material, sig)!;
    expect(em.length).toBe(256);
    expect(em[0]).toBe(0x00); // the leading zero byte is kept
    expect(Buffer.from(em).equals(Buffer.from(nodeRawPublic(KEY, sig)))).toBe(true);
    // And the payload is DigestInfo(SHA-256(data)) (RFC 8017 §9.2), written out here.
    const payload = parsePkcs1v15Block(em)!;
    const prefix = hexBytes('3031300d060960864801650304020105000420');
    expect(Buffer.from(payload).equals(Buffer.concat([prefix, nodeSha256(data)]))).toBe(true);
  });

  it('refuses wrong lengths, s ≥ n and refused keys', () => {
    expect(rsaPublicRecover(material, sig.subarray(1))).toBeUndefined();
    expect(rsaPublicRecover(material, Uint8Array.of(0, ...sig))).toBeUndefined();
    expect(rsaPublicRecover(material, KEY.modulus)).toBeUndefined(); // s = n
    expect(rsaPublicRecover(material, new Uint8Array(256).fill(0xff))).toBeUndefined();
    expect(rsaPublicRecover({ modulus: KEY.modulus, exponent: Uint8Array.of(2) }, sig)).toBeUndefined();
    // s = 1 → m = 1 (fixed length, left-padded).
    const one = new Uint8Array(256);
    one[255] = 1;
    const m = rsaPublicRecover(material, one)!;
    expect(m.length).toBe(256);
    expect(bytesToBigInt(m)).toBe(1n);
  });

  it('parses only the strict type-1 shape', () => {
    const block = (pad: number[], tail: number[]) => Uint8Array.from([...pad, ...tail]);
    const ff = (n: number) => new Array<number>(n).fill(0xff);
    expect(Array.from(parsePkcs1v15Block(block([0, 1, ...ff(8), 0], [0xaa, 0xbb]))!)).toEqual([0xaa, 0xbb]);
    expect(Array.from(parsePkcs1v15Block(block([0, 1, ...ff(8), 0], []))!)).toEqual([]);
    expect(parsePkcs1v15Block(block([0, 1, ...ff(7), 0], [0xaa, 0xbb, 0xcc]))).toBeUndefined(); // 7 FF
    expect(parsePkcs1v15Block(block([1, 1, ...ff(8), 0], [0xaa]))).toBeUndefined(); // first byte
    expect(parsePkcs1v15Block(block([0, 2, ...ff(8), 0], [0xaa]))).toBeUndefined(); // type 2
    expect(parsePkcs1v15Block(block([0, 1, ...ff(4), 0xfe, ...ff(4), 0], [0xaa]))).toBeUndefined(); // non-FF pad
    expect(parsePkcs1v15Block(block([0, 1, ...ff(20)], []))).toBeUndefined(); // no separator
    expect(parsePkcs1v15Block(new Uint8Array(0))).toBeUndefined();
  });
});
