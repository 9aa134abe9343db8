/**
 * Access to the simulator's RSA keys (fixtures/sim-keys.json, minted by scripts/mint-sim-keys.ts).
 *
 * SIMULATOR KEYS — published test data, not secret, never trusted outside simulator mode.
 * All keys are RSA-2048 with e = 65537, like the card's keys (spec §3.4, §4.4).
 */
import { asciiBytes } from '../../bytes/byte-ops';
import { base64UrlToBytes } from '../../bytes/base64';
import { SimPkiError } from './errors';
import fixture from './fixtures/sim-keys.json' with { type: 'json' };
import {
  CARD_KEY_ROLES,
  SIM_CARD_POOL_SIZE,
  cardPoolKeyId,
  type CardKeyRole,
  type SimKeyId,
} from './sim-key-ids';

export interface SimKeyPair {
  readonly id: SimKeyId;
  /** RSA private JWK (kty, n, e, d, p, q, dp, dq, qi). */
  readonly privateJwk: JsonWebKey;
  /** RSA public JWK (kty, n, e). */
  readonly publicJwk: JsonWebKey;
  /** Modulus, 256 bytes big-endian, no sign byte. */
  readonly modulus: Uint8Array<ArrayBuffer>;
  /** Public exponent, big-endian (01 00 01). */
  readonly exponent: Uint8Array<ArrayBuffer>;
}

type RawJwk = Record<string, string>;
const KEYS: Readonly<Record<string, RawJwk>> = fixture.keys;
const PRIVATE_MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/** The named key `id`. Throws SimPkiError('sim-key-unknown') for ids not in the fixture. */
export function simKey(id: SimKeyId): SimKeyPair {
  const raw = Object.prototype.hasOwnProperty.call(KEYS, id) ? KEYS[id] : undefined;
  if (!raw) throw new SimPkiError('sim-key-unknown', `no simulator key "${id}"`);
  if (raw.kty !== 'RSA' || PRIVATE_MEMBERS.some((m) => typeof raw[m] !== 'string')) {
    throw new SimPkiError('sim-key-malformed', `simulator key "${id}" is not an RSA private JWK`);
  }
  const modulus = base64UrlToBytes(raw.n!);
  const exponent = base64UrlToBytes(raw.e!);
  if (modulus.length !== 256 || (modulus[0]! & 0x80) === 0) {
    throw new SimPkiError('sim-key-malformed', `simulator key "${id}" is not RSA-2048`);
  }
  const privateJwk: JsonWebKey = { kty: 'RSA' };
  for (const m of PRIVATE_MEMBERS) privateJwk[m] = raw[m]!;
  return {
    id,
    privateJwk,
    publicJwk: { kty: 'RSA', n: raw.n!, e: raw.e! },
    modulus,
    exponent,
  };
}

/** 32-bit FNV-1a over bytes (a stable, synchronous pick function — not for security). */
function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/**
 * Pool index of the key a simulated card identified by `seed` uses for `role`.
 *
 * Scheme (stable; tests pin it):
 *   1. For each role r in CARD_KEY_ROLES order, up to and including `role`:
 *        start = FNV-1a-32(UTF-8(seed) ‖ 00 ‖ ASCII(r)) mod 48
 *   2. Linear probing: while an earlier role of the same seed holds `start`, start = (start+1) mod 48.
 * So the roles of one card always get distinct keys (as long as there are ≤ 48 roles). Different cards may
 * share keys — the pool is small on purpose; never use key equality to tell cards apart.
 */
export function cardKeyIndexFor(seed: string, role: CardKeyRole): number {
  const last = CARD_KEY_ROLES.indexOf(role);
  if (last < 0) throw new SimPkiError('sim-key-unknown', `unknown card key role "${String(role)}"`);
  const seedBytes = new TextEncoder().encode(seed);
  const taken = new Set<number>();
  let slot = 0;
  for (let i = 0; i <= last; i++) {
    const roleBytes = asciiBytes(CARD_KEY_ROLES[i]!);
    const input = new Uint8Array(seedBytes.length + 1 + roleBytes.length);
    input.set(seedBytes, 0);
    input.set(roleBytes, seedBytes.length + 1);
    slot = fnv1a32(input) % SIM_CARD_POOL_SIZE;
    while (taken.has(slot)) slot = (slot + 1) % SIM_CARD_POOL_SIZE;
    taken.add(slot);
  }
  return slot;
}

/** The pool key (`card-NN`) a simulated card with `seed` uses for `role`; see cardKeyIndexFor. */
export function cardKeyFor(seed: string, role: CardKeyRole): SimKeyPair {
  return simKey(cardPoolKeyId(cardKeyIndexFor(seed, role)));
}

export type SimSignatureAlgorithm = 'RSASSA-PKCS1-v1_5' | 'RSA-PSS';

const importCache = new Map<string, Promise<CryptoKey>>();

function cachedImport(
  cacheKey: string,
  make: () => Promise<CryptoKey>,
): Promise<CryptoKey> {
  let p = importCache.get(cacheKey);
  if (!p) {
    p = make();
    importCache.set(cacheKey, p);
    p.catch(() => importCache.delete(cacheKey));
  }
  return p;
}

/** Non-extractable WebCrypto private key (SHA-256; RSASSA-PKCS1-v1_5 unless told otherwise). */
export function importPrivateKey(
  key: SimKeyPair,
  algorithm: SimSignatureAlgorithm = 'RSASSA-PKCS1-v1_5',
): Promise<CryptoKey> {
  return cachedImport(`priv|${algorithm}|${key.privateJwk.n}`, () =>
    globalThis.crypto.subtle.importKey(
      'jwk',
      key.privateJwk,
      { name: algorithm, hash: 'SHA-256' },
      false,
      ['sign'],
    ),
  );
}

/** Extractable WebCrypto public key (SHA-256; RSASSA-PKCS1-v1_5 unless told otherwise). */
export function importPublicKey(
  key: SimKeyPair,
  algorithm: SimSignatureAlgorithm = 'RSASSA-PKCS1-v1_5',
): Promise<CryptoKey> {
  return cachedImport(`pub|${algorithm}|${key.publicJwk.n}`, () =>
    globalThis.crypto.subtle.importKey(
      'jwk',
      key.publicJwk,
      { name: algorithm, hash: 'SHA-256' },
      true,
      ['verify'],
    ),
  );
}
