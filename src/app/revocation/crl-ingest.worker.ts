/**
 * Web Worker that turns a CRL into a verified, sorted index off the main thread (reference
 * pki-and-perf.md §3.2): it streams the download (or the page's bytes) through the strict DER
 * walker, verifies the signature over the tbsCertList digest, builds the index, optionally keeps
 * it in IndexedDB in chunks (atomic replace), and transfers the typed arrays back.
 */
import { readCertificateFields } from '../../verify/revocation/certificate-fields';
import { downloadAndIngestCrl } from '../../verify/revocation/crl-download';
import type { CrlIndex } from '../../verify/revocation/crl-index';
import { CrlIndexStoreError, IndexedDbCrlCache } from '../../verify/revocation/crl-index-store';
import { ingestCrlStream, type CrlIngestResult } from '../../verify/revocation/crl-ingest';
import { isKazasuError } from '../../errors/kazasu-error';
import type { CrlIndexMessage, CrlWorkerFailureCode, CrlWorkerRequest, CrlWorkerResponse } from './crl-worker-protocol';
import { checkRequest } from './crl-worker-limits';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: CrlWorkerResponse, transfer: Transferable[]): void;
  fetch: typeof fetch;
  indexedDB: IDBFactory;
}
const scope = self as unknown as WorkerScope;

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

async function handle(req: CrlWorkerRequest): Promise<{ response: CrlWorkerResponse; transfer: Transferable[] }> {
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
    const outcome = await downloadAndIngestCrl(scope.fetch.bind(scope), req.source.url, issuer, {
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
    const cache = new IndexedDbCrlCache({ indexedDB: scope.indexedDB, databaseName: req.store.databaseName, ...(req.store.chunkEntries ? { chunkEntries: req.store.chunkEntries } : {}) });
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

scope.onmessage = (event) => {
  const checked = checkRequest(event.data);
  if (typeof checked === 'string') {
    const id = typeof (event.data as { id?: unknown })?.id === 'number' ? (event.data as { id: number }).id : -1;
    scope.postMessage({ id, ok: false, code: 'crl-worker-bad-request', detail: checked }, []);
    return;
  }
  handle(checked).then(
    ({ response, transfer }) => scope.postMessage(response, transfer),
    (e: unknown) =>
      scope.postMessage(
        { id: checked.id, ok: false, code: 'crl-malformed', detail: isKazasuError(e) ? `${e.code}: ${e.message}` : `unexpected: ${String(e)}` },
        [],
      ),
  );
};
