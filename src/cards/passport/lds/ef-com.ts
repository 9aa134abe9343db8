/**
 * EF.COM (9303-10 §4.6.1): `60 { 5F01 LDS version "aabb", 5F36 Unicode version "aabbcc",
 * 5C tag list }`. The tag list says which data groups the chip claims to hold; it is not
 * covered by the SOD, so it only guides reading and is never evidence.
 */
import { childrenOf, decodeAscii, readWhole, tagHex, type Tlv } from './ber';
import { dataGroupForTag, EF_COM_TAG, type DataGroupNumber } from './lds-files';
import { LdsError } from './lds-error';

export interface EfCom {
  /** e.g. "0107" for LDS 1.7. */
  readonly ldsVersion: string;
  /** e.g. "040000" for Unicode 4.0.0. */
  readonly unicodeVersion: string;
  /** Data groups in the tag list, in the order listed. */
  readonly dataGroups: readonly DataGroupNumber[];
  /** Tags in the list that are not data-group tags (kept, not interpreted). */
  readonly unknownTags: readonly number[];
}

const what = 'EF.COM';

export function parseEfCom(bytes: Uint8Array): EfCom {
  const top = readWhole(bytes, { what });
  if (top.tag !== EF_COM_TAG) throw new LdsError('lds-unexpected-tag', `${what}: expected tag 60, found ${tagHex(top.tag)}`, top.offset);
  let ldsVersion: string | undefined;
  let unicodeVersion: string | undefined;
  let tagList: Tlv | undefined;
  for (const c of childrenOf(bytes, top, { what })) {
    if (c.tag === 0x5f01) ldsVersion = digits(bytes, c, 4, 'LDS version');
    else if (c.tag === 0x5f36) unicodeVersion = digits(bytes, c, 6, 'Unicode version');
    else if (c.tag === 0x5c) tagList = c;
    else throw new LdsError('lds-unexpected-tag', `${what}: unexpected tag ${tagHex(c.tag)}`, c.offset);
  }
  if (!ldsVersion) throw new LdsError('lds-missing-field', `${what}: LDS version (5F01) missing`, top.offset);
  if (!unicodeVersion) throw new LdsError('lds-missing-field', `${what}: Unicode version (5F36) missing`, top.offset);
  if (!tagList) throw new LdsError('lds-missing-field', `${what}: tag list (5C) missing`, top.offset);
  const dataGroups: DataGroupNumber[] = [];
  const unknownTags: number[] = [];
  for (let i = tagList.start; i < tagList.end; i++) {
    const t = bytes[i]!;
    const dg = dataGroupForTag(t);
    if (dg === undefined) unknownTags.push(t);
    else if (dataGroups.includes(dg)) throw new LdsError('lds-bad-value', `${what}: DG${dg} listed twice`, i);
    else dataGroups.push(dg);
  }
  return { ldsVersion, unicodeVersion, dataGroups, unknownTags };
}

function digits(bytes: Uint8Array, t: Tlv, n: number, field: string): string {
  const s = decodeAscii(bytes, t, `${what} ${field}`);
  if (s.length !== n || !/^[0-9]+$/.test(s)) throw new LdsError('lds-bad-value', `${what}: ${field} must be ${n} digits`, t.start);
  return s;
}
