/**
 * Decoders for the extension values the JPKI checks read (RFC 5280 §4.2.1). Input is an
 * extension's extnValue contents; failures are JpkiVerifyError('jpki-malformed').
 */
import { toHex } from '../../bytes/hex';
import {
  TAG,
  ctx,
  decodeBitString,
  decodeBoolean,
  decodeOid,
  decodeSmallInteger,
  derChildren,
  expectTag,
  readDerExact,
  type Der,
} from './der';
import { JpkiVerifyError } from './jpki-errors';
import { ID_AD_OCSP } from './jpki-oids';

function fail(what: string): never {
  throw new JpkiVerifyError('jpki-malformed', `extension: ${what}`);
}

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
  const bits = decodeBitString(readDerExact(value));
  const out: KeyUsageName[] = [];
  const total = bits.bytes.length * 8 - bits.unusedBits;
  for (let i = 0; i < total; i++) {
    if ((bits.bytes[i >> 3]! & (0x80 >> (i & 7))) === 0) continue;
    const name = KEY_USAGE_BITS[i];
    if (!name) fail(`keyUsage bit ${i} is undefined`);
    out.push(name);
  }
  return out;
}

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen?: number;
}

export function decodeBasicConstraints(value: Uint8Array): BasicConstraints {
  const parts = derChildren(readDerExact(value, TAG.sequence));
  let i = 0;
  const ca = parts[i]?.tag === TAG.boolean ? decodeBoolean(parts[i++]!) : false;
  const pathLen = parts[i]?.tag === TAG.integer ? decodeSmallInteger(parts[i++]!) : undefined;
  if (i !== parts.length) fail('basicConstraints has extra fields');
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

/** Policy OIDs of certificatePolicies (qualifiers such as the J-LIS CPS URI are skipped). */
export function decodeCertificatePolicies(value: Uint8Array): string[] {
  const infos = derChildren(readDerExact(value, TAG.sequence));
  if (infos.length === 0) fail('certificatePolicies is empty');
  const out: string[] = [];
  for (const info of infos) {
    const parts = derChildren(expectTag(info, TAG.sequence, 'PolicyInformation'));
    if (parts.length < 1 || parts.length > 2) fail('PolicyInformation shape');
    if (parts[1]) expectTag(parts[1], TAG.sequence, 'policyQualifiers');
    const oid = decodeOid(parts[0]!);
    // RFC 5280 §4.2.1.4: "A certificate policy OID MUST NOT appear more than once".
    if (out.includes(oid)) fail(`policy ${oid} appears twice`);
    out.push(oid);
  }
  return out;
}

/** subjectKeyIdentifier → upper-case hex. */
export function decodeSubjectKeyId(value: Uint8Array): string {
  const d = readDerExact(value, TAG.octetString);
  if (d.value.length === 0) fail('empty subjectKeyIdentifier');
  return toHex(d.value);
}

/** authorityKeyIdentifier's keyIdentifier ([0] IMPLICIT OCTET STRING) → hex, if present. */
export function decodeAuthorityKeyId(value: Uint8Array): string | undefined {
  const parts = derChildren(readDerExact(value, TAG.sequence));
  const keyId = parts.find((p) => p.tag === ctx(0, false));
  if (keyId && keyId.value.length === 0) fail('empty authorityKeyIdentifier');
  return keyId ? toHex(keyId.value) : undefined;
}

export interface GeneralNameSummary {
  readonly uris: string[];
  /** DER Names of directoryName entries. */
  readonly directoryNames: Uint8Array[];
}

function asciiOf(d: Der, what: string): string {
  let s = '';
  for (const b of d.value) {
    if (b < 0x20 || b > 0x7e) fail(`${what} is not printable ASCII`);
    s += String.fromCharCode(b);
  }
  return s;
}

/** The URI ([6] IA5String) and directoryName ([4] EXPLICIT Name) entries of GeneralNames. */
function generalNames(names: readonly Der[], into: GeneralNameSummary): void {
  for (const n of names) {
    if (n.tag === ctx(6, false)) into.uris.push(asciiOf(n, 'URI'));
    else if (n.tag === ctx(4, true)) {
      const inner = derChildren(n);
      if (inner.length !== 1) fail('directoryName shape');
      into.directoryNames.push(expectTag(inner[0], TAG.sequence, 'directoryName').raw);
    }
  }
}

/** CRL distribution points: every fullName URI and directoryName (RFC 5280 §4.2.1.13). */
export function decodeCrlDistributionPoints(value: Uint8Array): GeneralNameSummary {
  const out: GeneralNameSummary = { uris: [], directoryNames: [] };
  for (const dp of derChildren(readDerExact(value, TAG.sequence))) {
    const dpName = derChildren(expectTag(dp, TAG.sequence, 'DistributionPoint')).find((p) => p.tag === ctx(0, true));
    if (!dpName) continue;
    const choice = derChildren(dpName);
    if (choice.length !== 1) fail('DistributionPointName shape');
    if (choice[0]!.tag === ctx(0, true)) generalNames(derChildren(choice[0]!), out);
  }
  return out;
}

/** OCSP responder URIs from authorityInfoAccess (RFC 5280 §4.2.2.1). */
export function decodeAiaOcspUris(value: Uint8Array): string[] {
  const out: GeneralNameSummary = { uris: [], directoryNames: [] };
  for (const ad of derChildren(readDerExact(value, TAG.sequence))) {
    const parts = derChildren(expectTag(ad, TAG.sequence, 'AccessDescription'));
    if (parts.length !== 2) fail('AccessDescription shape');
    if (decodeOid(parts[0]!) === ID_AD_OCSP) generalNames([parts[1]!], out);
  }
  return out.uris;
}

export interface RsaPublicKeyInfo {
  readonly modulusBits: number;
  readonly exponentHex: string;
}

/** RSAPublicKey (RFC 8017 §A.1.1) inside the SPKI BIT STRING. */
export function decodeRsaPublicKey(subjectPublicKey: Uint8Array): RsaPublicKeyInfo {
  const parts = derChildren(readDerExact(subjectPublicKey, TAG.sequence));
  if (parts.length !== 2) fail('RSAPublicKey shape');
  const [n, e] = parts.map((p) => expectTag(p, TAG.integer, 'RSA integer').value) as [Uint8Array, Uint8Array];
  if ((n[0]! & 0x80) !== 0 || (e[0]! & 0x80) !== 0) fail('negative RSA integer');
  const mod = n[0] === 0 ? n.subarray(1) : n;
  const top = mod[0] ?? 0;
  return {
    modulusBits: mod.length === 0 ? 0 : (mod.length - 1) * 8 + (32 - Math.clz32(top)),
    exponentHex: toHex(e[0] === 0 ? e.subarray(1) : e),
  };
}
