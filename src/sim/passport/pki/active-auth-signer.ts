/**
 * The chip side of Active Authentication (9303-11 §6.1), for simulated chips and tests:
 *  - RSA: ISO/IEC 9796-2 signature scheme 1, partial message recovery: F = 6A ‖ M1 ‖ H ‖ T with
 *    M1 random (filling the capacity), H = hash(M1 ‖ challenge), T = BC (SHA-1) or xx CC
 *    (34 SHA-256, 36 SHA-384, 35 SHA-512, 38 SHA-224); the signature is F^d mod n. A signer may
 *    also return n − F^d mod n (the 9796-2 alternative form); `alternative` does, so tests can
 *    check the verifier accepts both.
 *  - ECDSA: plain r‖s (TR-03111) over the challenge with the hash DG14's ActiveAuthenticationInfo names.
 * The random source is injectable so runs are reproducible.
 */
import { ecdsaSign, modulusLength, rsaPrivateRaw, simHash, type SimEcKey, type SimHash, type SimRsaKey } from './sim-passport-keys';
import { SimPassportError } from './sim-passport-error';

const TRAILER: Readonly<Record<SimHash, number[]>> = { 'SHA-1': [0xbc], 'SHA-224': [0x38, 0xcc], 'SHA-256': [0x34, 0xcc], 'SHA-384': [0x36, 0xcc], 'SHA-512': [0x35, 0xcc] };
const HASH_LEN: Readonly<Record<SimHash, number>> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export type RandomBytes = (n: number) => Uint8Array;

export function aaSignRsa(key: SimRsaKey, challenge: Uint8Array, random: RandomBytes, hash: SimHash = 'SHA-1', opts: { alternative?: boolean } = {}): Uint8Array {
  const k = modulusLength(key);
  const t = TRAILER[hash];
  const m1Len = k - 1 - HASH_LEN[hash] - t.length;
  if (m1Len < 1) throw new SimPassportError('sim-pp-bad-params', 'RSA key too short for this hash');
  const m1 = random(m1Len);
  const h = simHash(hash, new Uint8Array([...m1, ...challenge]));
  const f = new Uint8Array([0x6a, ...m1, ...h, ...t]);
  // F must be below n: the leading 6A guarantees it for a modulus whose top byte is ≥ 0x80.
  const s = rsaPrivateRaw(key, f);
  if (!opts.alternative) return s;
  let n = 0n;
  for (const b of key.modulus) n = (n << 8n) | BigInt(b);
  let sv = 0n;
  for (const b of s) sv = (sv << 8n) | BigInt(b);
  let alt = n - sv;
  const out = new Uint8Array(k);
  for (let i = k - 1; i >= 0; i--, alt >>= 8n) out[i] = Number(alt & 0xffn);
  return out;
}

export function aaSignEcdsa(key: SimEcKey, challenge: Uint8Array, hash: SimHash): Uint8Array {
  return ecdsaSign(key, hash, challenge).plain;
}
