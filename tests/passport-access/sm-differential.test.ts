/**
 * Differential check of the SM layer's ciphers against Node's OpenSSL: two-key 3DES-CBC
 * (des-ede-cbc) and AES-128/192/256-CBC without padding, on random keys, IVs and lengths;
 * and the retail MAC against a composition of OpenSSL DES steps (des-ede3 with K‖K‖K = single DES).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCbcDecrypt, aesCbcEncrypt } from '../../src/cards/secure-messaging/icao-aes';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../../src/cards/secure-messaging/icao-des';

function node(alg: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, decrypt = false): Uint8Array {
  const c = decrypt ? createDecipheriv(alg, key, iv) : createCipheriv(alg, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

describe('SM ciphers vs node:crypto', () => {
  it('3DES-CBC (2-key) encrypt and decrypt, 200 random cases', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(16);
      const iv = randomBytes(8);
      const data = randomBytes(8 * (1 + (i % 40)));
      const ours = tdesCbcEncrypt(key, iv, data);
      expect(Buffer.from(ours).equals(Buffer.from(node('des-ede-cbc', key, iv, data)))).toBe(true);
      expect(Buffer.from(tdesCbcDecrypt(key, iv, ours)).equals(data)).toBe(true);
    }
  });

  it.each([16, 24, 32])('AES CBC with a %i-byte key, encrypt and decrypt, 200 random cases', (len) => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(len);
      const iv = randomBytes(16);
      const data = randomBytes(16 * (1 + (i % 40)));
      const ours = aesCbcEncrypt(key, iv, data);
      expect(Buffer.from(ours).equals(Buffer.from(node(`aes-${len * 8}-cbc`, key, iv, data)))).toBe(true);
      expect(Buffer.from(aesCbcDecrypt(key, iv, ours)).equals(data)).toBe(true);
    }
  });

  it('retail MAC = DES-CBC(Ka) then D(Kb), E(Ka) on the last block, 100 random cases', () => {
    const single = (k: Uint8Array) => Buffer.concat([k, k, k]);
    for (let i = 0; i < 100; i++) {
      const key = randomBytes(16);
      const data = randomBytes(8 * (1 + (i % 20)));
      const ka = key.subarray(0, 8);
      const kb = key.subarray(8);
      const chain = node('des-ede3-cbc', single(ka), Buffer.alloc(8), data);
      const last = chain.subarray(chain.length - 8);
      const expected = node('des-ede3', single(ka), null, node('des-ede3', single(kb), null, last, true));
      expect(Buffer.from(retailMac(key, data)).equals(Buffer.from(expected))).toBe(true);
    }
  });
});
