/**
 * The chip's Active Authentication signer (9303-11 §6.1.2): RSA with ISO/IEC 9796-2 digital
 * signature scheme 1, partial recovery (header 6A, trailer BC for SHA-1 or 34CC for SHA-256),
 * the B.6 alternative signature min(σ, n − σ); or ECDSA with the plain r‖s format (TR-03111).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { fromBig, powMod, toBig } from './chip-crypto';
import { chipGroup } from './chip-groups';
import keys from './aa-rsa-keys.json';

export type AaKey =
  | { readonly kind: 'rsa'; readonly n: bigint; readonly e: bigint; readonly d: bigint; readonly hash: 'sha1' | 'sha256' }
  | { readonly kind: 'ecdsa'; readonly groupId: number; readonly privateKey: bigint; readonly hash: 'sha256' | 'sha384' | 'sha512' };

/** The fixture RSA keys (simulator only). */
export function fixtureRsaKey(bits: 1024 | 2048, hash: 'sha1' | 'sha256' = 'sha1'): AaKey {
  const k = bits === 1024 ? keys.rsa1024 : keys.rsa2048;
  return { kind: 'rsa', n: BigInt('0x' + k.n), e: BigInt('0x' + k.e), d: BigInt('0x' + k.d), hash };
}

export function aaSign(key: AaKey, nonce: Uint8Array, random: (n: number) => Uint8Array): Uint8Array {
  if (key.kind === 'ecdsa') {
    const g = chipGroup(key.groupId);
    if (g.type !== 'ec') throw new RangeError('ECDSA AA needs a curve');
    const digest = key.hash === 'sha256' ? sha256(nonce) : key.hash === 'sha384' ? sha384(nonce) : sha512(nonce);
    return g.curve.sign(digest, fromBig(key.privateKey, g.scalar), { prehash: false });
  }
  const kBytes = Math.ceil(key.n.toString(2).length / 8);
  const h = key.hash === 'sha1' ? 20 : 32;
  const trailer = key.hash === 'sha1' ? Uint8Array.of(0xbc) : Uint8Array.of(0x34, 0xcc);
  const m1 = random(kBytes - h - trailer.length - 1);
  const m = Uint8Array.from([...m1, ...nonce]);
  const digest = key.hash === 'sha1' ? sha1(m) : sha256(m);
  const f = Uint8Array.from([0x6a, ...m1, ...digest, ...trailer]);
  const s = powMod(toBig(f), key.d, key.n);
  const alt = key.n - s < s ? key.n - s : s;
  return fromBig(alt, kBytes);
}
