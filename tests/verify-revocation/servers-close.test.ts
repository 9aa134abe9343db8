import { describe, expect, it } from 'vitest';
import { startCrlServer } from '../../src/sim/revocation/crl-server';
import { startOcspResponder } from '../../src/sim/revocation/ocsp-responder';
import { startPlatformServer } from '../../src/sim/revocation/platform-server';
import { CrlRevocationChecker } from '../../src/verify/revocation/crl-client';
import { MemoryCrlCache } from '../../src/verify/revocation/crl-cache';
import { OcspRevocationChecker } from '../../src/verify/revocation/ocsp-client';
import { PlatformRevocationChecker } from '../../src/verify/revocation/platform-client';
import { roots, signLeaf } from './fixtures';

const tcp = (): string[] => process.getActiveResourcesInfo().filter((n) => /^TCP/.test(n));

describe('simulator responders', () => {
  it('listen on 127.0.0.1 only and leave no TCP handles after close, even with a request left hanging', async () => {
    const r = await roots();
    const before = tcp().length;
    const leaf = await signLeaf({ issuer: r.sign, serialHex: '0A0001' });
    const crl = await startCrlServer({ crls: { sign: { issuer: r.sign, entries: [] } } });
    const ocsp = await startOcspResponder({ issuer: r.sign });
    const platform = await startPlatformServer({ credentials: { apiKey: 'k-1' }, issuers: [r.sign.certificate], good: ['0A0001'] });
    for (const u of [crl.url('sign'), ocsp.url, platform.url]) expect(new URL(u).hostname).toBe('127.0.0.1');
    expect(tcp().length).toBeGreaterThan(before);

    const req = { certificate: leaf, issuer: r.sign.certificate, purpose: 'sign' as const, now: new Date() };
    expect((await new CrlRevocationChecker({ fetch, cache: new MemoryCrlCache(), urlFor: () => crl.url('sign') }).check(req)).status).toBe('good');
    expect((await new OcspRevocationChecker({ url: ocsp.url, fetch }).check(req)).status).toBe('good');
    expect((await new PlatformRevocationChecker({ endpoint: platform.url, credentials: { apiKey: 'k-1' }, fetch }).check(req)).status).toBe('good');
    crl.setVariant('hang');
    ocsp.setVariant('hang');
    // Leave requests in flight (no timeout yet) and close underneath them.
    const inFlight = [
      new CrlRevocationChecker({ fetch, cache: new MemoryCrlCache(), urlFor: () => crl.url('sign'), timeoutMs: 10_000 }).check(req),
      new OcspRevocationChecker({ url: ocsp.url, fetch, timeoutMs: 10_000 }).check(req),
    ];
    await new Promise((res) => setTimeout(res, 100));
    await Promise.all([crl.close(), ocsp.close(), platform.close()]);
    const results = await Promise.all(inFlight);
    expect(results.map((x) => x.status)).toEqual(['pending', 'pending']);
    for (let i = 0; i < 50 && tcp().length > before; i++) await new Promise((res) => setTimeout(res, 20));
    expect(tcp().length).toBe(before);
  });
});
