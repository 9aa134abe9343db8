/**
 * DG1 (9303-10 §4.7.1): `61 { 5F1F MRZ }`, the MRZ characters of all lines concatenated
 * (90 for TD1, 72 for TD2, 88 for TD3). The MRZ's check digits are verified by parseMrzString.
 */
import { childrenOf, decodeAscii, readWhole, tagHex } from './ber';
import { DG_TAGS } from './lds-files';
import { LdsError } from './lds-error';
import { parseMrzString, type Mrz } from './mrz';

export interface Dg1 {
  readonly mrz: Mrz;
}

const what = 'DG1';

export function parseDg1(bytes: Uint8Array): Dg1 {
  const top = readWhole(bytes, { what });
  if (top.tag !== DG_TAGS[1]) throw new LdsError('lds-unexpected-tag', `${what}: expected tag 61, found ${tagHex(top.tag)}`, top.offset);
  const kids = childrenOf(bytes, top, { what });
  const mrzTlv = kids.find((k) => k.tag === 0x5f1f);
  if (!mrzTlv) throw new LdsError('lds-missing-field', `${what}: MRZ (5F1F) missing`, top.offset);
  const other = kids.find((k) => k.tag !== 0x5f1f);
  if (other) throw new LdsError('lds-unexpected-tag', `${what}: unexpected tag ${tagHex(other.tag)}`, other.offset);
  const text = decodeAscii(bytes, mrzTlv, `${what} MRZ`);
  try {
    return { mrz: parseMrzString(text) };
  } catch (e) {
    // Re-anchor the MRZ's character offset to the file.
    if (e instanceof LdsError) throw new LdsError(e.code, `${what}: ${e.message.replace(/ \(at offset \d+\)$/, '')}`, e.offset >= 0 ? mrzTlv.start + e.offset : mrzTlv.start);
    throw e;
  }
}
