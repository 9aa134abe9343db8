/**
 * Download a CRL and ingest it as it arrives: the response body's chunks go straight into the
 * streaming walker (crl-der-walker.ts), so a 400 MB national CRL is never held whole (reference
 * pki-and-perf.md §3.2). Everything from the network is untrusted: a byte limit, one timeout over
 * headers and body (kept even if the injected fetch ignores the AbortSignal), and transport
 * failures classified as 'no-answer' (→ pending), never as a malformed CRL.
 */
import type { CertificateFields } from './certificate-fields';
import type { WalkCrlOptions } from './crl-der-walker';
import type { TbsHasherFactory } from './crl-signature';
import { ingestCrlStream, type CrlIngestResult } from './crl-ingest';
import { isHttpUrl, type FetchLike } from './http-exchange';

export type CrlDownloadOutcome =
  | { readonly kind: 'ingested'; readonly result: CrlIngestResult }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'no-answer'; readonly detail: string }
  | { readonly kind: 'too-large'; readonly detail: string };

export interface CrlDownloadLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxEntries?: number;
  /** Incremental hash for the signature check (default @noble/hashes). */
  readonly hasherFactory?: TbsHasherFactory;
}

/**
 * Download + ingest as the CRL checker needs it. The default is downloadAndIngestCrl on the
 * calling thread; a browser passes one that runs it in a Web Worker (src/app/revocation).
 */
export type CrlDownloader = (
  url: string,
  issuer: { readonly certificate: Uint8Array; readonly fields: CertificateFields },
  limits: CrlDownloadLimits,
) => Promise<CrlDownloadOutcome>;

class TooLarge extends Error {}
class Broken extends Error {}

/** The body as chunks, at most `maxBytes` in total; read errors become Broken. */
async function* bodyChunks(body: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        throw new Broken(`download interrupted: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (next.done) return;
      total += next.value.length;
      if (total > maxBytes) throw new TooLarge(`body exceeds ${maxBytes} bytes`);
      yield next.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export async function downloadAndIngestCrl(
  fetchFn: FetchLike,
  url: string,
  issuer: CertificateFields,
  limits: CrlDownloadLimits,
): Promise<CrlDownloadOutcome> {
  if (!isHttpUrl(url)) return { kind: 'no-answer', detail: `not an http(s) URL: ${url.slice(0, 80)}` };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CrlDownloadOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: 'no-answer', detail: `no complete answer within ${limits.timeoutMs} ms` });
    }, limits.timeoutMs);
  });
  const exchange = (async (): Promise<CrlDownloadOutcome> => {
    try {
      const res = await fetchFn(url, {
        method: 'GET',
        headers: { accept: 'application/pkix-crl' },
        redirect: 'follow',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'status', status: res.status };
      }
      const declared = res.headers.get('content-length');
      if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limits.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'too-large', detail: `declared length ${declared} exceeds ${limits.maxBytes} bytes` };
      }
      const chunks = res.body ? bodyChunks(res.body, limits.maxBytes) : [];
      const options: WalkCrlOptions = {
        maxBytes: limits.maxBytes,
        ...(limits.maxEntries !== undefined ? { maxEntries: limits.maxEntries } : {}),
        ...(limits.hasherFactory ? { hasherFactory: limits.hasherFactory } : {}),
      };
      return { kind: 'ingested', result: await ingestCrlStream(chunks, issuer, options) };
    } catch (e) {
      if (e instanceof TooLarge) return { kind: 'too-large', detail: e.message };
      if (e instanceof Broken) return { kind: 'no-answer', detail: e.message };
      return { kind: 'no-answer', detail: `network error: ${e instanceof Error ? e.message : String(e)}` };
    }
  })();
  try {
    return await Promise.race([exchange, timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
