/**
 * A CrlDownloader (verify/revocation/crl-download.ts) that runs download + walk + signature +
 * index in the CRL worker, so CrlRevocationChecker in the kiosk never walks a large CRL on the UI
 * thread: `new CrlRevocationChecker({ …, download: workerCrlDownloader(new CrlIngestWorker()) })`.
 * Worker failures map onto the checker's outcomes: a download problem or a stuck worker is
 * 'no-answer' (→ pending), a bad CRL is a failed ingest, never 'good'.
 */
import type { CrlDownloader, CrlDownloadOutcome } from '../../verify/revocation/crl-download';
import type { CrlIngestWorker } from './crl-ingest-client';
import { CrlWorkerError } from './crl-worker-error';

export function workerCrlDownloader(worker: CrlIngestWorker): CrlDownloader {
  return async (url, issuer, limits): Promise<CrlDownloadOutcome> => {
    try {
      const res = await worker.ingest({
        issuerCertificate: issuer.certificate,
        source: { url },
        timeoutMs: limits.timeoutMs,
        maxBytes: limits.maxBytes,
        ...(limits.maxEntries !== undefined ? { maxEntries: limits.maxEntries } : {}),
      });
      return { kind: 'ingested', result: { ok: true, index: res.index } };
    } catch (e) {
      if (!(e instanceof CrlWorkerError)) throw e;
      switch (e.code) {
        case 'crl-malformed':
          return { kind: 'ingested', result: { ok: false, code: 'revocation-crl-malformed', detail: e.message } };
        case 'crl-signature-invalid':
          return { kind: 'ingested', result: { ok: false, code: 'revocation-crl-signature-invalid', detail: e.message } };
        case 'crl-too-large':
          return { kind: 'too-large', detail: e.message };
        default:
          return { kind: 'no-answer', detail: `${e.code}: ${e.message}` };
      }
    }
  };
}
