/**
 * The one DER (X.690 §10.1) header reader of the verifier: strict DER, single-octet tags (X.509,
 * CRLs and OCSP never need high tag numbers), definite and minimal lengths of at most 4 octets.
 * It reports the problem instead of throwing so each caller raises its own typed error with its
 * own context (der-reader.ts binds it to a failure).
 *
 * `scanDerHeader` reads only the header and says whether the header itself was cut short (a
 * streaming reader then waits for more bytes); `readDerHeader` also wants the content to end
 * within `limit`.
 */
export type DerHeader =
  | { readonly ok: true; readonly tag: number; readonly offset: number; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly reason: string; /** The header needs bytes past the limit. */ readonly truncated: boolean };

function bad(reason: string, truncated = false): DerHeader {
  return { ok: false, reason, truncated };
}

/** The header at `offset`, its octets within `limit`; `end` may lie past `limit`. */
export function scanDerHeader(buf: Uint8Array, offset: number, requestedLimit: number): DerHeader {
  // A limit past the buffer would read missing octets as `undefined` and yield NaN lengths.
  const limit = Math.min(requestedLimit, buf.length);
  if (!Number.isInteger(offset) || offset < 0) return bad(`offset ${offset} is outside the buffer`);
  if (offset + 2 > limit) return bad('truncated: needs a tag and a length', true);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) return bad('high tag number form is not used here');
  const first = buf[offset + 1]!;
  let start = offset + 2;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    return bad('indefinite length is BER, not DER');
  } else {
    const n = first & 0x7f;
    // Four length octets already allow 4 GiB, far beyond any bound a caller accepts.
    if (n > 4) return bad(`${n} length octets is oversized`);
    if (start + n > limit) return bad('truncated: length octets', true);
    if (buf[start] === 0) return bad('length has a leading zero octet (not minimal)');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[start + i]!;
    start += n;
    if (length < 0x80) return bad('long-form length below 128 (not minimal)');
  }
  return { ok: true, tag, offset, start, end: start + length };
}

/** The header at `offset` and a content that ends within `limit`. */
export function readDerHeader(buf: Uint8Array, offset: number, requestedLimit: number): DerHeader {
  const h = scanDerHeader(buf, offset, requestedLimit);
  if (!h.ok) return h;
  const limit = Math.min(requestedLimit, buf.length);
  if (h.end > limit) return bad(`length ${h.end - h.start} exceeds the ${Math.max(0, limit - h.start)} bytes available`);
  return h;
}
