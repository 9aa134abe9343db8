/**
 * DG14 security options (9303-10 §4.7.14): `6E { SecurityInfos }` — chip authentication keys and
 * parameters, PACE infos, the Active Authentication signature algorithm.
 * DG15 Active Authentication public key (9303-10 §4.7.15): `6F { SubjectPublicKeyInfo }`, RSA or EC.
 */
import { childrenOf, readWhole, tagHex } from './ber';
import { DG_TAGS } from './lds-files';
import { LdsError } from './lds-error';
import { parsePublicKeyInfoAt, type EcPublicKeyInfo, type RsaPublicKeyInfo } from './public-key';
import { parseSecurityInfoSet, type SecurityInfos } from './security-infos';

export type Dg14 = SecurityInfos;

export function parseDg14(bytes: Uint8Array): Dg14 {
  const what = 'DG14';
  const top = readWhole(bytes, { what });
  if (top.tag !== DG_TAGS[14]) throw new LdsError('lds-unexpected-tag', `${what}: expected tag 6E, found ${tagHex(top.tag)}`, top.offset);
  const kids = childrenOf(bytes, top, { what });
  if (kids.length !== 1) throw new LdsError('lds-bad-value', `${what}: expected exactly one SecurityInfos SET`, kids[1]?.offset ?? top.offset);
  return parseSecurityInfoSet(bytes, kids[0]!, { what: `${what} SecurityInfos` });
}

export interface Dg15 {
  readonly publicKey: RsaPublicKeyInfo | EcPublicKeyInfo;
}

export function parseDg15(bytes: Uint8Array): Dg15 {
  const what = 'DG15';
  const top = readWhole(bytes, { what });
  if (top.tag !== DG_TAGS[15]) throw new LdsError('lds-unexpected-tag', `${what}: expected tag 6F, found ${tagHex(top.tag)}`, top.offset);
  const kids = childrenOf(bytes, top, { what });
  if (kids.length !== 1) throw new LdsError('lds-bad-value', `${what}: expected exactly one SubjectPublicKeyInfo`, kids[1]?.offset ?? top.offset);
  const key = parsePublicKeyInfoAt(bytes, kids[0]!, { what: `${what} public key` });
  if (key.kind === 'dh') throw new LdsError('lds-unsupported', `${what}: Active Authentication key must be RSA or EC, not DH`, kids[0]!.offset);
  return { publicKey: key };
}
