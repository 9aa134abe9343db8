/**
 * The 在留カード等番号 (residence card / special permanent resident certificate number) used as
 * the authentication credential: 12 characters, 2 letters ‖ 8 digits ‖ 2 letters
 * (other-id-documents.md §2.3; 別添2 uses "AA12345678BB"). It is the key of the card's
 * authentication (別添1: K = SHA-1(number)[0..16]) and the VERIFY data (§4.2.2), sent as ASCII.
 *
 * The number is personal data: a CheckedCardNumber never prints it (toString/toJSON/inspect are
 * redacted); `bytes()` hands out a fresh copy the caller wipes after use.
 */
import { ResidenceCardError } from './residence-card-error';

const PATTERN = /^[A-Z]{2}[0-9]{8}[A-Z]{2}$/;
const REDACTED = '[residence card number]';

export class CheckedCardNumber {
  readonly #value: string;

  /** Use checkCardNumber; the constructor trusts its input. */
  private constructor(value: string) {
    this.#value = value;
  }

  /** @internal */
  static fromChecked(value: string): CheckedCardNumber {
    return new CheckedCardNumber(value);
  }

  /** 12 ASCII bytes; the caller owns (and wipes) the copy. */
  bytes(): Uint8Array {
    const out = new Uint8Array(12);
    for (let i = 0; i < 12; i++) out[i] = this.#value.charCodeAt(i);
    return out;
  }

  /** The number itself, for the evidence record's identifier and comparisons. Never log it. */
  reveal(): string {
    return this.#value;
  }

  equals(other: string): boolean {
    return other === this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/**
 * Normalise and check what staff typed (or OCR read): Unicode NFKC (full-width Ａ１ from a
 * Japanese IME become A1), spaces and hyphens removed, upper-cased; then exactly 2 letters,
 * 8 digits, 2 letters. Throws 'rc-card-number-format' (without echoing the input).
 */
export function checkCardNumber(input: string): CheckedCardNumber {
  if (typeof input !== 'string' || input.length > 64) {
    throw new ResidenceCardError('rc-card-number-format', 'the card number must be 12 characters: 2 letters, 8 digits, 2 letters');
  }
  const normalised = input.normalize('NFKC').replace(/[\s\-‐−]/gu, '').toUpperCase();
  if (!PATTERN.test(normalised)) {
    throw new ResidenceCardError('rc-card-number-format', 'the card number must be 12 characters: 2 letters, 8 digits, 2 letters');
  }
  return CheckedCardNumber.fromChecked(normalised);
}

/** True when `input` would pass checkCardNumber (for live form hints). */
export function isCardNumberFormat(input: string): boolean {
  try {
    checkCardNumber(input);
    return true;
  } catch {
    return false;
  }
}
