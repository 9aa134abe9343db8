import { KazasuError } from '../../errors/kazasu-error';

/**
 * Why a card record (the bytes of one EF or record) was rejected.
 * TLV-level problems (truncation, bad lengths, filler) surface as `TlvError` from the TLV parser;
 * these codes cover the layer above: "the TLV is well formed but is not the record the spec describes".
 */
export type CardRecordErrorCode =
  /** Children missing, extra, duplicated or out of order compared with the spec layout. */
  | 'record-bad-structure'
  /** The outer tag (or a fixed child tag) is not the one the spec names for this EF. */
  | 'record-wrong-tag'
  /** A field or the whole file has a length the spec does not allow. */
  | 'record-bad-length'
  /** The DF21 offset table does not point at the TLVs that follow it (spec §3.2, §3.7). */
  | 'record-bad-offset-table'
  /** A field has the right size but impossible content (non-digit, impossible date, even RSA modulus…). */
  | 'record-bad-value'
  /** A text field is not valid UTF-8 (or contains control characters). */
  | 'record-bad-utf8'
  /** A required field is absent. */
  | 'record-missing-field'
  /** The EF holds only filler (FF) or nothing at all. */
  | 'record-empty';

/**
 * A card record failed validation. Messages name the record, the field and the structural fact
 * (tag, length, offset) only — never a field's value, because values are personal data.
 */
export class CardRecordError extends KazasuError {
  readonly code: CardRecordErrorCode;
  /** Which record, e.g. `text-ap/ef0002`. */
  readonly record: string;
  /** Absolute byte offset in the EF where the problem was found, when meaningful. */
  readonly offset: number | undefined;

  constructor(code: CardRecordErrorCode, record: string, detail: string, offset?: number) {
    super(`${record}: ${detail}${offset === undefined ? '' : ` (offset ${offset})`}`);
    this.code = code;
    this.record = record;
    this.offset = offset;
  }
}
