/**
 * The card's raw RSA private-key operation, in BigInt with CRT (RFC 8017 §5.1.2), so the
 * simulator can sign exactly what the card signs: `80 2A P1 P2` (spec §4.2).
 *   P1 00: EMSA-PKCS1-v1_5 type-1 padding around the data as given (normally a DigestInfo)
 *   P1 04/05: RSASSA-PSS over a SHA-256 hash (rsaPssSignSha256)
 * Not constant-time: simulator use only.
 */
import { base64UrlToBytes } from '../../bytes/base64';
import { bigIntToBytes, bytesToBigInt, modPow } from './bigint-bytes';
import { SimPkiError } from './errors';
import type { SimKeyPair } from './sim-keys';

export { digestInfoSha256, digestInfoSha256x3 } from './digest-info';

interface CrtKey {
  n: bigint;
  e: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  k: number; // modulus length in bytes
  modBits: number;
}

const crtCache = new Map<string, CrtKey>();

function crtKey(key: SimKeyPair): CrtKey {
  const jwk = key.privateJwk;
  const cached = crtCache.get(jwk.n ?? '');
  if (cached) return cached;
  const need = (m: 'n' | 'e' | 'p' | 'q' | 'dp' | 'dq' | 'qi'): bigint => {
    const v = jwk[m];
    if (typeof v !== 'string') {
      throw new SimPkiError('sim-key-malformed', `key "${key.id}" lacks JWK member ${m}`);
    }
    return bytesToBigInt(base64UrlToBytes(v));
  };
  const n = need('n');
  const k: CrtKey = {
    n,
    e: need('e'),
    p: need('p'),
    q: need('q'),
    dp: need('dp'),
    dq: need('dq'),
    qi: need('qi'),
    k: Math.ceil(n.toString(2).length / 8),
    modBits: n.toString(2).length,
  };
  crtCache.set(jwk.n!, k);
  return k;
}

/** RSASP1 with CRT (RFC 8017 §5.2.1 2b), checked by re-applying the public exponent. */
function rsaPrivate(key: CrtKey, em: Uint8Array): Uint8Array<ArrayBuffer> {
  const m = bytesToBigInt(em);
  if (m >= key.n) throw new SimPkiError('sim-rsa-bad-input', 'message representative out of range');
  const s1 = modPow(m, key.dp, key.p);
  const s2 = modPow(m, key.dq, key.q);
  const h = (((s1 - s2) % key.p) + key.p) % key.p * key.qi % key.p;
  const s = s2 + key.q * h;
  if (modPow(s, key.e, key.n) !== m) {
    throw new SimPkiError('sim-rsa-fault', 'RSA-CRT self-check failed (inconsistent key)');
  }
  return bigIntToBytes(s, key.k);
}

/**
 * Sign `data` (e.g. a DigestInfo) with EMSA-PKCS1-v1_5 type-1 padding:
 * EM = 00 01 FF…FF 00 ‖ data, |EM| = k, at least 8 bytes of FF (RFC 8017 §9.2 step 3–5).
 * Data longer than k − 11 (245 bytes for RSA-2048) → SimPkiError('sim-rsa-data-too-long').
 * Card-level length rules (1–245 bytes, 6700/6985) belong to the APDU layer.
 */
export function rsaPkcs1v15SignRaw(key: SimKeyPair, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const ck = crtKey(key);
  if (data.length > ck.k - 11) {
    throw new SimPkiError(
      'sim-rsa-data-too-long',
      `PKCS#1 v1.5: ${data.length} bytes exceed k - 11 = ${ck.k - 11}`,
    );
  }
  const em = new Uint8Array(ck.k);
  em[1] = 0x01;
  em.fill(0xff, 2, ck.k - data.length - 1);
  em.set(data, ck.k - data.length); // em[k - |data| - 1] stays 00
  return rsaPrivate(ck, em);
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const copy = new Uint8Array(data.length);
  copy.set(data);
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copy));
}

/** MGF1 with SHA-256 (RFC 8017 §B.2.1). */
async function mgf1Sha256(seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, off = 0; off < length; counter++, off += 32) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    const h = await sha256(block);
    out.set(h.subarray(0, Math.min(32, length - off)), off);
  }
  return out;
}

/**
 * RSASSA-PSS signature over a SHA-256 hash with MGF1-SHA-256 and the given salt
 * (EMSA-PSS-ENCODE, RFC 8017 §9.1.1, emBits = modBits − 1). For `80 2A 04/05` (spec §4.2);
 * the card's real salt length is not known — callers choose it. Deterministic for a given salt.
 */
export async function rsaPssSignSha256(
  key: SimKeyPair,
  hash32: Uint8Array,
  salt: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  if (hash32.length !== 32) {
    throw new SimPkiError('sim-rsa-bad-input', `PSS: hash must be 32 bytes, got ${hash32.length}`);
  }
  const ck = crtKey(key);
  const emBits = ck.modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < 32 + salt.length + 2) {
    throw new SimPkiError('sim-rsa-bad-input', 'PSS: salt too long for this modulus');
  }
  const mPrime = new Uint8Array(8 + 32 + salt.length);
  mPrime.set(hash32, 8);
  mPrime.set(salt, 40);
  const h = await sha256(mPrime);
  const dbLen = emLen - 32 - 1;
  const db = new Uint8Array(dbLen);
  db[dbLen - salt.length - 1] = 0x01;
  db.set(salt, dbLen - salt.length);
  const mask = await mgf1Sha256(h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] ^= mask[i]!;
  db[0] &= 0xff >>> (8 * emLen - emBits);
  const em = new Uint8Array(emLen);
  em.set(db);
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  // emLen may be k - 1 when modBits ≡ 1 (mod 8); left-pad to k for RSASP1.
  const full = new Uint8Array(ck.k);
  full.set(em, ck.k - emLen);
  return rsaPrivate(ck, full);
}
