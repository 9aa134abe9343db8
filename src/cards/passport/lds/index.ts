/**
 * The eMRTD Logical Data Structure (ICAO 9303-10) — parsing only, DOM-free and Node-free, in the
 * card layer so the passport driver can use EF.COM (what to read), DG14 (chip authentication
 * keys) and DG15 (Active Authentication key) while it talks to the chip; verify/passport uses
 * the same parsers for passive authentication.
 *
 * How a driver calls it: read each file's bytes whole (header first, then the rest in chunks),
 * then `parseLdsFile(fid, bytes)` or the specific parser. Every parser takes the file's exact
 * bytes (no FF filler), fails with LdsError (stable `code`, `offset` into the file) and returns
 * views into the input, so keep the bytes: passive authentication hashes exactly what was read.
 */
export { LdsError, type LdsErrorCode } from './lds-error';
export { readTlv, readWhole, childrenOf, type Tlv, type BerOptions } from './ber';
export * from './lds-files';
export { parseEfCom, type EfCom } from './ef-com';
export { mrzCheckDigit, mrzDateToIso, parseMrzLines, parseMrzString, splitMrzText, type Mrz, type MrzFormat, type MrzName } from './mrz';
export { parseDg1, type Dg1 } from './dg1';
export { parseDg2, sniffImageFormat, type Dg2, type FaceImage, type FaceImageFormat, type FaceContainer } from './dg2';
export { parseDg11, parseDg12, type Dg11, type Dg12 } from './dg11-dg12';
export { parseDg14, parseDg15, type Dg14, type Dg15 } from './dg14-dg15';
export * from './security-infos';
export * from './public-key';
export * from './ec-curves';
export * from './cms-signed-data';
export * from './sod';

import { parseDg1 } from './dg1';
import { parseDg2 } from './dg2';
import { parseDg11, parseDg12 } from './dg11-dg12';
import { parseDg14, parseDg15 } from './dg14-dg15';
import { parseEfCom } from './ef-com';
import { FID } from './lds-files';
import { LdsError } from './lds-error';
import { parseSod } from './sod';

export type ParsedLdsFile =
  | { readonly file: 'EF.COM'; readonly value: ReturnType<typeof parseEfCom> }
  | { readonly file: 'EF.SOD'; readonly value: ReturnType<typeof parseSod> }
  | { readonly file: 'DG1'; readonly value: ReturnType<typeof parseDg1> }
  | { readonly file: 'DG2'; readonly value: ReturnType<typeof parseDg2> }
  | { readonly file: 'DG11'; readonly value: ReturnType<typeof parseDg11> }
  | { readonly file: 'DG12'; readonly value: ReturnType<typeof parseDg12> }
  | { readonly file: 'DG14'; readonly value: ReturnType<typeof parseDg14> }
  | { readonly file: 'DG15'; readonly value: ReturnType<typeof parseDg15> };

/** Parses a file of the LDS application by its file id (01 1E, 01 1D, 01 01, …). */
export function parseLdsFile(fid: number, bytes: Uint8Array): ParsedLdsFile {
  switch (fid) {
    case FID.COM: return { file: 'EF.COM', value: parseEfCom(bytes) };
    case FID.SOD: return { file: 'EF.SOD', value: parseSod(bytes) };
    case 0x0101: return { file: 'DG1', value: parseDg1(bytes) };
    case 0x0102: return { file: 'DG2', value: parseDg2(bytes) };
    case 0x010b: return { file: 'DG11', value: parseDg11(bytes) };
    case 0x010c: return { file: 'DG12', value: parseDg12(bytes) };
    case 0x010e: return { file: 'DG14', value: parseDg14(bytes) };
    case 0x010f: return { file: 'DG15', value: parseDg15(bytes) };
    default: throw new LdsError('lds-unsupported', `no parser for file ${fid.toString(16).padStart(4, '0')}`, -1);
  }
}
