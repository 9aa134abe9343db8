/**
 * Which commands use up a PIN try, and what the card's retry counter says about sending one.
 * The bridge applies this itself (issue 5 §5): a page that reached the bridge — even a hijacked
 * one with the token — cannot burn the last try of a person's card without the explicit
 * confirmation the kiosk only sends after the person said yes.
 *
 * ISO 7816-4 §11.5.6/§11.5.7: VERIFY (20/21) and CHANGE REFERENCE DATA (24) compare reference
 * data and count tries; the reference is P2 (spec mynumber-card-spec.md §2.2: 00 20 00 80|SFI).
 * An empty VERIFY (4 bytes, case 1) only reads the counter.
 */

export type PinCommandClass =
  /** Not a PIN command: forward as is. */
  | { readonly kind: 'plain' }
  /** Empty VERIFY: reads the counter, uses no try. */
  | { readonly kind: 'counter-query' }
  /** Sends reference data: check the counter first. */
  | { readonly kind: 'uses-try'; readonly cla: number; readonly p2: number }
  /** Never forwarded: RESET RETRY COUNTER (2C) would let a caller with a PUK reset a PIN. */
  | { readonly kind: 'refused' };

const INS_VERIFY = 0x20;
const INS_VERIFY_ODD = 0x21;
const INS_CHANGE_REFERENCE_DATA = 0x24;
const INS_RESET_RETRY_COUNTER = 0x2c;

export function classifyPinCommand(apdu: Uint8Array): PinCommandClass {
  if (apdu.length < 4) return { kind: 'plain' };
  const cla = apdu[0]!;
  const ins = apdu[1]!;
  const p2 = apdu[3]!;
  if (ins === INS_RESET_RETRY_COUNTER) return { kind: 'refused' };
  if (ins === INS_VERIFY || ins === INS_VERIFY_ODD) return apdu.length === 4 ? { kind: 'counter-query' } : { kind: 'uses-try', cla, p2 };
  // CHANGE REFERENCE DATA always carries data; be conservative about any length.
  if (ins === INS_CHANGE_REFERENCE_DATA) return { kind: 'uses-try', cla, p2 };
  return { kind: 'plain' };
}

/**
 * The empty VERIFY that reads the counter of reference `p2` (chaining and secure-messaging
 * bits of CLA cleared: the query itself is one plain short command).
 */
export function counterQueryFor(cla: number, p2: number): Uint8Array {
  return Uint8Array.of(cla & 0x0c ? 0x00 : cla & 0xe3, INS_VERIFY, 0x00, p2);
}

export type PinDecision =
  | { readonly action: 'forward' }
  | { readonly action: 'refuse'; readonly error: 'last-try-unconfirmed' | 'pin-blocked'; readonly tries: number };

/**
 * Decide from the counter query's status word. Only what the card *reports* is acted on: a card
 * that does not answer the query (e.g. 6A88) gets the command, and its own answer counts.
 */
export function decideFromCounter(sw: number, lastTryConfirmed: boolean): PinDecision {
  if ((sw & 0xfff0) === 0x63c0) {
    const left = sw & 0x0f;
    if (left === 0) return { action: 'refuse', error: 'pin-blocked', tries: 0 };
    if (left === 1 && !lastTryConfirmed) return { action: 'refuse', error: 'last-try-unconfirmed', tries: 1 };
    return { action: 'forward' };
  }
  // 6983 authentication method blocked, 6984 reference data not usable (spec §2.2).
  if (sw === 0x6983 || sw === 0x6984) return { action: 'refuse', error: 'pin-blocked', tries: 0 };
  return { action: 'forward' };
}
