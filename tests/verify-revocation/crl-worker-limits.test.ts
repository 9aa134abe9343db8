import { describe, expect, it } from 'vitest';
import { checkRequest, indexFromMessage, MAX_URL_LENGTH } from '../../src/app/revocation/crl-worker-limits';
import type { CrlIndexMessage, CrlWorkerRequest } from '../../src/app/revocation/crl-worker-protocol';

/** What crosses the CRL worker boundary (src/app/revocation): both directions are bounded and checked. */
const request = (over: Partial<CrlWorkerRequest> = {}): CrlWorkerRequest => ({
  kind: 'ingest',
  id: 1,
  source: { kind: 'url', url: 'https://crl.example/a.crl' },
  issuerCertificate: new ArrayBuffer(900),
  maxEntries: 1000,
  maxBytes: 1 << 20,
  downloadTimeoutMs: 1000,
  ...over,
});

const message = (count: number, width: number, over: Partial<CrlIndexMessage> = {}): CrlIndexMessage => ({
  count,
  width,
  serials: new ArrayBuffer(count * width),
  reasons: new ArrayBuffer(count),
  revokedAt: new ArrayBuffer(count * 4),
  issuerName: new ArrayBuffer(40),
  thisUpdate: Date.UTC(2026, 10, 1),
  nextUpdate: null,
  crlNumberHex: '0A',
  issuingDistributionPoint: null,
  ...over,
});

describe('CRL worker message bounds', () => {
  it('accepts a well-formed request and refuses out-of-bounds ones with a reason', () => {
    expect(checkRequest(request())).toMatchObject({ id: 1 });
    expect(checkRequest(null)).toBeTypeOf('string');
    expect(checkRequest(request({ source: { kind: 'url', url: `https://x/${'a'.repeat(MAX_URL_LENGTH)}` } }))).toMatch(/URL/);
    expect(checkRequest(request({ issuerCertificate: new ArrayBuffer(70_000) }))).toMatch(/certificate/);
    expect(checkRequest(request({ source: { kind: 'bytes', bytes: new ArrayBuffer((1 << 20) + 1) } }))).toMatch(/maxBytes/);
    expect(checkRequest(request({ maxEntries: 0 }))).toMatch(/limits/);
    expect(checkRequest(request({ maxBytes: 2 ** 31 }))).toMatch(/limits/);
    expect(checkRequest(request({ store: { databaseName: 'd', key: 'k', fetchedAt: 'x', chunkEntries: -1 } }))).toMatch(/chunkEntries/);
  });

  it('rebuilds an index only when every size agrees with count × width', () => {
    const ok = indexFromMessage(message(3, 8), 10);
    expect(typeof ok === 'string' ? ok : ok.serials.length).toBe(24);
    expect(indexFromMessage(message(3, 8, { serials: new ArrayBuffer(23) }), 10)).toMatch(/serials/);
    expect(indexFromMessage(message(3, 8, { revokedAt: new ArrayBuffer(3 * 8) }), 10)).toMatch(/dates/);
    expect(indexFromMessage(message(11, 8), 10)).toMatch(/count/);
    expect(indexFromMessage(message(3, 21), 10)).toMatch(/width/);
    expect(indexFromMessage(message(3, 8, { crlNumberHex: 'zz' }), 10)).toMatch(/CRL number/);
    expect(indexFromMessage('index', 10)).toBeTypeOf('string');
  });
});
