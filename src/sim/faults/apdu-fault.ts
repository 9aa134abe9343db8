/**
 * What can go wrong with one response APDU between a card and the host (issue 6, item 1): the
 * card leaving, bits flipped on the way, bytes lost or added, a wrong status word, an answer
 * that comes too late. Pure byte functions, no Node imports: used by the fault-injecting
 * responder in vitest and in a page.
 */

/** One fault, applied to the answer of one command APDU. */
export type ApduFaultKind =
  /** The card leaves before the command reaches it (the card does not act on it). */
  | 'remove-before'
  /** The card acts on the command, then leaves before its answer reaches the host. */
  | 'remove-after'
  /** One bit of the response data flipped (the middle byte); no-op when there is no data. */
  | 'flip-data-bit'
  /** The lowest bit of SW1 flipped (9000 → 9100, 63Cx → 62Cx, 6A82 → 6B82). */
  | 'flip-sw1-bit'
  /** The lowest bit of SW2 flipped (9000 → 9001, 63CA → 63CB, 6982 → 6983). */
  | 'flip-sw2-bit'
  /** Half of the data lost, the status word kept (a short read that claims success). */
  | 'truncate-data'
  /** The last byte lost: the trailer is split and a data byte becomes SW1. */
  | 'truncate-tail'
  /** Only one byte arrives (less than a trailer). */
  | 'truncate-to-one'
  /** Extra bytes between the data and the status word. */
  | 'extend'
  /** The status word replaced (file not found, security status, wrong length, more data, wrong Le, success). */
  | 'sw-6a82'
  | 'sw-6982'
  | 'sw-6700'
  | 'sw-6100'
  | 'sw-6110'
  | 'sw-6c08'
  | 'sw-9000'
  /** The answer is held back (for paths with timeouts; see FaultPlan.delayMs). */
  | 'delay';

export const RESPONSE_FAULT_KINDS: readonly ApduFaultKind[] = [
  'flip-data-bit',
  'flip-sw1-bit',
  'flip-sw2-bit',
  'truncate-data',
  'truncate-tail',
  'truncate-to-one',
  'extend',
  'sw-6a82',
  'sw-6982',
  'sw-6700',
  'sw-6100',
  'sw-6110',
  'sw-6c08',
  'sw-9000',
];

export const REMOVAL_FAULT_KINDS: readonly ApduFaultKind[] = ['remove-before', 'remove-after'];

/** Bytes `extend` appends to the data (a plausible-looking TLV tail). */
const EXTENSION = Uint8Array.of(0x53, 0x04, 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff);

const REPLACEMENT_SW: Partial<Record<ApduFaultKind, number>> = {
  'sw-6a82': 0x6a82,
  'sw-6982': 0x6982,
  'sw-6700': 0x6700,
  'sw-6100': 0x6100,
  'sw-6110': 0x6110,
  'sw-6c08': 0x6c08,
  'sw-9000': 0x9000,
};

/**
 * The response a host receives when `kind` hits `response` (a complete data ‖ SW1 SW2 answer).
 * Returns a new array; the input is not changed. Removal and delay are not byte faults: they
 * return the response unchanged (the responder acts on them).
 */
export function damageResponse(response: Uint8Array, kind: ApduFaultKind): Uint8Array {
  const n = response.length;
  if (n < 2) return response.slice();
  const data = response.subarray(0, n - 2);
  const sw1 = response[n - 2]!;
  const sw2 = response[n - 1]!;
  const out = (d: Uint8Array, a: number, b: number): Uint8Array => {
    const r = new Uint8Array(d.length + 2);
    r.set(d);
    r[d.length] = a;
    r[d.length + 1] = b;
    return r;
  };
  switch (kind) {
    case 'flip-data-bit': {
      const d = data.slice();
      if (d.length > 0) d[d.length >> 1] = d[d.length >> 1]! ^ 0x01;
      return out(d, sw1, sw2);
    }
    case 'flip-sw1-bit':
      return out(data, sw1 ^ 0x01, sw2);
    case 'flip-sw2-bit':
      return out(data, sw1, sw2 ^ 0x01);
    case 'truncate-data':
      return out(data.subarray(0, data.length >> 1), sw1, sw2);
    case 'truncate-tail':
      return response.slice(0, n - 1);
    case 'truncate-to-one':
      return response.slice(0, 1);
    case 'extend': {
      const d = new Uint8Array(data.length + EXTENSION.length);
      d.set(data);
      d.set(EXTENSION, data.length);
      return out(d, sw1, sw2);
    }
    default: {
      const sw = REPLACEMENT_SW[kind];
      return sw === undefined ? response.slice() : out(data, sw >> 8, sw & 0xff);
    }
  }
}

/** True when `kind` would leave `response` exactly as it was (e.g. 9000 put on a 9000 answer). */
export function faultIsNoOp(response: Uint8Array, kind: ApduFaultKind): boolean {
  if (kind === 'remove-before' || kind === 'remove-after' || kind === 'delay') return false;
  const d = damageResponse(response, kind);
  return d.length === response.length && d.every((b, i) => b === response[i]);
}
