/**
 * Card-verifiable certificate (spec §3.4): text AP EF 0004, 券面AP EF 0004, MF GET DATA 00F8/7F21.
 *   7F21 { 5F4E <issuer key id 16 ‖ subject key id 16 ‖ 90/91 RSA key> ; 5F37 <signature> }
 */
import { parseBerList, type BerTlv } from '../../../apdu/ber-tlv';
import { CardRecordError } from '../card-error';
import { KEY_ID_LENGTH } from './key-id';
import { childrenInOrder, ownCopy, parseOuter, signatureValue, tagName, valueOffset } from './record-helpers';
import { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';

export { formatKeyId, keyIdHierarchy, KEY_ID_LENGTH, type KeyHierarchy } from './key-id';
export { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';

const RECORD = 'cv-certificate';
const TAG_TEMPLATE = 0x7f21;
const TAG_BODY = 0x5f4e;
const TAG_SIGNATURE = 0x5f37;

export interface CvCertificate {
  /** 証明者鍵ID: names the CA key that signed `body`. */
  readonly issuerKeyId: Uint8Array;
  /** 被証明者鍵ID: names the key certified here. */
  readonly subjectKeyId: Uint8Array;
  readonly publicKey: RsaPublicKey;
  /** The 5F4E value (297 bytes for RSA-2048): what the signature covers. */
  readonly body: Uint8Array;
  /** PKCS#1 v1.5/SHA-256 over `body` by the issuer key. */
  readonly signature: Uint8Array;
  readonly raw: Uint8Array;
}

function fromParts(body: BerTlv, sig: BerTlv, raw: Uint8Array): CvCertificate {
  const at = valueOffset(body);
  if (body.length <= 2 * KEY_ID_LENGTH) {
    throw new CardRecordError('record-bad-length', RECORD, '5F4E too short for two key ids and a key', body.offset);
  }
  return {
    issuerKeyId: body.value.subarray(0, KEY_ID_LENGTH),
    subjectKeyId: body.value.subarray(KEY_ID_LENGTH, 2 * KEY_ID_LENGTH),
    publicKey: parseRsaPublicKeyDo(body.value.subarray(2 * KEY_ID_LENGTH), at + 2 * KEY_ID_LENGTH, RECORD),
    body: body.value,
    signature: signatureValue(sig, RECORD),
    raw,
  };
}

/** The EF form: `7F 21 82 02 33 …` (568 bytes), optionally followed by FF filler. */
export function parseCvCertificate(bytes: Uint8Array): CvCertificate {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG_TEMPLATE, RECORD);
  const [body, sig] = childrenInOrder(outer, [TAG_BODY, TAG_SIGNATURE], RECORD);
  return fromParts(body, sig, raw);
}

/** The GET DATA form: the 7F21 content `5F4E … 5F37 …` without the template (spec §3.4, §2.8). */
export function parseCvCertificateContent(bytes: Uint8Array): CvCertificate {
  const raw = ownCopy(bytes);
  const items = parseBerList(raw);
  const body = items[0];
  const sig = items[1];
  if (!body || !sig) throw new CardRecordError('record-missing-field', RECORD, 'need 5F4E and 5F37', 0);
  if (body.tag !== TAG_BODY || sig.tag !== TAG_SIGNATURE || items.length !== 2) {
    const bad = body.tag !== TAG_BODY ? body : sig.tag !== TAG_SIGNATURE ? sig : items[2]!;
    throw new CardRecordError('record-bad-structure', RECORD, `unexpected ${tagName(bad.tag)}`, bad.offset);
  }
  return fromParts(body, sig, raw);
}
