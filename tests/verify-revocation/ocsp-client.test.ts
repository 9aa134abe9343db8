import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../src/sim/pki/jpki-certificates';
import { startOcspResponder, type OcspResponder, type OcspVariant } from '../../src/sim/revocation/ocsp-responder';
import { readCertificateFields } from '../../src/verify/revocation/certificate-fields';
import type { FetchLike } from '../../src/verify/revocation/http-exchange';
import { authoriseResponder } from '../../src/verify/revocation/ocsp-responder-auth';
import { parseOcspResponse } from '../../src/verify/revocation/ocsp-response';
import { OcspRevocationChecker, type OcspCheckerOptions } from '../../src/verify/revocation/ocsp-client';
import { resolvePending, type RevocationResult } from '../../src/verify/revocation/revocation-checker';
import { forbiddenFetch, openssl, roots, signLeaf, authLeaf, TempDir, type Roots } from './fixtures';

const REVOKED = { serialHex: 'C30002', revokedAt: new Date('2026-10-10T10:10:10Z'), reason: 'keyCompromise' as const };
const HOLD = { serialHex: 'C30003', revokedAt: new Date('2026-10-11T00:00:00Z'), reason: 'certificateHold' as const };

let r: Roots;
let delegated: OcspResponder;
let issuerSigned: OcspResponder;
let authResponder: OcspResponder;
const leaves: Record<string, Uint8Array> = {};
const tmp = new TempDir();

beforeAll(async () => {
  r = await roots();
  delegated = await startOcspResponder({ issuer: r.sign, revoked: [REVOKED, HOLD], responder: 'delegated' });
  issuerSigned = await startOcspResponder({ issuer: r.sign, revoked: [REVOKED, HOLD], responder: 'issuer' });
  authResponder = await startOcspResponder({ issuer: r.auth, revoked: ['D40002'], responder: 'delegated', purpose: 'auth' });
  leaves.good = await signLeaf({ issuer: r.sign, serialHex: 'C30001' });
  leaves.revoked = await signLeaf({ issuer: r.sign, serialHex: REVOKED.serialHex });
  leaves.hold = await signLeaf({ issuer: r.sign, serialHex: HOLD.serialHex });
  leaves.topBit = await signLeaf({ issuer: r.sign, serialHex: '80C301' });
  leaves.authRevoked = await authLeaf({ issuer: r.auth, serialHex: 'D40002' });
  leaves.gen2 = await signLeaf({ issuer: r.signGen2, serialHex: 'C30001' });
});

afterAll(async () => {
  await Promise.all([delegated?.close(), issuerSigned?.close(), authResponder?.close()]);
  tmp.remove();
});

function checker(url: string, over: Partial<OcspCheckerOptions> = {}): OcspRevocationChecker {
  return new OcspRevocationChecker({ url, fetch: globalThis.fetch, timeoutMs: 5000, ...over });
}
const req = (certificate: Uint8Array, now = new Date()) => ({ certificate, issuer: r.sign.certificate, purpose: 'sign' as const, now });

function expectStatus<S extends RevocationResult['status']>(res: RevocationResult, status: S): Extract<RevocationResult, { status: S }> {
  expect(res.status, JSON.stringify(res)).toBe(status);
  return res as Extract<RevocationResult, { status: S }>;
}

async function withVariant<T>(responder: OcspResponder, v: OcspVariant, f: () => Promise<T>): Promise<T> {
  responder.setVariant(v);
  try {
    return await f();
  } finally {
    responder.setVariant('normal');
  }
}

describe('OCSP checker against the simulator responder', () => {
  it('good from a delegated responder; request has a SHA-1 CertID and a fresh 32-octet nonce', async () => {
    const before = delegated.requests.length;
    const c = checker(delegated.url);
    const t = new Date();
    const res = expectStatus(await c.check(req(leaves.good!, t)), 'good');
    expect(res.source).toBe('ocsp');
    expect(Date.parse(res.nextUpdate!)).toBeGreaterThan(t.getTime());
    expectStatus(await c.check(req(leaves.good!)), 'good');
    const seen = delegated.requests.slice(before);
    expect(seen.map((s) => s.hashAlgorithm)).toEqual(['1.3.14.3.2.26', '1.3.14.3.2.26']);
    expect(seen.map((s) => s.serialHex)).toEqual(['C30001', 'C30001']);
    for (const s of seen) expect(s.nonce?.length).toBe(34); // 04 20 ‖ 32 random octets
    expect(Buffer.from(seen[0]!.nonce!).equals(Buffer.from(seen[1]!.nonce!))).toBe(false);
  });

  it('revoked from an issuer-signed response, with reason and time; SHA-256 CertID', async () => {
    const before = issuerSigned.requests.length;
    const res = expectStatus(await checker(issuerSigned.url, { certIdHash: 'SHA-256' }).check(req(leaves.revoked!)), 'revoked');
    expect(res.reason).toBe('keyCompromise');
    expect(res.revokedAt).toBe(REVOKED.revokedAt.toISOString());
    expect(issuerSigned.requests[before]!.hashAlgorithm).toBe('2.16.840.1.101.3.4.2.1');
    expect(expectStatus(await checker(delegated.url).check(req(leaves.hold!)), 'revoked').reason).toBe('certificateHold');
  });

  it('serials with the top bit set and the auth purpose', async () => {
    expectStatus(await checker(delegated.url).check(req(leaves.topBit!)), 'good');
    const res = await checker(authResponder.url).check({ certificate: leaves.authRevoked!, issuer: r.auth.certificate, purpose: 'auth', now: new Date() });
    expectStatus(res, 'revoked');
  });

  it('a CertID of another issuer (same DN, other key) gets unknown → failed, never good', async () => {
    const res = await checker(delegated.url).check({ certificate: leaves.gen2!, issuer: r.signGen2.certificate, purpose: 'sign', now: new Date() });
    // The delegated responder certificate was issued by gen1, so it is not authorised for gen2 either.
    expect(expectStatus(res, 'failed').code).toMatch(/^revocation-ocsp-(unauthorised|unknown)$/);
  });

  const failures: readonly [OcspVariant, string][] = [
    ['unauthorised-responder', 'revocation-ocsp-unauthorised'],
    ['responder-without-eku', 'revocation-ocsp-unauthorised'],
    ['nonce-mismatch', 'revocation-ocsp-nonce-mismatch'],
    ['no-nonce', 'revocation-ocsp-nonce-mismatch'],
    ['status-unknown', 'revocation-ocsp-unknown'],
    ['stale', 'revocation-ocsp-stale'],
    ['bad-signature', 'revocation-ocsp-signature-invalid'],
  ];
  for (const [variant, code] of failures) {
    it(`${variant} → failed ${code} (for a good and a revoked certificate alike)`, async () => {
      for (const responder of [delegated, issuerSigned]) {
        await withVariant(responder, variant, async () => {
          for (const leaf of [leaves.good!, leaves.revoked!]) {
            const res = expectStatus(await checker(responder.url).check(req(leaf)), 'failed');
            expect(res.code, `${variant} via ${responder.url}`).toBe(code);
          }
        });
      }
    });
  }

  it('a passed nextUpdate is stale even with a generous freshness window', async () => {
    await withVariant(delegated, 'stale', async () => {
      const res = expectStatus(await checker(delegated.url, { freshnessSeconds: 4 * 3600 }).check(req(leaves.good!)), 'failed');
      expect(res.code).toBe('revocation-ocsp-stale');
      expect(res.detail).toMatch(/nextUpdate/);
    });
  });

  it('our own responder authorisation rejects what pkijs would also reject, and accepts the legitimate signers', async () => {
    const issuerFields = readCertificateFields(r.sign.certificate);
    const verdictFor = async (responder: OcspResponder, variant: OcspVariant) => {
      let body: Uint8Array | undefined;
      const capture: FetchLike = async (url, init) => {
        const res = await globalThis.fetch(url, init);
        const bytes = new Uint8Array(await res.arrayBuffer());
        body = bytes;
        return new Response(bytes, { status: 200 });
      };
      await withVariant(responder, variant, () => checker(responder.url, { fetch: capture }).check(req(leaves.good!)));
      const basic = parseOcspResponse(body!).basic!;
      return authoriseResponder(basic, r.sign.certificate, issuerFields, Date.now());
    };
    expect(await verdictFor(delegated, 'normal')).toMatchObject({ ok: true, signer: 'delegated' });
    expect(await verdictFor(issuerSigned, 'normal')).toMatchObject({ ok: true, signer: 'issuer' });
    const rogue = await verdictFor(delegated, 'unauthorised-responder');
    expect(rogue).toMatchObject({ ok: false });
    expect(rogue.ok ? '' : rogue.detail).toMatch(/not signed by the issuer key/);
    const noEku = await verdictFor(delegated, 'responder-without-eku');
    expect(noEku.ok ? '' : noEku.detail).toMatch(/OCSPSigning/);
  });

  it('freshness window: a 5-minute-old answer is too old for a 60 s window', async () => {
    const res = expectStatus(await checker(delegated.url, { freshnessSeconds: 60, clockSkewSeconds: 0 }).check(req(leaves.good!)), 'failed');
    expect(res.code).toBe('revocation-ocsp-stale');
    // …and an answer whose thisUpdate lies in our future (a clock 1 h behind) is refused too.
    const behind = new Date(Date.now() - 3600_000);
    expect(expectStatus(await checker(delegated.url).check(req(leaves.good!, behind)), 'failed').code).toBe('revocation-ocsp-stale');
  });

  it('an unauthorised responder pinned by the operator is accepted (trustedResponders)', async () => {
    // Fetch the rogue responder certificate the responder embeds, then pin it.
    let pinned: Uint8Array | undefined;
    const capture: FetchLike = async (url, init) => {
      const res = await globalThis.fetch(url, init);
      const body = new Uint8Array(await res.arrayBuffer());
      const parsed = parseOcspResponse(body);
      pinned = new Uint8Array(parsed.basic!.certs![0]!.toSchema(false).toBER(false));
      return new Response(body, { status: 200, headers: { 'content-type': 'application/ocsp-response' } });
    };
    await withVariant(delegated, 'responder-without-eku', async () => {
      expectStatus(await checker(delegated.url, { fetch: capture }).check(req(leaves.good!)), 'failed');
      expectStatus(await checker(delegated.url, { trustedResponders: [pinned!] }).check(req(leaves.good!)), 'good');
    });
  });

  it('tryLater → pending no-answer; a hanging responder → pending no-answer, never good', async () => {
    await withVariant(delegated, 'try-later', async () => {
      expect(expectStatus(await checker(delegated.url).check(req(leaves.good!)), 'pending').reason).toBe('no-answer');
    });
    await withVariant(delegated, 'hang', async () => {
      const t0 = performance.now();
      const res = expectStatus(await checker(delegated.url, { timeoutMs: 300 }).check(req(leaves.revoked!)), 'pending');
      expect(res.reason).toBe('no-answer');
      expect(performance.now() - t0).toBeLessThan(3000);
    });
  });

  it('a network error (nothing listening) → pending no-answer', async () => {
    const res = expectStatus(await checker('http://127.0.0.1:9/ocsp', { timeoutMs: 2000 }).check(req(leaves.good!)), 'pending');
    expect(res.reason).toBe('no-answer');
  });

  it('garbage or oversized bodies → failed malformed', async () => {
    const garbage: FetchLike = async () => new Response(Uint8Array.of(0x30, 0x03, 0x0a, 0x01), { status: 200 });
    expect(expectStatus(await checker('http://127.0.0.1:1/x', { fetch: garbage }).check(req(leaves.good!)), 'failed').code).toBe('revocation-ocsp-malformed');
    const big: FetchLike = async () => new Response(new Uint8Array(100_000), { status: 200 });
    expect(expectStatus(await checker('http://127.0.0.1:1/x', { fetch: big }).check(req(leaves.good!)), 'failed').code).toBe('revocation-ocsp-malformed');
  });

  it('offline → pending offline, later resolved by resolvePending against the live responder', async () => {
    const queued = new Date();
    const res = expectStatus(await checker(delegated.url, { fetch: forbiddenFetch, isOnline: () => false }).check(req(leaves.revoked!, queued)), 'pending');
    expect(res.reason).toBe('offline');
    const stored = JSON.parse(JSON.stringify(res.pending));
    expect(Object.keys(stored).sort()).toEqual(['issuerKeyHash', 'issuerNameHash', 'kind', 'purpose', 'queuedAt', 'serialHex', 'source', 'version']);
    const later = expectStatus(await resolvePending(stored, checker(delegated.url), { issuers: [r.sign.certificate] }), 'revoked');
    expect(later.reason).toBe('keyCompromise');
  });
});

describe('OCSP checker against OpenSSL as an independent responder', () => {
  let keyPem = '';
  beforeAll(async () => {
    const k = await globalThis.crypto.subtle.importKey('jwk', r.sign.key.privateJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
    keyPem = tmp.file('root-key.pem', toPem(new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', k)), 'PRIVATE KEY'));
  });

  /** Problems inside the fake fetch (the checker would turn them into 'no-answer'). */
  const responderErrors: unknown[] = [];

  /** A fetch that answers with `openssl ocsp` acting as the CA's responder over an index.txt. */
  function opensslResponder(index: string): FetchLike {
    const indexFile = tmp.file('index.txt', index);
    const caPem = tmp.pem(r.sign.certificate);
    return async (_url, init) => {
      try {
        return await inner(init);
      } catch (e) {
        responderErrors.push(e);
        throw e;
      }
    };
    async function inner(init: RequestInit): Promise<Response> {
      const reqFile = tmp.file('req.der', new Uint8Array(init.body as ArrayBuffer | Uint8Array as ArrayBuffer));
      const respFile = tmp.file('resp.der', '');
      const res = openssl('ocsp', '-index', indexFile, '-CA', caPem, '-rsigner', caPem, '-rkey', keyPem, '-rmd', 'sha256', '-reqin', reqFile, '-respout', respFile, '-nmin', '10');
      expect(res.ok, res.err).toBe(true);
      // The request we built is one OpenSSL reads, with our nonce in it.
      const text = openssl('ocsp', '-reqin', reqFile, '-req_text');
      expect(text.out).toMatch(/OCSP Nonce/);
      return new Response(readFileSync(respFile), { status: 200, headers: { 'content-type': 'application/ocsp-response' } });
    }
  }

  it('good, revoked (with reason) and unknown as OpenSSL answers them', async () => {
    const index = [
      'V\t300102145959Z\t\tC30001\tunknown\t/C=JP/CN=good',
      'R\t300102145959Z\t261010101010Z,keyCompromise\tC30002\tunknown\t/C=JP/CN=revoked',
      '',
    ].join('\n');
    const c = checker('http://openssl.invalid/ocsp', { fetch: opensslResponder(index) });
    const good = await c.check(req(leaves.good!));
    expect(responderErrors).toEqual([]);
    expectStatus(good, 'good');
    const rev = expectStatus(await c.check(req(leaves.revoked!)), 'revoked');
    expect(rev.reason).toBe('keyCompromise');
    expect(rev.revokedAt).toBe('2026-10-10T10:10:10.000Z');
    expect(expectStatus(await c.check(req(leaves.hold!)), 'failed').code).toBe('revocation-ocsp-unknown');
  });
});
