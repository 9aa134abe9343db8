import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeName, simCrlDpDn } from '../../src/sim/pki/sim-names';
import { startCrlServer, type CrlServer } from '../../src/sim/revocation/crl-server';
import { mintCrl } from '../../src/sim/revocation/mint-crl';
import { MemoryCrlCache } from '../../src/verify/revocation/crl-cache';
import { CrlRevocationChecker, type CrlCheckerOptions } from '../../src/verify/revocation/crl-client';
import { resolvePending, type RevocationResult } from '../../src/verify/revocation/revocation-checker';
import { authLeaf, forbiddenFetch, MUNICIPALITY, roots, signLeaf, spyFetch, type Roots } from './fixtures';

// Ground truth the server publishes (the tests compare answers with these, not with the code).
const REVOKED_SIGN = { serialHex: 'A10002', revokedAt: new Date('2026-09-30T03:00:00Z'), reason: 'affiliationChanged' as const };
const REVOKED_SIGN_NO_REASON = { serialHex: 'A10003', revokedAt: new Date('2026-09-29T00:00:00Z') };
const REVOKED_AUTH = { serialHex: 'B20002', revokedAt: new Date('2026-08-01T00:00:00Z'), reason: 'keyCompromise' as const };

let r: Roots;
let server: CrlServer;
let hangServer: CrlServer;
const leaves: Record<string, Uint8Array> = {};

beforeAll(async () => {
  r = await roots();
  const sign = { issuer: r.sign, entries: [REVOKED_SIGN, REVOKED_SIGN_NO_REASON, { serialHex: 'A1FFFF', revokedAt: new Date('2026-01-01T00:00:00Z') }] };
  const signDn = encodeName(simCrlDpDn('sign', MUNICIPALITY));
  server = await startCrlServer({
    crls: {
      sign,
      auth: { issuer: r.auth, entries: [REVOKED_AUTH] },
      // Partitioned CRLs with IssuingDistributionPoint: one naming this municipality, one another.
      'sign-kiyose': { ...sign, issuingDistributionPoint: { directoryNames: [signDn] } },
      'sign-other': { ...sign, issuingDistributionPoint: { directoryNames: [encodeName(simCrlDpDn('sign', { prefecture: 'Osaka-fu', city: 'Suita-shi' }))] } },
    },
  });
  hangServer = await startCrlServer({ crls: { sign }, variant: 'hang' });
  leaves.signGood = await signLeaf({ issuer: r.sign, serialHex: 'A10001', crlUrl: server.url('sign') });
  leaves.signRevoked = await signLeaf({ issuer: r.sign, serialHex: REVOKED_SIGN.serialHex, crlUrl: server.url('sign') });
  leaves.signRevokedNoReason = await signLeaf({ issuer: r.sign, serialHex: REVOKED_SIGN_NO_REASON.serialHex, crlUrl: server.url('sign') });
  leaves.signNoUrl = await signLeaf({ issuer: r.sign, serialHex: REVOKED_SIGN.serialHex });
  leaves.authGood = await authLeaf({ issuer: r.auth, serialHex: 'B20001', crlUrl: server.url('auth') });
  leaves.authRevoked = await authLeaf({ issuer: r.auth, serialHex: REVOKED_AUTH.serialHex, crlUrl: server.url('auth') });
  leaves.signGen2 = await signLeaf({ issuer: r.signGen2, serialHex: 'A10002', crlUrl: server.url('sign') });
});

afterAll(async () => {
  await server?.close();
  await hangServer?.close();
});

function checker(over: Partial<CrlCheckerOptions> = {}): CrlRevocationChecker {
  return new CrlRevocationChecker({ fetch: globalThis.fetch, cache: new MemoryCrlCache(), timeoutMs: 5000, ...over });
}
const now = (): Date => new Date();
const signReq = (certificate: Uint8Array, at = now()) => ({ certificate, issuer: r.sign.certificate, purpose: 'sign' as const, now: at });

function expectStatus<S extends RevocationResult['status']>(res: RevocationResult, status: S): Extract<RevocationResult, { status: S }> {
  expect(res.status, JSON.stringify(res)).toBe(status);
  return res as Extract<RevocationResult, { status: S }>;
}

describe('CRL checker against the simulator CRL distribution server', () => {
  it('good: configured URL; thisUpdate/nextUpdate reported', async () => {
    server.setVariant('normal');
    const c = checker({ urlFor: (p) => server.url(p) });
    const t = now();
    const res = expectStatus(await c.check(signReq(leaves.signGood!, t)), 'good');
    expect(res.source).toBe('crl');
    expect(Date.parse(res.nextUpdate!)).toBeGreaterThan(t.getTime());
    expect(Date.parse(res.thisUpdate!)).toBeLessThanOrEqual(t.getTime());
  });

  it('revoked with reason and date, URL taken from the certificate CRL DP', async () => {
    const spy = spyFetch();
    const c = checker({ fetch: spy.fetch });
    const res = expectStatus(await c.check(signReq(leaves.signRevoked!)), 'revoked');
    expect(spy.calls).toEqual([server.url('sign')]);
    expect(res.reason).toBe('affiliationChanged');
    expect(res.revokedAt).toBe(REVOKED_SIGN.revokedAt.toISOString());
    const noReason = expectStatus(await c.check(signReq(leaves.signRevokedNoReason!)), 'revoked');
    expect(noReason.reason).toBeUndefined();
    expect(noReason.revokedAt).toBe(REVOKED_SIGN_NO_REASON.revokedAt.toISOString());
  });

  it('auth purpose uses its own CRL', async () => {
    const c = checker({ urlFor: (p) => server.url(p) });
    const req = (certificate: Uint8Array) => ({ certificate, issuer: r.auth.certificate, purpose: 'auth' as const, now: now() });
    expectStatus(await c.check(req(leaves.authGood!)), 'good');
    expect(expectStatus(await c.check(req(leaves.authRevoked!)), 'revoked').reason).toBe('keyCompromise');
  });

  it('stale CRL → failed revocation-crl-stale; an operator grace period accepts it', async () => {
    server.setVariant('stale');
    try {
      const res = expectStatus(await checker().check(signReq(leaves.signGood!)), 'failed');
      expect(res.code).toBe('revocation-crl-stale');
      // nextUpdate was 24 h ago: a 25 h grace accepts it, a 23 h one does not.
      expectStatus(await checker({ maxStalenessSeconds: 25 * 3600 }).check(signReq(leaves.signGood!)), 'good');
      expect(expectStatus(await checker({ maxStalenessSeconds: 23 * 3600 }).check(signReq(leaves.signGood!)), 'failed').code).toBe(
        'revocation-crl-stale',
      );
    } finally {
      server.setVariant('normal');
    }
  });

  it('CRL signed by the wrong key, or by an untrusted root claiming the same DN → signature invalid', async () => {
    for (const v of ['wrong-signer', 'untrusted-root'] as const) {
      server.setVariant(v);
      try {
        const res = expectStatus(await checker().check(signReq(leaves.signRevoked!)), 'failed');
        expect(res.code, v).toBe('revocation-crl-signature-invalid');
      } finally {
        server.setVariant('normal');
      }
    }
  });

  it('a truncated download → failed malformed; an oversized one is cut off', async () => {
    server.setVariant('truncated');
    try {
      expect(expectStatus(await checker().check(signReq(leaves.signGood!)), 'failed').code).toBe('revocation-crl-malformed');
    } finally {
      server.setVariant('normal');
    }
    const res = expectStatus(await checker({ maxBytes: 200 }).check(signReq(leaves.signGood!)), 'failed');
    expect(res.code).toBe('revocation-crl-malformed');
    expect(res.detail).toMatch(/exceeds 200 bytes/);
  });

  it('a leaf of another root generation (same DN, other key) is checked against its own issuer', async () => {
    // The server's CRL is signed by gen1; checking a gen2 leaf against the gen2 root must not trust it.
    const res = expectStatus(
      await checker().check({ certificate: leaves.signGen2!, issuer: r.signGen2.certificate, purpose: 'sign', now: now() }),
      'failed',
    );
    expect(res.code).toBe('revocation-crl-signature-invalid');
  });

  it('the wrong issuer for the leaf → jpki-no-anchor, without fetching', async () => {
    const res = expectStatus(
      await checker({ fetch: forbiddenFetch }).check({ certificate: leaves.signGood!, issuer: r.auth.certificate, purpose: 'sign', now: now() }),
      'failed',
    );
    expect(res.code).toBe('jpki-no-anchor');
  });

  it('no configured URL and no http CRL DP → not configured', async () => {
    const res = expectStatus(await checker({ fetch: forbiddenFetch }).check(signReq(leaves.signNoUrl!)), 'failed');
    expect(res.code).toBe('revocation-not-configured');
    expect(expectStatus(await checker({ useCertificateDistributionPoint: false, fetch: forbiddenFetch }).check(signReq(leaves.signGood!)), 'failed').code).toBe(
      'revocation-not-configured',
    );
  });

  it('partitioned CRLs: the IssuingDistributionPoint must name the certificate partition', async () => {
    const right = checker({ urlFor: () => server.url('sign-kiyose') });
    expect(expectStatus(await right.check(signReq(leaves.signRevoked!)), 'revoked').reason).toBe('affiliationChanged');
    const wrong = checker({ urlFor: () => server.url('sign-other') });
    const res = expectStatus(await wrong.check(signReq(leaves.signGood!)), 'failed');
    expect(res.code).toBe('revocation-crl-malformed');
    expect(res.detail).toMatch(/partition/);
  });

  it('a server that hangs → pending no-answer within the timeout, never good', async () => {
    const c = checker({ urlFor: () => hangServer.url('sign'), timeoutMs: 300 });
    const t0 = performance.now();
    const res = expectStatus(await c.check(signReq(leaves.signGood!)), 'pending');
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(res.reason).toBe('no-answer');
    expect(res.pending.crlUrl).toBe(hangServer.url('sign'));
  });

  it('HTTP errors → pending no-answer', async () => {
    server.setVariant('http-error');
    try {
      expect(expectStatus(await checker().check(signReq(leaves.signGood!)), 'pending').reason).toBe('no-answer');
    } finally {
      server.setVariant('normal');
    }
  });
});

describe('CRL cache for offline use', () => {
  it('answers offline from a fresh cached CRL, and not after nextUpdate', async () => {
    const cache = new MemoryCrlCache();
    const online = checker({ cache, urlFor: (p) => server.url(p) });
    const t = now();
    const first = expectStatus(await online.check(signReq(leaves.signGood!, t)), 'good');
    expect(cache.size).toBe(1);

    const offline = checker({ cache, urlFor: (p) => server.url(p), fetch: forbiddenFetch, isOnline: () => false });
    expect(expectStatus(await offline.check(signReq(leaves.signRevoked!, t)), 'revoked').reason).toBe('affiliationChanged');
    expectStatus(await offline.check(signReq(leaves.signGood!, t)), 'good');

    // One second after nextUpdate the cached list is no longer usable.
    const after = new Date(Date.parse(first.nextUpdate!) + 1000);
    const res = expectStatus(await offline.check(signReq(leaves.signGood!, after)), 'pending');
    expect(res.reason).toBe('offline');
  });

  it('re-downloads only after the refresh interval', async () => {
    const cache = new MemoryCrlCache();
    const spy = spyFetch();
    const c = checker({ cache, fetch: spy.fetch, urlFor: () => server.url('sign') });
    const t = now();
    expectStatus(await c.check(signReq(leaves.signGood!, t)), 'good');
    expect(expectStatus(await c.check(signReq(leaves.signRevoked!, new Date(t.getTime() + 1000))), 'revoked').reason).toBe('affiliationChanged');
    expect(spy.calls.length).toBe(1);
    expectStatus(await c.check(signReq(leaves.signGood!, new Date(t.getTime() + 3601_000))), 'good');
    expect(spy.calls.length).toBe(2);
  });

  it('falls back to the fresh cache when the server stops answering', async () => {
    const cache = new MemoryCrlCache();
    const c = checker({ cache, timeoutMs: 300, refreshIntervalSeconds: 0, urlFor: () => server.url('sign') });
    expectStatus(await c.check(signReq(leaves.signGood!)), 'good');
    server.setVariant('hang');
    try {
      expect(expectStatus(await c.check(signReq(leaves.signRevoked!)), 'revoked').reason).toBe('affiliationChanged');
      // Without that cache the same situation is pending, never good.
      const bare = checker({ timeoutMs: 300, urlFor: () => server.url('sign') });
      expect(expectStatus(await bare.check(signReq(leaves.signGood!)), 'pending').reason).toBe('no-answer');
    } finally {
      server.setVariant('normal');
    }
  });

  it('offline without a cache → pending offline, later resolved against the live server', async () => {
    const offline = checker({ fetch: forbiddenFetch, isOnline: () => false });
    const queuedAt = now();
    const res = expectStatus(await offline.check(signReq(leaves.signRevoked!, queuedAt)), 'pending');
    expect(res.reason).toBe('offline');
    expect(res.source).toBe('crl');
    // The record survives a JSON round trip (as the evidence store will keep it).
    const stored = JSON.parse(JSON.stringify(res.pending));
    expect(stored).toEqual({
      kind: 'kazasu.pending-revocation',
      version: 1,
      purpose: 'sign',
      serialHex: 'A10002',
      issuerNameHash: expect.stringMatching(/^[0-9A-F]{64}$/),
      issuerKeyHash: expect.stringMatching(/^[0-9A-F]{64}$/),
      queuedAt: queuedAt.toISOString(),
      source: 'crl',
      crlUrl: server.url('sign'),
    });

    const online = checker();
    const later = await resolvePending(stored, online, { issuers: [r.auth.certificate, r.signGen2.certificate, r.sign.certificate] });
    expect(expectStatus(later, 'revoked').reason).toBe('affiliationChanged');
    // Without the pinned issuer the CRL cannot be verified: never "good".
    const noIssuer = await resolvePending(stored, online, { issuers: [r.auth.certificate] });
    expect(expectStatus(noIssuer, 'failed').code).toBe('revocation-not-configured');
    // Still offline: pending again, keeping the first queuedAt.
    const again = expectStatus(await resolvePending(stored, offline, { issuers: [r.sign.certificate] }), 'pending');
    expect(again.queuedAt).toBe(queuedAt.toISOString());
  });

  it('a stored record is rejected if tampered with', async () => {
    const res = expectStatus(await checker({ fetch: forbiddenFetch, isOnline: () => false }).check(signReq(leaves.signGood!)), 'pending');
    const tampered = { ...res.pending, serialHex: 'a10001' };
    await expect(resolvePending(tampered, checker(), { issuers: [r.sign.certificate] })).rejects.toMatchObject({ code: 'pending-malformed' });
    const extra = { ...res.pending, name: '山田' } as unknown as typeof res.pending;
    await expect(resolvePending(extra, checker(), { issuers: [r.sign.certificate] })).rejects.toMatchObject({ code: 'pending-malformed' });
  });

  it('a CRL that rolls back to an older one does not replace a fresher cached one', async () => {
    const cache = new MemoryCrlCache();
    const t = now();
    const c = checker({ cache, refreshIntervalSeconds: 0, urlFor: () => rollback.url('sign') });
    const newer = await mintCrl({
      issuer: r.sign,
      signerKey: r.sign.key,
      thisUpdate: new Date(t.getTime() - 60_000),
      nextUpdate: new Date(t.getTime() + 86_400_000),
      entries: [REVOKED_SIGN],
    });
    const older = await mintCrl({
      issuer: r.sign,
      signerKey: r.sign.key,
      thisUpdate: new Date(t.getTime() - 3_600_000),
      nextUpdate: new Date(t.getTime() + 86_400_000),
      entries: [],
    });
    const rollback = await startCrlServer({ crls: { sign: newer } });
    try {
      expectStatus(await c.check(signReq(leaves.signRevoked!, t)), 'revoked');
      rollback.setCrl('sign', older);
      expectStatus(await c.check(signReq(leaves.signRevoked!, t)), 'revoked');
    } finally {
      await rollback.close();
    }
  });
});
