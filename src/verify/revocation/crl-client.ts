/**
 * Revocation by CRL: fetch over HTTP (J-LIS publishes CRLs daily, reference pki-and-perf.md
 * §2.1; HTTP or LDAP per §2.3 — only HTTP is reachable from a browser) and ingest the body as it
 * streams in (crl-download.ts), verify against the pinned issuer, honour thisUpdate/nextUpdate,
 * keep the verified index per issuer + partition for offline use (MemoryCrlCache, or
 * IndexedDbCrlCache in crl-index-store.ts), and answer by binary search. Offline or unanswered with no fresh cached list →
 * `pending`, never `good`.
 */
import { toHex } from '../../bytes/hex';
import { isKazasuError } from '../../errors/kazasu-error';
import { crlCacheKey, type CrlCache } from './crl-cache';
import { crlUrlsFromCertificate } from './crl-distribution-points';
import { findRevoked, type CrlIndex } from './crl-index';
import { downloadAndIngestCrl, type CrlDownloader } from './crl-download';
import { crlStaleness, type FreshnessPolicy } from './crl-ingest';
import { crlReasonName } from './crl-reasons';
import { certificateDistributionPointNames, checkCrlScope } from './crl-scope';
import { readCertificateFields } from './certificate-fields';
import type { FetchLike } from './http-exchange';
import type { TbsHasherFactory } from './crl-signature';
import type {
  RevocationChecker,
  RevocationPurpose,
  RevocationRequest,
  RevocationResult,
  RevocationTarget,
} from './revocation-checker';
import { checkRequest, failed, isoOrUndefined, issuerIdentity, pending, type IssuerIdentity } from './revocation-target';

export interface CrlCheckerOptions {
  /**
   * The configured CRL URL for a purpose (e.g. the operator's mirror). `certificate` is
   * undefined when a pending record is resolved without the leaf. Return undefined to fall back
   * to the certificate's CRL distribution point.
   */
  readonly urlFor?: (purpose: RevocationPurpose, certificate: Uint8Array | undefined) => string | undefined;
  /** Use an http(s) URI from the certificate's CRL DP when urlFor gives none (default true). */
  readonly useCertificateDistributionPoint?: boolean;
  readonly fetch: FetchLike;
  /** Download + ingest (default: downloadAndIngestCrl with `fetch`, on this thread; a browser can run it in a Worker). */
  readonly download?: CrlDownloader;
  readonly cache: CrlCache;
  /** Grace after nextUpdate (default 0: nextUpdate must be in the future). */
  readonly maxStalenessSeconds?: number;
  /** Tolerated clock difference for thisUpdate (default 300 s). */
  readonly clockSkewSeconds?: number;
  /**
   * Largest CRL accepted (default 512 MiB ≈ 13 M entries at 40 B each, §3.1). The body is
   * streamed, so this bounds download time, not memory; the index is width + 5 B per entry.
   */
  readonly maxBytes?: number;
  readonly maxEntries?: number;
  /** Incremental hash for CRL signatures on this thread (default @noble/hashes; see crl-signature.ts). */
  readonly hasherFactory?: TbsHasherFactory;
  /** Whole-download timeout (default 20 s). */
  readonly timeoutMs?: number;
  /** Return false when the device knows it is offline (e.g. () => navigator.onLine). */
  readonly isOnline?: () => boolean;
  /**
   * Answer from a fresh cached list fetched less than this long ago without downloading again
   * (default 3600 s; J-LIS CRLs change daily, §2.1, and a large partition is tens of MB). 0 = always fetch.
   */
  readonly refreshIntervalSeconds?: number;
}

export class CrlRevocationChecker implements RevocationChecker {
  readonly source = 'crl' as const;
  private readonly policy: FreshnessPolicy;

  constructor(private readonly options: CrlCheckerOptions) {
    this.policy = {
      clockSkewSeconds: options.clockSkewSeconds ?? 300,
      maxStalenessSeconds: options.maxStalenessSeconds ?? 0,
    };
  }

  check(req: RevocationRequest): Promise<RevocationResult> {
    return checkRequest(this, req);
  }

  async checkTarget(t: RevocationTarget): Promise<RevocationResult> {
    if (!t.issuer) return failed('crl', 'revocation-not-configured', 'no trusted issuer certificate to verify a CRL against');
    let issuer: IssuerIdentity;
    let url: string | undefined;
    let certNames: Uint8Array[] | undefined;
    try {
      issuer = await issuerIdentity(t.issuer);
      url = this.urlFor(t);
      certNames = t.certificate ? distributionPointNames(t.certificate) : undefined;
    } catch (e) {
      if (isKazasuError(e)) return failed('crl', 'jpki-malformed', e.message);
      throw e;
    }
    if (!url) return failed('crl', 'revocation-not-configured', 'no CRL URL is configured and the certificate names none');

    const key = crlCacheKey(toHex(issuer.keyHash), url);
    const now = t.now.getTime();
    // A cache that cannot be read (IndexedDB unavailable or damaged) is no cached list.
    const cached = await this.options.cache.get(key).catch(() => undefined);
    const fromCache = (reason: 'offline' | 'no-answer'): RevocationResult => {
      if (cached && crlStaleness(cached.index, now, this.policy) === undefined) return this.answer(t, cached.index, certNames, url);
      return pending(t, 'crl', reason, url);
    };

    if (this.options.isOnline && !this.options.isOnline()) return fromCache('offline');
    const refreshMs = (this.options.refreshIntervalSeconds ?? 3600) * 1000;
    if (cached && now - Date.parse(cached.fetchedAt) < refreshMs && now >= Date.parse(cached.fetchedAt)) {
      if (crlStaleness(cached.index, now, this.policy) === undefined) return this.answer(t, cached.index, certNames, url);
    }
    const limits = {
      timeoutMs: this.options.timeoutMs ?? 20_000,
      maxBytes: this.options.maxBytes ?? 512 * 1024 * 1024,
      ...(this.options.maxEntries !== undefined ? { maxEntries: this.options.maxEntries } : {}),
      ...(this.options.hasherFactory ? { hasherFactory: this.options.hasherFactory } : {}),
    };
    const outcome = this.options.download
      ? await this.options.download(url, { certificate: t.issuer, fields: issuer.fields }, limits).catch(
          (e: unknown) => ({ kind: 'no-answer', detail: `CRL download failed: ${e instanceof Error ? e.message : String(e)}` }) as const,
        )
      : await downloadAndIngestCrl(this.options.fetch, url, issuer.fields, limits);
    if (outcome.kind === 'no-answer') return fromCache('no-answer');
    if (outcome.kind === 'too-large') return failed('crl', 'revocation-crl-malformed', outcome.detail);
    if (outcome.kind === 'status') return fromCache('no-answer');

    const ingested = outcome.result;
    if (!ingested.ok) return failed('crl', ingested.code, ingested.detail);
    let index = ingested.index;
    const stale = crlStaleness(index, now, this.policy);
    if (stale) return failed('crl', 'revocation-crl-stale', stale);
    // Never let a server roll the cache back to an older list.
    if (cached && cached.index.thisUpdate > index.thisUpdate && crlStaleness(cached.index, now, this.policy) === undefined) {
      index = cached.index;
    } else {
      // The answer stands even if it cannot be kept for offline use.
      await this.options.cache.put({ key, url, index, fetchedAt: t.now.toISOString() }).catch(() => undefined);
    }
    return this.answer(t, index, certNames, url);
  }

  private urlFor(t: RevocationTarget): string | undefined {
    if (t.crlUrl) return t.crlUrl;
    const configured = this.options.urlFor?.(t.purpose, t.certificate);
    if (configured) return configured;
    if ((this.options.useCertificateDistributionPoint ?? true) && t.certificate) return crlUrlsFromCertificate(t.certificate)[0];
    return undefined;
  }

  private answer(t: RevocationTarget, index: CrlIndex, certNames: Uint8Array[] | undefined, url: string): RevocationResult {
    let scope;
    try {
      scope = checkCrlScope(index.issuingDistributionPoint, certNames, url);
    } catch (e) {
      if (isKazasuError(e)) return failed('crl', 'revocation-crl-malformed', e.message);
      throw e;
    }
    if (!scope.ok) return failed('crl', 'revocation-crl-malformed', scope.detail);
    const checkedAt = t.now.toISOString();
    const entry = findRevoked(index, t.serial);
    if (entry) {
      const reason = entry.reason === undefined ? undefined : crlReasonName(entry.reason);
      return {
        status: 'revoked',
        source: 'crl',
        checkedAt,
        revokedAt: new Date(entry.revokedAt).toISOString(),
        ...(reason ? { reason } : {}),
      };
    }
    const nextUpdate = isoOrUndefined(index.nextUpdate);
    return {
      status: 'good',
      source: 'crl',
      checkedAt,
      thisUpdate: new Date(index.thisUpdate).toISOString(),
      ...(nextUpdate ? { nextUpdate } : {}),
    };
  }
}

const CRL_DP_OID = '2.5.29.31';

function distributionPointNames(certificate: Uint8Array): Uint8Array[] {
  const ext = readCertificateFields(certificate).extensions.get(CRL_DP_OID);
  return ext ? certificateDistributionPointNames(ext.value) : [];
}
