/**
 * DF1/EF04 記載事項変更等(本籍除く), 640 bytes, PIN1 (licence-facts §3.5): what a 公安委員会 wrote
 * on the card after issue — a moved holder's new address, a new name, new or lifted conditions.
 *
 * Tags [I: MATS constants; WATA parses every record after the first; TRET's field list]:
 *   50 追記の有無, 51–5F 新住所地公安委員会名 1–15, 60–67 新氏名 1–8, 68–6F 新呼び名 1–8,
 *   70–77 新住所 1–8, 78–7F 新条件 1–8, 80–87 条件解除 1–8, 88–8F 備考 1–8, 90–97 予備 1–8.
 * One record's value [I×2, independent: MATS skips the first 15 and the last 10 bytes of every
 * change value; WATA reads 1 byte, 7 characters of date, the text, 5 characters of 公安委員会]:
 *   byte 0 JIS X 0208 制定年番号 ‖ 14 bytes 変更年月日 (7 full-width digits, 元号YYMMDD) ‖ the new
 *   text (JIS X 0208) ‖ 10 bytes 公安委員会名 (5 JIS X 0208 characters).
 * Numbering is in order of entry: the latest new address is the highest-numbered 70–77 present
 * [I: MATS overwrites the address with 70…77 in order].
 */
import { copyBytes } from '../../bytes/byte-ops';
import { foldFullWidthDigits, parseEraDigits, type EraDate } from './era-date';
import { decodeJisX0208, jisEditionOf, type LicenceText } from './jis-x0208';
import type { LicenceCardLayout } from './licence-layout';
import { LicenceRecordError } from './licence-errors';
import { hexTag, indexTlvs, parseLicenceTlvs, valueOffset, type LicenceTlv } from './licence-tlv';

export type ChangeKind =
  | 'new-address-commission'
  | 'new-name'
  | 'new-name-kana'
  | 'new-address'
  | 'new-condition'
  | 'condition-lifted'
  | 'remark'
  | 'reserved';

/** First tag and count of each kind. */
export const CHANGE_TAGS: Readonly<Record<ChangeKind, { readonly first: number; readonly count: number }>> = {
  'new-address-commission': { first: 0x51, count: 15 },
  'new-name': { first: 0x60, count: 8 },
  'new-name-kana': { first: 0x68, count: 8 },
  'new-address': { first: 0x70, count: 8 },
  'new-condition': { first: 0x78, count: 8 },
  'condition-lifted': { first: 0x80, count: 8 },
  remark: { first: 0x88, count: 8 },
  reserved: { first: 0x90, count: 8 },
};
export const CHANGE_APPENDED_TAG = 0x50;

export interface ChangeRecord {
  readonly kind: ChangeKind;
  /** 1-based number within its kind (order of entry). */
  readonly index: number;
  readonly tag: number;
  /** The record's JIS X 0208 制定年番号 byte. */
  readonly jisYear: number;
  readonly date: EraDate;
  readonly text: LicenceText;
  /** The 公安委員会 that wrote the change. */
  readonly publicSafetyCommission: LicenceText;
  /** Offset of the record's tag in the file. */
  readonly offset: number;
}

export interface ChangeRecords {
  /** 追記の有無 as written (meaning [U]), or undefined when absent or empty. */
  readonly appended: number | undefined;
  /** Every record present, in tag order. */
  readonly records: readonly ChangeRecord[];
  readonly raw: Uint8Array;
}

const RECORD = 'df1/ef04';
/** 1 byte 制定年番号 + 14 bytes date + 10 bytes 公安委員会名 around the text. */
export const CHANGE_RECORD_FRAME = 25;

const KIND_OF_TAG = new Map<number, { kind: ChangeKind; index: number }>();
for (const [kind, { first, count }] of Object.entries(CHANGE_TAGS) as [ChangeKind, { first: number; count: number }][]) {
  for (let i = 0; i < count; i++) KIND_OF_TAG.set(first + i, { kind, index: i + 1 });
}

function parseRecord(t: LicenceTlv, kind: ChangeKind, index: number): ChangeRecord {
  const at = valueOffset(t);
  if (t.length < CHANGE_RECORD_FRAME) {
    throw new LicenceRecordError('licence-record-bad-length', RECORD, `change record ${hexTag(t.tag)} is ${t.length} bytes, shorter than its ${CHANGE_RECORD_FRAME}-byte frame`, t.offset);
  }
  const v = t.value;
  const jisYear = v[0]!;
  const edition = jisEditionOf(jisYear);
  const dateText = decodeJisX0208(v.subarray(1, 15), RECORD, at + 1, edition);
  const digits = dateText.segments.length === 1 && dateText.segments[0]!.kind === 'text' ? foldFullWidthDigits(dateText.segments[0]!.text) : undefined;
  if (digits === undefined) throw new LicenceRecordError('licence-record-bad-value', RECORD, `change record ${hexTag(t.tag)}: the date is not 7 full-width digits`, at + 1);
  const parsed = parseEraDigits(digits, RECORD, at + 1);
  if (parsed.kind !== 'date') throw new LicenceRecordError('licence-record-bad-value', RECORD, `change record ${hexTag(t.tag)} has no date`, at + 1);
  return {
    kind,
    index,
    tag: t.tag,
    jisYear,
    date: parsed.date,
    text: decodeJisX0208(v.subarray(15, t.length - 10), RECORD, at + 15, edition),
    publicSafetyCommission: decodeJisX0208(v.subarray(t.length - 10), RECORD, at + t.length - 10, edition),
    offset: t.offset,
  };
}

export function parseChangeRecords(file: Uint8Array, layout: Pick<LicenceCardLayout, 'fillerBytes'>): ChangeRecords {
  const raw = copyBytes(file);
  const { items } = parseLicenceTlvs(raw, { fillerBytes: layout.fillerBytes });
  const known = new Set<number>([CHANGE_APPENDED_TAG, ...KIND_OF_TAG.keys()]);
  const { byTag, unknown } = indexTlvs(items, known);
  if (unknown.length > 0) throw new LicenceRecordError('licence-record-bad-structure', RECORD, `unexpected tag ${hexTag(unknown[0]!.tag)}`, unknown[0]!.offset);
  const records: ChangeRecord[] = [];
  for (const t of [...byTag.values()].sort((a, b) => a.tag - b.tag)) {
    const k = KIND_OF_TAG.get(t.tag);
    if (!k || t.length === 0) continue;
    records.push(parseRecord(t, k.kind, k.index));
  }
  const a = byTag.get(CHANGE_APPENDED_TAG);
  return { appended: a && a.length > 0 ? a.value[0] : undefined, records, raw };
}

/** The records of one kind, in order of entry. */
export function recordsOf(changes: ChangeRecords, kind: ChangeKind): readonly ChangeRecord[] {
  return changes.records.filter((r) => r.kind === kind);
}

/** The latest record of a kind: the highest-numbered one present [I: MATS]. */
export function latestOf(changes: ChangeRecords, kind: ChangeKind): ChangeRecord | undefined {
  const list = recordsOf(changes, kind);
  return list[list.length - 1];
}
