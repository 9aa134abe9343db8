import { KazasuError } from '../../errors/kazasu-error';

/**
 * Why a licence file (the bytes of one EF) was rejected. TLV-level problems (a length running past
 * the file, a stray byte after the filler) are `TlvError`s from licence-tlv.ts; these codes cover
 * "the TLVs are well formed but not the record the implementations describe".
 */
export type LicenceRecordErrorCode =
  /** The file holds only filler: nothing was written. */
  | 'licence-record-empty'
  /** A tag the file must open with (or a fixed tag) is another. */
  | 'licence-record-wrong-tag'
  /** A tag occurs twice, or a field is where it cannot be. */
  | 'licence-record-bad-structure'
  | 'licence-record-missing-field'
  /** A field has a length the layout does not allow. */
  | 'licence-record-bad-length'
  /** Right size, impossible content (a non-digit in a number, 13月, era 9). */
  | 'licence-record-bad-value'
  /** JIS X 0208 text with an odd byte count or a byte outside 21–7E (and not a 外字 code). */
  | 'licence-record-bad-text';

/**
 * A licence record failed validation. Messages name the file, the field and the structural fact
 * (tag, length, offset), never a value: values are personal data.
 */
export class LicenceRecordError extends KazasuError {
  constructor(
    readonly code: LicenceRecordErrorCode,
    /** Which file, e.g. `df1/ef01`. */
    readonly record: string,
    detail: string,
    /** Absolute offset in the file where the problem was found. */
    readonly offset?: number,
  ) {
    super(`${record}: ${detail}${offset === undefined ? '' : ` (offset ${offset})`}`);
  }
}

export type LicenceCardErrorCode =
  /** The PIN-setting file could not be read or holds neither 00 nor 01: `****` is never sent on a guess. */
  | 'licence-pin-setting-unknown'
  /** The card says no PIN was set, but digits were entered: sending them would only cost a try. */
  | 'licence-pin-not-set'
  /** `****` was entered but the card says the holder set PINs: refused without a VERIFY (as TRET does). */
  | 'licence-pin-is-set'
  /** The counter the card reports is impossible (more than the layout's tries): a card that lies about it is never trusted with a PIN. */
  | 'licence-retry-counter-implausible'
  /** After a wrong PIN the counter did not drop by exactly one: the card's counter cannot be trusted. */
  | 'licence-retry-counter-inconsistent'
  /** The counter cannot be read without a try (empty VERIFY not allowed by the layout) and the person did not acknowledge it. */
  | 'licence-counter-not-readable'
  /** A file was read before the PIN(s) that open it were verified (the card answered 6982). */
  | 'licence-pin-required'
  /** 本籍 asked for without a reason. */
  | 'licence-honseki-reason-required'
  /** Forbidden data (本籍) was about to be serialised. */
  | 'licence-forbidden-data-serialised'
  /** Forbidden data was used after it was wiped. */
  | 'licence-forbidden-data-wiped'
  /** The licence application of a My Number Card is not on this card (SELECT answered 6A82). */
  | 'licence-application-absent';

/** A licence card operation was refused or did not add up. Never carries a PIN or personal data. */
export class LicenceCardError extends KazasuError {
  constructor(
    readonly code: LicenceCardErrorCode,
    message: string,
    /** The PIN concerned, when there is one. */
    readonly pin?: LicencePinName,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** PIN1 opens the 記載事項 and the signature, PIN2 in addition the photo and 本籍; `mnc` is the マイナ免許証 PIN. */
export type LicencePinName = 'pin1' | 'pin2' | 'mnc';
