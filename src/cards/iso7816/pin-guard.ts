import { describeCommandHeader, type CommandApdu } from '../../apdu/command';
import { CardStatusError } from '../../apdu/status-words';
import { KazasuError } from '../../errors/kazasu-error';
import type { CardChannel } from './card-channel';

/** What an empty VERIFY says about a key (spec §2.2). */
export type RetryStatus =
  | { readonly kind: 'tries-left'; readonly left: number }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'no-limit' }
  /** 9000 to an empty VERIFY: some cards say "already verified in this session" (spec §2.2). */
  | { readonly kind: 'already-verified' }
  /**
   * The document has no retry counter a reader can query for this credential (e.g. the residence
   * card's card-number authentication). Never returned by `queryRetries`; a document driver
   * reports it, and must then limit attempts itself (never loop).
   */
  | { readonly kind: 'not-readable' };

export type PinErrorCode =
  /** Wrong value; `retriesLeft` tells how many tries remain (0 = now blocked). */
  | 'pin-wrong'
  /** The key is blocked; only the municipal office can reset it. No VERIFY was sent. */
  | 'pin-blocked'
  /** One try left and the person did not confirm using it. No VERIFY was sent. */
  | 'pin-last-try-unconfirmed'
  /** The card answered something a PIN key should not. */
  | 'pin-unexpected-status';

/** A VERIFY was refused or failed. Never carries the secret itself. */
export class PinError extends KazasuError {
  constructor(
    readonly code: PinErrorCode,
    message: string,
    /** Tries left after this event, when known. */
    readonly retriesLeft?: number,
    /** Whether this event consumed a try on the card. */
    readonly tryConsumed = false,
  ) {
    super(message);
  }
}

export interface VerifyOptions {
  /** The person confirmed they want to use their last try. Without it, one try left → refuse. */
  readonly confirmLastTry?: boolean;
}

/** `00 20 00 80|SFI` with no data: the retry counter, without using a try (spec §2.2). */
export async function queryRetries(channel: CardChannel, sfi: number): Promise<RetryStatus> {
  const cmd: CommandApdu = { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80 | sfi };
  const res = await channel.send(cmd);
  return interpretRetryStatus(res.sw, cmd);
}

export function interpretRetryStatus(sw: number, cmd: CommandApdu): RetryStatus {
  if ((sw & 0xfff0) === 0x63c0) {
    const left = sw & 0x0f;
    return left === 0 ? { kind: 'blocked' } : { kind: 'tries-left', left };
  }
  if (sw === 0x6984) return { kind: 'blocked' };
  if (sw === 0x6300) return { kind: 'no-limit' };
  if (sw === 0x9000) return { kind: 'already-verified' };
  throw new CardStatusError(sw, describeCommandHeader(cmd));
}

/**
 * The only way Kazasu sends a PIN: read the counter first (no try used), refuse when the key is
 * blocked or when one try is left without the person's confirmation, then send exactly one
 * VERIFY. Never retries. The caller owns `secret` and should wipe it afterwards.
 */
export async function verifyGuarded(
  channel: CardChannel,
  sfi: number,
  secret: Uint8Array,
  options: VerifyOptions = {},
): Promise<RetryStatus> {
  const before = await queryRetries(channel, sfi);
  if (before.kind === 'blocked') {
    throw new PinError('pin-blocked', `key ${sfi.toString(16)} is blocked`, 0);
  }
  if (before.kind === 'already-verified') return before;
  if (before.kind === 'tries-left' && before.left === 1 && !options.confirmLastTry) {
    throw new PinError('pin-last-try-unconfirmed', 'one try left; confirmation required before VERIFY', 1);
  }
  const cmd: CommandApdu = { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80 | sfi, data: secret };
  // Tell a path that enforces the last-try rule itself (the PC/SC bridge) that the person did
  // confirm; only ever true when the counter just read says one try is left.
  const lastTryConfirmed = before.kind === 'tries-left' && before.left === 1 && options.confirmLastTry === true;
  const res = await channel.send(cmd, lastTryConfirmed ? { lastTryConfirmed } : undefined);
  if (res.sw === 0x9000) return before;
  const header = describeCommandHeader(cmd);
  if ((res.sw & 0xfff0) === 0x63c0) {
    const left = res.sw & 0x0f;
    throw new PinError('pin-wrong', `${header}: wrong value, ${left} tries left`, left, true);
  }
  if (res.sw === 0x6984) throw new PinError('pin-blocked', `${header}: key blocked`, 0);
  // A key with no retry limit answers 6300 to a wrong value too (spec §2.2).
  if (res.sw === 0x6300) throw new PinError('pin-wrong', `${header}: wrong value (no retry limit)`, undefined, true);
  throw new PinError('pin-unexpected-status', `${header}: unexpected status ${res.sw.toString(16)}`);
}
