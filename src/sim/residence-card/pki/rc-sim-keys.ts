/**
 * The residence-card simulator's keys (fixtures/rc-sim-keys.json, minted by
 * scripts/mint-rc-sim-keys.ts). SIMULATOR KEYS — published test data, never trusted outside
 * simulator mode. rc1-*: RSA-2048 (generation 1), rc2-*: ECDSA P-384 (generation 2).
 */
import { base64UrlToBytes } from '../../../bytes/base64';
import { SimPkiError } from '../../pki/errors';
import fixture from './fixtures/rc-sim-keys.json' with { type: 'json' };

export const RC_SIM_KEY_IDS = ['rc1-ca', 'rc1-signer', 'rc1-signer-b', 'rc1-rogue-ca', 'rc2-ca', 'rc2-signer', 'rc2-signer-b', 'rc2-rogue-ca'] as const;
export type RcSimKeyId = (typeof RC_SIM_KEY_IDS)[number];

export interface RcRsaKey {
  readonly kind: 'rsa';
  readonly id: RcSimKeyId;
  readonly privateJwk: JsonWebKey;
  readonly publicJwk: JsonWebKey;
  readonly modulus: Uint8Array<ArrayBuffer>;
  readonly exponent: Uint8Array<ArrayBuffer>;
}

export interface RcEcKey {
  readonly kind: 'ec';
  readonly id: RcSimKeyId;
  readonly privateJwk: JsonWebKey;
  readonly publicJwk: JsonWebKey;
  /** The private scalar d, 48 bytes. */
  readonly d: Uint8Array<ArrayBuffer>;
}

export type RcKey = RcRsaKey | RcEcKey;

const KEYS: Readonly<Record<string, Record<string, string>>> = fixture.keys;

export function rcKey(id: RcSimKeyId): RcKey {
  const raw = Object.prototype.hasOwnProperty.call(KEYS, id) ? KEYS[id] : undefined;
  if (!raw) throw new SimPkiError('sim-key-unknown', `no residence-card simulator key "${id}"`);
  if (raw.kty === 'RSA') {
    return {
      kind: 'rsa',
      id,
      privateJwk: { kty: 'RSA', n: raw.n!, e: raw.e!, d: raw.d!, p: raw.p!, q: raw.q!, dp: raw.dp!, dq: raw.dq!, qi: raw.qi! },
      publicJwk: { kty: 'RSA', n: raw.n!, e: raw.e! },
      modulus: base64UrlToBytes(raw.n!),
      exponent: base64UrlToBytes(raw.e!),
    };
  }
  if (raw.kty === 'EC' && raw.crv === 'P-384') {
    return {
      kind: 'ec',
      id,
      privateJwk: { kty: 'EC', crv: 'P-384', x: raw.x!, y: raw.y!, d: raw.d! },
      publicJwk: { kty: 'EC', crv: 'P-384', x: raw.x!, y: raw.y! },
      d: base64UrlToBytes(raw.d!),
    };
  }
  throw new SimPkiError('sim-key-malformed', `residence-card simulator key "${id}" is neither RSA nor P-384`);
}

export function rcRsaKey(id: RcSimKeyId): RcRsaKey {
  const k = rcKey(id);
  if (k.kind !== 'rsa') throw new SimPkiError('sim-key-malformed', `"${id}" is not an RSA key`);
  return k;
}

export function rcEcKey(id: RcSimKeyId): RcEcKey {
  const k = rcKey(id);
  if (k.kind !== 'ec') throw new SimPkiError('sim-key-malformed', `"${id}" is not a P-384 key`);
  return k;
}

/** DER SubjectPublicKeyInfo of a key (WebCrypto export). */
export async function spkiOf(key: RcKey): Promise<Uint8Array<ArrayBuffer>> {
  const algorithm = key.kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-384' };
  const k = await globalThis.crypto.subtle.importKey('jwk', key.publicJwk, algorithm, true, ['verify']);
  return new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', k));
}
