/**
 * Bounds on what crosses the worker boundary, checked on both sides: a request (URL length,
 * certificate size, byte and entry limits) and an index coming back (sizes consistent with
 * count × width, width ≤ 20, count within the limit).
 */
import { MAX_SERIAL_OCTETS } from '../../verify/revocation/crl-der-walker';
import type { CrlIndex } from '../../verify/revocation/crl-index';
import type { CrlIndexMessage, CrlWorkerRequest } from './crl-worker-protocol';

export const MAX_URL_LENGTH = 2048;
export const MAX_CERTIFICATE_BYTES = 64 * 1024;
/** Upper bounds on the configurable limits (1 GiB, 5 × 10⁷ entries). */
export const MAX_CRL_BYTES_LIMIT = 1 << 30;
export const MAX_CRL_ENTRIES_LIMIT = 50_000_000;
export const MAX_TIMEOUT_MS = 10 * 60_000;

const posInt = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max;

/** The request if it is in bounds, else why not. */
export function checkRequest(data: unknown): CrlWorkerRequest | string {
  if (typeof data !== 'object' || data === null) return 'request is not an object';
  const r = data as Partial<CrlWorkerRequest>;
  if (r.kind !== 'ingest' || typeof r.id !== 'number') return 'unknown request';
  if (!(r.issuerCertificate instanceof ArrayBuffer) || r.issuerCertificate.byteLength === 0 || r.issuerCertificate.byteLength > MAX_CERTIFICATE_BYTES) {
    return 'issuer certificate missing or too large';
  }
  if (!posInt(r.maxBytes, MAX_CRL_BYTES_LIMIT) || !posInt(r.maxEntries, MAX_CRL_ENTRIES_LIMIT) || !posInt(r.downloadTimeoutMs, MAX_TIMEOUT_MS)) {
    return 'limits out of range';
  }
  const s = r.source as CrlWorkerRequest['source'] | undefined;
  if (s?.kind === 'url') {
    if (typeof s.url !== 'string' || s.url.length > MAX_URL_LENGTH) return 'URL missing or too long';
  } else if (s?.kind === 'bytes') {
    if (!(s.bytes instanceof ArrayBuffer) || s.bytes.byteLength > r.maxBytes) return 'CRL bytes missing or larger than maxBytes';
  } else {
    return 'unknown source';
  }
  if (r.store !== undefined) {
    const t = r.store;
    if (typeof t !== 'object' || t === null || typeof t.databaseName !== 'string' || t.databaseName.length > 128 || typeof t.key !== 'string' || t.key.length > 4096 || typeof t.fetchedAt !== 'string' || t.fetchedAt.length > 64) {
      return 'store target out of bounds';
    }
    if (t.chunkEntries !== undefined && !posInt(t.chunkEntries, 1 << 22)) return 'chunkEntries out of range';
  }
  return r as CrlWorkerRequest;
}

/** The index the worker sent, as a CrlIndex over the transferred buffers, else why it is refused. */
export function indexFromMessage(m: unknown, maxEntries: number): CrlIndex | string {
  if (typeof m !== 'object' || m === null) return 'index is not an object';
  const x = m as Partial<CrlIndexMessage>;
  const count = x.count;
  const width = x.width;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > maxEntries) return 'entry count out of range';
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 0 || width > MAX_SERIAL_OCTETS || (count > 0 && width === 0)) return 'width out of range';
  if (!(x.serials instanceof ArrayBuffer) || x.serials.byteLength !== count * width) return 'serials size mismatch';
  if (!(x.reasons instanceof ArrayBuffer) || x.reasons.byteLength !== count) return 'reasons size mismatch';
  if (!(x.revokedAt instanceof ArrayBuffer) || x.revokedAt.byteLength !== count * 4) return 'dates size mismatch';
  if (!(x.issuerName instanceof ArrayBuffer) || x.issuerName.byteLength === 0 || x.issuerName.byteLength > 64 * 1024) return 'issuer Name out of bounds';
  if (typeof x.thisUpdate !== 'number' || !Number.isFinite(x.thisUpdate)) return 'thisUpdate missing';
  if (x.nextUpdate !== null && (typeof x.nextUpdate !== 'number' || !Number.isFinite(x.nextUpdate))) return 'nextUpdate malformed';
  if (x.crlNumberHex !== null && (typeof x.crlNumberHex !== 'string' || !/^[0-9A-F]{0,42}$/.test(x.crlNumberHex))) return 'CRL number malformed';
  if (x.issuingDistributionPoint !== null && (!(x.issuingDistributionPoint instanceof ArrayBuffer) || x.issuingDistributionPoint.byteLength > 64 * 1024)) {
    return 'IssuingDistributionPoint malformed';
  }
  return {
    count,
    width,
    serials: new Uint8Array(x.serials),
    reasons: new Uint8Array(x.reasons),
    revokedAt: new Uint32Array(x.revokedAt),
    issuerName: new Uint8Array(x.issuerName),
    thisUpdate: x.thisUpdate,
    nextUpdate: x.nextUpdate ?? undefined,
    crlNumberHex: x.crlNumberHex ?? undefined,
    issuingDistributionPoint: x.issuingDistributionPoint ? new Uint8Array(x.issuingDistributionPoint) : undefined,
  };
}
