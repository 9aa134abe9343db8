/**
 * One licence read after the PINs are verified: the files a plan asks for, each read once, DF1
 * before DF2 (each DF selected once), parsed. A file that is missing, malformed or refused is kept
 * as a failed FileResult (the verifier turns it into a failing check with its own reason), so one
 * bad file never hides what the others say; a card that leaves the reader or a PIN problem still
 * throws.
 */
import { KazasuError } from '../../errors/kazasu-error';
import { TransportError } from '../../transport/card-transport';
import type { ChangeRecords } from './change-records';
import type { LicenceCommonData } from './common-data';
import type { LicenceEntries } from './entries';
import { ForbiddenBytes } from './forbidden-data';
import type { GaijiGlyph } from './gaiji';
import type { GaijiSlot } from './jis-x0208';
import type { LicenceCard } from './licence-card';
import type { LicenceFileName } from './licence-layout';
import type { LicencePhoto } from './photo';
import type { PinSetting } from './pin-setting';
import type { LicenceSignatureFile } from './signature-file';
import { DEFAULT_SIGNED_DATA_RECIPE, signedDataRecipe, type SignedDataRecipe, type SignedDataRecipeId } from './signed-data';

export type FileResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KazasuError };

export interface LicenceReadPlan {
  /** DF2/EF01 (needs PIN2 verified). */
  readonly photo: boolean;
  /** DF1/EF07 and the files the signed-data recipe covers. */
  readonly signature: boolean;
  /** Which signed-data recipe (signed-data.ts); default: ef01-ef02-photo-files. */
  readonly recipe?: SignedDataRecipeId;
  /**
   * Read 本籍 (DF1/EF02) as ForbiddenBytes for the signature when the recipe covers it (needs
   * PIN2). Reason: signature verification; the bytes are hashed, never decoded.
   */
  readonly honsekiForSignature: boolean;
}

/** The files a verifier needs for the signature, as read (本籍 only as ForbiddenBytes). */
export interface SignedFiles {
  readonly recipe: SignedDataRecipe;
  readonly files: ReadonlyMap<LicenceFileName, Uint8Array | ForbiddenBytes>;
}

export interface LicenceReadout {
  readonly common: FileResult<LicenceCommonData>;
  readonly pinSetting: PinSetting;
  readonly entries: FileResult<LicenceEntries>;
  readonly changes: FileResult<ChangeRecords>;
  /** Glyphs of every 外字 slot the 記載事項 and change records refer to. */
  readonly gaiji: FileResult<readonly GaijiGlyph[]>;
  readonly signatureFile: FileResult<LicenceSignatureFile> | undefined;
  readonly photo: FileResult<LicencePhoto> | undefined;
  readonly signedFiles: SignedFiles | undefined;
  /** Zero every byte the readout holds (raw files, images, 本籍). */
  wipe(): void;
}

async function attempt<T>(read: () => Promise<T>): Promise<FileResult<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    // Transport failures (card gone) and non-Kazasu errors are not a property of the file.
    if (e instanceof TransportError || !(e instanceof KazasuError)) throw e;
    return { ok: false, error: e };
  }
}

/** The 外字 slots a text set refers to, each once, ascending. */
export function referencedGaiji(entries: FileResult<LicenceEntries>, changes: FileResult<ChangeRecords>): GaijiSlot[] {
  const slots = new Set<GaijiSlot>();
  if (entries.ok) {
    const e = entries.value;
    for (const t of [e.name, e.nameKana, e.alias, e.unifiedNameKana, e.address, e.publicSafetyCommission, ...e.conditions]) {
      for (const s of t?.gaijiSlots ?? []) slots.add(s);
    }
  }
  if (changes.ok) for (const r of changes.value.records) for (const s of [...r.text.gaijiSlots, ...r.publicSafetyCommission.gaijiSlots]) slots.add(s);
  return [...slots].sort((a, b) => a - b);
}

export async function readLicence(card: LicenceCard, plan: LicenceReadPlan): Promise<LicenceReadout> {
  const recipe = signedDataRecipe(plan.recipe ?? DEFAULT_SIGNED_DATA_RECIPE);
  const common = await attempt(() => card.readCommonData());
  const pinSetting = await card.readPinSetting();
  // DF1
  const entries = await attempt(() => card.readEntries());
  const changes = await attempt(() => card.readChanges());
  const slots = referencedGaiji(entries, changes);
  const gaiji = slots.length > 0 ? await attempt(() => card.readGaiji(slots)) : ({ ok: true, value: [] } as const);
  // When the recipe covers files this plan does not open (本籍, the photo: PIN2), the signature
  // cannot be checked, so neither EF07 nor the other parts are read: the verifier says
  // "needs PIN 2" from the recipe alone (data minimisation, and ~600 bytes less on the air).
  const checkable = recipe.parts.every((p) => (p.file === 'df1.honseki' ? plan.honsekiForSignature : p.file === 'df2.photo' ? plan.photo : true));
  const signatureFile = plan.signature && checkable ? await attempt(() => card.readSignatureFile()) : undefined;
  const files = new Map<LicenceFileName, Uint8Array | ForbiddenBytes>();
  if (plan.signature && checkable) {
    for (const part of recipe.parts) {
      if (part.file === 'df2.photo') continue; // read below, with DF2
      if (part.file === 'df1.honseki') {
        if (!plan.honsekiForSignature) continue;
        const h = await attempt(() => card.readHonseki({ kind: 'signature-verification' }));
        if (h.ok) files.set(part.file, h.value);
        continue;
      }
      // A part that cannot be read stays missing: the verifier reports the signature unverifiable.
      const f = await attempt(() => card.readFile(part.file));
      if (f.ok) files.set(part.file, f.value);
    }
  }
  // DF2
  const photo = plan.photo ? await attempt(() => card.readPhoto()) : undefined;
  if (plan.signature && plan.photo && card.hasRead('df2.photo') && recipe.parts.some((p) => p.file === 'df2.photo')) {
    files.set('df2.photo', await card.readFile('df2.photo'));
  }
  const signedFiles: SignedFiles | undefined = plan.signature ? { recipe, files } : undefined;
  return {
    common,
    pinSetting,
    entries,
    changes,
    gaiji,
    signatureFile,
    photo,
    signedFiles,
    wipe() {
      for (const r of [common, entries, changes]) if (r.ok) r.value.raw.fill(0);
      if (signatureFile?.ok) {
        signatureFile.value.raw.fill(0);
        signatureFile.value.signature.fill(0);
      }
      if (photo?.ok) {
        photo.value.image.fill(0);
        photo.value.jp2?.fill(0);
      }
      if (gaiji.ok) for (const g of gaiji.value) g.raw.fill(0);
      for (const v of files.values()) {
        if (v instanceof ForbiddenBytes) v.wipe();
        else v.fill(0);
      }
    },
  };
}
