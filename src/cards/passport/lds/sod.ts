/**
 * EF.SOD, the document security object (9303-10 §4.6.2): `77 { ContentInfo SignedData }` whose
 * eContent (type id-icao-mrtd-security-ldsSecurityObject 2.23.136.1.1.1) is
 *
 *   LDSSecurityObject ::= SEQUENCE { version INTEGER (v0 | v1), hashAlgorithm AlgorithmIdentifier,
 *     dataGroupHashValues SEQUENCE SIZE (2..16) OF DataGroupHash { dataGroupNumber INTEGER (1..16),
 *     dataGroupHashValue OCTET STRING }, ldsVersionInfo LDSVersionInfo OPTIONAL -- v1 only }
 *
 * and EF.CardSecurity (TR-03110-3 A.1.2.2; MF file 011D, outside the LDS application): a bare
 * ContentInfo SignedData with eContent type id-SecurityObject 0.4.0.127.0.7.3.2.1 holding
 * SecurityInfos. Parsing only: nothing here says the signature is good (verify/passport does).
 */
import { childrenOf, decodeAscii, decodeSmallUnsigned, readTlv, readWhole, tagHex, UNIVERSAL, valueOf, type BerOptions } from './ber';
import { parseAlgorithmId, parseSignedData, type AlgorithmId, type SignedDataParts } from './cms-signed-data';
import { EF_SOD_TAG, isDataGroupNumber, type DataGroupNumber } from './lds-files';
import { LdsError } from './lds-error';
import { parseSecurityInfos, type SecurityInfos } from './security-infos';

export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
export const OID_SECURITY_OBJECT = '0.4.0.127.0.7.3.2.1';

export interface LdsSecurityObject {
  readonly version: number;
  readonly hashAlgorithm: AlgorithmId;
  /** Hash of each data group the SOD covers, in the order listed. */
  readonly dataGroupHashes: ReadonlyMap<DataGroupNumber, Uint8Array>;
  /** LDS 1.8 ldsVersionInfo (v1), e.g. { ldsVersion: "0108", unicodeVersion: "040000" }. */
  readonly ldsVersionInfo?: { readonly ldsVersion: string; readonly unicodeVersion: string };
}

export interface Sod {
  readonly signedData: SignedDataParts;
  readonly securityObject: LdsSecurityObject;
}

export interface CardSecurity {
  readonly signedData: SignedDataParts;
  readonly securityInfos: SecurityInfos;
}

export function parseLdsSecurityObject(bytes: Uint8Array, base = 0): LdsSecurityObject {
  const o: BerOptions = { what: 'LDSSecurityObject', base };
  const top = readWhole(bytes, o);
  if (top.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-unexpected-tag', 'LDSSecurityObject: expected SEQUENCE', base);
  const [vT, algT, hashesT, infoT, extra] = childrenOf(bytes, top, o);
  if (!vT || vT.tag !== UNIVERSAL.INTEGER) throw new LdsError('lds-missing-field', 'LDSSecurityObject: version missing', base + top.start);
  const version = decodeSmallUnsigned(bytes, vT, o);
  if (version !== 0 && version !== 1) throw new LdsError('lds-unsupported', `LDSSecurityObject: version ${version} is not v0 or v1`, base + vT.offset);
  if (!algT) throw new LdsError('lds-missing-field', 'LDSSecurityObject: hashAlgorithm missing', base + vT.next);
  const hashAlgorithm = parseAlgorithmId(bytes, algT, 'LDSSecurityObject hashAlgorithm', o);
  if (!hashesT || hashesT.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-missing-field', 'LDSSecurityObject: dataGroupHashValues missing', base + algT.next);
  const dataGroupHashes = new Map<DataGroupNumber, Uint8Array>();
  const entries = childrenOf(bytes, hashesT, o);
  if (entries.length < 2 || entries.length > 16) throw new LdsError('lds-bad-value', `LDSSecurityObject: ${entries.length} data group hashes (2–16 allowed)`, base + hashesT.offset);
  for (const e of entries) {
    if (e.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-unexpected-tag', 'DataGroupHash: expected SEQUENCE', base + e.offset);
    const [nT, hT, more] = childrenOf(bytes, e, o);
    if (!nT || nT.tag !== UNIVERSAL.INTEGER || !hT || hT.tag !== UNIVERSAL.OCTET_STRING || more) {
      throw new LdsError('lds-bad-value', 'DataGroupHash: expected { INTEGER, OCTET STRING }', base + e.offset);
    }
    const n = decodeSmallUnsigned(bytes, nT, o);
    if (!isDataGroupNumber(n)) throw new LdsError('lds-bad-value', `DataGroupHash: data group number ${n} is outside 1–16`, base + nT.offset);
    if (dataGroupHashes.has(n)) throw new LdsError('lds-bad-value', `DataGroupHash: DG${n} listed twice`, base + nT.offset);
    const h = valueOf(bytes, hT);
    if (h.length < 20 || h.length > 64) throw new LdsError('lds-bad-value', `DataGroupHash: DG${n} hash of ${h.length} bytes`, base + hT.offset);
    dataGroupHashes.set(n, h);
  }
  let ldsVersionInfo: LdsSecurityObject['ldsVersionInfo'];
  if (infoT) {
    if (version !== 1) throw new LdsError('lds-bad-value', 'LDSSecurityObject: ldsVersionInfo only in v1', base + infoT.offset);
    const [lv, uv, x] = infoT.tag === UNIVERSAL.SEQUENCE ? childrenOf(bytes, infoT, o) : [];
    if (!lv || !uv || x || lv.tag !== UNIVERSAL.PRINTABLE_STRING || uv.tag !== UNIVERSAL.PRINTABLE_STRING) {
      throw new LdsError('lds-bad-value', 'LDSSecurityObject: ldsVersionInfo must be two PrintableStrings', base + infoT.offset);
    }
    ldsVersionInfo = { ldsVersion: decodeAscii(bytes, lv, 'ldsVersion', o), unicodeVersion: decodeAscii(bytes, uv, 'unicodeVersion', o) };
  }
  if (extra) throw new LdsError('lds-trailing-data', 'LDSSecurityObject: unexpected field', base + extra.offset);
  return { version, hashAlgorithm, dataGroupHashes, ...(ldsVersionInfo ? { ldsVersionInfo } : {}) };
}

/** EF.SOD as read from the chip (tag 77). */
export function parseSod(bytes: Uint8Array): Sod {
  const o: BerOptions = { what: 'EF.SOD', allowIndefinite: true };
  const top = readWhole(bytes, o);
  if (top.tag !== EF_SOD_TAG) throw new LdsError('lds-unexpected-tag', `EF.SOD: expected tag 77, found ${tagHex(top.tag)}`, 0);
  const inner = readTlv(bytes, top.start, top.end, o);
  if (inner.next !== top.end) throw new LdsError('lds-trailing-data', 'EF.SOD: data after the ContentInfo', inner.next);
  const signedData = parseSignedData(bytes.subarray(inner.offset, inner.next), { ...o, base: inner.offset });
  if (signedData.eContentType !== OID_LDS_SECURITY_OBJECT) {
    throw new LdsError('lds-bad-value', `EF.SOD: eContentType ${signedData.eContentType} is not id-icao-mrtd-security-ldsSecurityObject`, inner.offset);
  }
  const securityObject = parseLdsSecurityObject(signedData.eContent, Math.max(0, signedData.eContentOffset));
  return { signedData, securityObject };
}

/** EF.CardSecurity (a bare ContentInfo, no 77 wrapper). */
export function parseCardSecurity(bytes: Uint8Array): CardSecurity {
  const signedData = parseSignedData(bytes, { what: 'EF.CardSecurity', allowIndefinite: true });
  if (signedData.eContentType !== OID_SECURITY_OBJECT) {
    throw new LdsError('lds-bad-value', `EF.CardSecurity: eContentType ${signedData.eContentType} is not id-SecurityObject`, 0);
  }
  const securityInfos = parseSecurityInfos(signedData.eContent, { what: 'EF.CardSecurity SecurityInfos', base: Math.max(0, signedData.eContentOffset) });
  return { signedData, securityInfos };
}
