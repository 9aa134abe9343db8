/**
 * What a residence-card result shows, as data for the screens (app/documents/residence-card) and
 * any other front end: every field of ResidenceCardAttributes['residence'] and every image of
 * ResidenceCardImages, in display order, with its ja/en label (the document's own vocabulary,
 * like the driver's title and the check catalogue), the generations and kinds that carry it, and
 * whether the chip's signature covers it. Values come from the report, each with its own
 * `signed` flag (SourcedValue); the flag here is what the specification says, for a legend.
 *
 * Code values (nationality, status of residence, permission type, work restriction) are shown as
 * the chip holds them: the ISA has not published the code tables (other-id-documents.md §2,
 * "will provide a code table to businesses") — UNCONFIRMED, so no meaning is invented here.
 */
import type { ResidenceCardAttributes, ResidenceCardImages, ResidenceCardKind } from './residence-card-report';

export type Bilingual = { readonly ja: string; readonly en: string };

export type ResidenceFieldKey = keyof ResidenceCardAttributes['residence'];
/** How a value is shown: ISO dates in both calendars, codes as stored, flags as yes/no. */
export type ResidenceFieldFormat = 'date' | 'code' | 'text' | 'flag' | 'text-or-flag' | 'period-of-stay' | 'sex';

export interface ResidenceFieldSpec {
  readonly key: ResidenceFieldKey;
  readonly label: Bilingual;
  readonly format: ResidenceFieldFormat;
  /** Generations whose chip holds it as a value (gen 1 shows the rest only in the front image). */
  readonly generations: readonly (1 | 2)[];
  /** Absent on the special permanent resident certificate (its chip has no such field). */
  readonly residenceCardOnly: boolean;
  /** Covered by the chip's signature (DF1 on gen 2) or not (DF2, both generations). */
  readonly signed: boolean;
}

/** Display order: the signed text (gen 2), then the unsigned back of the card (DF2). */
export const RESIDENCE_CARD_FIELDS: readonly ResidenceFieldSpec[] = [
  { key: 'birthDate', label: { ja: '生年月日', en: 'Date of birth' }, format: 'date', generations: [2], residenceCardOnly: false, signed: true },
  { key: 'sex', label: { ja: '性別', en: 'Sex' }, format: 'sex', generations: [2], residenceCardOnly: false, signed: true },
  { key: 'nationality', label: { ja: '国籍・地域', en: 'Nationality / region' }, format: 'code', generations: [2], residenceCardOnly: false, signed: true },
  { key: 'statusOfResidence', label: { ja: '在留資格', en: 'Status of residence' }, format: 'code', generations: [2], residenceCardOnly: false, signed: true },
  { key: 'periodOfStay', label: { ja: '在留期間', en: 'Period of stay' }, format: 'period-of-stay', generations: [2], residenceCardOnly: false, signed: true },
  { key: 'stayExpiry', label: { ja: '在留期間の満了日', en: 'End of the period of stay' }, format: 'date', generations: [2], residenceCardOnly: true, signed: true },
  { key: 'permissionType', label: { ja: '許可の種類', en: 'Type of permission' }, format: 'code', generations: [2], residenceCardOnly: true, signed: true },
  { key: 'permissionDate', label: { ja: '許可年月日', en: 'Date of permission' }, format: 'date', generations: [2], residenceCardOnly: true, signed: true },
  { key: 'workRestriction', label: { ja: '就労制限の有無', en: 'Work restriction' }, format: 'code', generations: [2], residenceCardOnly: true, signed: true },
  { key: 'cardExpiry', label: { ja: 'カードの有効期限', en: 'Card valid until' }, format: 'date', generations: [2], residenceCardOnly: false, signed: true },
  { key: 'address', label: { ja: '住居地', en: 'Address (住居地)' }, format: 'text', generations: [1], residenceCardOnly: false, signed: false },
  { key: 'addressWrittenOn', label: { ja: '住居地の記載日', en: 'Address entered on' }, format: 'date', generations: [1], residenceCardOnly: false, signed: false },
  { key: 'municipalityCode', label: { ja: '市区町村コード', en: 'Municipality code' }, format: 'code', generations: [1], residenceCardOnly: false, signed: false },
  { key: 'comprehensivePermission', label: { ja: '資格外活動許可（包括許可）', en: 'Permission for other activities (comprehensive)' }, format: 'code', generations: [1, 2], residenceCardOnly: true, signed: false },
  { key: 'comprehensivePermissionExpiry', label: { ja: '包括許可の期限', en: 'Comprehensive permission until' }, format: 'date', generations: [2], residenceCardOnly: true, signed: false },
  // Generation 1 holds the individual permission as text, generation 2 as a yes/no flag.
  { key: 'individualPermission', label: { ja: '資格外活動許可（個別許可）', en: 'Permission for other activities (individual)' }, format: 'text-or-flag', generations: [1, 2], residenceCardOnly: true, signed: false },
  { key: 'renewalApplicationPending', label: { ja: '在留期間更新等許可申請中', en: 'Application for extension pending' }, format: 'flag', generations: [1, 2], residenceCardOnly: true, signed: false },
  { key: 'note', label: { ja: 'その他の記載', en: 'Other entries' }, format: 'text', generations: [2], residenceCardOnly: false, signed: false },
];

export type ResidenceImageKey = keyof ResidenceCardImages;

export interface ResidenceImageSpec {
  readonly key: ResidenceImageKey;
  readonly label: Bilingual;
  readonly mediaType: 'image/jp2' | 'image/tiff';
  readonly generations: readonly (1 | 2)[];
  readonly signed: boolean;
  /** Shown large: the face to compare with the person, the front image to compare with the card (zoom). */
  readonly large: boolean;
}

export const RESIDENCE_CARD_IMAGES: readonly ResidenceImageSpec[] = [
  { key: 'photoJp2', label: { ja: '顔写真', en: 'Photo' }, mediaType: 'image/jp2', generations: [1, 2], signed: true, large: true },
  { key: 'frontImageTiff', label: { ja: '券面（おもて面）の画像', en: 'Image of the card face' }, mediaType: 'image/tiff', generations: [1], signed: true, large: true },
  { key: 'nameImageTiff', label: { ja: '氏名の画像', en: 'Name (image)' }, mediaType: 'image/tiff', generations: [2], signed: true, large: false },
  { key: 'addressImageTiff', label: { ja: '住居地の画像', en: 'Address (image)' }, mediaType: 'image/tiff', generations: [2], signed: false, large: false },
];

export const RESIDENCE_CARD_KIND_TITLES: Readonly<Record<ResidenceCardKind, Bilingual>> = {
  'residence-card': { ja: '在留カード', en: 'Residence card' },
  'special-permanent-resident': { ja: '特別永住者証明書', en: 'Special permanent resident certificate' },
};

/** The fields a card of this generation and kind can carry, in display order. */
export function residenceFieldsFor(generation: 1 | 2, kind: ResidenceCardKind): ResidenceFieldSpec[] {
  return RESIDENCE_CARD_FIELDS.filter((f) => f.generations.includes(generation) && (kind === 'residence-card' || !f.residenceCardOnly));
}

/** The images a card of this generation can carry, in display order. */
export function residenceImagesFor(generation: 1 | 2): ResidenceImageSpec[] {
  return RESIDENCE_CARD_IMAGES.filter((i) => i.generations.includes(generation));
}

/**
 * A gen-2 period of stay as stored (gen2-records.ts: 'YYMM' years and months, 3 digits = days,
 * '0000' = no fixed end) in words; undefined for anything else (show the raw value then).
 */
export function periodOfStayText(code: string): Bilingual | undefined {
  if (code === '0000') return { ja: '期限の定めなし', en: 'No fixed end' };
  if (/^\d{3}$/.test(code)) {
    const d = Number(code);
    return d > 0 ? { ja: `${d}日`, en: `${d} day${d === 1 ? '' : 's'}` } : undefined;
  }
  if (!/^\d{4}$/.test(code)) return undefined;
  const y = Number(code.slice(0, 2));
  const m = Number(code.slice(2));
  if (m > 11 || (y === 0 && m === 0)) return undefined;
  const ja = `${y ? `${y}年` : ''}${m ? `${m}月` : ''}`;
  const en = [y ? `${y} year${y === 1 ? '' : 's'}` : '', m ? `${m} month${m === 1 ? '' : 's'}` : ''].filter(Boolean).join(' ');
  return { ja, en };
}
