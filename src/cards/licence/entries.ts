/**
 * DF1/EF01 記載事項(本籍除く), 880 bytes, PIN1 (licence-facts §3.1) [I×5: TRET, SOFT, MATS, WATA,
 * TAKU citing spec p.11]: one TLV per field, tags 11–33, JIS X 0208 text, JIS X 0201 numbers and
 * 元号YYMMDD dates, then filler. Field widths are [U] (CIV), so none is enforced except the licence
 * number's digit count (layout.licenceNumberDigits, itself [U]).
 */
import { copyBytes } from '../../bytes/byte-ops';
import { parseEraDateBytes, type EraDate } from './era-date';
import { decodeJisX0208, jisEditionOf, type JisEdition, type LicenceText } from './jis-x0208';
import { jisDigits } from './jis-x0201';
import { CLASS_TAG_FIRST, FACE_DATE_IDS, FACE_DATE_TAG_FIRST, LICENCE_CLASS_IDS, type FaceDateId, type LicenceClassId } from './licence-classes';
import { ENTRY_TAG, type LicenceCardLayout } from './licence-layout';
import { LicenceRecordError } from './licence-errors';
import { hexTag, indexTlvs, parseLicenceTlvs, valueOffset, type LicenceTlv } from './licence-tlv';

/** 免許証の色区分 (tag 1A): 優良 (gold), 新規 (green), その他 (blue) [I: TRET, LJ]. */
export type ColourCategory = 'excellent' | 'new' | 'other' | 'unknown';

export interface LicenceClassEntry {
  readonly id: LicenceClassId;
  readonly held: boolean;
  /** When the class was obtained; absent when not held. */
  readonly date?: EraDate;
}

export interface LicenceEntries {
  /** Tag 11 as written, and the mapping it selects (jis-x0208.ts). */
  readonly jisYear: number | undefined;
  readonly jisEdition: JisEdition;
  /** 氏名: family and given names separated by U+3000 [I: TAKU citing the spec, CIV]. */
  readonly name: LicenceText;
  /** 呼び名 (カナ). */
  readonly nameKana: LicenceText | undefined;
  /** 通称名. */
  readonly alias: LicenceText | undefined;
  /** 統一氏名 (カナ). */
  readonly unifiedNameKana: LicenceText | undefined;
  readonly birthDate: EraDate;
  /** 住所 as issued; a later move is in the change records (DF1/EF04). */
  readonly address: LicenceText;
  readonly issueDate: EraDate;
  /** 照会番号 (JIS X 0201 digits). */
  readonly referenceNumber: string | undefined;
  readonly colour: { readonly kind: ColourCategory; readonly text: LicenceText };
  readonly expiryDate: EraDate;
  /** 免許の条件 1–4 that are written (empty ones left out), in order. */
  readonly conditions: readonly LicenceText[];
  /** 公安委員会名. */
  readonly publicSafetyCommission: LicenceText;
  /** 免許証の番号 (the 記号番号 a 確認記録 keeps). */
  readonly licenceNumber: string;
  /** The three date columns of the card face (tags 22–24). */
  readonly faceDates: Readonly<Record<FaceDateId, EraDate | undefined>>;
  /** Every class (tags 25–33) with whether it is held. */
  readonly classes: readonly LicenceClassEntry[];
  /** Tags present that no implementation describes (34–3F RFU per CIV, or newer fields): listed, not trusted. */
  readonly unknownTags: readonly number[];
  /** The file as read (copy). */
  readonly raw: Uint8Array;
}

const RECORD = 'df1/ef01';
const KNOWN = new Set<number>();
for (let t = 0x11; t <= 0x33; t++) KNOWN.add(t);

function colourOf(text: LicenceText): ColourCategory {
  switch (text.display) {
    case '優良':
      return 'excellent';
    case '新規':
      return 'new';
    case 'その他':
    case '一般':
      return 'other';
    default:
      return 'unknown';
  }
}

export function parseEntries(file: Uint8Array, layout: Pick<LicenceCardLayout, 'fillerBytes' | 'licenceNumberDigits'>): LicenceEntries {
  const raw = copyBytes(file);
  const { items } = parseLicenceTlvs(raw, { fillerBytes: layout.fillerBytes });
  if (items.length === 0) throw new LicenceRecordError('licence-record-empty', RECORD, 'no 記載事項 written', 0);
  const { byTag, unknown } = indexTlvs(items, KNOWN);

  const jisTlv = byTag.get(ENTRY_TAG.jisYear);
  if (jisTlv && jisTlv.length > 1) throw new LicenceRecordError('licence-record-bad-length', RECORD, 'tag 11 must be 1 byte', jisTlv.offset);
  const jisYear = jisTlv && jisTlv.length === 1 ? jisTlv.value[0]! : undefined;
  const edition = jisEditionOf(jisYear);

  const need = (tag: number): LicenceTlv => {
    const t = byTag.get(tag);
    if (!t) throw new LicenceRecordError('licence-record-missing-field', RECORD, `missing tag ${hexTag(tag)}`, 0);
    return t;
  };
  const text = (t: LicenceTlv): LicenceText => decodeJisX0208(t.value, RECORD, valueOffset(t), edition);
  const requiredText = (tag: number): LicenceText => {
    const t = need(tag);
    if (t.length === 0) throw new LicenceRecordError('licence-record-missing-field', RECORD, `tag ${hexTag(tag)} is empty`, t.offset);
    return text(t);
  };
  const optionalText = (tag: number): LicenceText | undefined => {
    const t = byTag.get(tag);
    return t && t.length > 0 ? text(t) : undefined;
  };
  const date = (t: LicenceTlv): EraDate | undefined => {
    const d = parseEraDateBytes(t.value, RECORD, valueOffset(t));
    return d.kind === 'date' ? d.date : undefined;
  };
  const requiredDate = (tag: number): EraDate => {
    const t = need(tag);
    const d = date(t);
    if (!d) throw new LicenceRecordError('licence-record-missing-field', RECORD, `tag ${hexTag(tag)} holds no date`, t.offset);
    return d;
  };

  const numberTlv = need(ENTRY_TAG.licenceNumber);
  const refTlv = byTag.get(ENTRY_TAG.referenceNumber);
  const colourText = requiredText(ENTRY_TAG.colour);

  const conditions: LicenceText[] = [];
  for (const tag of [ENTRY_TAG.condition1, ENTRY_TAG.condition2, ENTRY_TAG.condition3, ENTRY_TAG.condition4]) {
    const c = optionalText(tag);
    if (c && c.display !== '') conditions.push(c);
  }

  const faceDates = {} as Record<FaceDateId, EraDate | undefined>;
  FACE_DATE_IDS.forEach((id, i) => {
    const t = byTag.get(FACE_DATE_TAG_FIRST + i);
    faceDates[id] = t ? date(t) : undefined;
  });
  const classes = LICENCE_CLASS_IDS.map((id, i): LicenceClassEntry => {
    const t = byTag.get(CLASS_TAG_FIRST + i);
    const d = t ? date(t) : undefined;
    return d ? { id, held: true, date: d } : { id, held: false };
  });

  return {
    jisYear,
    jisEdition: edition,
    name: requiredText(ENTRY_TAG.name),
    nameKana: optionalText(ENTRY_TAG.nameKana),
    alias: optionalText(ENTRY_TAG.alias),
    unifiedNameKana: optionalText(ENTRY_TAG.unifiedNameKana),
    birthDate: requiredDate(ENTRY_TAG.birthDate),
    address: requiredText(ENTRY_TAG.address),
    issueDate: requiredDate(ENTRY_TAG.issueDate),
    referenceNumber: refTlv && refTlv.length > 0 ? jisDigits(refTlv.value, RECORD, valueOffset(refTlv), '照会番号') : undefined,
    colour: { kind: colourOf(colourText), text: colourText },
    expiryDate: requiredDate(ENTRY_TAG.expiryDate),
    conditions,
    publicSafetyCommission: requiredText(ENTRY_TAG.publicSafetyCommission),
    licenceNumber: jisDigits(numberTlv.value, RECORD, valueOffset(numberTlv), '免許証の番号', layout.licenceNumberDigits),
    faceDates,
    classes,
    unknownTags: unknown.map((u) => u.tag),
    raw,
  };
}
