/**
 * The residence card's one credential: the 在留カード等番号 printed on the card (12 characters:
 * 2 letters, 8 digits, 2 letters), the key of the card's mutual authentication and the data of
 * its VERIFY (在留カード等仕様書 §4.2.2, 別添1). The card keeps no retry counter a reader can see
 * (§4.2.2(2): a wrong number answers 63 00, nothing more), so the kiosk allows two wrong entries
 * on one placement and then stops: staff compare the number with the card (never a loop of
 * guesses against a counter nobody can read).
 *
 * SENSITIVE: the number is personal data and, with a recorded authentication, enough to read
 * the card offline. It is never logged or printed; the evidence record keeps it only as its
 * 記号番号 (residence-card-evidence.ts).
 */
import { PinError } from '../../cards/iso7816/pin-guard';
import { checkCardNumber, type CheckedCardNumber } from '../../cards/residence-card/card-number';
import { CardNumberRejectedError, ResidenceCardError } from '../../cards/residence-card/residence-card-error';
import { KazasuError } from '../../errors/kazasu-error';
import type { CredentialSpec } from '../document-driver';

export const RESIDENCE_CARD_CREDENTIALS = ['cardNumber'] as const;
export type ResidenceCardCredential = (typeof RESIDENCE_CARD_CREDENTIALS)[number];

/** Wrong card numbers allowed on one placement (issue 12 §2); the card library refuses a third too. */
export const CARD_NUMBER_ATTEMPTS_PER_PLACEMENT = 2;

/** The card number typed does not have the card's format. Names the field and reason, never the value. */
export class CardNumberFormatError extends KazasuError {
  readonly code = 'credential-format' as const;
  readonly field = 'cardNumber' as const;
  readonly reason = 'card-number-format' as const;
  constructor() {
    super('credential format: cardNumber: 2 letters, 8 digits, 2 letters');
  }
}

/**
 * The card refused the number (MUTUAL AUTHENTICATE or VERIFY answered 63 00): a wrong entry as
 * the kiosk counts them ('pin-wrong', no retries known). `tryConsumed` is false: the card keeps
 * no counter that this could have used.
 */
export class CardNumberRefusedError extends PinError {
  readonly credential = 'cardNumber' as const;
  constructor(readonly stage: CardNumberRejectedError['stage']) {
    super('pin-wrong', `the card refused the card number at ${stage}`);
  }
}

/** The card number as the card wants it (NFKC, no spaces or hyphens, upper case), or a format error. */
export function normaliseCardNumber(value: string): CheckedCardNumber {
  try {
    return checkCardNumber(value);
  } catch (e) {
    if (e instanceof ResidenceCardError && e.code === 'rc-card-number-format') throw new CardNumberFormatError();
    throw e;
  }
}

/** The card library's credential errors in the seam's terms (other errors pass unchanged). */
export function asCredentialError(e: unknown): unknown {
  if (e instanceof CardNumberRejectedError) return new CardNumberRefusedError(e.stage);
  if (e instanceof ResidenceCardError && e.code === 'rc-card-number-format') return new CardNumberFormatError();
  return e;
}

export const RESIDENCE_CARD_CREDENTIAL_SPECS: Readonly<Record<ResidenceCardCredential, CredentialSpec>> = {
  cardNumber: {
    flag: 'card-number',
    normalise: (v) => normaliseCardNumber(v).reveal(),
    counterReadable: false,
    attemptsPerPlacement: CARD_NUMBER_ATTEMPTS_PER_PLACEMENT,
    // The clerk copies it from the card's top right corner (printed, not secret).
    entry: { by: 'clerk', length: 12, characters: 'alphanumeric', upperCase: true },
  },
};

/** Every credential error of this document is about the card number. */
export function residenceCardCredentialOf(): ResidenceCardCredential {
  return 'cardNumber';
}
