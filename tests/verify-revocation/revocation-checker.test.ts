import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { decideOutcome } from '../../src/verify/report';
import { OfflineRevocationChecker } from '../../src/verify/revocation/offline-checker';
import {
  parsePendingRevocation,
  resolvePending,
  revocationToCheck,
  type PendingRevocation,
  type RevocationResult,
} from '../../src/verify/revocation/revocation-checker';
import { PERSONAL, roots, signLeaf, type Roots } from './fixtures';

let r: Roots;
let leaf: Uint8Array;
beforeAll(async () => {
  r = await roots();
  leaf = await signLeaf({ issuer: r.sign, serialHex: 'F60001' });
});

/** Issuer hashes computed with node:crypto + asn1js, independently of the module under test. */
function issuerHashes(der: Uint8Array): { name: string; key: string } {
  const cert = asn1js.fromBER(der).result as asn1js.Sequence;
  const tbs = (cert.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  const subject = new Uint8Array(tbs[5]!.valueBeforeDecodeView);
  const spk = new Uint8Array(((tbs[6] as asn1js.Sequence).valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView);
  const h = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').toUpperCase();
  return { name: h(subject), key: h(spk) };
}

const AT = new Date('2026-11-22T09:00:00Z');
const PENDING: PendingRevocation = {
  kind: 'kazasu.pending-revocation',
  version: 1,
  purpose: 'sign',
  serialHex: 'F60001',
  issuerNameHash: 'A'.repeat(64),
  issuerKeyHash: 'B'.repeat(64),
  queuedAt: '2026-11-22T08:00:00.000Z',
  source: 'offline',
};

describe('revocationToCheck', () => {
  const cases: readonly [RevocationResult, string, string][] = [
    [{ status: 'good', source: 'crl', checkedAt: AT.toISOString(), nextUpdate: '2026-11-23T00:00:00.000Z' }, 'pass', 'ok'],
    [{ status: 'revoked', source: 'ocsp', checkedAt: AT.toISOString(), revokedAt: '2026-10-01T00:00:00.000Z', reason: 'keyCompromise' }, 'fail', 'revoked'],
    [{ status: 'pending', source: 'offline', reason: 'offline', queuedAt: PENDING.queuedAt, pending: PENDING }, 'pending', 'revocation-pending'],
    [{ status: 'failed', source: 'ocsp', code: 'revocation-ocsp-nonce-mismatch', detail: 'x' }, 'fail', 'revocation-ocsp-nonce-mismatch'],
    [{ status: 'failed', source: 'crl', code: 'revocation-crl-stale', detail: 'y' }, 'fail', 'revocation-crl-stale'],
  ];
  for (const [res, status, code] of cases) {
    it(`${res.status} (${res.source}) → ${status} ${code}`, () => {
      const c = revocationToCheck('jpki.sign.revocation', res, AT);
      expect(c).toMatchObject({ id: 'jpki.sign.revocation', status, code, at: AT.toISOString() });
    });
  }

  it('revoked detail names the reason and the date', () => {
    const c = revocationToCheck('jpki.auth.revocation', cases[1]![0], AT);
    expect(c.id).toBe('jpki.auth.revocation');
    expect(c.detail).toContain('keyCompromise');
    expect(c.detail).toContain('2026-10-01T00:00:00.000Z');
  });

  it('a pending revocation never lets the report verify', () => {
    const c = revocationToCheck('jpki.sign.revocation', cases[2]![0], AT);
    expect(decideOutcome([c], ['jpki.sign.revocation'])).toBe('incomplete');
    expect(decideOutcome([revocationToCheck('jpki.sign.revocation', cases[0]![0], AT)], ['jpki.sign.revocation'])).toBe('verified');
    expect(decideOutcome([revocationToCheck('jpki.sign.revocation', cases[1]![0], AT)], ['jpki.sign.revocation'])).toBe('failed');
  });
});

describe('the offline checker and pending records', () => {
  it('always answers pending offline, with a record that has no personal data', async () => {
    const res = await new OfflineRevocationChecker().check({ certificate: leaf, issuer: r.sign.certificate, purpose: 'sign', now: AT });
    expect(res.status).toBe('pending');
    if (res.status !== 'pending') return;
    expect(res.reason).toBe('offline');
    expect(res.source).toBe('offline');
    const h = issuerHashes(r.sign.certificate);
    expect(res.pending).toEqual({
      kind: 'kazasu.pending-revocation',
      version: 1,
      purpose: 'sign',
      serialHex: 'F60001',
      issuerNameHash: h.name,
      issuerKeyHash: h.key,
      queuedAt: AT.toISOString(),
      source: 'offline',
    });
    const json = JSON.stringify(res.pending);
    for (const s of [PERSONAL.name, PERSONAL.address, PERSONAL.birthDate, 'Kiyose']) expect(json).not.toContain(s);
  });

  it('parsePendingRevocation accepts a valid record and rejects anything else with a typed error', () => {
    expect(parsePendingRevocation(JSON.parse(JSON.stringify(PENDING)))).toEqual(PENDING);
    const bad: unknown[] = [
      null,
      [],
      'x',
      { ...PENDING, version: 2 },
      { ...PENDING, kind: 'other' },
      { ...PENDING, purpose: 'face' },
      { ...PENDING, serialHex: 'f60001' },
      { ...PENDING, serialHex: '00F6' },
      { ...PENDING, serialHex: 'F' },
      { ...PENDING, serialHex: 'AB'.repeat(21) },
      { ...PENDING, issuerKeyHash: 'B'.repeat(63) },
      { ...PENDING, queuedAt: 'yesterday' },
      { ...PENDING, source: 'ldap' },
      { ...PENDING, crlUrl: 'file:///etc/passwd' },
      { ...PENDING, name: '山田' },
    ];
    for (const b of bad) {
      let caught: unknown;
      try {
        parsePendingRevocation(b);
      } catch (e) {
        caught = e;
      }
      expect(isKazasuError(caught), JSON.stringify(b)).toBe(true);
      expect((caught as { code: string }).code).toBe('pending-malformed');
    }
  });

  it('resolvePending with the held certificate checks that it is the one recorded', async () => {
    const res = await new OfflineRevocationChecker().check({ certificate: leaf, issuer: r.sign.certificate, purpose: 'sign', now: AT });
    if (res.status !== 'pending') throw new Error('expected pending');
    const other = await signLeaf({ issuer: r.sign, serialHex: 'F60002' });
    const mismatch = await resolvePending(res.pending, new OfflineRevocationChecker(), { issuers: [r.sign.certificate], certificate: other });
    expect(mismatch).toMatchObject({ status: 'failed', code: 'jpki-malformed' });
    const same = await resolvePending(res.pending, new OfflineRevocationChecker(), { issuers: [r.sign.certificate], certificate: leaf });
    expect(same).toMatchObject({ status: 'pending', queuedAt: AT.toISOString() });
  });

  it('a malformed leaf or issuer is a typed failed result, not an exception', async () => {
    const res = await new OfflineRevocationChecker().check({ certificate: leaf.subarray(0, 100), issuer: r.sign.certificate, purpose: 'sign', now: AT });
    expect(res).toMatchObject({ status: 'failed', code: 'jpki-malformed' });
    const res2 = await new OfflineRevocationChecker().check({ certificate: leaf, issuer: Uint8Array.of(0x30, 0x80, 0, 0), purpose: 'sign', now: AT });
    expect(res2).toMatchObject({ status: 'failed', code: 'jpki-malformed' });
  });
});
