/**
 * WEF02 (001B) of the マイナ免許証 application: 免許情報 and 運転経歴情報 (licence-facts §5.5). The
 * tag map is CIV's transcription [U], partly corroborated (mnc-layout.ts MNC_TAG). Parsed
 * leniently: tags not in the map are listed and skipped, every field is optional, and the raw
 * bytes are kept — the signature is over the bytes, not over this reading of them. Name, address
 * and birth date are NOT here: they come from the My Number Card's own applications [I: LJ].
 */
import { copyBytes } from '../../../bytes/byte-ops';
import { parseEraDateBytes, type EraDate } from '../era-date';
import { decodeGaijiDots, gaijiBitmapSize, type GaijiGlyph } from '../gaiji';
import { decodeJisX0208, type GaijiSlot, type LicenceText } from '../jis-x0208';
import { jisDigits } from '../jis-x0201';
import { FACE_DATE_IDS, LICENCE_CLASS_IDS, type FaceDateId, type LicenceClassId } from '../licence-classes';
import { LicenceRecordError } from '../licence-errors';
import { hexTag, indexTlvs, parseLicenceTlvs, valueOffset, type LicenceTlv } from '../licence-tlv';
import type { ColourCategory } from '../entries';
import { classifyImage, PHOTO_MAX_BYTES, type LicencePhoto } from '../photo';
import { MNC_TAG, type MncLicenceLayout } from './mnc-layout';

export interface MncClassEntry {
  readonly id: LicenceClassId;
  readonly held: boolean;
  /** The flag byte as written (01/00, or '1'/'0': which one is [U]). */
  readonly flag: number | undefined;
}

export interface MncLicenceInfo {
  /** 免許情報記録番号 (the licence number on this card). */
  readonly licenceNumber: string | undefined;
  readonly expiryDate: EraDate | undefined;
  readonly colour: { readonly kind: ColourCategory; readonly text: LicenceText } | undefined;
  /** 条件 1–12 that are written, in order. */
  readonly conditions: readonly LicenceText[];
  readonly remarks: readonly LicenceText[];
  readonly faceDates: Readonly<Record<FaceDateId, EraDate | undefined>>;
  readonly classes: readonly MncClassEntry[];
  readonly gaiji: readonly GaijiGlyph[];
  readonly photo: LicencePhoto | undefined;
  /** 運転経歴情報 fields, raw (a licence holder's card leaves them empty [I: HMPOW]). */
  readonly historyNumber: string | undefined;
  readonly unknownTags: readonly number[];
  readonly raw: Uint8Array;
}

const RECORD = 'mnc/wef02';

function colourOf(text: LicenceText): ColourCategory {
  return text.display === '優良' ? 'excellent' : text.display === '新規' ? 'new' : text.display === 'その他' || text.display === '一般' ? 'other' : 'unknown';
}

export function parseMncLicenceInfo(file: Uint8Array, layout: Pick<MncLicenceLayout, 'fillerBytes' | 'twoByteTagFirstBytes' | 'licenceNumberDigits' | 'gaijiBitmap'>): MncLicenceInfo {
  const raw = copyBytes(file);
  const { items } = parseLicenceTlvs(raw, { fillerBytes: layout.fillerBytes, twoByteTagFirstBytes: layout.twoByteTagFirstBytes });
  if (items.length === 0) throw new LicenceRecordError('licence-record-empty', RECORD, 'no licence information written', 0);
  const known = new Set<number>([
    MNC_TAG.historyDate,
    MNC_TAG.historyCategory,
    MNC_TAG.colour,
    MNC_TAG.expiryDate,
    ...MNC_TAG.conditions,
    ...MNC_TAG.gaiji,
    ...MNC_TAG.remarks,
    MNC_TAG.licenceNumber,
    MNC_TAG.historyNumber,
    ...MNC_TAG.faceDates,
    ...LICENCE_CLASS_IDS.map((_, i) => MNC_TAG.classFlagFirst + i),
    MNC_TAG.photo,
  ]);
  const { byTag, unknown } = indexTlvs(items, known);
  const present = (tag: number): LicenceTlv | undefined => {
    const t = byTag.get(tag);
    return t && t.length > 0 ? t : undefined;
  };
  const text = (t: LicenceTlv): LicenceText => decodeJisX0208(t.value, RECORD, valueOffset(t));
  const date = (tag: number): EraDate | undefined => {
    const t = present(tag);
    if (!t) return undefined;
    const d = parseEraDateBytes(t.value, RECORD, valueOffset(t));
    return d.kind === 'date' ? d.date : undefined;
  };
  const texts = (tags: readonly number[]): LicenceText[] =>
    tags
      .map((tag) => present(tag))
      .filter((t): t is LicenceTlv => t !== undefined)
      .map(text)
      .filter((t) => t.display !== '');

  const numberTlv = present(MNC_TAG.licenceNumber);
  const historyTlv = present(MNC_TAG.historyNumber);
  const colourTlv = present(MNC_TAG.colour);
  const faceDates = {} as Record<FaceDateId, EraDate | undefined>;
  FACE_DATE_IDS.forEach((id, i) => (faceDates[id] = date(MNC_TAG.faceDates[i]!)));
  const classes = LICENCE_CLASS_IDS.map((id, i): MncClassEntry => {
    const t = present(MNC_TAG.classFlagFirst + i);
    if (t && t.length !== 1) throw new LicenceRecordError('licence-record-bad-length', RECORD, `class flag ${hexTag(t.tag)} must be 1 byte`, t.offset);
    const flag = t?.value[0];
    return { id, held: flag === 0x01 || flag === 0x31, flag };
  });
  const gaiji: GaijiGlyph[] = [];
  MNC_TAG.gaiji.forEach((tag, i) => {
    const t = present(tag);
    if (!t) return;
    const value = copyBytes(t.value);
    const f = layout.gaijiBitmap;
    const bitmap = value.length === f.headerBytes + gaijiBitmapSize(f) ? decodeGaijiDots(value.subarray(f.headerBytes), f) : undefined;
    gaiji.push({ slot: (i + 1) as GaijiSlot, header: value.slice(0, Math.min(f.headerBytes, value.length)), bitmap, raw: value });
  });
  const photoTlv = present(MNC_TAG.photo);
  let photo: LicencePhoto | undefined;
  if (photoTlv) {
    if (photoTlv.length > PHOTO_MAX_BYTES) throw new LicenceRecordError('licence-record-bad-length', RECORD, `photo of ${photoTlv.length} bytes (limit ${PHOTO_MAX_BYTES})`, photoTlv.offset);
    const image = copyBytes(photoTlv.value);
    photo = { image, ...classifyImage(image) };
  }
  return {
    licenceNumber: numberTlv ? jisDigits(numberTlv.value, RECORD, valueOffset(numberTlv), '免許情報記録番号', layout.licenceNumberDigits) : undefined,
    expiryDate: date(MNC_TAG.expiryDate),
    colour: colourTlv ? { kind: colourOf(text(colourTlv)), text: text(colourTlv) } : undefined,
    conditions: texts(MNC_TAG.conditions),
    remarks: texts(MNC_TAG.remarks),
    faceDates,
    classes,
    gaiji,
    photo,
    historyNumber: historyTlv ? jisDigits(historyTlv.value, RECORD, valueOffset(historyTlv), '運転経歴情報記録番号') : undefined,
    unknownTags: unknown.map((u) => u.tag),
    raw,
  };
}
