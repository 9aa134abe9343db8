/** CRL ingest off the main thread (see crl-ingest-client.ts). */
export { CrlIngestWorker, DEFAULT_CRL_WORKER_TIMEOUT_MS, type CrlWorkerIngestOptions, type CrlWorkerIngestResult } from './crl-ingest-client';
export { CrlWorkerError, type CrlWorkerErrorCode } from './crl-worker-error';
export type { CrlWorkerStoreTarget } from './crl-worker-protocol';
export { workerCrlDownloader } from './worker-crl-downloader';
