/**
 * The 署名用 certificate's personal attributes: subjectAltName otherNames
 * `[0] { OID, [0] EXPLICIT UTF8String }` (spec §4.5). OIDs follow MYNA and a real dump (HNK):
 * .5.5.5 = address, .5.5.6 = address substitution positions — one jsrsasign addon swaps them.
 *
 * These values are only as good as the certificate: trust them after validateJpkiCertificate
 * passes. Parsing is strict; anything absent or inconsistent is 'jpki-san-malformed', control or
 * bidi characters are 'jpki-san-unsafe-text'.
 */
import { copyBytes } from '../../bytes/byte-ops';
import { children, contentBytes, contextTag, decodeOid, expectTag, readExact, TAG } from '../der/der-reader';
import { parseJpkiBirthDate } from './jpki-birth-date';
import { JpkiVerifyError, jpkiMalformed as fail } from './jpki-errors';
import { EXT, JPKI_SAN_OID } from './jpki-oids';
import { firstUnsafeCodePoint } from './safe-text';
import { decodeCertificate } from './x509-v3';

export { parseJpkiCertificateSummary, type JpkiCertificateSummary } from './jpki-certificate-summary';

export interface JpkiSignAttributes {
  /** 氏名 (family and given name separated by U+3000); 代替文字 as on the certificate. */
  readonly name: string;
  /** One flag per code point of `name`: true = 代替文字 (substituted character). */
  readonly nameSubstituted: readonly boolean[];
  readonly sex: 'male' | 'female' | 'unknown';
  readonly sexCode: '1' | '2' | '3';
  /** ISO YYYY-MM-DD; undefined when the era code is 0 (不明) or a part is unknown (00). */
  readonly birthDate: string | undefined;
  readonly birthEraCode: number;
  /** 住所, prefecture first. */
  readonly address: string;
  readonly addressSubstituted: readonly boolean[];
}

type Field = keyof typeof JPKI_SAN_OID;
const FIELD_BY_OID: ReadonlyMap<string, Field> = new Map(
  (Object.entries(JPKI_SAN_OID) as [Field, string][]).map(([field, oid]) => [oid, field]),
);

function bad(message: string): never {
  throw new JpkiVerifyError('jpki-san-malformed', `subjectAltName: ${message}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The JPKI otherNames of a SAN extension value, by field. Other GeneralNames are ignored. */
function readOtherNames(sanValue: Uint8Array): Map<Field, string> {
  const out = new Map<Field, string>();
  const v = sanValue;
  for (const gn of children(v, readExact(v, TAG.SEQUENCE, 'GeneralNames', fail), 'GeneralNames', fail)) {
    if (gn.tag !== contextTag(0, true)) continue; // otherName is [0] (RFC 5280 §4.2.1.6)
    const parts = children(v, gn, 'otherName', fail);
    if (parts.length !== 2) bad('otherName must be { type-id, [0] value }');
    const field = FIELD_BY_OID.get(decodeOid(v, parts[0]!, fail));
    if (!field) continue;
    if (out.has(field)) bad(`${field} appears twice`);
    const explicit = children(v, expectTag(parts[1], contextTag(0, true), `${field} value`, fail, gn.offset), `${field} value`, fail);
    if (explicit.length !== 1) bad(`${field}: [0] must hold exactly one value`);
    const str = contentBytes(v, expectTag(explicit[0], TAG.UTF8_STRING, `${field} UTF8String`, fail));
    let text: string;
    try {
      text = utf8.decode(str);
    } catch {
      bad(`${field} is not valid UTF-8`);
    }
    out.set(field, text);
  }
  return out;
}

function required(map: Map<Field, string>, field: Field): string {
  const v = map.get(field);
  if (v === undefined) bad(`${field} is missing`);
  return v;
}

function safeText(field: Field, value: string): string {
  if (value.length === 0) bad(`${field} is empty`);
  const at = firstUnsafeCodePoint(value);
  if (at >= 0) {
    throw new JpkiVerifyError('jpki-san-unsafe-text', `subjectAltName: ${field} has a control or bidi character at code point ${at}`);
  }
  return value;
}

/** "0"/"1" per code point of `text` (spec §4.5 使用位置情報). */
function positions(field: Field, flags: string, text: string): boolean[] {
  if (!/^[01]*$/.test(flags)) bad(`${field} must be only "0" and "1"`);
  const count = Array.from(text).length;
  if (flags.length !== count) bad(`${field} has ${flags.length} flags for ${count} characters`);
  return Array.from(flags, (c) => c === '1');
}

const SEX = { '1': 'male', '2': 'female', '3': 'unknown' } as const;

/** Parse the personal attributes of a 署名用 certificate (DER). */
export function parseJpkiSignAttributes(der: Uint8Array): JpkiSignAttributes {
  const cert = decodeCertificate(copyBytes(der)); // 'jpki-malformed' if not a certificate
  const san = cert.extensions.get(EXT.subjectAltName);
  if (!san) bad('absent (a 署名用 certificate carries the holder attributes there)');
  let fields: Map<Field, string>;
  try {
    fields = readOtherNames(san.value);
  } catch (e) {
    if (e instanceof JpkiVerifyError && e.code !== 'jpki-malformed') throw e;
    bad(`not DER GeneralNames (${(e as Error).message})`);
  }
  const name = safeText('name', required(fields, 'name'));
  const address = safeText('address', required(fields, 'address'));
  const sexCode = required(fields, 'sex');
  if (sexCode !== '1' && sexCode !== '2' && sexCode !== '3') bad('sex must be "1", "2" or "3"');
  const birth = parseJpkiBirthDate(required(fields, 'birthDate'));
  if (!birth.ok) bad(birth.reason);
  return {
    name,
    nameSubstituted: positions('nameSubstitution', required(fields, 'nameSubstitution'), name),
    sex: SEX[sexCode],
    sexCode,
    birthDate: birth.iso,
    birthEraCode: birth.eraCode,
    address,
    addressSubstituted: positions('addressSubstitution', required(fields, 'addressSubstitution'), address),
  };
}
