/**
 * Where each residence-card file lives: DF AIDs (§3.3.2 表3-3, the same for both kinds and both
 * generations), the short EF identifier READ BINARY names in P1 (`1 0 0 x x x x x`, §4.2.5(3)
 * P1-P2 table and the P1 coding lists (i)–(iv)), the file's capacity (§3.3.1 表3-1/3-2) and
 * whether it is read under secure messaging (§3.3.3 表3-4/3-5: "認証 & SM").
 *
 * Generation 1: CONFIRMED from 在留カード等仕様書 Ver 1.5. Generation 2: from the eringoio summary
 * of 001460711 (§3.3.1–3.3.3, §4.2.5) — UNCONFIRMED against the PDF, in particular the SFIs
 * 81/83/84/86 of DF1 and 83 for the SPR certificate's single DF2 file.
 */
import { fromHex } from '../../bytes/hex';
import type { ResidenceGeneration, ResidenceKind } from './records/card-identity';

export type DfName = 'mf' | 'df1' | 'df2' | 'df3';

export const DF_AID: Readonly<Record<Exclude<DfName, 'mf'>, Uint8Array>> = {
  df1: fromHex('D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00'),
  df2: fromHex('D3 92 F0 00 4F 03 00 00 00 00 00 00 00 00 00 00'),
  df3: fromHex('D3 92 F0 00 4F 04 00 00 00 00 00 00 00 00 00 00'),
};

export type Gen1FileId = 'frontImage' | 'face' | 'address' | 'comprehensivePermission' | 'individualPermission' | 'renewalApplication' | 'signature';
export type Gen2FileId = 'cardNumber' | 'printedEntries' | 'nameAndFace' | 'addressImage' | 'permissions' | 'renewalApplication' | 'other' | 'signature';
export type ResidenceFileId = 'common' | 'cardType' | Gen1FileId | Gen2FileId;

export interface FileSpec {
  readonly id: ResidenceFileId;
  readonly df: DfName;
  /** Short EF identifier (P1 = 0x80 | sfi). */
  readonly sfi: number;
  /** Capacity in bytes (表3-1/3-2), the most a read may return. */
  readonly capacity: number;
  /** Read with secure messaging (access right "認証 & SM"). */
  readonly sm: boolean;
  /** Needs the card-number authentication (everything but MF's two files). */
  readonly auth: boolean;
}

/** MF/EF01 共通データ要素 (P1 8B) and MF/EF02 カード種別 (P1 8A), free to read (§4.2.5(i)). */
export const MF_FILES = {
  common: { id: 'common', df: 'mf', sfi: 0x0b, capacity: 6, sm: false, auth: false },
  /** 3 bytes on gen 1 (C1 01 x), 4 on gen 2 (C1 02 x x). */
  cardType: { id: 'cardType', df: 'mf', sfi: 0x0a, capacity: 4, sm: false, auth: false },
} as const satisfies Record<string, FileSpec>;

const GEN1: Record<Gen1FileId, FileSpec> = {
  frontImage: { id: 'frontImage', df: 'df1', sfi: 0x05, capacity: 7004, sm: true, auth: true },
  face: { id: 'face', df: 'df1', sfi: 0x06, capacity: 3004, sm: true, auth: true },
  address: { id: 'address', df: 'df2', sfi: 0x01, capacity: 342, sm: false, auth: true },
  comprehensivePermission: { id: 'comprehensivePermission', df: 'df2', sfi: 0x02, capacity: 122, sm: false, auth: true },
  individualPermission: { id: 'individualPermission', df: 'df2', sfi: 0x03, capacity: 122, sm: false, auth: true },
  renewalApplication: { id: 'renewalApplication', df: 'df2', sfi: 0x04, capacity: 3, sm: false, auth: true },
  signature: { id: 'signature', df: 'df3', sfi: 0x02, capacity: 1464, sm: false, auth: true },
};

const GEN2_RESIDENCE: Record<Gen2FileId, FileSpec> = {
  cardNumber: { id: 'cardNumber', df: 'df1', sfi: 0x01, capacity: 14, sm: true, auth: true },
  printedEntries: { id: 'printedEntries', df: 'df1', sfi: 0x03, capacity: 73, sm: true, auth: true },
  nameAndFace: { id: 'nameAndFace', df: 'df1', sfi: 0x04, capacity: 5508, sm: true, auth: true },
  addressImage: { id: 'addressImage', df: 'df1', sfi: 0x06, capacity: 2505, sm: true, auth: true },
  permissions: { id: 'permissions', df: 'df2', sfi: 0x01, capacity: 22, sm: false, auth: true },
  renewalApplication: { id: 'renewalApplication', df: 'df2', sfi: 0x02, capacity: 3, sm: false, auth: true },
  other: { id: 'other', df: 'df2', sfi: 0x03, capacity: 207, sm: false, auth: true },
  signature: { id: 'signature', df: 'df3', sfi: 0x02, capacity: 704, sm: false, auth: true },
};

/** Files of each generation and kind; the SPR certificate lacks the permission files. */
export function filesOf(generation: ResidenceGeneration, kind: ResidenceKind): readonly FileSpec[] {
  if (generation === 1) {
    const all = Object.values(GEN1);
    return kind === 'residence-card' ? all : all.filter((f) => !['comprehensivePermission', 'individualPermission', 'renewalApplication'].includes(f.id));
  }
  const all = Object.values(GEN2_RESIDENCE);
  if (kind === 'residence-card') return all;
  return all
    .filter((f) => !['permissions', 'renewalApplication'].includes(f.id))
    .map((f) => (f.id === 'printedEntries' ? { ...f, capacity: 46 } : f));
}

export function fileSpec(generation: ResidenceGeneration, kind: ResidenceKind, id: ResidenceFileId): FileSpec | undefined {
  if (id === 'common' || id === 'cardType') return MF_FILES[id];
  return filesOf(generation, kind).find((f) => f.id === id);
}

/** A file that exists only on residence cards, probed on SPR certificates to check the card type. */
export function residenceOnlyProbe(generation: ResidenceGeneration): FileSpec {
  return generation === 1 ? GEN1.comprehensivePermission : GEN2_RESIDENCE.permissions;
}
