/**
 * DF `…0100` EF 0001 record 1 (spec §2.7, single source MC): SIMPLE-TLV `01 1C` + 28 ASCII digits
 * = serial (15) + 全国地方公共団体コード (5) + expiry YYYYMMDD (8).
 */
import { parseSimpleTlvList } from '../../../apdu/simple-tlv';
import { CardRecordError } from '../card-error';
import { formatIsoDate, parseCompactDate } from '../wareki';
import { asciiDigitBytes, ownCopy } from './record-helpers';

const RECORD = 'common-ap/ef0001#1';
const TAG = 0x01;
const VALUE_LENGTH = 28;

export interface CommonCardInfo {
  /** 15 digits; MYNA calls part of it a 製造番号. */
  readonly serial: string;
  readonly municipalityCode: string;
  /** 'YYYY-MM-DD' */
  readonly expiry: string;
  readonly raw: Uint8Array;
}

export function parseCommonCardInfo(bytes: Uint8Array): CommonCardInfo {
  const raw = ownCopy(bytes);
  const items = parseSimpleTlvList(raw);
  const item = items[0];
  if (!item) throw new CardRecordError('record-empty', RECORD, 'record holds no data', 0);
  if (item.tag !== TAG) throw new CardRecordError('record-wrong-tag', RECORD, 'expected SIMPLE-TLV tag 01', item.offset);
  if (items.length > 1) throw new CardRecordError('record-bad-structure', RECORD, 'unexpected data after tag 01', items[1]!.offset);
  if (item.length !== VALUE_LENGTH) {
    throw new CardRecordError('record-bad-length', RECORD, `tag 01 must be ${VALUE_LENGTH} bytes, is ${item.length}`, item.offset);
  }
  const at = item.offset + 2;
  const digits = asciiDigitBytes(item.value, at, RECORD, 'card info');
  const d = parseCompactDate(digits.slice(20));
  if (!d) throw new CardRecordError('record-bad-value', RECORD, 'expiry is not a valid date', at + 20);
  return { serial: digits.slice(0, 15), municipalityCode: digits.slice(15, 20), expiry: formatIsoDate(d), raw };
}
