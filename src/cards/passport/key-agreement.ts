/**
 * Ephemeral keys and key agreement in a PACE / Chip Authentication group (9303-11 §9.6: ECKA of
 * TR-03111 for ECDH, PKCS#3 for DH). Public keys travel as plain values (§9.4.5): uncompressed
 * points (04 ‖ X ‖ Y) or unsigned integers (minimal encoding, §9.4.1). Every public key from the
 * chip is validated: on the curve and not the neutral element (TR-03111), 1 < y < p−1 and
 * y^q = 1 (RFC 2631, 9303-11 §4.4.3.3.1 note).
 */
import type { RandomSource } from './random-source';
import {
  bigintToBytes,
  bigintToMinimalBytes,
  bytesToBigint,
  modPow,
  type DhGroup,
  type EcGroup,
  type EcPoint,
  type PaceGroup,
} from './domain-parameters';
import { PassportError, type PassportErrorCode } from './passport-error';

/** A generator of the (possibly ephemeral, mapped) group: a point, or a DH element. */
export type Generator = { readonly kind: 'ec'; readonly point: EcPoint } | { readonly kind: 'dh'; readonly g: bigint };

export function baseGenerator(group: PaceGroup): Generator {
  return group.kind === 'ec' ? { kind: 'ec', point: group.curve.Point.BASE } : { kind: 'dh', g: group.g };
}

/**
 * A private key in [1, order−1], drawn by rejection sampling from `random` bytes of the order's
 * length (so an injected source that yields a known key — the worked examples — gives that key).
 */
export function randomPrivateKey(group: PaceGroup, random: RandomSource): bigint {
  const order = group.kind === 'ec' ? group.n : group.q;
  const len = group.kind === 'ec' ? group.orderLength : group.qLength;
  for (let i = 0; i < 256; i++) {
    const bytes = random(len);
    const k = bytesToBigint(bytes);
    bytes.fill(0);
    if (k >= 1n && k < order) return k;
  }
  throw new PassportError('pace-protocol-error', 'random source gave no usable private key');
}

export function publicKeyOf(group: PaceGroup, gen: Generator, sk: bigint): Uint8Array {
  if (group.kind === 'ec' && gen.kind === 'ec') return gen.point.multiply(sk).toBytes(false);
  if (group.kind === 'dh' && gen.kind === 'dh') return bigintToMinimalBytes(modPow(gen.g, sk, group.p));
  throw new PassportError('pace-protocol-error', 'generator does not belong to the group');
}

export function decodeEcPoint(group: EcGroup, bytes: Uint8Array, code: PassportErrorCode = 'pace-bad-chip-key'): EcPoint {
  if (bytes.length !== 1 + 2 * group.fieldLength || bytes[0] !== 0x04) {
    throw new PassportError(code, `public key is not an uncompressed ${group.name} point`);
  }
  let p: EcPoint;
  try {
    p = group.curve.Point.fromBytes(bytes);
    p.assertValidity();
  } catch (e) {
    throw new PassportError(code, `public key is not a point on ${group.name}`, { cause: e });
  }
  if (p.is0()) throw new PassportError(code, 'public key is the point at infinity');
  return p;
}

export function decodeDhPublic(group: DhGroup, bytes: Uint8Array, code: PassportErrorCode = 'pace-bad-chip-key'): bigint {
  if (bytes.length === 0 || bytes.length > group.pLength) throw new PassportError(code, 'DH public value has the wrong length');
  const y = bytesToBigint(bytes);
  if (y <= 1n || y >= group.p - 1n) throw new PassportError(code, 'DH public value out of range');
  if (modPow(y, group.q, group.p) !== 1n) throw new PassportError(code, 'DH public value is not in the prime-order subgroup');
  return y;
}

/** Shared secret as the KDF input: x coordinate (FE2OS, field length) or g^xy (length of p). */
export function agree(group: PaceGroup, sk: bigint, peer: Uint8Array, code: PassportErrorCode = 'pace-bad-chip-key'): Uint8Array {
  if (group.kind === 'ec') {
    const q = decodeEcPoint(group, peer, code).multiply(sk);
    if (q.is0()) throw new PassportError(code, 'key agreement gave the point at infinity');
    return bigintToBytes(q.toAffine().x, group.fieldLength);
  }
  const y = decodeDhPublic(group, peer, code);
  // PKCS#3: the secret is an octet string as long as p. UNCONFIRMED for PACE-DH beyond G.2,
  // whose secret has no leading zero byte.
  return bigintToBytes(modPow(y, sk, group.p), group.pLength);
}
