/**
 * SecurityInfos (9303-11 §9.2; BSI TR-03110-3 A.1): `SET OF SecurityInfo { protocol OID,
 * requiredData ANY, optionalData ANY OPTIONAL }`, the content of DG14, EF.CardAccess and the
 * eContent of EF.CardSecurity. Known protocols are typed; unknown ones are kept (their OID and
 * raw bytes) because 9303-11 §9.2 says readers must ignore SecurityInfos they do not know.
 *
 * EF.CardAccess (read before PACE) carries PACEInfo; the access layer may parse it with
 * `parseSecurityInfos(bytes)` and pick `paceInfos`.
 */
import { childrenOf, decodeOid, decodeSmallUnsigned, encodingOf, readWhole, UNIVERSAL, type BerOptions, type Tlv } from './ber';
import { LdsError } from './lds-error';
import { parsePublicKeyInfoAt, type PublicKeyInfo } from './public-key';

/** 9303-11 §9.2.x and TR-03110-3 A.1.1 object identifiers. */
export const SECURITY_OIDS = {
  bsiDe: '0.4.0.127.0.7',
  idPK: '0.4.0.127.0.7.2.2.1',
  idPKDH: '0.4.0.127.0.7.2.2.1.1',
  idPKECDH: '0.4.0.127.0.7.2.2.1.2',
  idTA: '0.4.0.127.0.7.2.2.2',
  idCA: '0.4.0.127.0.7.2.2.3',
  idPACE: '0.4.0.127.0.7.2.2.4',
  /** id-icao-mrtd-security-aaProtocolObject (9303-11 §9.2.8). */
  idAA: '2.23.136.1.1.5',
  /** TR-03111 ecdsa-plain-signatures. */
  ecdsaPlain: '0.4.0.127.0.7.1.1.4.1',
} as const;

export type CipherSuite = '3DES-CBC-CBC' | 'AES-CBC-CMAC-128' | 'AES-CBC-CMAC-192' | 'AES-CBC-CMAC-256';
const CIPHERS: readonly CipherSuite[] = ['3DES-CBC-CBC', 'AES-CBC-CMAC-128', 'AES-CBC-CMAC-192', 'AES-CBC-CMAC-256'];

export type PaceMapping = 'DH-GM' | 'ECDH-GM' | 'DH-IM' | 'ECDH-IM' | 'ECDH-CAM';
/** id-PACE.x: 1 DH-GM, 2 ECDH-GM, 3 DH-IM, 4 ECDH-IM, 6 ECDH-CAM (9303-11 §9.2.1). */
const PACE_MAPPINGS: Readonly<Record<number, PaceMapping>> = { 1: 'DH-GM', 2: 'ECDH-GM', 3: 'DH-IM', 4: 'ECDH-IM', 6: 'ECDH-CAM' };

export interface PaceInfo {
  readonly type: 'PACEInfo';
  readonly protocol: string;
  readonly mapping: PaceMapping;
  readonly cipher: CipherSuite;
  readonly version: number;
  /** Standardized domain parameter id (9303-11 §9.5.1: 12 = P-256, 13 = brainpoolP256r1, …). */
  readonly parameterId?: number;
}

export interface PaceDomainParameterInfo {
  readonly type: 'PACEDomainParameterInfo';
  readonly protocol: string;
  /** The AlgorithmIdentifier of the domain parameters, as encoded. */
  readonly domainParameter: Uint8Array;
  readonly parameterId?: number;
}

export interface ChipAuthenticationInfo {
  readonly type: 'ChipAuthenticationInfo';
  readonly protocol: string;
  readonly agreement: 'DH' | 'ECDH';
  readonly cipher: CipherSuite;
  readonly version: number;
  readonly keyId?: number;
}

export interface ChipAuthenticationPublicKeyInfo {
  readonly type: 'ChipAuthenticationPublicKeyInfo';
  readonly protocol: string;
  readonly agreement: 'DH' | 'ECDH';
  readonly publicKey: PublicKeyInfo;
  readonly keyId?: number;
}

export interface TerminalAuthenticationInfo {
  readonly type: 'TerminalAuthenticationInfo';
  readonly protocol: string;
  readonly version: number;
}

export interface ActiveAuthenticationInfo {
  readonly type: 'ActiveAuthenticationInfo';
  readonly protocol: string;
  readonly version: number;
  /** e.g. ecdsa-plain-SHA256 0.4.0.127.0.7.1.1.4.1.3 (9303-11 §9.2.8). */
  readonly signatureAlgorithm: string;
}

export interface UnknownSecurityInfo {
  readonly type: 'unknown';
  readonly protocol: string;
  readonly encoded: Uint8Array;
}

export type SecurityInfo =
  | PaceInfo
  | PaceDomainParameterInfo
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | TerminalAuthenticationInfo
  | ActiveAuthenticationInfo
  | UnknownSecurityInfo;

export interface SecurityInfos {
  readonly all: readonly SecurityInfo[];
  readonly paceInfos: readonly PaceInfo[];
  readonly paceDomainParameters: readonly PaceDomainParameterInfo[];
  readonly chipAuthenticationInfos: readonly ChipAuthenticationInfo[];
  readonly chipAuthenticationPublicKeys: readonly ChipAuthenticationPublicKeyInfo[];
  readonly terminalAuthenticationInfos: readonly TerminalAuthenticationInfo[];
  readonly activeAuthenticationInfo?: ActiveAuthenticationInfo;
}

function under(oid: string, prefix: string): number[] | undefined {
  if (!oid.startsWith(`${prefix}.`)) return undefined;
  return oid.slice(prefix.length + 1).split('.').map(Number);
}

function optionalInt(buf: Uint8Array, t: Tlv | undefined, what: string, o: BerOptions): number | undefined {
  if (!t) return undefined;
  if (t.tag !== UNIVERSAL.INTEGER) throw new LdsError('lds-unexpected-tag', `${what}: expected INTEGER`, (o.base ?? 0) + t.offset);
  return decodeSmallUnsigned(buf, t, { ...o, what });
}

function requiredInt(buf: Uint8Array, t: Tlv | undefined, what: string, o: BerOptions, at: number): number {
  if (!t) throw new LdsError('lds-missing-field', `${what} missing`, (o.base ?? 0) + at);
  return optionalInt(buf, t, what, o)!;
}

function parseOne(buf: Uint8Array, info: Tlv, o: BerOptions): SecurityInfo {
  const base = o.base ?? 0;
  if (info.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-unexpected-tag', 'SecurityInfo: expected SEQUENCE', base + info.offset);
  const [oidTlv, f1, f2, f3] = childrenOf(buf, info, o);
  if (!oidTlv || oidTlv.tag !== UNIVERSAL.OID) throw new LdsError('lds-missing-field', 'SecurityInfo: protocol OID missing', base + info.start);
  const protocol = decodeOid(buf, oidTlv, o);
  if (!f1) throw new LdsError('lds-missing-field', `SecurityInfo ${protocol}: requiredData missing`, base + oidTlv.next);

  const pace = under(protocol, SECURITY_OIDS.idPACE);
  if (pace && pace.length === 2) {
    const mapping = PACE_MAPPINGS[pace[0]!];
    const cipher = CIPHERS[pace[1]! - 1];
    if (mapping && cipher) {
      const version = requiredInt(buf, f1, 'PACEInfo version', o, info.start);
      const parameterId = optionalInt(buf, f2, 'PACEInfo parameterId', o);
      return { type: 'PACEInfo', protocol, mapping, cipher, version, ...(parameterId !== undefined ? { parameterId } : {}) };
    }
  }
  if (pace && pace.length === 1 && PACE_MAPPINGS[pace[0]!]) {
    if (f1.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-unexpected-tag', 'PACEDomainParameterInfo: domainParameter must be an AlgorithmIdentifier', base + f1.offset);
    const parameterId = optionalInt(buf, f2, 'PACEDomainParameterInfo parameterId', o);
    return { type: 'PACEDomainParameterInfo', protocol, domainParameter: encodingOf(buf, f1), ...(parameterId !== undefined ? { parameterId } : {}) };
  }
  const ca = under(protocol, SECURITY_OIDS.idCA);
  if (ca && ca.length === 2 && (ca[0] === 1 || ca[0] === 2) && CIPHERS[ca[1]! - 1]) {
    const version = requiredInt(buf, f1, 'ChipAuthenticationInfo version', o, info.start);
    const keyId = optionalInt(buf, f2, 'ChipAuthenticationInfo keyId', o);
    return { type: 'ChipAuthenticationInfo', protocol, agreement: ca[0] === 1 ? 'DH' : 'ECDH', cipher: CIPHERS[ca[1]! - 1]!, version, ...(keyId !== undefined ? { keyId } : {}) };
  }
  if (protocol === SECURITY_OIDS.idPKDH || protocol === SECURITY_OIDS.idPKECDH) {
    if (f1.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-unexpected-tag', 'ChipAuthenticationPublicKeyInfo: key must be a SubjectPublicKeyInfo', base + f1.offset);
    const publicKey = parsePublicKeyInfoAt(buf, f1, { ...o, what: 'ChipAuthenticationPublicKeyInfo key' });
    const agreement = protocol === SECURITY_OIDS.idPKDH ? 'DH' : 'ECDH';
    if ((agreement === 'DH') !== (publicKey.kind === 'dh') || (agreement === 'ECDH') !== (publicKey.kind === 'ec')) {
      throw new LdsError('lds-bad-value', `ChipAuthenticationPublicKeyInfo: ${agreement} protocol with a ${publicKey.kind} key`, base + f1.offset);
    }
    const keyId = optionalInt(buf, f2, 'ChipAuthenticationPublicKeyInfo keyId', o);
    return { type: 'ChipAuthenticationPublicKeyInfo', protocol, agreement, publicKey, ...(keyId !== undefined ? { keyId } : {}) };
  }
  if (protocol === SECURITY_OIDS.idTA) {
    return { type: 'TerminalAuthenticationInfo', protocol, version: requiredInt(buf, f1, 'TerminalAuthenticationInfo version', o, info.start) };
  }
  if (protocol === SECURITY_OIDS.idAA) {
    const version = requiredInt(buf, f1, 'ActiveAuthenticationInfo version', o, info.start);
    if (!f2 || f2.tag !== UNIVERSAL.OID) throw new LdsError('lds-missing-field', 'ActiveAuthenticationInfo: signatureAlgorithm missing', base + f1.next);
    if (f3) throw new LdsError('lds-bad-value', 'ActiveAuthenticationInfo: extra field', base + f3.offset);
    return { type: 'ActiveAuthenticationInfo', protocol, version, signatureAlgorithm: decodeOid(buf, f2, o) };
  }
  return { type: 'unknown', protocol, encoded: encodingOf(buf, info) };
}

/** Parses the SET OF SecurityInfo at `set` (a TLV of `buf`). */
export function parseSecurityInfoSet(buf: Uint8Array, set: Tlv, opts: BerOptions = {}): SecurityInfos {
  const o: BerOptions = { ...opts, what: opts.what ?? 'SecurityInfos' };
  if (set.tag !== UNIVERSAL.SET) throw new LdsError('lds-unexpected-tag', `${o.what}: expected SET`, (o.base ?? 0) + set.offset);
  const all = childrenOf(buf, set, o).map((t) => parseOne(buf, t, o));
  const aa = all.filter((i): i is ActiveAuthenticationInfo => i.type === 'ActiveAuthenticationInfo');
  if (aa.length > 1) throw new LdsError('lds-bad-value', `${o.what}: more than one ActiveAuthenticationInfo`, (o.base ?? 0) + set.offset);
  return {
    all,
    paceInfos: all.filter((i): i is PaceInfo => i.type === 'PACEInfo'),
    paceDomainParameters: all.filter((i): i is PaceDomainParameterInfo => i.type === 'PACEDomainParameterInfo'),
    chipAuthenticationInfos: all.filter((i): i is ChipAuthenticationInfo => i.type === 'ChipAuthenticationInfo'),
    chipAuthenticationPublicKeys: all.filter((i): i is ChipAuthenticationPublicKeyInfo => i.type === 'ChipAuthenticationPublicKeyInfo'),
    terminalAuthenticationInfos: all.filter((i): i is TerminalAuthenticationInfo => i.type === 'TerminalAuthenticationInfo'),
    ...(aa[0] ? { activeAuthenticationInfo: aa[0] } : {}),
  };
}

/** SecurityInfos that fill `bytes` exactly (EF.CardAccess; EF.CardSecurity's eContent). */
export function parseSecurityInfos(bytes: Uint8Array, opts: BerOptions = {}): SecurityInfos {
  const o: BerOptions = { ...opts, what: opts.what ?? 'SecurityInfos' };
  return parseSecurityInfoSet(bytes, readWhole(bytes, o), o);
}

