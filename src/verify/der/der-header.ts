/**
 * The one DER (X.690 §10.1) header reader the verifier's hand-written parsers share: the CRL
 * walker (offsets, no allocation per entry) and the X.509 structure reader (views). Strict DER:
 * single-octet tags (X.509 and CRLs never need high tag numbers), definite and minimal lengths of
 * at most 4 octets, and a content that ends within `limit`. It reports the problem instead of
 * throwing so each caller raises its own typed error with its own context.
 */
export type DerHeader =
  | { readonly ok: true; readonly tag: number; readonly offset: number; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly reason: string };

export function readDerHeader(buf: Uint8Array, offset: number, requestedLimit: number): DerHeader {
  // A limit past the buffer would read missing octets as `undefined` and yield NaN lengths.
  const limit = Math.min(requestedLimit, buf.length);
  if (!Number.isInteger(offset) || offset < 0) return { ok: false, reason: `offset ${offset} is outside the buffer` };
  if (offset + 2 > limit) return { ok: false, reason: 'truncated: needs a tag and a length' };
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) return { ok: false, reason: 'high tag number form is not used here' };
  const first = buf[offset + 1]!;
  let start = offset + 2;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    return { ok: false, reason: 'indefinite length is BER, not DER' };
  } else {
    const n = first & 0x7f;
    // Four length octets already allow 4 GiB, far beyond any bound a caller accepts.
    if (n > 4) return { ok: false, reason: `${n} length octets is oversized` };
    if (start + n > limit) return { ok: false, reason: 'truncated: length octets' };
    if (buf[start] === 0) return { ok: false, reason: 'length has a leading zero octet (not minimal)' };
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[start + i]!;
    start += n;
    if (length < 0x80) return { ok: false, reason: 'long-form length below 128 (not minimal)' };
  }
  if (length > limit - start) return { ok: false, reason: `length ${length} exceeds the ${Math.max(0, limit - start)} bytes available` };
  return { ok: true, tag, offset, start, end: start + length };
}
