/**
 * A compact, sorted, exact index of a CRL's revoked serials (reference pki-and-perf.md §3.2):
 * serial magnitudes right-aligned into fixed-width big-endian slots of one Uint8Array (width =
 * the longest serial, ≤ 20), sorted; reasons (Uint8) and revocation dates (Uint32 seconds since
 * the epoch, enough until 2106) in side columns: width + 5 bytes per entry, 13 for 8-byte
 * serials. Lookup is a binary search, about 1 µs. Plain typed arrays, so the index
 * structured-clones into IndexedDB or a Worker message as is. Build it only from a CRL whose
 * signature has been verified.
 */
import { RevocationError } from './revocation-error';
import { MAX_SERIAL_OCTETS, type WalkedCrl } from './crl-der-walker';
import { REASON_ABSENT } from './crl-reasons';

export interface CrlIndex {
  readonly count: number;
  /** Octets per slot in `serials`. 0 when the CRL lists nothing. */
  readonly width: number;
  /** count × width octets, ascending; each slot right-aligned with leading zeros. */
  readonly serials: Uint8Array;
  /** CRLReason per slot, REASON_ABSENT when the entry has none. */
  readonly reasons: Uint8Array;
  /** revocationDate per slot, seconds since the epoch. */
  readonly revokedAt: Uint32Array;
  /** Issuer Name DER the CRL names (already compared with the issuer certificate). */
  readonly issuerName: Uint8Array;
  readonly thisUpdate: number;
  readonly nextUpdate: number | undefined;
  /** CRL number as uppercase hex, if the CRL has one. */
  readonly crlNumberHex: string | undefined;
  /** IssuingDistributionPoint extnValue, if the CRL has one. */
  readonly issuingDistributionPoint: Uint8Array | undefined;
}

export interface RevokedEntry {
  /** CRLReason code, or undefined when the entry carries none. */
  readonly reason: number | undefined;
  /** ms since the epoch. */
  readonly revokedAt: number;
}

/**
 * Build the index from walked columns. Duplicate serials make the list ambiguous and are
 * refused ('crl-malformed'), as the reference benchmark's malformed set demands (§3.3).
 */
export function buildCrlIndex(crl: WalkedCrl): CrlIndex {
  const { count, serialBytes, serialLength } = crl.entries;
  let width = 0;
  for (let i = 0; i < count; i++) if (serialLength[i]! > width) width = serialLength[i]!;
  // Slots as big-endian 32-bit words, left-padded with zeros to whole words: a magnitude has no
  // leading zero octet, so numeric order of the padded words is the order of the serials.
  const words = Math.ceil(width / 4);
  const cols: Uint32Array[] = [];
  for (let w = 0; w < words; w++) cols.push(new Uint32Array(count));
  for (let i = 0, from = 0; i < count; i++) {
    const len = serialLength[i]!;
    let pos = words * 4 - len; // byte position of the first octet in the padded slot
    for (let k = 0; k < len; k++, pos++) {
      const col = cols[pos >>> 2]!;
      col[i] = (col[i]! | (serialBytes[from + k]! << ((3 - (pos & 3)) * 8))) >>> 0;
    }
    from += len;
  }
  const { sorted, order } = radixSortWords(cols, count);

  const serials = new Uint8Array(count * width);
  const reasons = new Uint8Array(count);
  const revokedAt = new Uint32Array(count);
  const pad = words * 4 - width;
  for (let i = 0; i < count; i++) {
    for (let k = 0, b = i * width; k < width; k++) {
      const pos = k + pad;
      serials[b + k] = (sorted[pos >>> 2]![i]! >>> ((3 - (pos & 3)) * 8)) & 0xff;
    }
    const src = order[i]!;
    reasons[i] = crl.entries.reason[src]!;
    revokedAt[i] = crl.entries.revokedAt[src]!;
  }
  for (let i = 1; i < count; i++) {
    let same = true;
    for (let w = 0; w < words && same; w++) same = sorted[w]![i] === sorted[w]![i - 1];
    if (same) throw new RevocationError('crl-malformed', `serial listed twice in the CRL (entry ${i})`);
  }
  return {
    count,
    width,
    serials,
    reasons,
    revokedAt,
    issuerName: crl.issuerName.slice(),
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    crlNumberHex: crl.crlNumber ? hexOf(crl.crlNumber) : undefined,
    issuingDistributionPoint: crl.issuingDistributionPoint?.slice(),
  };
}

/**
 * Stable LSD radix sort of `count` keys given as word columns (most significant word first),
 * 16 bits per pass, moving the words with the keys so every pass reads sequentially; passes
 * whose digit is the same for every key (e.g. the zero padding of short serials) are skipped.
 * Returns the sorted columns and, for each sorted position, the original key number.
 */
export function radixSortWords(columns: readonly Uint32Array[], count: number): { sorted: Uint32Array[]; order: Uint32Array } {
  let cols: Uint32Array[] = [...columns];
  let spare: Uint32Array[] = columns.map(() => new Uint32Array(count));
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let orderSpare = new Uint32Array(count);
  const buckets = new Uint32Array(65536);
  for (let w = cols.length - 1; w >= 0; w--) {
    for (const shift of [0, 16]) {
      const key = cols[w]!;
      buckets.fill(0);
      for (let i = 0; i < count; i++) buckets[(key[i]! >>> shift) & 0xffff]!++;
      if (count === 0 || buckets[(key[0]! >>> shift) & 0xffff] === count) continue; // constant digit
      let sum = 0;
      for (let b = 0; b < 65536; b++) {
        const c = buckets[b]!;
        buckets[b] = sum;
        sum += c;
      }
      if (cols.length === 2) {
        // Serials of 5–8 octets (the common case): the loop unrolled.
        const [a, b] = cols as [Uint32Array, Uint32Array];
        const [sa, sb] = spare as [Uint32Array, Uint32Array];
        for (let i = 0; i < count; i++) {
          const to = buckets[(key[i]! >>> shift) & 0xffff]!++;
          sa[to] = a[i]!;
          sb[to] = b[i]!;
          orderSpare[to] = order[i]!;
        }
      } else {
        for (let i = 0; i < count; i++) {
          const to = buckets[(key[i]! >>> shift) & 0xffff]!++;
          for (let c = 0; c < cols.length; c++) spare[c]![to] = cols[c]![i]!;
          orderSpare[to] = order[i]!;
        }
      }
      [cols, spare] = [spare, cols];
      [order, orderSpare] = [orderSpare, order];
    }
  }
  return { sorted: cols, order };
}

/**
 * Position of `serial` (a positive INTEGER magnitude; a leading 00 sign octet is dropped) in the
 * index, or -1.
 */
export function indexOfSerial(index: CrlIndex, serial: Uint8Array): number {
  let s = 0;
  while (s < serial.length - 1 && serial[s] === 0) s++;
  const len = serial.length - s;
  const w = index.width;
  if (len === 0 || len > w || len > MAX_SERIAL_OCTETS) return -1;
  const pad = w - len; // slots are right-aligned: the probe's first `pad` octets are zero
  const keys = index.serials;
  let lo = 0;
  let hi = index.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const base = mid * w;
    let c = 0;
    for (let i = 0; i < w; i++) {
      c = keys[base + i]! - (i < pad ? 0 : serial[s + i - pad]!);
      if (c !== 0) break;
    }
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The revoked entry for `serial`, or undefined when the CRL does not list it. */
export function findRevoked(index: CrlIndex, serial: Uint8Array): RevokedEntry | undefined {
  const i = indexOfSerial(index, serial);
  if (i < 0) return undefined;
  const r = index.reasons[i]!;
  return { reason: r === REASON_ABSENT ? undefined : r, revokedAt: index.revokedAt[i]! * 1000 };
}

/** Bytes the index's columns hold (serial slots + reasons + dates). */
export function crlIndexBytes(index: Pick<CrlIndex, 'serials' | 'reasons' | 'revokedAt'>): number {
  return index.serials.byteLength + index.reasons.byteLength + index.revokedAt.byteLength;
}

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s.toUpperCase();
}
