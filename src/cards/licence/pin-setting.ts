/**
 * Whether the holder set PINs (licence-facts §1.4, §5.3): MF/EF02 `05 01 xx` on the licence card
 * [I×3: MATS, HMPOW, TRET], WEF01 `C1 01 xx` in the マイナ免許証 application [I×3: HMPOW, ARDU,
 * CIV]; xx = 01 set by the holder, 00 not set. When not set, the card expects the literal `****`.
 *
 * Any other answer is `unknown`, and `unknown` never leads to `****` being sent: HMPOW keeps "read
 * error" apart from "not set" for exactly this reason (guessing the default PIN on a misread can
 * block the card).
 */
import { LicenceRecordError } from './licence-errors';
import { hexTag, parseLicenceTlvs } from './licence-tlv';

export type PinSetting =
  | { readonly kind: 'set' }
  | { readonly kind: 'not-set' }
  /** Unreadable, or a value other than 00/01 (CIV says only bit 1 is used: [U]). */
  | { readonly kind: 'unknown'; readonly value?: number };

export function parsePinSetting(file: Uint8Array, tag: number, record: string, fillerBytes: readonly number[]): PinSetting {
  const { items } = parseLicenceTlvs(file, { fillerBytes });
  const item = items[0];
  if (!item) throw new LicenceRecordError('licence-record-empty', record, 'no PIN setting written', 0);
  if (item.tag !== tag) throw new LicenceRecordError('licence-record-wrong-tag', record, `expected tag ${hexTag(tag)}, found ${hexTag(item.tag)}`, item.offset);
  if (items.length > 1) throw new LicenceRecordError('licence-record-bad-structure', record, 'more than one object', items[1]!.offset);
  if (item.length !== 1) throw new LicenceRecordError('licence-record-bad-length', record, `tag ${hexTag(tag)} must be 1 byte, is ${item.length}`, item.offset);
  const v = item.value[0]!;
  if (v === 0x01) return { kind: 'set' };
  if (v === 0x00) return { kind: 'not-set' };
  return { kind: 'unknown', value: v };
}
