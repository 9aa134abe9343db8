/** Files of the eMRTD (9303-10 §3.11 / other-id-documents.md §3.1) that Kazasu reads. */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

export type LdsFileName = 'EF.COM' | 'DG1' | 'DG2' | 'DG11' | 'DG12' | 'DG14' | 'DG15' | 'EF.SOD';

export const LDS_FILES: Readonly<Record<LdsFileName, { readonly fid: number; readonly sfi: number }>> = {
  'EF.COM': { fid: 0x011e, sfi: 0x1e },
  DG1: { fid: 0x0101, sfi: 0x01 },
  DG2: { fid: 0x0102, sfi: 0x02 },
  DG11: { fid: 0x010b, sfi: 0x0b },
  DG12: { fid: 0x010c, sfi: 0x0c },
  DG14: { fid: 0x010e, sfi: 0x0e },
  DG15: { fid: 0x010f, sfi: 0x0f },
  'EF.SOD': { fid: 0x011d, sfi: 0x1d },
};

/** EF.CardAccess in the master file (9303-11 §9.2.11), read plain before PACE. */
export const EF_CARD_ACCESS = { fid: 0x011c, sfi: 0x1c } as const;
/** EF.CardSecurity in the master file (PACE-CAM, §9.2.11); read under SM after PACE. */
export const EF_CARD_SECURITY = { fid: 0x011d, sfi: 0x1d } as const;

/** The data-group tags in EF.COM's tag list (9303-10 Table 34): 61 DG1, 75 DG2, 6B DG11, 6C DG12, 6E DG14, 6F DG15. */
export const DG_TAGS: Readonly<Record<number, LdsFileName>> = { 0x61: 'DG1', 0x75: 'DG2', 0x6b: 'DG11', 0x6c: 'DG12', 0x6e: 'DG14', 0x6f: 'DG15' };
