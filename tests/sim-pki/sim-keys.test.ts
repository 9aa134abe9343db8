import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { SimPkiError } from '../../src/sim/pki/errors';
import { CARD_KEY_ROLES } from '../../src/sim/pki/sim-key-ids';
import {
  cardKeyFor,
  cardKeyIndexFor,
  importPrivateKey,
  importPublicKey,
  simKey,
} from '../../src/sim/pki/sim-keys';
import type { SimKeyId } from '../../src/sim/pki/sim-key-ids';

// Written out here (not imported) so a renamed/missing fixture key fails the test.
const ROLE_IDS = [
  'jpki-sign-root', 'jpki-auth-root', 'jpki-sign-root-gen2', 'jpki-auth-root-gen2', 'untrusted-root',
  'cv-ca-text', 'cv-ca-face', 'cv-ca-mf', 'cv-ca-rogue', 'cv-ap-text', 'cv-ap-face',
  'ocsp-responder', 'ocsp-rogue', 'crl-signer-rogue',
];
const POOL_IDS = Array.from({ length: 48 }, (_, i) => `card-${i < 10 ? '0' : ''}${i}`);
const ALL_IDS = [...ROLE_IDS, ...POOL_IDS] as SimKeyId[];

const fixturePath = new URL('../../src/sim/pki/fixtures/sim-keys.json', import.meta.url);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as {
  _warning: string;
  keys: Record<string, Record<string, string>>;
};

const b64uToBig = (s: string): bigint => BigInt('0x' + Buffer.from(s, 'base64url').toString('hex'));

describe('sim key fixture', () => {
  it('carries the loud warning and exactly the expected key ids', () => {
    expect(fixture._warning).toBe(
      'SIMULATOR KEYS — published test data, not secret, never trusted outside simulator mode',
    );
    expect(Object.keys(fixture.keys).sort()).toEqual([...ALL_IDS].sort());
  });

  it('every key is a consistent RSA-2048, e = 65537 private key (checked with BigInt)', () => {
    const moduli = new Set<string>();
    for (const id of ALL_IDS) {
      const j = fixture.keys[id]!;
      const n = b64uToBig(j.n!);
      const p = b64uToBig(j.p!);
      const q = b64uToBig(j.q!);
      const d = b64uToBig(j.d!);
      expect(n.toString(2).length, id).toBe(2048);
      expect(b64uToBig(j.e!), id).toBe(65537n);
      expect(p * q, id).toBe(n);
      expect(b64uToBig(j.dp!), id).toBe(d % (p - 1n));
      expect(b64uToBig(j.dq!), id).toBe(d % (q - 1n));
      moduli.add(j.n!);
    }
    expect(moduli.size).toBe(ALL_IDS.length); // no duplicated key
  });

  it('simKey exposes modulus/exponent bytes matching the JWK', () => {
    const k = simKey('cv-ca-text');
    expect(k.id).toBe('cv-ca-text');
    expect(k.modulus.length).toBe(256);
    expect(Buffer.from(k.modulus).toString('base64url')).toBe(fixture.keys['cv-ca-text']!.n);
    expect(Array.from(k.exponent)).toEqual([0x01, 0x00, 0x01]);
    expect(k.publicJwk).toEqual({ kty: 'RSA', n: fixture.keys['cv-ca-text']!.n, e: 'AQAB' });
    expect(k.privateJwk.d).toBe(fixture.keys['cv-ca-text']!.d);
  });

  it('every key signs with WebCrypto and verifies with its public half', async () => {
    const msg = new TextEncoder().encode('kazasu sim key check');
    for (const id of ALL_IDS) {
      const k = simKey(id);
      const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await importPrivateKey(k), msg);
      expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', await importPublicKey(k), sig, msg), id).toBe(true);
    }
  });

  it('RSA-PSS imports work too', async () => {
    const k = simKey('card-07');
    const msg = new Uint8Array([1, 2, 3]);
    const alg = { name: 'RSA-PSS', saltLength: 32 };
    const sig = await crypto.subtle.sign(alg, await importPrivateKey(k, 'RSA-PSS'), msg);
    expect(await crypto.subtle.verify(alg, await importPublicKey(k, 'RSA-PSS'), sig, msg)).toBe(true);
  });

  it('unknown ids throw a typed error', () => {
    try {
      simKey('card-48' as SimKeyId);
      expect.unreachable();
    } catch (e) {
      expect(isKazasuError(e)).toBe(true);
      expect((e as SimPkiError).code).toBe('sim-key-unknown');
    }
    expect(() => simKey('__proto__' as SimKeyId)).toThrow(SimPkiError);
  });
});

// Independent re-implementation of the documented scheme (FNV-1a-32 + linear probing).
function fnv1a(bytes: Uint8Array): number {
  let h = 2166136261n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 16777619n) % 2n ** 32n;
  return Number(h);
}
function expectedIndex(seed: string, role: string): number {
  const roles = ['jpki-sign', 'jpki-auth', 'face-card', 'text-ap', 'text-sm', 'common-auth'];
  const used: number[] = [];
  let slot = -1;
  for (const r of roles.slice(0, roles.indexOf(role) + 1)) {
    slot = fnv1a(Buffer.concat([Buffer.from(seed, 'utf8'), Buffer.from([0]), Buffer.from(r, 'ascii')])) % 48;
    while (used.includes(slot)) slot = (slot + 1) % 48;
    used.push(slot);
  }
  return slot;
}

describe('cardKeyFor', () => {
  it('follows the documented scheme', () => {
    for (const seed of ['alice', 'bob', '山田太郎', '', 'card-0001']) {
      for (const role of CARD_KEY_ROLES) {
        expect(cardKeyIndexFor(seed, role), `${seed}/${role}`).toBe(expectedIndex(seed, role));
        const idx = expectedIndex(seed, role);
        expect(cardKeyFor(seed, role).id).toBe(`card-${String(idx).padStart(2, '0')}`);
      }
    }
  });

  it('gives distinct keys to the roles of one card, for many seeds', () => {
    for (let i = 0; i < 500; i++) {
      const ids = CARD_KEY_ROLES.map((r) => cardKeyFor(`seed-${i}`, r).id);
      expect(new Set(ids).size).toBe(CARD_KEY_ROLES.length);
    }
  });

  it('is deterministic and spreads over the pool', () => {
    expect(cardKeyFor('x', 'jpki-sign').privateJwk).toEqual(cardKeyFor('x', 'jpki-sign').privateJwk);
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(cardKeyIndexFor(`s${i}`, 'jpki-sign'));
    expect(seen.size).toBeGreaterThan(40);
  });

  it('rejects unknown roles', () => {
    expect(() => cardKeyFor('x', 'nope' as never)).toThrow(SimPkiError);
  });
});
