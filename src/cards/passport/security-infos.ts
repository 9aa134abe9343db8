/**
 * SecurityInfos (9303-11 §9.2) from EF.CardAccess (unprotected, read before PACE), EF.DG14 and
 * EF.CardSecurity (both covered by Passive Authentication): PACEInfo, PACEDomainParameterInfo,
 * ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, ActiveAuthenticationInfo,
 * TerminalAuthenticationInfo; anything else is kept as 'other' (the spec lets a terminal
 * discard unknown entries). Parsed with asn1js; every failure is a typed error.
 */
import * as asn1js from 'asn1js';
import { caAlgorithm, ID_AA, ID_CA, ID_DH_PUBLIC_NUMBER, ID_EC_PUBLIC_KEY, ID_PACE, ID_PK_DH, ID_PK_ECDH, ID_TA, paceAlgorithm, STANDARDIZED_DOMAIN_PARAMETERS, type CaAlgorithm, type PaceAlgorithm } from './oids';
import { bytesToBigint, dhGroupByParameters, ecGroupByParameters, isSupportedGroup, standardizedGroup, type PaceGroup } from './domain-parameters';
import { KazasuError } from '../../errors/kazasu-error';

export class SecurityInfosError extends KazasuError {
  constructor(
    readonly code: 'security-infos-malformed' | 'security-infos-too-large',
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

export interface PaceInfo {
  readonly kind: 'pace';
  readonly protocol: string;
  /** Undefined when the OID is a PACE OID Kazasu does not know. */
  readonly algorithm?: PaceAlgorithm;
  readonly version: number;
  readonly parameterId?: number;
}

export interface PaceDomainParameterInfo {
  readonly kind: 'pace-domain-parameters';
  readonly protocol: string;
  readonly parameterId?: number;
}

export interface ChipAuthenticationInfo {
  readonly kind: 'ca';
  readonly protocol: string;
  readonly algorithm?: CaAlgorithm;
  readonly version: number;
  readonly keyId?: number;
}

/** A chip public key for Chip Authentication or PACE-CAM, with its group when Kazasu supports it. */
export interface ChipAuthenticationPublicKeyInfo {
  readonly kind: 'ca-public-key';
  readonly protocol: string;
  readonly agreement: 'dh' | 'ecdh';
  /** The key's group, or undefined when its domain parameters are not supported. */
  readonly group?: PaceGroup;
  /** EC: uncompressed point; DH: the unsigned public value y. */
  readonly publicKey: Uint8Array;
  readonly keyId?: number;
}

export interface ActiveAuthenticationInfo {
  readonly kind: 'aa';
  readonly version: number;
  readonly signatureAlgorithm: string;
}

export interface OtherSecurityInfo {
  readonly kind: 'other';
  readonly protocol: string;
}

export type SecurityInfo =
  | PaceInfo
  | PaceDomainParameterInfo
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | ActiveAuthenticationInfo
  | { readonly kind: 'ta'; readonly version: number }
  | OtherSecurityInfo;

const MAX_BYTES = 65536;

function fail(message: string, offset?: number): never {
  throw new SecurityInfosError('security-infos-malformed', message, offset);
}

function smallInt(x: asn1js.AsnType | undefined, what: string): number {
  if (!(x instanceof asn1js.Integer)) fail(`${what} is not an INTEGER`);
  const hex = x.valueBlock.valueHexView;
  if (hex.length === 0 || hex.length > 4 || (hex[0]! & 0x80) !== 0) fail(`${what} is not a small non-negative integer`);
  let v = 0;
  for (const b of hex) v = v * 256 + b;
  return v;
}

function unsignedInt(x: asn1js.AsnType | undefined, what: string): bigint {
  if (!(x instanceof asn1js.Integer)) fail(`${what} is not an INTEGER`);
  const hex = x.valueBlock.valueHexView;
  if (hex.length === 0 || (hex[0]! & 0x80) !== 0) fail(`${what} is negative or empty`);
  return bytesToBigint(hex);
}

function octets(x: asn1js.AsnType | undefined, what: string): Uint8Array {
  if (!(x instanceof asn1js.OctetString)) fail(`${what} is not an OCTET STRING`);
  return new Uint8Array(x.valueBlock.valueHexView);
}

function oidOf(x: asn1js.AsnType | undefined, what: string): string {
  if (!(x instanceof asn1js.ObjectIdentifier)) fail(`${what} is not an OBJECT IDENTIFIER`);
  const s = x.valueBlock.toString();
  if (!/^[0-9]+(\.[0-9]+)+$/.test(s)) fail(`${what} is not a valid OBJECT IDENTIFIER`);
  return s;
}

function seq(x: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(x instanceof asn1js.Sequence)) fail(`${what} is not a SEQUENCE`);
  return x.valueBlock.value;
}

/** Parses DER/BER SecurityInfos (a SET OF SecurityInfo); the whole input must be one SET. */
export function parseSecurityInfos(bytes: Uint8Array): SecurityInfo[] {
  try {
    return parseSecurityInfosUnchecked(bytes);
  } catch (e) {
    if (e instanceof KazasuError) throw e;
    // asn1js throws plain errors on some malformed values (e.g. oversized OID arcs).
    fail(`malformed SecurityInfos (${e instanceof Error ? e.message : 'decode error'})`);
  }
}

function parseSecurityInfosUnchecked(bytes: Uint8Array): SecurityInfo[] {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) fail('empty SecurityInfos', 0);
  if (bytes.length > MAX_BYTES) throw new SecurityInfosError('security-infos-too-large', `SecurityInfos of ${bytes.length} bytes`);
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || parsed.result.error) fail(`not BER: ${parsed.result.error || 'decode error'}`, 0);
  if (parsed.offset !== bytes.length) fail('bytes after the SecurityInfos', parsed.offset);
  const set = parsed.result;
  if (!(set instanceof asn1js.Set)) fail('SecurityInfos is not a SET', 0);
  return set.valueBlock.value.map((item, i) => parseOne(item, i));
}

function parseOne(item: asn1js.AsnType, index: number): SecurityInfo {
  const parts = seq(item, `SecurityInfo ${index}`);
  if (parts.length < 2 || parts.length > 3) fail(`SecurityInfo ${index} has ${parts.length} elements`);
  const protocol = oidOf(parts[0], `SecurityInfo ${index} protocol`);
  const [, required, optional] = parts;
  if (protocol.startsWith(`${ID_PACE}.`)) {
    const alg = paceAlgorithm(protocol);
    if (alg || isPaceInfoOid(protocol)) {
      const version = smallInt(required, 'PACEInfo version');
      const parameterId = optional === undefined ? undefined : smallInt(optional, 'PACEInfo parameterId');
      return { kind: 'pace', protocol, version, ...(alg ? { algorithm: alg } : {}), ...(parameterId !== undefined ? { parameterId } : {}) };
    }
    // id-PACE-{DH,ECDH}-{GM,IM,CAM}: PACEDomainParameterInfo (explicit parameters; Kazasu does not use them, §9.2.2).
    seq(required, 'PACEDomainParameterInfo domainParameter');
    const parameterId = optional === undefined ? undefined : smallInt(optional, 'PACEDomainParameterInfo parameterId');
    return { kind: 'pace-domain-parameters', protocol, ...(parameterId !== undefined ? { parameterId } : {}) };
  }
  if (protocol === ID_PK_DH || protocol === ID_PK_ECDH) return parseCaPublicKey(protocol, required, optional);
  if (protocol.startsWith(`${ID_CA}.`)) {
    const version = smallInt(required, 'ChipAuthenticationInfo version');
    const keyId = optional === undefined ? undefined : smallInt(optional, 'ChipAuthenticationInfo keyId');
    const algorithm = caAlgorithm(protocol);
    return { kind: 'ca', protocol, version, ...(algorithm ? { algorithm } : {}), ...(keyId !== undefined ? { keyId } : {}) };
  }
  if (protocol === ID_AA) {
    const version = smallInt(required, 'ActiveAuthenticationInfo version');
    return { kind: 'aa', version, signatureAlgorithm: oidOf(optional, 'ActiveAuthenticationInfo signatureAlgorithm') };
  }
  if (protocol === ID_TA) return { kind: 'ta', version: smallInt(required, 'TerminalAuthenticationInfo version') };
  return { kind: 'other', protocol };
}

function isPaceInfoOid(oid: string): boolean {
  // id-PACE-x-y with two arcs after id-PACE is a PACEInfo; id-PACE-x alone is a PACEDomainParameterInfo.
  return oid.slice(ID_PACE.length + 1).split('.').length === 2;
}

function parseCaPublicKey(protocol: string, spki: asn1js.AsnType | undefined, optional: asn1js.AsnType | undefined): ChipAuthenticationPublicKeyInfo {
  const [algId, key] = seq(spki, 'chipAuthenticationPublicKey');
  const alg = seq(algId, 'AlgorithmIdentifier');
  const algOid = oidOf(alg[0], 'AlgorithmIdentifier algorithm');
  if (!(key instanceof asn1js.BitString)) fail('subjectPublicKey is not a BIT STRING');
  if (key.valueBlock.unusedBits !== 0) fail('subjectPublicKey has unused bits');
  const raw = new Uint8Array(key.valueBlock.valueHexView);
  const keyId = optional === undefined ? undefined : smallInt(optional, 'ChipAuthenticationPublicKeyInfo keyId');
  const agreement = protocol === ID_PK_DH ? 'dh' : 'ecdh';
  let group: PaceGroup | undefined;
  let publicKey: Uint8Array = raw;
  if (algOid === STANDARDIZED_DOMAIN_PARAMETERS) {
    const id = smallInt(alg[1], 'standardized domain parameter id');
    if (isSupportedGroup(id)) group = standardizedGroup(id);
  } else if (algOid === ID_EC_PUBLIC_KEY) {
    group = explicitEcGroup(alg[1]);
  } else if (algOid === ID_DH_PUBLIC_NUMBER) {
    const params = seq(alg[1], 'DomainParameters');
    group = dhGroupByParameters(unsignedInt(params[0], 'p'), unsignedInt(params[1], 'g'), params[2] ? unsignedInt(params[2], 'q') : undefined);
  }
  if (agreement === 'dh') {
    // DH keys are a DER INTEGER inside the BIT STRING (PKCS#3 / X9.42).
    const inner = asn1js.fromBER(raw);
    if (inner.offset !== raw.length || !(inner.result instanceof asn1js.Integer)) fail('DH public key is not an INTEGER');
    publicKey = minimal(new Uint8Array(inner.result.valueBlock.valueHexView));
  }
  if ((group && group.kind === 'ec') !== (agreement === 'ecdh') && group) group = undefined;
  return { kind: 'ca-public-key', protocol, agreement, publicKey, ...(group ? { group } : {}), ...(keyId !== undefined ? { keyId } : {}) };
}

function minimal(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.slice(i);
}

function explicitEcGroup(params: asn1js.AsnType | undefined): PaceGroup | undefined {
  // ECParameters ::= SEQUENCE { version, fieldID {prime-field, p}, curve {a, b, seed?}, base, order, cofactor? }
  if (!(params instanceof asn1js.Sequence)) return undefined;
  const v = params.valueBlock.value;
  const field = seq(v[1], 'fieldID');
  const curve = seq(v[2], 'curve');
  const p = unsignedInt(field[1], 'prime p');
  const a = bytesToBigint(octets(curve[0], 'a'));
  const b = bytesToBigint(octets(curve[1], 'b'));
  const base = octets(v[3], 'base point');
  const n = unsignedInt(v[4], 'order');
  if (base.length % 2 !== 1 || base[0] !== 0x04) return undefined;
  const half = (base.length - 1) / 2;
  return ecGroupByParameters(p, a, b, bytesToBigint(base.subarray(1, 1 + half)), bytesToBigint(base.subarray(1 + half)), n);
}

export function paceInfos(infos: readonly SecurityInfo[]): PaceInfo[] {
  return infos.filter((i): i is PaceInfo => i.kind === 'pace');
}
