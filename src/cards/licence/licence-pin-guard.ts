/**
 * The licence's PIN guard: the project's pin-guard semantics (cards/iso7816/pin-guard.ts — read
 * the counter without spending a try, refuse when blocked, refuse at one try left unless the
 * person confirmed, then exactly one VERIFY, never a retry), plus what a licence card makes
 * necessary:
 *  - the counter must be plausible: 1…maxTries left (3 on the licence [I×4], 10 on the
 *    マイナ免許証 [I×2]). Anything else (63C9 on a 3-try PIN, 6300 "no limit") is a card that
 *    misreports its counter, and no PIN is sent to it;
 *  - after a wrong PIN the counter must have dropped by exactly one, or the card is not trusted
 *    further (a card that answers 63C3 forever would invite endless guessing);
 *  - where an empty VERIFY is not allowed (layout.emptyVerifyAllowed false; licence-facts §2.2:
 *    allowed per six implementations and the spec as quoted, not read in the primary text), the
 *    counter is `not-readable` and a VERIFY needs the person's explicit acknowledgement that the
 *    tries left are unknown.
 * What an empty VERIFY answers on a blocked or never-set PIN is [U]; anything but 63C1…63Cn is
 * treated as "do not VERIFY", as SOFT does.
 */
import { describeCommandHeader, type CommandApdu } from '../../apdu/command';
import type { CardChannel } from '../iso7816/card-channel';
import { interpretRetryStatus, PinError, type RetryStatus, type VerifyOptions } from '../iso7816/pin-guard';
import { LicenceCardError, type LicencePinName } from './licence-errors';

/** The counter as the kiosk sees it: pin-guard's statuses ('not-readable' when the layout forbids the empty VERIFY). */
export type LicenceTries = RetryStatus;

export interface LicencePinRef {
  readonly name: LicencePinName;
  /** VERIFY P2 (80|SFI). */
  readonly p2: number;
  readonly maxTries: number;
  readonly emptyVerifyAllowed: boolean;
}

export interface LicenceVerifyOptions extends VerifyOptions {
  /** Only where the counter cannot be read: the person was told the tries left are unknown and chose to go on. */
  readonly acknowledgeUnknownCounter?: boolean;
}

function counterCommand(ref: LicencePinRef): CommandApdu {
  return { cla: 0x00, ins: 0x20, p1: 0x00, p2: ref.p2 };
}

/** Check what the card says against the PIN's limit; throws for a counter no genuine card reports. */
function plausible(status: RetryStatus, ref: LicencePinRef): RetryStatus {
  if (status.kind === 'no-limit' || (status.kind === 'tries-left' && status.left > ref.maxTries)) {
    throw new LicenceCardError(
      'licence-retry-counter-implausible',
      `${ref.name}: the card reports ${status.kind === 'no-limit' ? 'no retry limit' : `${status.left} tries left`} for a PIN with ${ref.maxTries}`,
      ref.name,
    );
  }
  return status;
}

/** Empty VERIFY: the counter without spending a try (or `not-readable` when the layout forbids it). */
export async function readLicenceCounter(channel: CardChannel, ref: LicencePinRef): Promise<LicenceTries> {
  if (!ref.emptyVerifyAllowed) return { kind: 'not-readable' };
  const cmd = counterCommand(ref);
  const res = await channel.send(cmd);
  return plausible(interpretRetryStatus(res.sw, cmd), ref);
}

/**
 * The only way a licence PIN is sent. The caller selected the directory the reference lives in
 * and owns `secret` (wipes it afterwards). Returns the counter read before the VERIFY.
 */
export async function verifyLicencePin(channel: CardChannel, ref: LicencePinRef, secret: Uint8Array, options: LicenceVerifyOptions = {}): Promise<LicenceTries> {
  const before = await readLicenceCounter(channel, ref);
  if (before.kind === 'not-readable' && !options.acknowledgeUnknownCounter) {
    throw new LicenceCardError('licence-counter-not-readable', `${ref.name}: the tries left cannot be read without using one; acknowledgement required`, ref.name);
  }
  if (before.kind === 'blocked') throw new PinError('pin-blocked', `${ref.name} is blocked`, 0);
  if (before.kind === 'already-verified') return before;
  const lastTry = before.kind === 'tries-left' && before.left === 1;
  if (lastTry && !options.confirmLastTry) {
    throw new PinError('pin-last-try-unconfirmed', `${ref.name}: one try left; confirmation required before VERIFY`, 1);
  }
  const cmd: CommandApdu = { cla: 0x00, ins: 0x20, p1: 0x00, p2: ref.p2, data: secret };
  const res = await channel.send(cmd, lastTry && options.confirmLastTry === true ? { lastTryConfirmed: true } : undefined);
  if (res.sw === 0x9000) return before;
  const header = describeCommandHeader(cmd);
  if ((res.sw & 0xfff0) === 0x63c0) {
    const left = res.sw & 0x0f;
    if (before.kind === 'tries-left' && left !== before.left - 1) {
      throw new LicenceCardError('licence-retry-counter-inconsistent', `${header}: wrong value, but the counter went from ${before.left} to ${left}`, ref.name, {
        cause: new PinError('pin-wrong', `${header}: wrong value`, left, true),
      });
    }
    if (left > ref.maxTries) throw new LicenceCardError('licence-retry-counter-implausible', `${header}: ${left} tries left for a PIN with ${ref.maxTries}`, ref.name);
    throw new PinError('pin-wrong', `${header}: wrong value, ${left} tries left`, left, true);
  }
  if (res.sw === 0x6984) throw new PinError('pin-blocked', `${header}: ${ref.name} blocked`, 0);
  throw new PinError('pin-unexpected-status', `${header}: unexpected status ${res.sw.toString(16)}`);
}
