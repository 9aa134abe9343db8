/**
 * The CRL worker's work, apart from its message plumbing (crl-ingest.worker.ts), so it can also
 * run in Node tests: stream the download (or the page's bytes) through the strict DER walker,
 * verify the signature over the tbsCertList digest, build the index, optionally keep it in
 * IndexedDB in chunks (atomic replace), and hand back the typed arrays to transfer.
 */
import { readCertificateFields } from '../../verify/revocation/certificate-fields';
import { downloadAndIngestCrl } from '../../verify/revocation/crl-download';
import type { CrlIndex } from '../../verify/revocation/crl-index';
import { CrlIndexStoreError, IndexedDbCrlCache } from '../../verify/revocation/crl-index-store';
import { ingestCrlStream, type CrlIngestResult } from '../../verify/revocation/crl-ingest';
import type { CrlIndexMessage, CrlWorkerFailureCode, CrlWorkerRequest, CrlWorkerResponse } from './crl-worker-protocol';

/** Hand the page the bytes in 1 MiB slices, as a download would arrive. */
function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let p = 0; p < bytes.length; p += 1 << 20) yield bytes.subarray(p, Math.min(bytes.length, p + (1 << 20)));
}

function toMessage(index: CrlIndex): { message: CrlIndexMessage; transfer: ArrayBuffer[] } {
  const own = (v: Uint8Array | Uint32Array): ArrayBuffer =>
    v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer ? v.buffer : (v.slice().buffer as ArrayBuffer);
  const message: CrlIndexMessage = {
    count: index.count,
    width: index.width,
    serials: own(index.serials),
    reasons: own(index.reasons),
    revokedAt: own(index.revokedAt),
    issuerName: own(index.issuerName.slice()),
    thisUpdate: index.thisUpdate,
    nextUpdate: index.nextUpdate ?? null,
    crlNumberHex: index.crlNumberHex ?? null,
    issuingDistributionPoint: index.issuingDistributionPoint ? own(index.issuingDistributionPoint.slice()) : null,
  };
  return { message, transfer: [message.serials, message.reasons, message.revokedAt, message.issuerName, ...(message.issuingDistributionPoint ? [message.issuingDistributionPoint] : [])] };
}

type Failure = { ok: false; code: CrlWorkerFailureCode; detail: string };

function fromIngest(res: CrlIngestResult): Failure | undefined {
  if (res.ok) return undefined;
  if (res.code === 'revocation-crl-signature-invalid') return { ok: false, code: 'crl-signature-invalid', detail: res.detail };
  return { ok: false, code: res.detail.startsWith('crl-too-large') ? 'crl-too-large' : 'crl-malformed', detail: res.detail };
}

/** What the handler needs from its global scope (a worker's; tests pass fake-indexeddb and a fetch). */
export interface CrlWorkerEnvironment {
  readonly fetch: typeof fetch;
  readonly indexedDB: IDBFactory;
  /** IDBKeyRange of the same implementation (default: the global one). */
  readonly keyRange?: typeof IDBKeyRange;
}

/** One checked request → its response and the buffers to transfer. Never throws for a bad CRL. */
export async function handleCrlWorkerRequest(req: CrlWorkerRequest, scope: CrlWorkerEnvironment): Promise<{ response: CrlWorkerResponse; transfer: Transferable[] }> {
  const fail = (code: CrlWorkerFailureCode, detail: string) => ({ response: { id: req.id, ok: false as const, code, detail }, transfer: [] });
  let issuer;
  try {
    issuer = readCertificateFields(new Uint8Array(req.issuerCertificate));
  } catch (e) {
    return fail('crl-worker-bad-request', `issuer certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
  const t0 = performance.now();
  let result: CrlIngestResult;
  let bytes: number;
  if (req.source.kind === 'url') {
    const outcome = await downloadAndIngestCrl((input, init) => scope.fetch(input, init), req.source.url, issuer, {
      timeoutMs: req.downloadTimeoutMs,
      maxBytes: req.maxBytes,
      maxEntries: req.maxEntries,
    });
    if (outcome.kind === 'no-answer') return fail('crl-download-failed', outcome.detail);
    if (outcome.kind === 'status') return fail('crl-download-failed', `HTTP ${outcome.status}`);
    if (outcome.kind === 'too-large') return fail('crl-too-large', outcome.detail);
    result = outcome.result;
    bytes = NaN;
  } else {
    const body = new Uint8Array(req.source.bytes);
    bytes = body.length;
    result = await ingestCrlStream(slices(body), issuer, { maxEntries: req.maxEntries, maxBytes: req.maxBytes });
  }
  const failure = fromIngest(result);
  if (failure || !result.ok) return fail(failure?.code ?? 'crl-malformed', failure?.detail ?? 'not ingested');
  const ingestMs = performance.now() - t0;
  let stored = false;
  const t1 = performance.now();
  if (req.store) {
    const cache = new IndexedDbCrlCache({ indexedDB: scope.indexedDB, databaseName: req.store.databaseName, ...(req.store.chunkEntries ? { chunkEntries: req.store.chunkEntries } : {}), ...(scope.keyRange ? { keyRange: scope.keyRange } : {}) });
    try {
      await cache.put({ key: req.store.key, url: req.source.kind === 'url' ? req.source.url : '', index: result.index, fetchedAt: req.store.fetchedAt });
      stored = true;
    } catch (e) {
      return fail('crl-store-failed', e instanceof CrlIndexStoreError ? `${e.code}: ${e.message}` : String(e));
    } finally {
      await cache.close();
    }
  }
  const storeMs = performance.now() - t1;
  const { message, transfer } = toMessage(result.index);
  return { response: { id: req.id, ok: true, index: message, stored, bytes, ingestMs, storeMs }, transfer };
}

