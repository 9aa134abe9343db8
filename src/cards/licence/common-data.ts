/**
 * MF/EF01 共通データ要素, 17 bytes, free to read (licence-facts §1.5):
 * `45 0B` 仕様書バージョン番号 (3 JIS X 0201 characters, e.g. "008") ‖ 交付年月日 (packed BCD
 * YYYYMMDD) ‖ 有効期間の末日 (packed BCD YYYYMMDD); `46 02` カード製造業者識別子 ‖ 暗号関数識別子
 * [I×3: TRET, HMPOW, TAKU citing spec p.9]. The meaning of the two tag-46 bytes is [U]; the
 * crypto function id is kept because it is the natural switch for the signature's hash.
 */
import { copyBytes } from '../../bytes/byte-ops';
import { formatIsoDate, isValidCalendarDate, toWarekiFromDate, WarekiError } from '../mynumber/wareki';
import { eraDateOfIso, type EraDate } from './era-date';
import { COMMON_TAG, type LicenceCardLayout } from './licence-layout';
import { LicenceRecordError } from './licence-errors';
import { hexTag, indexTlvs, parseLicenceTlvs, valueOffset, type LicenceTlv } from './licence-tlv';

export interface LicenceCommonData {
  /** 仕様書バージョン番号, e.g. "008". */
  readonly specVersion: string;
  readonly issueDate: EraDate;
  readonly expiryDate: EraDate;
  readonly manufacturerId: number;
  /** 暗号関数識別子: selects the signature's hash (verify/licence/signature-profile.ts). */
  readonly cryptoFunctionId: number;
  /** The file as read. */
  readonly raw: Uint8Array;
}

const RECORD = 'mf/ef01';

function bcdDate(value: Uint8Array, at: number, abs: number): EraDate {
  let digits = '';
  for (let i = 0; i < 4; i++) {
    const b = value[at + i]!;
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) throw new LicenceRecordError('licence-record-bad-value', RECORD, 'date is not packed BCD', abs + at + i);
    digits += `${hi}${lo}`;
  }
  const d = { year: Number(digits.slice(0, 4)), month: Number(digits.slice(4, 6)), day: Number(digits.slice(6, 8)) };
  if (!isValidCalendarDate(d.year, d.month, d.day)) throw new LicenceRecordError('licence-record-bad-value', RECORD, 'not a real calendar date', abs + at);
  try {
    toWarekiFromDate(d);
  } catch (e) {
    if (e instanceof WarekiError) throw new LicenceRecordError('licence-record-bad-value', RECORD, 'date before the Meiji era', abs + at);
    throw e;
  }
  return eraDateOfIso(formatIsoDate(d), d);
}

function required(byTag: Map<number, LicenceTlv>, tag: number, length: number): LicenceTlv {
  const t = byTag.get(tag);
  if (!t) throw new LicenceRecordError('licence-record-missing-field', RECORD, `missing tag ${hexTag(tag)}`, 0);
  if (t.length !== length) throw new LicenceRecordError('licence-record-bad-length', RECORD, `tag ${hexTag(tag)} must be ${length} bytes, is ${t.length}`, t.offset);
  return t;
}

export function parseCommonData(file: Uint8Array, layout: Pick<LicenceCardLayout, 'fillerBytes'>): LicenceCommonData {
  const raw = copyBytes(file);
  const { items } = parseLicenceTlvs(raw, { fillerBytes: layout.fillerBytes });
  if (items.length === 0) throw new LicenceRecordError('licence-record-empty', RECORD, 'no common data written', 0);
  const { byTag } = indexTlvs(items, new Set([COMMON_TAG.issuer, COMMON_TAG.preIssue]));
  const issuer = required(byTag, COMMON_TAG.issuer, 11);
  const pre = required(byTag, COMMON_TAG.preIssue, 2);
  const v = issuer.value;
  let specVersion = '';
  for (let i = 0; i < 3; i++) {
    const c = v[i]!;
    if (c < 0x20 || c > 0x7e) throw new LicenceRecordError('licence-record-bad-value', RECORD, 'spec version is not JIS X 0201 text', valueOffset(issuer) + i);
    specVersion += String.fromCharCode(c);
  }
  return {
    specVersion,
    issueDate: bcdDate(v, 3, valueOffset(issuer)),
    expiryDate: bcdDate(v, 7, valueOffset(issuer)),
    manufacturerId: pre.value[0]!,
    cryptoFunctionId: pre.value[1]!,
    raw,
  };
}
