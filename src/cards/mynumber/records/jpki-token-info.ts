/**
 * JPKI-AP EF 0006 — token info: a 160-byte PKCS#11 CK_TOKEN_INFO with 32-bit CK_ULONGs whose
 * first 32 bytes are the space-padded label (spec §2.4). Only the label is interpreted.
 */
import { CardRecordError } from '../card-error';
import { ownCopy } from './record-helpers';

const RECORD = 'jpki-ap/ef0006';
export const JPKI_TOKEN_INFO_LENGTH = 160;
const LABEL_LENGTH = 32;

/** card = physical My Number Card, juki-card = 住基カード, android/iphone = スマホ用電子証明書. */
export type JpkiTokenType = 'card' | 'juki-card' | 'android' | 'iphone' | 'unknown';

const TOKEN_TYPES: Readonly<Record<string, JpkiTokenType>> = {
  JPKIAPICCTOKEN2: 'card',
  JPKIAPICCTOKEN: 'juki-card',
  JPKIAPGPSETOKEN: 'android',
  JPKIAPIOSTOKEN: 'iphone',
};

export interface JpkiTokenInfo {
  /** Label without its trailing space padding. */
  readonly label: string;
  readonly tokenType: JpkiTokenType;
  readonly raw: Uint8Array;
}

export function parseJpkiTokenInfo(bytes: Uint8Array): JpkiTokenInfo {
  if (bytes.length !== JPKI_TOKEN_INFO_LENGTH) {
    throw new CardRecordError('record-bad-length', RECORD, `expected ${JPKI_TOKEN_INFO_LENGTH} bytes, got ${bytes.length}`);
  }
  const raw = ownCopy(bytes);
  let label = '';
  for (let i = 0; i < LABEL_LENGTH; i++) {
    const c = raw[i]!;
    if (c < 0x20 || c > 0x7e) throw new CardRecordError('record-bad-value', RECORD, 'label is not printable ASCII', i);
    label += String.fromCharCode(c);
  }
  label = label.replace(/ +$/, '');
  return { label, tokenType: Object.hasOwn(TOKEN_TYPES, label) ? TOKEN_TYPES[label]! : 'unknown', raw };
}
