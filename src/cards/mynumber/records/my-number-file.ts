/** 券面事項入力補助AP EF 0001 — 個人番号 (spec §3.1). */
import { isValidMyNumber } from '../credentials';
import { CardRecordError } from '../card-error';
import { asciiDigits, ownCopy, parseOuter } from './record-helpers';

const RECORD = 'text-ap/ef0001';
const TAG = 0xff10;
/** `FF 10 0C` + 12 digits + `FF FF`: the EF's physical size, all of which EF 0003 DF31 hashes (spec §3.1, §3.3). */
export const MY_NUMBER_FILE_LENGTH = 17;

export interface MyNumberFile {
  /** SENSITIVE: the 12-digit 個人番号. Never log or display outside the 番号法 flow. */
  readonly myNumber: string;
  /** The 総務省令 check digit matches (a mismatch means corrupted or forged data). */
  readonly checkDigitValid: boolean;
  /** SENSITIVE: all 17 bytes as read, filler included — the input to the EF 0003 DF31 digest. */
  readonly physical: Uint8Array;
}

export function parseMyNumberFile(bytes: Uint8Array): MyNumberFile {
  // The digest covers the physical file, so a short or long read cannot be verified (spec §3.3).
  if (bytes.length !== MY_NUMBER_FILE_LENGTH) {
    throw new CardRecordError('record-bad-length', RECORD, `expected ${MY_NUMBER_FILE_LENGTH} bytes, got ${bytes.length}`);
  }
  const physical = ownCopy(bytes);
  const outer = parseOuter(physical, TAG, RECORD);
  const myNumber = asciiDigits(outer, 12, RECORD);
  return { myNumber, checkDigitValid: isValidMyNumber(myNumber), physical };
}
