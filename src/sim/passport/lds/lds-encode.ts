/**
 * The simulator's LDS writer (ICAO 9303-10 §4.6–4.7): EF.COM, DG1, DG2 (ISO/IEC 19794-5 or
 * 39794-5 face container), DG11, DG12, DG14 and EF.CardAccess (SecurityInfos), DG15, EF.SOD.
 * Written from the specifications, independently of the card library's parsers.
 */
import { concatBytes } from '../../../bytes/byte-ops';
import { ascii, integerSmall, octetString, oid, printable, seq, set, tlvT } from '../pki/der';
import { buildSignedData, type SignedDataParams } from '../pki/cms';
import { hashAlgorithmId } from '../pki/certificates';
import { simHash, type SimHash } from '../pki/sim-passport-keys';

/** Application tags of DG1…DG16 (9303-10 Table 38). */
export const SIM_DG_TAGS: Readonly<Record<number, number>> = {
  1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
  9: 0x69, 10: 0x6a, 11: 0x6b, 12: 0x6c, 13: 0x6d, 14: 0x6e, 15: 0x6f, 16: 0x70,
};

export function encodeEfCom(dataGroups: readonly number[], ldsVersion = '0107', unicodeVersion = '040000'): Uint8Array {
  return tlvT(0x60, tlvT(0x5f01, ascii(ldsVersion)), tlvT(0x5f36, ascii(unicodeVersion)), tlvT(0x5c, Uint8Array.from(dataGroups.map((n) => SIM_DG_TAGS[n]!))));
}

export function encodeDg1(mrzLines: readonly string[]): Uint8Array {
  return tlvT(0x61, tlvT(0x5f1f, ascii(mrzLines.join(''))));
}

export interface FaceSpec {
  readonly image: Uint8Array;
  readonly format: 'jpeg' | 'jpeg2000';
  readonly width: number;
  readonly height: number;
  readonly container: 'iso19794-5' | 'iso39794-5';
  readonly gender?: 'M' | 'F';
}

const u16 = (n: number) => Uint8Array.of((n >> 8) & 0xff, n & 0xff);
const u32 = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

/** ISO/IEC 19794-5:2005 face record with one image (general header §5.4, facial record §5.5–5.7). */
function iso19794Record(f: FaceSpec): Uint8Array {
  const imageInfo = concatBytes(
    Uint8Array.of(0x01), // face image type: full frontal
    Uint8Array.of(f.format === 'jpeg' ? 0x00 : 0x01), // image data type
    u16(f.width),
    u16(f.height),
    Uint8Array.of(0x03), // colour space: greyscale 8 bit (GRAY8)
    Uint8Array.of(0x02), // source type: digital still camera
    u16(0), // device type
    u16(0), // quality: unspecified
  );
  const recordHeader = concatBytes(
    u32(20 + imageInfo.length + f.image.length),
    u16(0), // feature points
    Uint8Array.of(f.gender === 'M' ? 1 : f.gender === 'F' ? 2 : 0),
    Uint8Array.of(0), // eye colour unspecified
    Uint8Array.of(0), // hair colour unspecified
    Uint8Array.of(0, 0, 0), // feature mask
    u16(0), // expression
    Uint8Array.of(0, 0, 0), // pose angles
    Uint8Array.of(0, 0, 0), // pose angle uncertainty
  );
  const body = concatBytes(recordHeader, imageInfo, f.image);
  return concatBytes(ascii('FAC\0'), ascii('010\0'), u32(14 + body.length), u16(1), body);
}

/**
 * ISO/IEC 39794-5 FaceImageDataBlock ([APPLICATION 5], automatic tags) with one 2D
 * representation; see cards/passport/lds/dg2.ts for the layout and its source.
 */
function iso39794Block(f: FaceSpec): Uint8Array {
  const code = f.format === 'jpeg' ? 2 : 3;
  const representation = seq(
    tlvT(0x80, Uint8Array.of(0)), // representationId
    tlvT(0xa1, tlvT(0xa0, tlvT(0xa0, tlvT(0x80, f.image), tlvT(0xa1, tlvT(0xa0, tlvT(0x80, Uint8Array.of(code))))))),
  );
  return tlvT(0x65, tlvT(0xa0, tlvT(0x80, Uint8Array.of(3)), tlvT(0x81, u16(2020))), tlvT(0xa1, representation));
}

export function encodeDg2(f: FaceSpec): Uint8Array {
  const is39794 = f.container === 'iso39794-5';
  const bht = tlvT(
    0xa1,
    tlvT(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version
    tlvT(0x81, Uint8Array.of(0x02)), // biometric type: facial features
    tlvT(0x87, u16(0x0101)), // format owner: ISO/IEC JTC 1 SC 37
    tlvT(0x88, u16(is39794 ? 0x0040 : 0x0008)), // format type (0040 for 39794-5: UNCONFIRMED)
  );
  const bdb = is39794 ? tlvT(0x7f2e, iso39794Block(f)) : tlvT(0x5f2e, iso19794Record(f));
  return tlvT(0x75, tlvT(0x7f61, tlvT(0x02, Uint8Array.of(1)), tlvT(0x7f60, bht, bdb)));
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s);

export interface Dg11Spec {
  readonly fullName?: string;
  readonly placeOfBirth?: string;
  readonly address?: string;
  readonly fullDateOfBirth?: string; // YYYYMMDD
  readonly profession?: string;
}

export function encodeDg11(d: Dg11Spec): Uint8Array {
  const fields: [number, Uint8Array][] = [];
  if (d.fullName) fields.push([0x5f0e, utf8Bytes(d.fullName)]);
  if (d.fullDateOfBirth) fields.push([0x5f2b, ascii(d.fullDateOfBirth)]);
  if (d.placeOfBirth) fields.push([0x5f11, utf8Bytes(d.placeOfBirth)]);
  if (d.address) fields.push([0x5f42, utf8Bytes(d.address)]);
  if (d.profession) fields.push([0x5f13, utf8Bytes(d.profession)]);
  const list = concatBytes(...fields.map(([t]) => u16(t)));
  return tlvT(0x6b, tlvT(0x5c, list), ...fields.map(([t, v]) => tlvT(t, v)));
}

export interface Dg12Spec {
  readonly issuingAuthority?: string;
  readonly dateOfIssue?: string; // YYYYMMDD
  readonly personalizationTime?: string; // YYYYMMDDhhmmss
}

export function encodeDg12(d: Dg12Spec): Uint8Array {
  const fields: [number, Uint8Array][] = [];
  if (d.issuingAuthority) fields.push([0x5f19, utf8Bytes(d.issuingAuthority)]);
  if (d.dateOfIssue) fields.push([0x5f26, ascii(d.dateOfIssue)]);
  if (d.personalizationTime) fields.push([0x5f55, ascii(d.personalizationTime)]);
  const list = concatBytes(...fields.map(([t]) => u16(t)));
  return tlvT(0x6c, tlvT(0x5c, list), ...fields.map(([t, v]) => tlvT(t, v)));
}

// --- SecurityInfos (9303-11 §9.2) ------------------------------------------------------------

const PACE = '0.4.0.127.0.7.2.2.4';
export const PACE_MAPPING_ARC = { 'DH-GM': 1, 'ECDH-GM': 2, 'DH-IM': 3, 'ECDH-IM': 4, 'ECDH-CAM': 6 } as const;
export const CIPHER_ARC = { '3DES': 1, 'AES-128': 2, 'AES-192': 3, 'AES-256': 4 } as const;
export type SimPaceMapping = keyof typeof PACE_MAPPING_ARC;
export type SimCipher = keyof typeof CIPHER_ARC;

export type SimSecurityInfo =
  | { readonly type: 'pace'; readonly mapping: SimPaceMapping; readonly cipher: SimCipher; readonly parameterId: number }
  | { readonly type: 'ca'; readonly cipher: SimCipher; readonly keyId?: number }
  | { readonly type: 'ca-key'; readonly spki: Uint8Array; readonly keyId?: number }
  | { readonly type: 'aa'; readonly signatureAlgorithm: string }
  | { readonly type: 'ta' };

function infoBytes(i: SimSecurityInfo): Uint8Array {
  switch (i.type) {
    case 'pace':
      return seq(oid(`${PACE}.${PACE_MAPPING_ARC[i.mapping]}.${CIPHER_ARC[i.cipher]}`), integerSmall(2), integerSmall(i.parameterId));
    case 'ca':
      return seq(oid(`0.4.0.127.0.7.2.2.3.2.${CIPHER_ARC[i.cipher]}`), integerSmall(1), ...(i.keyId !== undefined ? [integerSmall(i.keyId)] : []));
    case 'ca-key':
      return seq(oid('0.4.0.127.0.7.2.2.1.2'), i.spki, ...(i.keyId !== undefined ? [integerSmall(i.keyId)] : []));
    case 'aa':
      return seq(oid('2.23.136.1.1.5'), integerSmall(1), oid(i.signatureAlgorithm));
    case 'ta':
      return seq(oid('0.4.0.127.0.7.2.2.2'), integerSmall(1));
  }
}

/** DER SET OF (elements sorted by encoding, X.690 §11.6). */
export function encodeSecurityInfos(infos: readonly SimSecurityInfo[]): Uint8Array {
  const items = infos.map(infoBytes).sort((a, b) => {
    for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
    return a.length - b.length;
  });
  return set(...items);
}

export function encodeDg14(infos: readonly SimSecurityInfo[]): Uint8Array {
  return tlvT(0x6e, encodeSecurityInfos(infos));
}

export function encodeDg15(spki: Uint8Array): Uint8Array {
  return tlvT(0x6f, spki);
}

// --- EF.SOD (9303-10 §4.6.2) ----------------------------------------------------------------

export interface SodSpec {
  readonly dataGroups: ReadonlyMap<number, Uint8Array>;
  readonly hash: SimHash;
  readonly signer: SignedDataParams['signer'];
  /** LDS 1.8: LDSSecurityObject v1 with ldsVersionInfo. */
  readonly ldsVersionInfo?: { readonly ldsVersion: string; readonly unicodeVersion: string };
  readonly berIndefinite?: boolean;
  readonly signingTime?: Date;
  /** Forgery knob: hash these DGs' bytes instead of the files (so the files no longer match). */
  readonly hashOverride?: ReadonlyMap<number, Uint8Array>;
}

export function encodeLdsSecurityObject(s: Pick<SodSpec, 'dataGroups' | 'hash' | 'ldsVersionInfo' | 'hashOverride'>): Uint8Array {
  const numbers = [...s.dataGroups.keys()].sort((a, b) => a - b);
  const hashes = numbers.map((n) => seq(integerSmall(n), octetString(simHash(s.hash, s.hashOverride?.get(n) ?? s.dataGroups.get(n)!))));
  return seq(
    integerSmall(s.ldsVersionInfo ? 1 : 0),
    hashAlgorithmId(s.hash),
    seq(...hashes),
    ...(s.ldsVersionInfo ? [seq(printable(s.ldsVersionInfo.ldsVersion), printable(s.ldsVersionInfo.unicodeVersion))] : []),
  );
}

export async function encodeSod(s: SodSpec): Promise<Uint8Array> {
  const signedData = await buildSignedData({
    eContentType: '2.23.136.1.1.1',
    eContent: encodeLdsSecurityObject(s),
    digest: s.hash,
    signer: s.signer,
    ...(s.signingTime ? { signingTime: s.signingTime } : {}),
    ...(s.berIndefinite ? { berIndefinite: true } : {}),
  });
  // Like the real NZ SOD: the 77 wrapper has a definite length (readers size the file from it),
  // the CMS inside uses indefinite lengths.
  return tlvT(0x77, signedData);
}

/** EF.CardSecurity: SignedData with eContent type id-SecurityObject over SecurityInfos (TR-03110-3 A.1.2.2). */
export async function encodeCardSecurity(infos: readonly SimSecurityInfo[], signer: SignedDataParams['signer'], hash: SimHash): Promise<Uint8Array> {
  return buildSignedData({ eContentType: '0.4.0.127.0.7.3.2.1', eContent: encodeSecurityInfos(infos), digest: hash, signer });
}
