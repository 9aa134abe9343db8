import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatformServer, type PlatformServer, type PlatformVariant } from '../../src/sim/revocation/platform-server';
import { PlatformRevocationChecker, type PlatformCheckerOptions } from '../../src/verify/revocation/platform-client';
import { resolvePending, type RevocationResult } from '../../src/verify/revocation/revocation-checker';
import { forbiddenFetch, PERSONAL, roots, signLeaf, spyFetch, type Roots } from './fixtures';

const API_KEY = 'sim-api-key-0123456789';
const TOKEN = 'sim-bearer-token-abcdef';
const REVOKED = { serialHex: 'E50002', revokedAt: new Date('2026-09-01T00:00:00Z'), reason: 'cessationOfOperation' };

let r: Roots;
let server: PlatformServer;
let bearerServer: PlatformServer;
const leaves: Record<string, Uint8Array> = {};

beforeAll(async () => {
  r = await roots();
  const common = { issuers: [r.sign.certificate, r.auth.certificate], revoked: [REVOKED], good: ['E50001'] };
  server = await startPlatformServer({ credentials: { apiKey: API_KEY }, ...common });
  bearerServer = await startPlatformServer({ credentials: { bearerToken: TOKEN }, ...common });
  leaves.good = await signLeaf({ issuer: r.sign, serialHex: 'E50001' });
  leaves.revoked = await signLeaf({ issuer: r.sign, serialHex: REVOKED.serialHex });
  leaves.never = await signLeaf({ issuer: r.sign, serialHex: 'E5FFFF' });
});

afterAll(async () => {
  await Promise.all([server?.close(), bearerServer?.close()]);
});

function checker(over: Partial<PlatformCheckerOptions> = {}): PlatformRevocationChecker {
  return new PlatformRevocationChecker({ endpoint: server.url, credentials: { apiKey: API_KEY }, fetch: globalThis.fetch, timeoutMs: 5000, ...over });
}
const req = (certificate: Uint8Array, now = new Date()) => ({ certificate, issuer: r.sign.certificate, purpose: 'sign' as const, now });

function expectStatus<S extends RevocationResult['status']>(res: RevocationResult, status: S): Extract<RevocationResult, { status: S }> {
  expect(res.status, JSON.stringify(res)).toBe(status);
  return res as Extract<RevocationResult, { status: S }>;
}

async function withVariant<T>(v: PlatformVariant, f: () => Promise<T>): Promise<T> {
  server.setVariant(v);
  try {
    return await f();
  } finally {
    server.setVariant('normal');
  }
}

describe('platform-operator checker against the simulator platform', () => {
  it('good; the request carries the API key and only requestId, purpose and the certificate', async () => {
    const before = server.requests.length;
    const res = expectStatus(await checker().check(req(leaves.good!)), 'good');
    expect(res.source).toBe('platform');
    const seen = server.requests[before]!;
    expect(seen.authorised).toBe(true);
    expect(seen.headers['x-api-key']).toBe(API_KEY);
    expect(Object.keys(seen.body!).sort()).toEqual(['certificate', 'purpose', 'requestId']);
    expect(seen.body!.purpose).toBe('sign');
    expect(seen.body!.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(seen.body!.certificate as string, 'base64').equals(Buffer.from(leaves.good!))).toBe(true);
  });

  it('revoked with reason and date', async () => {
    const res = expectStatus(await checker().check(req(leaves.revoked!)), 'revoked');
    expect(res.reason).toBe('cessationOfOperation');
    expect(res.revokedAt).toBe(REVOKED.revokedAt.toISOString());
  });

  it('unknown → failed (fail-closed)', async () => {
    const res = expectStatus(await checker().check(req(leaves.never!)), 'failed');
    expect(res.code).toBe('revocation-platform-error');
    expect(res.detail).toMatch(/unknown/);
  });

  it('wrong API key → 401 → failed revocation-platform-error', async () => {
    const res = expectStatus(await checker({ credentials: { apiKey: 'wrong-key' } }).check(req(leaves.revoked!)), 'failed');
    expect(res.code).toBe('revocation-platform-error');
    expect(res.detail).toMatch(/401/);
  });

  it('bearer-token credentials', async () => {
    const c = checker({ endpoint: bearerServer.url, credentials: { bearerToken: TOKEN } });
    expectStatus(await c.check(req(leaves.good!)), 'good');
    expect(bearerServer.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const wrong = checker({ endpoint: bearerServer.url, credentials: { apiKey: TOKEN } });
    expect(expectStatus(await wrong.check(req(leaves.good!)), 'failed').code).toBe('revocation-platform-error');
  });

  const invalid: readonly PlatformVariant[] = ['wrong-request-id', 'stale-checked-at', 'extra-member', 'malformed-json', 'not-json'];
  for (const v of invalid) {
    it(`${v} → failed revocation-platform-error, never good`, async () => {
      await withVariant(v, async () => {
        for (const leaf of [leaves.good!, leaves.revoked!]) {
          expect(expectStatus(await checker().check(req(leaf)), 'failed').code).toBe('revocation-platform-error');
        }
      });
    });
  }

  it('HTTP 500 and a hanging server → pending no-answer', async () => {
    await withVariant('http-500', async () => {
      expect(expectStatus(await checker().check(req(leaves.good!)), 'pending').reason).toBe('no-answer');
    });
    await withVariant('hang', async () => {
      const t0 = performance.now();
      expect(expectStatus(await checker({ timeoutMs: 300 }).check(req(leaves.revoked!)), 'pending').reason).toBe('no-answer');
      expect(performance.now() - t0).toBeLessThan(3000);
    });
  });

  it("identify: 'serial' sends no certificate at all", async () => {
    const before = server.requests.length;
    expectStatus(await checker({ identify: 'serial' }).check(req(leaves.revoked!)), 'revoked');
    const body = server.requests[before]!.body!;
    expect(Object.keys(body).sort()).toEqual(['issuerKeyHash', 'issuerNameHash', 'purpose', 'requestId', 'serialNumber']);
    expect(body.serialNumber).toBe('E50002');
    expect(JSON.stringify(body)).not.toContain(PERSONAL.name);
  });

  it('offline → pending; resolved later with serial + issuer hashes only', async () => {
    const res = expectStatus(await checker({ fetch: forbiddenFetch, isOnline: () => false }).check(req(leaves.revoked!)), 'pending');
    expect(res.reason).toBe('offline');
    const stored = JSON.parse(JSON.stringify(res.pending));
    const before = server.requests.length;
    // The platform needs no issuer certificate to answer.
    const later = expectStatus(await resolvePending(stored, checker()), 'revoked');
    expect(later.reason).toBe('cessationOfOperation');
    expect(server.requests[before]!.body!.certificate).toBeUndefined();
  });

  it('refuses to send credentials to a plain-http remote endpoint or with a header-injecting key', async () => {
    const spy = spyFetch();
    const remote = checker({ endpoint: 'http://platform.example.jp/revocation', fetch: spy.fetch });
    expect(expectStatus(await remote.check(req(leaves.good!)), 'failed').code).toBe('revocation-not-configured');
    const injected = checker({ credentials: { apiKey: 'key\r\nX-Evil: 1' }, fetch: spy.fetch });
    expect(expectStatus(await injected.check(req(leaves.good!)), 'failed').code).toBe('revocation-not-configured');
    expect(spy.calls).toEqual([]);
  });
});
