/**
 * The 電子署名 file: DF1/EF07 on the licence card (578 bytes, PIN1; licence-facts §3.7) and WEF03
 * (001C) in the マイナ免許証 application (§5.6). It holds the issuer's signature and the
 * identifiers of the certificate that checks it — never the certificate itself [I: no source reads
 * one from the card].
 *
 * Tags [I×2: MATS constants B1–B6; TRET's field list]: B1 電子署名 (binary; `82 01 00` = 256
 * bytes [I: HMPOW], fits RSA-2048), B2 シリアル番号, B3 RFU, B4 発行者名, B5 主体者名 (JIS X 0201;
 * ASCII letters, spaces and dots [I: simphon Qiita citing 技術仕様2-9]), B6 主体者鍵識別子 (binary).
 * The field sizes (256/16/48/80/130/32) are [U: CIV], so none is enforced beyond sane bounds.
 * On the マイナ免許証 the same fields are tags 0108–010D [U: CIV].
 */
import { copyBytes } from '../../bytes/byte-ops';
import { jisPrintable } from './jis-x0201';
import { SIGNATURE_TAG, type LicenceCardLayout } from './licence-layout';
import { LicenceRecordError } from './licence-errors';
import { hexTag, indexTlvs, parseLicenceTlvs, valueOffset, type LicenceTlv } from './licence-tlv';

export interface SignatureTags {
  readonly value: number;
  readonly serial: number;
  readonly rfu: number;
  readonly issuer: number;
  readonly subject: number;
  readonly subjectKeyId: number;
}

export interface LicenceSignatureFile {
  /** The signature value as read. */
  readonly signature: Uint8Array;
  /** シリアル番号 as JIS X 0201 text, trailing padding removed. */
  readonly serial: string;
  /** 発行者名 (the signing certificate's issuer). */
  readonly issuerName: string;
  /** 主体者名 (the signing certificate's subject). */
  readonly subjectName: string;
  /** 主体者鍵識別子 as written (trailing padding is not removed: its form is [U]). */
  readonly subjectKeyId: Uint8Array;
  readonly raw: Uint8Array;
}

/** RSA signatures from 1024 to 4096 bits; the key size itself is checked against the certificate. */
const SIGNATURE_BYTES = { min: 128, max: 512 } as const;

export function parseSignatureFile(
  file: Uint8Array,
  layout: Pick<LicenceCardLayout, 'fillerBytes'>,
  options: { readonly record?: string; readonly tags?: SignatureTags; readonly twoByteTagFirstBytes?: readonly number[] } = {},
): LicenceSignatureFile {
  const record = options.record ?? 'df1/ef07';
  const tags = options.tags ?? SIGNATURE_TAG;
  const raw = copyBytes(file);
  const { items } = parseLicenceTlvs(raw, { fillerBytes: layout.fillerBytes, ...(options.twoByteTagFirstBytes ? { twoByteTagFirstBytes: options.twoByteTagFirstBytes } : {}) });
  if (items.length === 0) throw new LicenceRecordError('licence-record-empty', record, 'no signature written', 0);
  const { byTag } = indexTlvs(items, new Set(Object.values(tags)));
  const need = (tag: number): LicenceTlv => {
    const t = byTag.get(tag);
    if (!t) throw new LicenceRecordError('licence-record-missing-field', record, `missing tag ${hexTag(tag)}`, 0);
    return t;
  };
  const sig = need(tags.value);
  if (sig.length < SIGNATURE_BYTES.min || sig.length > SIGNATURE_BYTES.max) {
    throw new LicenceRecordError('licence-record-bad-length', record, `signature of ${sig.length} bytes`, sig.offset);
  }
  const serial = need(tags.serial);
  const issuer = need(tags.issuer);
  const subject = need(tags.subject);
  const ski = need(tags.subjectKeyId);
  if (ski.length === 0 || ski.length > 64) throw new LicenceRecordError('licence-record-bad-length', record, `subject key identifier of ${ski.length} bytes`, ski.offset);
  const text = (t: LicenceTlv, what: string): string => jisPrintable(t.value, record, valueOffset(t), what);
  return {
    signature: sig.value.slice(),
    serial: text(serial, 'シリアル番号'),
    issuerName: text(issuer, '発行者名'),
    subjectName: text(subject, '主体者名'),
    subjectKeyId: ski.value.slice(),
    raw,
  };
}
