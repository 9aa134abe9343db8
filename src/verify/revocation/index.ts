/** Public surface of the revocation module (see revocation-checker.ts for the model). */
export {
  revocationToCheck,
  resolvePending,
  parsePendingRevocation,
  type PendingResolutionCerts,
  type PendingRevocation,
  type RevocationChecker,
  type RevocationPurpose,
  type RevocationRequest,
  type RevocationResult,
  type RevocationSource,
  type RevocationTarget,
} from './revocation-checker';
export { CrlRevocationChecker, type CrlCheckerOptions } from './crl-client';
export { MemoryCrlCache, crlCacheKey, type CrlCache, type CrlCacheEntry } from './crl-cache';
export { OcspRevocationChecker, type OcspCheckerOptions } from './ocsp-client';
export { PlatformRevocationChecker, type PlatformCheckerOptions, type PlatformCredentials } from './platform-client';
export { OfflineRevocationChecker } from './offline-checker';
export { walkCrl, walkCrlStream, CrlStreamWalker, type WalkedCrl, type WalkCrlOptions, type CrlEntryColumns } from './crl-der-walker';
export { buildCrlIndex, crlIndexBytes, findRevoked, indexOfSerial, type CrlIndex, type RevokedEntry } from './crl-index';
export { ingestCrl, ingestCrlStream, crlStaleness, type CrlIngestResult } from './crl-ingest';
export { downloadAndIngestCrl, type CrlDownloadOutcome, type CrlDownloadLimits } from './crl-download';
export { IndexedDbCrlCache, CrlIndexStoreError, DEFAULT_CHUNK_ENTRIES, type CrlIndexStoreErrorCode, type CrlIndexStoreOptions } from './crl-index-store';
export { verifyCrlDigest, tbsHasherFor, rsaKeyFromSpki } from './crl-signature';
export { RevocationError, type RevocationErrorCode } from './revocation-error';
export type { FetchLike } from './http-exchange';
