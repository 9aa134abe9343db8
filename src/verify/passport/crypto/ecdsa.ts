/**
 * ECDSA verification for eMRTD keys (9303-12 §4.4; TR-03111 §4.2.1): NIST P-256/384/521 through
 * WebCrypto, brainpool curves through @noble/curves (WebCrypto has none), and any other prime
 * curve given by explicit parameters through @noble/curves' generic Weierstrass code. The key's
 * point is always decoded and checked to lie on its curve first.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ecdsa, weierstrass, type ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bigIntToBytes, bytesToBigInt } from '../../crypto/bigint-bytes';
import { copyBytes } from '../../../bytes/byte-ops';
import { orderBytes, type CurveName, type EcDomain } from '../../../cards/passport/lds/ec-curves';
import { digest, type HashName } from './hashes';

export interface EcKey {
  readonly curve?: CurveName;
  readonly domain: EcDomain;
  readonly point: Uint8Array;
}

const NOBLE: Partial<Record<CurveName, ECDSA>> = {
  'P-256': p256,
  'P-384': p384,
  'P-521': p521,
  brainpoolP256r1,
  brainpoolP384r1,
  brainpoolP512r1,
};
const WEBCRYPTO_CURVES: ReadonlySet<CurveName> = new Set(['P-256', 'P-384', 'P-521']);
const WEBCRYPTO_HASHES: ReadonlySet<HashName> = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

const generic = new Map<string, ECDSA>();

/** The @noble/curves ECDSA object for a key's curve (generic curves built once per domain). */
export function nobleEcdsa(key: Pick<EcKey, 'curve' | 'domain'>): ECDSA {
  if (key.curve && NOBLE[key.curve]) return NOBLE[key.curve]!;
  const d = key.domain;
  const id = `${d.p}|${d.a}|${d.b}|${d.gx}|${d.gy}|${d.n}|${d.h}`;
  let c = generic.get(id);
  if (!c) {
    c = ecdsa(weierstrass({ p: d.p, n: d.n, h: d.h, a: d.a, b: d.b, Gx: d.gx, Gy: d.gy }), sha256);
    generic.set(id, c);
  }
  return c;
}

export type EcdsaOutcome = 'valid' | 'mismatch' | 'bad-key';

/** r‖s, each left-padded to the byte length of the group order (TR-03111 §5.2.1 plain format). */
export function plainSignature(r: bigint, s: bigint, domain: EcDomain): Uint8Array | undefined {
  const len = orderBytes(domain);
  const rb = bigIntToBytes(r, len);
  const sb = bigIntToBytes(s, len);
  if (!rb || !sb) return undefined;
  const out = new Uint8Array(2 * len);
  out.set(rb, 0);
  out.set(sb, len);
  return out;
}

/** Splits a plain r‖s signature; undefined when its length is not twice the order's. */
export function splitPlainSignature(sig: Uint8Array, domain: EcDomain): { r: bigint; s: bigint } | undefined {
  const len = orderBytes(domain);
  if (sig.length !== 2 * len) return undefined;
  return { r: bytesToBigInt(sig.subarray(0, len)), s: bytesToBigInt(sig.subarray(len)) };
}

/** Verifies (r, s) over `data` hashed with `hash`. */
export async function verifyEcdsa(key: EcKey, hash: HashName, data: Uint8Array, r: bigint, s: bigint): Promise<EcdsaOutcome> {
  const n = key.domain.n;
  if (r <= 0n || s <= 0n || r >= n || s >= n) return 'mismatch';
  let curve: ECDSA;
  let uncompressed: Uint8Array;
  try {
    curve = nobleEcdsa(key);
    uncompressed = curve.Point.fromBytes(key.point).toBytes(false);
  } catch {
    return 'bad-key';
  }
  const sig = plainSignature(r, s, key.domain);
  if (!sig) return 'mismatch';
  if (key.curve && WEBCRYPTO_CURVES.has(key.curve) && WEBCRYPTO_HASHES.has(hash)) {
    let cryptoKey: CryptoKey;
    try {
      cryptoKey = await globalThis.crypto.subtle.importKey('raw', copyBytes(uncompressed), { name: 'ECDSA', namedCurve: key.curve }, false, ['verify']);
    } catch {
      return 'bad-key';
    }
    const ok = await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash }, cryptoKey, copyBytes(sig), copyBytes(data));
    return ok ? 'valid' : 'mismatch';
  }
  const h = await digest(hash, data);
  try {
    return curve.verify(sig, h, uncompressed, { prehash: false, lowS: false, format: 'compact' }) ? 'valid' : 'mismatch';
  } catch {
    return 'mismatch';
  }
}
