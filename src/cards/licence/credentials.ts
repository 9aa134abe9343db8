/**
 * The licence PINs (暗証番号1 / 暗証番号2, and the マイナ免許証 PIN): 4 JIS X 0201 digits
 * (`30`–`39`) [I×5; TAKU cites the spec "JIS X 0201"], or the literal `****` (`2A`×4) when the card
 * says no PIN was set [I×5: TRET, MATS, LJ, HMPOW, SOFT]. Checked before anything is sent, so a
 * typo never costs a try.
 *
 * SENSITIVE: a LicencePin is a PIN. Never log it, never put it in an error, wipe its byte form.
 */
import { KazasuError } from '../../errors/kazasu-error';
import type { LicencePinName } from './licence-errors';

declare const pinBrand: unique symbol;
/** SENSITIVE: 4 ASCII digits that passed the format check. The brand exists at compile time only. */
export type LicencePin = string & { readonly [pinBrand]: 'licence-pin' };

/** What the person entered: a PIN, or "no PIN was set" (sent as `****`, and only when the card says so). */
export type LicencePinEntry = { readonly kind: 'pin'; readonly value: LicencePin } | { readonly kind: 'not-set' };

/** The card's default PIN text; an entry of exactly this means "no PIN was set". */
export const DEFAULT_PIN_TEXT = '****';

export type LicenceCredentialReason = 'pin-not-4-digits';

/** A PIN does not have the required format. Carries the PIN's name and the reason, never the value. */
export class LicenceCredentialFormatError extends KazasuError {
  readonly code = 'credential-format' as const;
  constructor(
    readonly field: LicencePinName,
    readonly reason: LicenceCredentialReason,
  ) {
    super(`credential format: ${field}: ${reason}`);
  }
}

/** 4 ASCII digits → a PIN; `****` → not-set; anything else is refused. */
export function checkLicencePin(input: string, field: LicencePinName = 'pin1'): LicencePinEntry {
  if (input === DEFAULT_PIN_TEXT) return { kind: 'not-set' };
  if (input.length !== 4) throw new LicenceCredentialFormatError(field, 'pin-not-4-digits');
  for (let i = 0; i < 4; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw new LicenceCredentialFormatError(field, 'pin-not-4-digits');
  }
  return { kind: 'pin', value: input as LicencePin };
}

/**
 * The VERIFY data for an entry, in a fresh array the caller wipes: 4 digit bytes, or the card's
 * default PIN (layout.defaultPin) for `not-set`. Re-checks the digits: a brand can be forged by a cast.
 */
export function licencePinBytes(entry: LicencePinEntry, defaultPin: string, field: LicencePinName): Uint8Array {
  const text = entry.kind === 'not-set' ? defaultPin : entry.value;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = entry.kind === 'not-set' ? c >= 0x20 && c <= 0x7e : c >= 0x30 && c <= 0x39;
    if (!ok || (entry.kind === 'pin' && text.length !== 4)) {
      out.fill(0);
      throw new LicenceCredentialFormatError(field, 'pin-not-4-digits');
    }
    out[i] = c;
  }
  return out;
}
