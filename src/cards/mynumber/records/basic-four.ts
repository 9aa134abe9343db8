/** 券面事項入力補助AP EF 0002 — 基本4情報 (spec §3.2). */
import { childrenInOrder, checkOffsetTable, compactDate, ownCopy, parseOuter, screenedUtf8Text, singleAsciiChar, span } from './record-helpers';
import type { UnsafeTextFinding } from './unsafe-text';
import { sexFromCardCode, type CardSex } from './sex';

const RECORD = 'text-ap/ef0002';
const TAG = 0xff20;
const TAGS = [0xdf21, 0xdf22, 0xdf23, 0xdf24, 0xdf25] as const;

/** A text field withheld because it holds a character that changes or hides what is shown. */
export interface WithheldText extends UnsafeTextFinding {
  readonly field: 'name' | 'address';
}

export interface BasicFour {
  /**
   * 氏名 (UTF-8 on card; family and given name separated by U+3000). Personal data. Undefined
   * when withheld (see `withheld`): control, bidi or invisible characters are never passed on.
   */
  readonly name: string | undefined;
  /** 住所. Personal data. Undefined when withheld, like `name`. */
  readonly address: string | undefined;
  /** Fields withheld for unsafe characters (empty for every well-formed card seen so far). */
  readonly withheld: readonly WithheldText[];
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  readonly sexCode: string;
  readonly sex: CardSex;
  /** The DF21 table: file offsets of DF22, DF23, DF24, DF25. */
  readonly offsets: readonly number[];
  /** Start of DF22 through end of DF25 TLV — the input to the EF 0003 DF32 digest (spec §3.3). */
  readonly digestSource: Uint8Array;
  /** The whole file as read (copy; every other byte field is a view into it). */
  readonly raw: Uint8Array;
}

export function parseBasicFour(bytes: Uint8Array): BasicFour {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  const [table, name, address, birth, sex] = childrenInOrder(outer, TAGS, RECORD);
  // The table must agree with the layout; a lying table is how a reader that trusts offsets
  // (e.g. to slice the digest source) would be misled (spec §3.2, §3.3).
  const offsets = checkOffsetTable(table, [name, address, birth, sex], RECORD);
  const sexCode = singleAsciiChar(sex, RECORD);
  const nameText = screenedUtf8Text(name, RECORD);
  const addressText = screenedUtf8Text(address, RECORD);
  const withheld: WithheldText[] = [];
  if (nameText.unsafe) withheld.push({ field: 'name', ...nameText.unsafe });
  if (addressText.unsafe) withheld.push({ field: 'address', ...addressText.unsafe });
  return {
    // The digest source below stays the bytes as read, so the integrity check still tells a
    // rewritten record (digest mismatch) from one the issuer signed (unsafe characters).
    name: nameText.text,
    address: addressText.text,
    withheld,
    birthDate: compactDate(birth, RECORD),
    sexCode,
    sex: sexFromCardCode(sexCode),
    offsets,
    digestSource: span(raw, name, sex),
    raw,
  };
}
