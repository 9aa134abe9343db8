/**
 * Decoders for the extension values the JPKI checks read (RFC 5280 §4.2.1). Input is an
 * extension's extnValue contents; failures are JpkiVerifyError('jpki-malformed').
 */
import { toHex } from '../../bytes/hex';
import {
  children,
  contentBytes,
  contextTag,
  decodeOid,
  expectTag,
  readBitString,
  readBoolean,
  readExact,
  smallInteger,
  TAG,
  tlvBytes,
  type Tlv,
} from '../der/der-reader';
import { readDistributionPoints } from '../der/distribution-points';
import { jpkiMalformed as fail } from './jpki-errors';
import { ID_AD_OCSP } from './jpki-oids';

/** KeyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/** The set bits of a keyUsage BIT STRING, in bit order. */
export function decodeKeyUsage(value: Uint8Array): KeyUsageName[] {
  const bits = readBitString(value, readExact(value, undefined, 'keyUsage', fail), 'keyUsage', fail);
  const out: KeyUsageName[] = [];
  const total = bits.bytes.length * 8 - bits.unusedBits;
  for (let i = 0; i < total; i++) {
    if ((bits.bytes[i >> 3]! & (0x80 >> (i & 7))) === 0) continue;
    const name = KEY_USAGE_BITS[i];
    if (!name) fail(`keyUsage bit ${i} is undefined`, 0);
    out.push(name);
  }
  return out;
}

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen?: number;
}

export function decodeBasicConstraints(value: Uint8Array): BasicConstraints {
  const parts = children(value, readExact(value, TAG.SEQUENCE, 'basicConstraints', fail), 'basicConstraints', fail);
  let i = 0;
  const ca = parts[i]?.tag === TAG.BOOLEAN ? readBoolean(value, parts[i++]!, 'cA', fail) : false;
  const pathLen = parts[i]?.tag === TAG.INTEGER ? smallInteger(value, parts[i++]!, 'pathLenConstraint', fail) : undefined;
  if (i !== parts.length) fail('basicConstraints has extra fields', parts[i]!.offset);
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

/** Policy OIDs of certificatePolicies (qualifiers such as the J-LIS CPS URI are skipped). */
export function decodeCertificatePolicies(value: Uint8Array): string[] {
  const infos = children(value, readExact(value, TAG.SEQUENCE, 'certificatePolicies', fail), 'certificatePolicies', fail);
  if (infos.length === 0) fail('certificatePolicies is empty', 0);
  const out: string[] = [];
  for (const info of infos) {
    const parts = children(value, expectTag(info, TAG.SEQUENCE, 'PolicyInformation', fail), 'PolicyInformation', fail);
    if (parts.length < 1 || parts.length > 2) fail('PolicyInformation shape', info.offset);
    if (parts[1]) expectTag(parts[1], TAG.SEQUENCE, 'policyQualifiers', fail);
    const oid = decodeOid(value, parts[0]!, fail);
    // RFC 5280 §4.2.1.4: "A certificate policy OID MUST NOT appear more than once".
    if (out.includes(oid)) fail(`policy ${oid} appears twice`, info.offset);
    out.push(oid);
  }
  return out;
}

/** subjectKeyIdentifier → upper-case hex. */
export function decodeSubjectKeyId(value: Uint8Array): string {
  const id = contentBytes(value, readExact(value, TAG.OCTET_STRING, 'subjectKeyIdentifier', fail));
  if (id.length === 0) fail('empty subjectKeyIdentifier', 0);
  return toHex(id);
}

/** authorityKeyIdentifier's keyIdentifier ([0] IMPLICIT OCTET STRING) → hex, if present. */
export function decodeAuthorityKeyId(value: Uint8Array): string | undefined {
  const parts = children(value, readExact(value, TAG.SEQUENCE, 'authorityKeyIdentifier', fail), 'authorityKeyIdentifier', fail);
  const keyId = parts.find((p) => p.tag === contextTag(0, false));
  if (keyId && keyId.end === keyId.start) fail('empty authorityKeyIdentifier', keyId.offset);
  return keyId ? toHex(contentBytes(value, keyId)) : undefined;
}

export interface GeneralNameSummary {
  readonly uris: string[];
  /** DER Names of directoryName entries. */
  readonly directoryNames: Uint8Array[];
}

function asciiOf(bytes: Uint8Array, what: string): string {
  let s = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) fail(`${what} is not printable ASCII`, 0);
    s += String.fromCharCode(b);
  }
  return s;
}

/** The URI ([6] IA5String) and directoryName ([4] EXPLICIT Name) entries of GeneralNames. */
function generalName(buf: Uint8Array, n: Tlv, into: GeneralNameSummary): void {
  if (n.tag === contextTag(6, false)) into.uris.push(asciiOf(contentBytes(buf, n), 'URI'));
  else if (n.tag === contextTag(4, true)) {
    const inner = children(buf, n, 'directoryName', fail);
    if (inner.length !== 1) fail('directoryName shape', n.offset);
    into.directoryNames.push(tlvBytes(buf, expectTag(inner[0], TAG.SEQUENCE, 'directoryName', fail)));
  }
}

/** CRL distribution points: every fullName URI and directoryName (RFC 5280 §4.2.1.13). */
export function decodeCrlDistributionPoints(value: Uint8Array): GeneralNameSummary {
  const out: GeneralNameSummary = { uris: [], directoryNames: [] };
  for (const point of readDistributionPoints(value, fail)) {
    for (const name of point.fullName) generalName(name, readExact(name, undefined, 'GeneralName', fail), out);
  }
  return out;
}

/** OCSP responder URIs from authorityInfoAccess (RFC 5280 §4.2.2.1). */
export function decodeAiaOcspUris(value: Uint8Array): string[] {
  const out: GeneralNameSummary = { uris: [], directoryNames: [] };
  for (const ad of children(value, readExact(value, TAG.SEQUENCE, 'authorityInfoAccess', fail), 'authorityInfoAccess', fail)) {
    const parts = children(value, expectTag(ad, TAG.SEQUENCE, 'AccessDescription', fail), 'AccessDescription', fail);
    if (parts.length !== 2) fail('AccessDescription shape', ad.offset);
    if (decodeOid(value, parts[0]!, fail) === ID_AD_OCSP) generalName(value, parts[1]!, out);
  }
  return out.uris;
}

export interface RsaPublicKeyInfo {
  readonly modulusBits: number;
  readonly exponentHex: string;
}

/** RSAPublicKey (RFC 8017 §A.1.1) inside the SPKI BIT STRING. */
export function decodeRsaPublicKey(subjectPublicKey: Uint8Array): RsaPublicKeyInfo {
  const key = subjectPublicKey;
  const parts = children(key, readExact(key, TAG.SEQUENCE, 'RSAPublicKey', fail), 'RSAPublicKey', fail);
  if (parts.length !== 2) fail('RSAPublicKey shape', 0);
  const [n, e] = parts.map((p) => contentBytes(key, expectTag(p, TAG.INTEGER, 'RSA integer', fail))) as [Uint8Array, Uint8Array];
  if ((n[0]! & 0x80) !== 0 || (e[0]! & 0x80) !== 0) fail('negative RSA integer', 0);
  const mod = n[0] === 0 ? n.subarray(1) : n;
  const top = mod[0] ?? 0;
  return {
    modulusBits: mod.length === 0 ? 0 : (mod.length - 1) * 8 + (32 - Math.clz32(top)),
    exponentHex: toHex(e[0] === 0 ? e.subarray(1) : e),
  };
}
