/**
 * What the licence signature (DF1/EF07 B1) is computed over. UNCONFIRMED: the 電子署名 chapter of
 * the 警察庁 specification was not available (licence-facts §4). The one statement found (CIV,
 * docs/civ/jpdl.md, untested on real cards) is that the hash covers "the data of DF1/EF01,
 * DF1/EF02 and DF2/EF01", without saying whether that means whole files with their filler, the
 * TLVs, or the values, nor in what order. Indirect support: libjeid validates only after reading
 * 本籍 and 写真 with PIN1 and PIN2 (LJ sample, osstech validation guide), so the signed data very
 * probably includes PIN2-protected files.
 *
 * So the recipe is data, named and selectable, and the card layer reads exactly the files the
 * chosen recipe needs. The default is CIV's file list as whole files (filler included, in the
 * order given); the alternatives are there so that the first real card (or the spec) settles the
 * question by configuration rather than by code. Change records (EF04/EF05, written later by
 * another 公安委員会) are assumed NOT covered [U].
 */
import { wipe } from '../../bytes/byte-ops';
import type { LicenceFileName } from './licence-layout';
import { parseLicenceTlvs } from './licence-tlv';

/** file: the bytes as read (filler included); tlv: the TLVs up to the filler; value: the TLV values only. */
export type SignedPartForm = 'file' | 'tlv' | 'value';

export interface SignedDataRecipe {
  readonly id: SignedDataRecipeId;
  readonly parts: readonly { readonly file: LicenceFileName; readonly form: SignedPartForm }[];
}

export const SIGNED_DATA_RECIPES = {
  /** Default [U: CIV]: DF1/EF01 ‖ DF1/EF02 ‖ DF2/EF01, whole files as read. */
  'ef01-ef02-photo-files': {
    id: 'ef01-ef02-photo-files',
    parts: [
      { file: 'df1.entries', form: 'file' },
      { file: 'df1.honseki', form: 'file' },
      { file: 'df2.photo', form: 'file' },
    ],
  },
  /** The same files without their filler [U]. */
  'ef01-ef02-photo-tlv': {
    id: 'ef01-ef02-photo-tlv',
    parts: [
      { file: 'df1.entries', form: 'tlv' },
      { file: 'df1.honseki', form: 'tlv' },
      { file: 'df2.photo', form: 'tlv' },
    ],
  },
  /** 記載事項 and photo only [U]: what a signature that leaves 本籍 out would look like. */
  'ef01-photo-files': {
    id: 'ef01-photo-files',
    parts: [
      { file: 'df1.entries', form: 'file' },
      { file: 'df2.photo', form: 'file' },
    ],
  },
} as const satisfies Record<string, { id: string; parts: readonly { file: LicenceFileName; form: SignedPartForm }[] }>;

export type SignedDataRecipeId = keyof typeof SIGNED_DATA_RECIPES;
export const DEFAULT_SIGNED_DATA_RECIPE: SignedDataRecipeId = 'ef01-ef02-photo-files';

export function signedDataRecipe(id: SignedDataRecipeId = DEFAULT_SIGNED_DATA_RECIPE): SignedDataRecipe {
  return SIGNED_DATA_RECIPES[id];
}

/** Whether the recipe needs a file only PIN2 opens (then a PIN1-only read cannot check the signature). */
export function recipeNeedsPin2(recipe: SignedDataRecipe): boolean {
  return recipe.parts.some((p) => p.file === 'df1.honseki' || p.file === 'df2.photo');
}

/** One part's bytes in the recipe's form (a new array; the caller wipes it). */
export function partBytes(file: Uint8Array, form: SignedPartForm, fillerBytes: readonly number[], twoByteTagFirstBytes: readonly number[] = [0x5f]): Uint8Array {
  if (form === 'file') return file.slice();
  const parsed = parseLicenceTlvs(file, { fillerBytes, twoByteTagFirstBytes });
  if (form === 'tlv') return file.slice(0, parsed.end);
  let n = 0;
  for (const t of parsed.items) n += t.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const t of parsed.items) {
    out.set(t.value, o);
    o += t.length;
  }
  return out;
}

/** The recipe's byte string from the files (each looked up by name). Parts are wiped as they are copied. */
export function assembleSignedData(recipe: SignedDataRecipe, fileOf: (name: LicenceFileName) => Uint8Array | undefined, fillerBytes: readonly number[]): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  try {
    for (const p of recipe.parts) {
      const f = fileOf(p.file);
      if (!f) return undefined;
      parts.push(partBytes(f, p.form, fillerBytes));
    }
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  } finally {
    for (const p of parts) wipe(p);
  }
}
