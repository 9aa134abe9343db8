/**
 * The licence's credentials: 暗証番号1 (PIN1: the 記載事項, 外字, change records, signature file) and
 * 暗証番号2 (PIN2: in addition the photo and 本籍), each 4 digits, or `****` when the card says no
 * PIN was set (cards/licence/credentials.ts; licence-facts §1.4, §2.1). On a マイナ免許証 the
 * licence application has one PIN of its own (licence-facts §5.4); it is entered as PIN1 (the
 * screen names it 「免許の暗証番号」 for that variant) and PIN2 is not asked for (readTries leaves it out).
 * Both counters are readable with an empty VERIFY (licence-tries.ts).
 */
import { checkLicencePin, LicenceCredentialFormatError } from '../../cards/licence/credentials';
import { LicenceCardError } from '../../cards/licence/licence-errors';
import type { CredentialSpec } from '../document-driver';

export const LICENCE_CREDENTIALS = ['pin1', 'pin2'] as const;
export type LicenceCredential = (typeof LICENCE_CREDENTIALS)[number];

/** The format check; the value goes to the card as typed (`****` only where the card says no PIN was set). */
function normaliser(field: LicenceCredential): (v: string) => string {
  return (v) => {
    checkLicencePin(v, field);
    return v;
  };
}

export const LICENCE_CREDENTIAL_SPECS: Readonly<Record<LicenceCredential, CredentialSpec>> = {
  // The holder types each PIN on the hand-over keypad; `****` (no PIN set) is a button.
  pin1: { flag: 'pin1', normalise: normaliser('pin1'), counterReadable: true, entry: { by: 'holder', length: 4, characters: 'digits', secret: true, notSetValue: '****' } },
  pin2: { flag: 'pin2', normalise: normaliser('pin2'), counterReadable: true, entry: { by: 'holder', length: 4, characters: 'digits', secret: true, notSetValue: '****' } },
};

/**
 * Which PIN an error is about: the licence library names it (LicenceCardError.pin,
 * LicenceCredentialFormatError.field; `mnc` is the マイナ免許証 PIN, entered as PIN1); a PinError by
 * the VERIFY header's P2 (81 PIN1, 82 PIN2, 86 the マイナ免許証 PIN; licence-facts §2.1, §5.4).
 */
export function licenceCredentialOf(error: unknown, needed: readonly LicenceCredential[]): LicenceCredential {
  if (error instanceof LicenceCardError && error.pin) return error.pin === 'pin2' ? 'pin2' : 'pin1';
  if (error instanceof LicenceCredentialFormatError) return error.field === 'pin2' ? 'pin2' : 'pin1';
  const err = (typeof error === 'object' && error !== null ? error : {}) as { command?: unknown; message?: unknown };
  const header = typeof err.command === 'string' ? err.command : typeof err.message === 'string' ? err.message : '';
  // The licence PIN guard's own refusals (blocked, last try) start with the PIN's name.
  const named = /^(pin1|pin2|mnc)\b/.exec(header)?.[1];
  if (named) return named === 'pin2' ? 'pin2' : 'pin1';
  const p2 = /00 20 00 ([0-9A-F]{2})/.exec(header)?.[1];
  if (p2 === '82') return 'pin2';
  if (p2 === '81' || p2 === '86') return 'pin1';
  return needed[0] ?? 'pin1';
}
