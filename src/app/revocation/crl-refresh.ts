/**
 * Fetch every configured CRL again, in the CRL worker (download + walk + signature + index +
 * IndexedDB store, crl-worker-handler.ts), and summarise the result for Settings. The worker
 * stores the index under the same key the kiosk's CrlRevocationChecker reads
 * (crlCacheKey(issuer key hash, URL)), so a list fetched here answers checks offline.
 *
 * Which issuer: the CRL's signer must be a pinned anchor for that certificate kind. JPKI has more
 * than one generation per kind (e.g. sign 2019 and 2023 roots), so each candidate is tried in turn,
 * the one that verified last time first; a list no candidate verifies is refused.
 */
import { toHex } from '../../bytes/hex';
import { crlCacheKey } from '../../verify/revocation/crl-cache';
import { issuerIdentity } from '../../verify/revocation/revocation-target';
import type { CrlWorkerIngestOptions, CrlWorkerIngestResult } from './crl-ingest-client';
import { CrlWorkerError } from './crl-worker-error';
import type { CrlListStatus } from './crl-list-status';
import { CERTIFICATE_KINDS, type CertificateKind, type RevocationConfig } from './revocation-config';

/** A pinned issuer a list may be signed by. */
export interface CrlIssuerCandidate {
  readonly der: Uint8Array;
  readonly name: string;
}

export interface CrlRefreshDeps {
  readonly config: RevocationConfig;
  /** Pinned anchors for the kind, in the trust mode real readers use. */
  readonly issuers: (kind: CertificateKind) => readonly CrlIssuerCandidate[];
  /** CrlIngestWorker.ingest (tests pass an in-process one). */
  readonly ingest: (options: CrlWorkerIngestOptions) => Promise<CrlWorkerIngestResult>;
  /** The IndexedDB database the checker reads (IndexedDbCrlCache). */
  readonly databaseName: string;
  readonly previous: readonly CrlListStatus[];
  readonly now: () => Date;
  readonly timeoutMs?: number;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

async function refreshOne(kind: CertificateKind, url: string, deps: CrlRefreshDeps): Promise<CrlListStatus> {
  const attemptedAt = deps.now().toISOString();
  const before = deps.previous.find((p) => p.kind === kind && p.url === url);
  // Keep what the previous list said while a new one cannot be had (it still answers offline).
  const kept: Partial<CrlListStatus> = before
    ? Object.fromEntries(Object.entries(before).filter(([k]) => ['issuer', 'issuerKeyHash', 'thisUpdate', 'nextUpdate', 'entries', 'fetchedAt'].includes(k)))
    : {};
  const candidates = await Promise.all(
    deps.issuers(kind).map(async (c) => ({ ...c, keyHash: toHex((await issuerIdentity(c.der)).keyHash) })),
  );
  candidates.sort((a, b) => Number(b.keyHash === before?.issuerKeyHash) - Number(a.keyHash === before?.issuerKeyHash));
  if (candidates.length === 0) return { kind, url, attemptedAt, ...kept, problem: 'crl-no-issuer' };
  let problem = 'crl-signature-invalid';
  for (const c of candidates) {
    try {
      const res = await deps.ingest({
        issuerCertificate: c.der,
        source: { url },
        ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
        store: { databaseName: deps.databaseName, key: crlCacheKey(c.keyHash, url), fetchedAt: attemptedAt },
      });
      const thisUpdate = iso(res.index.thisUpdate);
      const nextUpdate = iso(res.index.nextUpdate);
      return {
        kind,
        url,
        attemptedAt,
        issuer: c.name,
        issuerKeyHash: c.keyHash,
        ...(thisUpdate ? { thisUpdate } : {}),
        ...(nextUpdate ? { nextUpdate } : {}),
        entries: res.index.count,
        fetchedAt: attemptedAt,
        ...(res.stored ? {} : { problem: 'crl-store-failed' }),
      };
    } catch (e) {
      if (!(e instanceof CrlWorkerError)) throw e;
      problem = e.code;
      // Another anchor of the same kind may have signed it; anything else ends this list's attempt.
      if (e.code !== 'crl-signature-invalid') break;
    }
  }
  return { kind, url, attemptedAt, ...kept, problem };
}

/** Refresh each configured list; resolves with every list's summary (never rejects for a list's problem). */
export async function refreshCrlLists(deps: CrlRefreshDeps): Promise<CrlListStatus[]> {
  const out: CrlListStatus[] = [];
  for (const kind of CERTIFICATE_KINDS) {
    const url = deps.config.crlUrls[kind];
    if (url !== '') out.push(await refreshOne(kind, url, deps));
  }
  return out;
}
