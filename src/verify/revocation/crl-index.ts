/**
 * A compact, sorted, exact index of a CRL's revoked serials (reference pki-and-perf.md §3.2):
 * serial magnitudes right-aligned into fixed-width big-endian slots of one Uint8Array (width =
 * the longest serial, ≤ 20), sorted; reasons and revocation dates in side columns. Lookup is a
 * binary search, about 1 µs. Plain typed arrays, so the index structured-clones into IndexedDB
 * or a Worker message as is. Build it only from a CRL whose signature has been verified.
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
  /** revocationDate per slot, ms since the epoch. */
  readonly revokedAt: Float64Array;
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
  readonly revokedAt: number;
}

/**
 * Build the index from walked columns. Duplicate serials make the list ambiguous and are
 * refused ('crl-malformed'), as the reference benchmark's malformed set demands (§3.3).
 */
export function buildCrlIndex(crl: WalkedCrl): CrlIndex {
  const { count, serialStart, serialLength } = crl.entries;
  let width = 0;
  for (let i = 0; i < count; i++) if (serialLength[i]! > width) width = serialLength[i]!;
  const keys = new Uint8Array(count * width);
  for (let i = 0; i < count; i++) {
    const len = serialLength[i]!;
    const from = serialStart[i]!;
    keys.set(crl.der.subarray(from, from + len), i * width + (width - len));
  }
  const order = radixSortSlots(keys, count, width, serialLength);

  const serials = new Uint8Array(count * width);
  const reasons = new Uint8Array(count);
  const revokedAt = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const src = order[i]!;
    serials.set(keys.subarray(src * width, src * width + width), i * width);
    reasons[i] = crl.entries.reason[src]!;
    revokedAt[i] = crl.entries.revokedAt[src]!;
  }
  for (let i = 1; i < count; i++) {
    if (compareSlots(serials, (i - 1) * width, serials, i * width, width) === 0) {
      throw new RevocationError('crl-malformed', `serial listed twice in the CRL (entry ${i})`);
    }
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
 * Sort `count` fixed-width slots; returns the sorted order of slot numbers. Magnitudes have no
 * leading zero octet, so a shorter serial is always smaller: slots are first grouped by serial
 * length (a counting sort on `lengths`), then each group gets a stable LSD radix sort over only
 * its own L significant columns, skipping columns where the group's octets are all equal.
 * Work is O(Σ serial lengths) rather than O(count × width). Without `lengths` every slot is
 * treated as full width.
 */
export function radixSortSlots(keys: Uint8Array, count: number, width: number, lengths?: Uint8Array): Uint32Array {
  const order = new Uint32Array(count);
  const spare = new Uint32Array(count);
  const groupStart = new Uint32Array(width + 2);
  if (lengths) {
    for (let i = 0; i < count; i++) groupStart[lengths[i]! + 1]!++;
    for (let l = 1; l <= width + 1; l++) groupStart[l]! += groupStart[l - 1]!;
    const next = groupStart.slice();
    for (let i = 0; i < count; i++) order[next[lengths[i]!]!++] = i;
  } else {
    for (let i = 0; i < count; i++) order[i] = i;
    groupStart.fill(0, 0, width + 1);
    groupStart[width + 1] = count;
  }
  const buckets = new Uint32Array(256);
  for (let len = 1; len <= width; len++) {
    const lo = groupStart[len]!;
    const hi = groupStart[len + 1]!;
    if (hi - lo < 2) continue;
    for (let col = width - 1; col >= width - len; col--) {
      buckets.fill(0);
      for (let i = lo; i < hi; i++) buckets[keys[order[i]! * width + col]!]!++;
      if (buckets[keys[order[lo]! * width + col]!] === hi - lo) continue; // constant column
      let sum = lo;
      for (let b = 0; b < 256; b++) {
        const c = buckets[b]!;
        buckets[b] = sum;
        sum += c;
      }
      for (let i = lo; i < hi; i++) {
        const slot = order[i]!;
        spare[buckets[keys[slot * width + col]!]!++] = slot;
      }
      order.set(spare.subarray(lo, hi), lo);
    }
  }
  return order;
}

function compareSlots(a: Uint8Array, ao: number, b: Uint8Array, bo: number, width: number): number {
  for (let i = 0; i < width; i++) {
    const d = a[ao + i]! - b[bo + i]!;
    if (d !== 0) return d;
  }
  return 0;
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
  return { reason: r === REASON_ABSENT ? undefined : r, revokedAt: index.revokedAt[i]! };
}

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s.toUpperCase();
}
