/**
 * Messages between crl-ingest-client.ts (page) and crl-ingest.worker.ts. Every ArrayBuffer is
 * transferred, not copied. Both sides check what they receive: the worker bounds the request,
 * the page bounds and re-checks the index it gets back (crl-ingest-client.ts).
 */

export interface CrlWorkerStoreTarget {
  /** IndexedDB database (IndexedDbCrlCache). */
  readonly databaseName: string;
  /** Cache key: issuer key hash + URL (crl-cache.ts crlCacheKey). */
  readonly key: string;
  readonly fetchedAt: string;
  readonly chunkEntries?: number;
}

export type CrlWorkerSource =
  /** The worker fetches and streams the body through the walker. */
  | { readonly kind: 'url'; readonly url: string }
  /** The page already has the bytes (e.g. a file the operator chose); transferred. */
  | { readonly kind: 'bytes'; readonly bytes: ArrayBuffer };

export interface CrlWorkerRequest {
  readonly kind: 'ingest';
  readonly id: number;
  readonly source: CrlWorkerSource;
  /** DER of the pinned issuer certificate. */
  readonly issuerCertificate: ArrayBuffer;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly downloadTimeoutMs: number;
  /** Also keep the verified index in IndexedDB (chunked, atomic replace). */
  readonly store?: CrlWorkerStoreTarget;
}

/** A CrlIndex with its typed arrays as transferable ArrayBuffers. */
export interface CrlIndexMessage {
  readonly count: number;
  readonly width: number;
  readonly serials: ArrayBuffer;
  readonly reasons: ArrayBuffer;
  /** Uint32 seconds since the epoch, platform byte order (same machine on both sides). */
  readonly revokedAt: ArrayBuffer;
  readonly issuerName: ArrayBuffer;
  readonly thisUpdate: number;
  readonly nextUpdate: number | null;
  readonly crlNumberHex: string | null;
  readonly issuingDistributionPoint: ArrayBuffer | null;
}

/** Failures the worker reports; see CrlWorkerErrorCode for their meaning. */
export type CrlWorkerFailureCode =
  | 'crl-malformed'
  | 'crl-signature-invalid'
  | 'crl-download-failed'
  | 'crl-too-large'
  | 'crl-store-failed'
  | 'crl-worker-bad-request';

export type CrlWorkerResponse =
  | {
      readonly id: number;
      readonly ok: true;
      readonly index: CrlIndexMessage;
      readonly stored: boolean;
      /** Bytes walked, and ms spent ingesting (download + walk + signature + index) and storing. */
      readonly bytes: number;
      readonly ingestMs: number;
      readonly storeMs: number;
    }
  | { readonly id: number; readonly ok: false; readonly code: CrlWorkerFailureCode; readonly detail: string };
