/**
 * What the simulated chip publishes about its access control and keys, as the LDS helper's
 * generated DG14 / DG15 / EF.CardSecurity and this chip's EF.CardAccess need it:
 * EF.CardAccess SecurityInfos (PACEInfo per offer, 9303-11 §9.2.1), DG14 content
 * (ChipAuthenticationInfo + ChipAuthenticationPublicKeyInfo, §9.2.5–9.2.6, plus the PACEInfos and
 * an ActiveAuthenticationInfo for ECDSA AA, §9.2.4), DG15 (SubjectPublicKeyInfo, §6.1.5).
 */
import { fromBig } from './chip-crypto';
import { bitString, der, derInt, derOid, octetString, seqOf, setOf } from './chip-der';
import { chipGroup } from './chip-groups';
import type { AaKey } from './chip-active-auth';
import { powMod } from './chip-crypto';

export interface PaceOffer {
  /** id-PACE-… OID (e.g. 0.4.0.127.0.7.2.2.4.2.2 = ECDH-GM-AES-128). */
  readonly oid: string;
  /** Standardized domain parameter id (Table 12). For CAM also the CA key id. */
  readonly parameterId: number;
}

export interface ChipAuthenticationKey {
  /** id-CA-… OID (e.g. 0.4.0.127.0.7.2.2.3.2.2 = CA-ECDH-AES-128). */
  readonly oid: string;
  readonly groupId: number;
  readonly privateKey: bigint;
  readonly keyId?: number;
}

const STANDARDIZED = '0.4.0.127.0.7.1.2';
const ID_PK_DH = '0.4.0.127.0.7.2.2.1.1';
const ID_PK_ECDH = '0.4.0.127.0.7.2.2.1.2';
const ID_AA = '2.23.136.1.1.5';

export function paceInfoDer(offer: PaceOffer): Uint8Array {
  return seqOf(derOid(offer.oid), derInt(2), derInt(offer.parameterId));
}

/** EF.CardAccess = SecurityInfos with one PACEInfo per offer. */
export function cardAccessFor(offers: readonly PaceOffer[]): Uint8Array {
  return setOf(...offers.map(paceInfoDer));
}

/** The CA public key of `key` as the chip publishes it (uncompressed point, or y). */
export function caPublicValue(key: { groupId: number; privateKey: bigint }): Uint8Array {
  const g = chipGroup(key.groupId);
  if (g.type === 'ec') return g.curve.Point.BASE.multiply(key.privateKey).toBytes(false);
  return fromBig(powMod(g.g, key.privateKey, g.p));
}

export function caPublicKeyInfoDer(key: ChipAuthenticationKey, publicValue = caPublicValue(key)): Uint8Array {
  const g = chipGroup(key.groupId);
  const algorithm = seqOf(derOid(STANDARDIZED), derInt(key.groupId));
  const subjectKey = g.type === 'ec' ? publicValue : derInt(BigInt('0x' + Array.from(publicValue, (b) => b.toString(16).padStart(2, '0')).join('')));
  const fields = [derOid(g.type === 'ec' ? ID_PK_ECDH : ID_PK_DH), seqOf(algorithm, bitString(subjectKey))];
  if (key.keyId !== undefined) fields.push(derInt(key.keyId));
  return seqOf(...fields);
}

export function caInfoDer(key: ChipAuthenticationKey): Uint8Array {
  const fields = [derOid(key.oid), derInt(1)];
  if (key.keyId !== undefined) fields.push(derInt(key.keyId));
  return seqOf(...fields);
}

/** ECDSA AA: ActiveAuthenticationInfo with the TR-03111 ecdsa-plain-SHA* OID. */
export function aaInfoDer(key: AaKey): Uint8Array | undefined {
  if (key.kind !== 'ecdsa') return undefined;
  const sig = { sha256: '0.4.0.127.0.7.1.1.4.1.3', sha384: '0.4.0.127.0.7.1.1.4.1.4', sha512: '0.4.0.127.0.7.1.1.4.1.5' }[key.hash];
  return seqOf(derOid(ID_AA), derInt(1), derOid(sig));
}

/**
 * DG14 = 6E { SecurityInfos }: CA infos and keys, the PACEInfos of EF.CardAccess, ECDSA AA info.
 * `publicOverride` lets a forgery publish a key the chip does not hold (cloned chip).
 */
export function dg14For(options: {
  readonly ca?: readonly ChipAuthenticationKey[];
  readonly pace?: readonly PaceOffer[];
  readonly aa?: AaKey;
  readonly publicOverride?: ReadonlyMap<number | undefined, Uint8Array>;
}): Uint8Array {
  const infos: Uint8Array[] = [];
  for (const k of options.ca ?? []) {
    infos.push(caInfoDer(k));
    infos.push(caPublicKeyInfoDer(k, options.publicOverride?.get(k.keyId) ?? caPublicValue(k)));
  }
  for (const p of options.pace ?? []) infos.push(paceInfoDer(p));
  const aa = options.aa && aaInfoDer(options.aa);
  if (aa) infos.push(aa);
  return der(0x6e, setOf(...infos));
}

/** DG15 = 6F { SubjectPublicKeyInfo } of the AA key (RSA, or EC with standardized parameters). */
export function dg15For(key: AaKey): Uint8Array {
  if (key.kind === 'rsa') {
    const rsaKey = seqOf(derInt(key.n), derInt(key.e));
    return der(0x6f, seqOf(seqOf(derOid('1.2.840.113549.1.1.1'), der(0x05)), bitString(rsaKey)));
  }
  const g = chipGroup(key.groupId);
  if (g.type !== 'ec') throw new RangeError('ECDSA AA key needs a curve');
  const pub = g.curve.Point.BASE.multiply(key.privateKey).toBytes(false);
  const named: Record<number, string> = { 12: '1.2.840.10045.3.1.7', 13: '1.3.36.3.3.2.8.1.1.7', 15: '1.3.132.0.34', 16: '1.3.36.3.3.2.8.1.1.11', 17: '1.3.36.3.3.2.8.1.1.13', 18: '1.3.132.0.35' };
  return der(0x6f, seqOf(seqOf(derOid('1.2.840.10045.2.1'), derOid(named[key.groupId]!)), bitString(pub)));
}

export { octetString };
