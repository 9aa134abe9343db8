/**
 * One bounded HTTP exchange through an injected fetch (the browser's, Node's, or a test's).
 * Everything from the network is untrusted: the body is read with a hard byte limit, and the
 * whole exchange — headers and body — runs under one timeout, even if the injected fetch
 * ignores the AbortSignal. Transport failures are returned as 'no-answer', never thrown.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly contentType: string; readonly body: Uint8Array }
  | { readonly kind: 'no-answer'; readonly detail: string }
  | { readonly kind: 'too-large'; readonly detail: string };

export interface HttpLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Only http(s) URLs are fetched (no file:, data:, blob:). */
export function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Loopback hosts, where plain http is acceptable (local test responders, a local gateway). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
  } catch {
    return false;
  }
}

class TooLarge extends Error {}

async function readBounded(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = res.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLarge(`declared length ${declared} exceeds ${maxBytes} bytes`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(`body exceeds ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function httpExchange(fetchFn: FetchLike, url: string, init: RequestInit, limits: HttpLimits): Promise<HttpOutcome> {
  if (!isHttpUrl(url)) return { kind: 'no-answer', detail: `not an http(s) URL: ${url.slice(0, 80)}` };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<HttpOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: 'no-answer', detail: `no answer within ${limits.timeoutMs} ms` });
    }, limits.timeoutMs);
  });
  const exchange = (async (): Promise<HttpOutcome> => {
    try {
      // Redirects are refused unless the caller allows them (credentials must not follow one).
      const res = await fetchFn(url, { redirect: 'error', cache: 'no-store', ...init, signal: controller.signal });
      const body = await readBounded(res, limits.maxBytes);
      return { kind: 'response', status: res.status, contentType: res.headers.get('content-type') ?? '', body };
    } catch (e) {
      if (e instanceof TooLarge) return { kind: 'too-large', detail: e.message };
      return { kind: 'no-answer', detail: `network error: ${e instanceof Error ? e.message : String(e)}` };
    }
  })();
  try {
    return await Promise.race([exchange, timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort(); // release the connection if the race was won by the timer
  }
}
