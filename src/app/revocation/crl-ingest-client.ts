/**
 * Build a verified CRL index in a Web Worker (crl-ingest.worker.ts), so a million-entry CRL never
 * blocks the kiosk's UI thread. One worker per request, terminated when it answers, times out
 * (the walk is plain JavaScript and cannot be interrupted otherwise) or on dispose(); that also
 * returns the walker's working memory at once. Every failure is a CrlWorkerError.
 */
import type { CrlIndex } from '../../verify/revocation/crl-index';
import { CrlWorkerError } from './crl-worker-error';
import { checkRequest, indexFromMessage, MAX_CERTIFICATE_BYTES } from './crl-worker-limits';
import type { CrlWorkerRequest, CrlWorkerResponse, CrlWorkerStoreTarget } from './crl-worker-protocol';

export interface CrlWorkerIngestOptions {
  /** DER of the pinned issuer certificate the CRL must be signed by. */
  readonly issuerCertificate: Uint8Array;
  /** A URL the worker downloads and streams, or bytes the page already holds (copied to the worker). */
  readonly source: { readonly url: string } | { readonly bytes: Uint8Array };
  /** Default 10,000,000. */
  readonly maxEntries?: number;
  /** Default 512 MiB. */
  readonly maxBytes?: number;
  /** Whole request, including the download (default 120 s); the worker is terminated after it. */
  readonly timeoutMs?: number;
  /** Also keep the index in IndexedDB (IndexedDbCrlCache layout). */
  readonly store?: CrlWorkerStoreTarget;
}

export interface CrlWorkerIngestResult {
  readonly index: CrlIndex;
  readonly stored: boolean;
  readonly ingestMs: number;
  readonly storeMs: number;
}

export const DEFAULT_CRL_WORKER_TIMEOUT_MS = 120_000;

function defaultWorker(): Worker {
  // This exact `new Worker(new URL(…, import.meta.url))` form lets Vite emit the worker as its own file.
  return new Worker(new URL('./crl-ingest.worker.ts', import.meta.url), { type: 'module', name: 'kazasu-crl-ingest' });
}

export class CrlIngestWorker {
  private readonly running = new Set<{ worker: Worker; reject: (e: CrlWorkerError) => void }>();
  private nextId = 1;

  constructor(private readonly createWorker: () => Worker = defaultWorker) {}

  ingest(options: CrlWorkerIngestOptions): Promise<CrlWorkerIngestResult> {
    const maxEntries = options.maxEntries ?? 10_000_000;
    const timeoutMs = options.timeoutMs ?? DEFAULT_CRL_WORKER_TIMEOUT_MS;
    const id = this.nextId++;
    if (options.issuerCertificate.length > MAX_CERTIFICATE_BYTES) {
      return Promise.reject(new CrlWorkerError('crl-worker-bad-request', 'issuer certificate too large'));
    }
    const cert = options.issuerCertificate.slice().buffer;
    const source: CrlWorkerRequest['source'] = 'url' in options.source ? { kind: 'url', url: options.source.url } : { kind: 'bytes', bytes: options.source.bytes.slice().buffer };
    const request: CrlWorkerRequest = {
      kind: 'ingest',
      id,
      source,
      issuerCertificate: cert,
      maxEntries,
      maxBytes: options.maxBytes ?? 512 * 1024 * 1024,
      downloadTimeoutMs: timeoutMs,
      ...(options.store ? { store: options.store } : {}),
    };
    const problem = checkRequest(request);
    if (typeof problem === 'string') return Promise.reject(new CrlWorkerError('crl-worker-bad-request', problem));

    return new Promise<CrlWorkerIngestResult>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.createWorker();
      } catch (e) {
        reject(new CrlWorkerError('crl-worker-unavailable', 'could not start the CRL worker', { cause: e }));
        return;
      }
      const entry = { worker, reject: (e: CrlWorkerError) => finish(() => reject(e)) };
      const timer = setTimeout(() => entry.reject(new CrlWorkerError('crl-worker-timeout', `CRL ingest took longer than ${timeoutMs} ms`)), timeoutMs);
      const finish = (settle: () => void) => {
        if (!this.running.has(entry)) return;
        this.running.delete(entry);
        clearTimeout(timer);
        worker.terminate();
        settle();
      };
      this.running.add(entry);
      worker.onmessage = (event: MessageEvent<unknown>) => {
        const r = event.data as Partial<CrlWorkerResponse> | null;
        if (typeof r !== 'object' || r === null || r.id !== id || typeof r.ok !== 'boolean') {
          entry.reject(new CrlWorkerError('crl-worker-bad-message', 'CRL worker sent an unexpected message'));
          return;
        }
        if (!r.ok) {
          const f = r as Extract<CrlWorkerResponse, { ok: false }>;
          const known = ['crl-malformed', 'crl-signature-invalid', 'crl-download-failed', 'crl-too-large', 'crl-store-failed', 'crl-worker-bad-request'] as const;
          const code = (known as readonly string[]).includes(f.code) ? f.code : 'crl-worker-bad-message';
          entry.reject(new CrlWorkerError(code, `CRL worker: ${String(f.detail).slice(0, 500)}`));
          return;
        }
        const ok = r as Extract<CrlWorkerResponse, { ok: true }>;
        const index = indexFromMessage(ok.index, maxEntries);
        if (typeof index === 'string') {
          entry.reject(new CrlWorkerError('crl-worker-bad-message', `CRL worker sent a malformed index: ${index}`));
          return;
        }
        finish(() => resolve({ index, stored: ok.stored === true, ingestMs: Number(ok.ingestMs), storeMs: Number(ok.storeMs) }));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        entry.reject(new CrlWorkerError('crl-worker-unavailable', `CRL worker failed: ${event.message || 'load error'}`));
      };
      worker.onmessageerror = () => entry.reject(new CrlWorkerError('crl-worker-bad-message', 'CRL worker sent an unreadable message'));
      worker.postMessage(request, [cert, ...(source.kind === 'bytes' ? [source.bytes] : [])]);
    });
  }

  /** Terminate every running ingest; their promises reject with 'crl-worker-disposed'. */
  dispose(): void {
    for (const r of [...this.running]) r.reject(new CrlWorkerError('crl-worker-disposed', 'the CRL worker was disposed'));
  }
}
