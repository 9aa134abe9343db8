/**
 * The eMRTD application's elementary files (ICAO 9303-10 §4.6, Table 38/39): file ids, short
 * file identifiers and the application tag each file's object starts with. EF.CardAccess and
 * EF.CardSecurity live in the master file, outside the LDS application.
 */

/** Data group numbers 1–16 (9303-10 §4.7). */
export type DataGroupNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16;

export const DATA_GROUP_NUMBERS: readonly DataGroupNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

export function isDataGroupNumber(n: number): n is DataGroupNumber {
  return Number.isInteger(n) && n >= 1 && n <= 16;
}

/** Application tag of each data group's object (9303-10 Table 38): DG1 61 … DG16 70. */
export const DG_TAGS: Readonly<Record<DataGroupNumber, number>> = {
  1: 0x61,
  2: 0x75,
  3: 0x63,
  4: 0x76,
  5: 0x65,
  6: 0x66,
  7: 0x67,
  8: 0x68,
  9: 0x69,
  10: 0x6a,
  11: 0x6b,
  12: 0x6c,
  13: 0x6d,
  14: 0x6e,
  15: 0x6f,
  16: 0x70,
};

export const EF_COM_TAG = 0x60;
export const EF_SOD_TAG = 0x77;

/** Data group number of an LDS application tag (as listed in EF.COM's tag list), or undefined. */
export function dataGroupForTag(tag: number): DataGroupNumber | undefined {
  for (const n of DATA_GROUP_NUMBERS) if (DG_TAGS[n] === tag) return n;
  return undefined;
}

/** File id of DG n in the LDS application: 01 0n (9303-10 Table 39). */
export function dataGroupFid(n: DataGroupNumber): number {
  return 0x0100 + n;
}

/** Short file identifier of DG n (equals n). */
export function dataGroupSfi(n: DataGroupNumber): number {
  return n;
}

export const FID = {
  /** Master file. */
  CARD_ACCESS: 0x011c,
  CARD_SECURITY: 0x011d,
  /** LDS application. */
  COM: 0x011e,
  SOD: 0x011d,
} as const;

export const SFI = {
  CARD_ACCESS: 0x1c,
  CARD_SECURITY: 0x1d,
  COM: 0x1e,
  SOD: 0x1d,
} as const;

/** The eMRTD LDS1 application identifier (9303-10 §4.1). */
export const LDS1_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
