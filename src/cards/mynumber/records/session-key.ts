/**
 * 券面事項入力補助AP EF 0006 — RSA key used only to deliver a secure-messaging session key
 * (spec §3.5, §5.4; single source). Layout `A1 <len> { 90 … ; 91 … }`; unsigned.
 */
import { ownCopy, parseOuter, valueOffset } from './record-helpers';
import { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';

const RECORD = 'text-ap/ef0006';
const TAG = 0xa1;

export interface SessionKeyFile {
  readonly publicKey: RsaPublicKey;
  readonly raw: Uint8Array;
}

export function parseSessionKey(bytes: Uint8Array): SessionKeyFile {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  return { publicKey: parseRsaPublicKeyDo(outer.value, valueOffset(outer), RECORD), raw };
}
