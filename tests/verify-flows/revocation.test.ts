/**
 * Bank account opening end to end with real revocation clients against the test responders on
 * 127.0.0.1: a good certificate verifies; a revoked one fails; every bad responder variant fails
 * with its own code; no answer is never "not revoked".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simJpkiRoot } from '../../src/sim/pki/sim-hierarchy';
import { startCrlServer, type CrlServer } from '../../src/sim/revocation/crl-server';
import { startOcspResponder, type OcspResponder } from '../../src/sim/revocation/ocsp-responder';
import { startPlatformServer, type PlatformServer } from '../../src/sim/revocation/platform-server';
import { parseJpkiCertificateSummary } from '../../src/verify/jpki/jpki-certificate-summary';
import { CrlRevocationChecker } from '../../src/verify/revocation/crl-client';
import { MemoryCrlCache } from '../../src/verify/revocation/crl-cache';
import { OcspRevocationChecker } from '../../src/verify/revocation/ocsp-client';
import { PlatformRevocationChecker } from '../../src/verify/revocation/platform-client';
import type { RevocationChecker } from '../../src/verify/revocation/revocation-checker';
import { card, CODE_B, environment, failing, NOW, verifyModel } from './flow-helpers';

const CREDENTIALS = { codeB: CODE_B.default, signPassword: 'KAZASU1' };
const clock = () => NOW;
let signSerial: string;
let otherSerial: string;

async function bankWith(revocation: RevocationChecker) {
  return verifyModel((await card('default')).model, 'bank', CREDENTIALS, await environment('simulator', revocation));
}
const revocationCheck = (r: Awaited<ReturnType<typeof bankWith>>) => r.checks.find((c) => c.id === 'jpki.sign.revocation');

beforeAll(async () => {
  signSerial = parseJpkiCertificateSummary((await card('default')).certificates.sign!).serialHex;
  otherSerial = parseJpkiCertificateSummary((await card('gaiji-name')).certificates.sign!).serialHex;
});

describe('CRL', () => {
  let server: CrlServer;
  beforeAll(async () => {
    const root = await simJpkiRoot('sign', 'gen1');
    server = await startCrlServer({
      crls: {
        'revoked-sign': { issuer: root, entries: [{ serialHex: signSerial, revokedAt: new Date('2026-10-01T00:00:00Z'), reason: 'affiliationChanged' }] },
        'clean-sign': { issuer: root, entries: [{ serialHex: otherSerial, revokedAt: new Date('2026-10-01T00:00:00Z') }] },
      },
      now: clock,
    });
  });
  afterAll(() => server.close());
  const crl = (route: string) => new CrlRevocationChecker({ urlFor: () => server.url(route), fetch: (u, i) => fetch(u, i), cache: new MemoryCrlCache() });

  it('a certificate not on the CRL verifies', async () => {
    server.setVariant('normal');
    const r = await bankWith(crl('clean-sign'));
    expect(revocationCheck(r)).toMatchObject({ status: 'pass', code: 'ok' });
    expect(r.outcome).toBe('verified');
  });
  it('revoked via CRL → fail "revoked"', async () => {
    server.setVariant('normal');
    const r = await bankWith(crl('revoked-sign'));
    expect(failing(r)).toContain('jpki.sign.revocation:revoked');
    expect(r.outcome).toBe('failed');
  });
  it('stale CRL → fail "revocation-crl-stale"', async () => {
    server.setVariant('stale');
    expect(failing(await bankWith(crl('clean-sign')))).toContain('jpki.sign.revocation:revocation-crl-stale');
  });
  it('CRL signed by the wrong key → fail "revocation-crl-signature-invalid"', async () => {
    server.setVariant('wrong-signer');
    expect(failing(await bankWith(crl('clean-sign')))).toContain('jpki.sign.revocation:revocation-crl-signature-invalid');
  });
});

describe('OCSP', () => {
  let responder: OcspResponder;
  beforeAll(async () => {
    responder = await startOcspResponder({ issuer: await simJpkiRoot('sign', 'gen1'), revoked: [signSerial], responder: 'delegated', now: clock });
  });
  afterAll(() => responder.close());
  const ocsp = () => new OcspRevocationChecker({ url: responder.url, fetch: (u, i) => fetch(u, i) });

  it('revoked via OCSP → fail "revoked"', async () => {
    responder.setVariant('normal');
    expect(failing(await bankWith(ocsp()))).toContain('jpki.sign.revocation:revoked');
  });
  for (const [variant, code] of [
    ['unauthorised-responder', 'revocation-ocsp-unauthorised'],
    ['nonce-mismatch', 'revocation-ocsp-nonce-mismatch'],
    ['status-unknown', 'revocation-ocsp-unknown'],
    ['stale', 'revocation-ocsp-stale'],
  ] as const) {
    it(`${variant} → fail "${code}"`, async () => {
      responder.setVariant(variant);
      const r = await bankWith(ocsp());
      expect(failing(r)).toContain(`jpki.sign.revocation:${code}`);
      expect(r.outcome).toBe('failed');
    });
  }
  it('a responder that does not answer leaves revocation pending, never good', async () => {
    responder.setVariant('hang');
    const r = await bankWith(new OcspRevocationChecker({ url: responder.url, fetch: (u, i) => fetch(u, i), timeoutMs: 500 }));
    expect(revocationCheck(r)).toMatchObject({ status: 'pending', code: 'revocation-pending' });
    expect(r.outcome).toBe('incomplete');
  });
});

describe('platform operator', () => {
  let platform: PlatformServer;
  beforeAll(async () => {
    const root = await simJpkiRoot('sign', 'gen1');
    platform = await startPlatformServer({ credentials: { apiKey: 'test-key' }, issuers: [root.certificate], revoked: [{ serialHex: signSerial }], now: clock });
  });
  afterAll(() => platform.close());
  it('revoked via the platform → fail "revoked"; a wrong API key → "revocation-platform-error"', async () => {
    const good = new PlatformRevocationChecker({ endpoint: platform.url, credentials: { apiKey: 'test-key' }, fetch: (u, i) => fetch(u, i) });
    expect(failing(await bankWith(good))).toContain('jpki.sign.revocation:revoked');
    const bad = new PlatformRevocationChecker({ endpoint: platform.url, credentials: { apiKey: 'nope' }, fetch: (u, i) => fetch(u, i) });
    expect(failing(await bankWith(bad))).toContain('jpki.sign.revocation:revocation-platform-error');
  });
});

describe('simulated revocation service (demo mode)', () => {
  it('lists the revoked-certificate card as revoked, others good, and answers pending when offline', async () => {
    const { DemoRevocationChecker } = await import('../../src/sim/revocation/demo-revocation-checker');
    const revokedCard = await card('revoked-certificate');
    const serial = parseJpkiCertificateSummary(revokedCard.certificates.sign!).serialHex;
    let online = true;
    const checker = new DemoRevocationChecker([serial], () => online);
    const creds = { codeB: '54093020328120', signPassword: 'REVOKED79' };
    const revoked = await verifyModel(revokedCard.model, 'bank', creds, await environment('simulator', checker));
    expect(failing(revoked)).toContain('jpki.sign.revocation:revoked');
    const good = await bankWith(checker);
    expect(revocationCheck(good)).toMatchObject({ status: 'pass' });
    online = false;
    const offline = await verifyModel(revokedCard.model, 'bank', creds, await environment('simulator', checker));
    expect(offline.checks.find((c) => c.id === 'jpki.sign.revocation')).toMatchObject({ status: 'pending' });
    expect(offline.outcome).toBe('incomplete');
  });
});
