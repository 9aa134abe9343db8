/**
 * DF1/EF02 記載事項(本籍), 82 bytes, PIN1 + PIN2: `41 <len> <JIS X 0208>` [I×4: TRET, SOFT, MATS,
 * WATA]. It comes off the card only as ForbiddenBytes; turning it into text needs a
 * `shown-to-staff` reason naming the purpose, and the text is never part of a report.
 */
import { wipe } from '../../bytes/byte-ops';
import { ForbiddenBytes, type HonsekiReason } from './forbidden-data';
import { decodeJisX0208, type JisEdition, type LicenceText } from './jis-x0208';
import { HONSEKI_TAG } from './licence-layout';
import { LicenceCardError, LicenceRecordError } from './licence-errors';
import { hexTag, parseLicenceTlvs, valueOffset } from './licence-tlv';

const RECORD = 'df1/ef02';

/** Decode 本籍 for a purpose that shows it. The caller must not keep the result. */
export function decodeHonseki(data: ForbiddenBytes, reason: Extract<HonsekiReason, { kind: 'shown-to-staff' }>, fillerBytes: readonly number[], edition: JisEdition = 'current'): LicenceText {
  if (reason?.kind !== 'shown-to-staff') throw new LicenceCardError('licence-honseki-reason-required', '本籍 is decoded only for a purpose that shows it');
  const bytes = data.reveal(reason);
  try {
    return parseHonsekiBytes(bytes, fillerBytes, edition);
  } finally {
    wipe(bytes);
  }
}

/** The parser proper (exported for the fuzz suite; its input is wiped by the caller). */
export function parseHonsekiBytes(bytes: Uint8Array, fillerBytes: readonly number[], edition: JisEdition = 'current'): LicenceText {
  const { items } = parseLicenceTlvs(bytes, { fillerBytes });
  const item = items[0];
  if (!item) throw new LicenceRecordError('licence-record-empty', RECORD, 'no 本籍 written', 0);
  if (item.tag !== HONSEKI_TAG) throw new LicenceRecordError('licence-record-wrong-tag', RECORD, `expected tag 41, found ${hexTag(item.tag)}`, item.offset);
  if (items.length > 1) throw new LicenceRecordError('licence-record-bad-structure', RECORD, 'more than one object', items[1]!.offset);
  return decodeJisX0208(item.value, RECORD, valueOffset(item), edition);
}

export { ForbiddenBytes };
