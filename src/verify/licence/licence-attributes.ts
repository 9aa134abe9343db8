/**
 * The licence as a clerk knows it, from what was read: name, birth date, the address with the
 * latest change record applied AND the original, expiry with the colour category, classes,
 * conditions, licence number; every date in both calendars. Text keeps its segments so a screen
 * can draw 外字 inline from the card's bitmaps; `name` / `address` are plain strings (〓 for a
 * 外字) for the report core, the CLI and evidence policies.
 * 本籍 is never an attribute.
 */
import { latestOf, recordsOf, type ChangeRecords, type ChangeRecord } from '../../cards/licence/change-records';
import type { EraDate } from '../../cards/licence/era-date';
import type { ColourCategory, LicenceEntries } from '../../cards/licence/entries';
import type { GaijiGlyph } from '../../cards/licence/gaiji';
import type { LicenceText } from '../../cards/licence/jis-x0208';
import { FACE_DATE_NAMES, LICENCE_CLASS_NAMES, type FaceDateId, type LicenceClassId } from '../../cards/licence/licence-classes';

/** A date in both calendars. */
export interface DualDate {
  /** 'YYYY-MM-DD' */
  readonly iso: string;
  /** '令和11年3月17日' */
  readonly ja: string;
  /** 'Reiwa 11 (2029) Mar 17' */
  readonly en: string;
}

export interface ShownText {
  readonly text: string;
  readonly segments: LicenceText['segments'];
}

export interface LicenceChangeShown {
  readonly date: DualDate;
  readonly text: ShownText;
  /** The 公安委員会 that recorded it. */
  readonly commission: string;
}

export interface LicenceClassShown {
  readonly id: LicenceClassId;
  readonly ja: string;
  readonly short: string;
  readonly en: string;
  readonly since: DualDate | undefined;
}

export const COLOUR_NAMES: Readonly<Record<ColourCategory, { readonly ja: string; readonly en: string }>> = {
  excellent: { ja: '優良（ゴールド）', en: 'Excellent driver (gold)' },
  new: { ja: '新規（グリーン）', en: 'New driver (green)' },
  other: { ja: '一般（ブルー）', en: 'Regular (blue)' },
  unknown: { ja: '不明', en: 'Unknown' },
};

export interface LicenceAttributes {
  /** Current name: the latest 新氏名 record if any, else the name on the card (〓 for 外字); nameKana likewise with 新呼び名. */
  readonly name: string;
  readonly nameText: ShownText;
  /** The name as issued, when a change record replaced it. */
  readonly nameOriginal?: ShownText;
  readonly nameKana?: string;
  readonly alias?: string;
  readonly unifiedNameKana?: string;
  /** ISO 'YYYY-MM-DD'. */
  readonly birthDate: string;
  readonly birthDateShown: DualDate;
  /** Current address: the latest 新住所 record if any, else the address on the card. */
  readonly address: string;
  readonly addressText: ShownText;
  /** The address as issued (always present, so a screen can show both). */
  readonly addressOriginal: ShownText;
  /** Every 新住所 record, oldest first. */
  readonly addressChanges: readonly LicenceChangeShown[];
  readonly nameChanges: readonly LicenceChangeShown[];
  /** 新条件 / 条件解除 records, oldest first. */
  readonly conditionChanges: readonly (LicenceChangeShown & { readonly kind: 'added' | 'lifted' })[];
  readonly issueDate: DualDate;
  /** ISO 'YYYY-MM-DD' (the report core's cardExpiry). */
  readonly cardExpiry: string;
  readonly expiry: DualDate;
  readonly colour: { readonly kind: ColourCategory; readonly ja: string; readonly en: string };
  readonly conditions: readonly string[];
  readonly publicSafetyCommission: string;
  /** 免許証の番号 (the 記号番号 a 確認記録 keeps). */
  readonly licenceNumber: string;
  readonly referenceNumber?: string;
  readonly classes: readonly LicenceClassShown[];
  readonly faceDates: Readonly<Partial<Record<FaceDateId, DualDate & { readonly label: { readonly ja: string; readonly en: string } }>>>;
}

export function dual(d: EraDate): DualDate {
  return { iso: d.iso, ja: d.ja, en: d.en };
}

function shown(t: LicenceText): ShownText {
  return { text: t.display, segments: t.segments };
}

function changeShown(r: ChangeRecord): LicenceChangeShown {
  return { date: dual(r.date), text: shown(r.text), commission: r.publicSafetyCommission.display };
}

export function licenceAttributes(e: LicenceEntries, changes: ChangeRecords | undefined): LicenceAttributes {
  const latestAddress = changes ? latestOf(changes, 'new-address') : undefined;
  const latestName = changes ? latestOf(changes, 'new-name') : undefined;
  const latestKana = changes ? latestOf(changes, 'new-name-kana') : undefined;
  const nameText = latestName ? shown(latestName.text) : shown(e.name);
  const addressText = latestAddress ? shown(latestAddress.text) : shown(e.address);
  const conditionChanges = changes
    ? changes.records
        .filter((r) => r.kind === 'new-condition' || r.kind === 'condition-lifted')
        .map((r) => ({ ...changeShown(r), kind: r.kind === 'new-condition' ? ('added' as const) : ('lifted' as const) }))
    : [];
  const faceDates: Partial<Record<FaceDateId, DualDate & { label: { ja: string; en: string } }>> = {};
  for (const [id, d] of Object.entries(e.faceDates) as [FaceDateId, EraDate | undefined][]) if (d) faceDates[id] = { ...dual(d), label: FACE_DATE_NAMES[id] };
  return {
    name: nameText.text,
    nameText,
    ...(latestName ? { nameOriginal: shown(e.name) } : {}),
    ...(latestKana ? { nameKana: latestKana.text.display } : e.nameKana ? { nameKana: e.nameKana.display } : {}),
    ...(e.alias ? { alias: e.alias.display } : {}),
    ...(e.unifiedNameKana ? { unifiedNameKana: e.unifiedNameKana.display } : {}),
    birthDate: e.birthDate.iso,
    birthDateShown: dual(e.birthDate),
    address: addressText.text,
    addressText,
    addressOriginal: shown(e.address),
    addressChanges: changes ? recordsOf(changes, 'new-address').map(changeShown) : [],
    nameChanges: changes ? recordsOf(changes, 'new-name').map(changeShown) : [],
    conditionChanges,
    issueDate: dual(e.issueDate),
    cardExpiry: e.expiryDate.iso,
    expiry: dual(e.expiryDate),
    colour: { kind: e.colour.kind, ...COLOUR_NAMES[e.colour.kind] },
    conditions: e.conditions.map((c) => c.display),
    publicSafetyCommission: e.publicSafetyCommission.display,
    licenceNumber: e.licenceNumber,
    ...(e.referenceNumber ? { referenceNumber: e.referenceNumber } : {}),
    classes: e.classes.filter((c) => c.held).map((c) => ({ id: c.id, ...LICENCE_CLASS_NAMES[c.id], since: c.date ? dual(c.date) : undefined })),
    faceDates,
  };
}

/** Images for the screen: the photo as a JP2 (wrapped if the card holds a raw codestream) and the 外字 glyphs. */
export interface LicenceImages {
  readonly photoJp2?: Uint8Array;
  readonly gaiji: readonly GaijiGlyph[];
}
