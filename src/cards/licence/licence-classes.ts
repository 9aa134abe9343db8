/**
 * Licence classes (免許の種類) as the chip lists them: tags 25–33 of DF1/EF01 each carry the date
 * the class was obtained, tags 22–24 the three dates printed on the card face (二・小・原, 他, 二種)
 * (licence-facts §3.1) [I×5]. The マイナ免許証's held/not-held flags EC–FA follow the same class
 * order (§5.5) [I: LJ categories; U: CIV order].
 */

export const LICENCE_CLASS_IDS = [
  'large', // 大型 (25)
  'ordinary', // 普通 (26)
  'large-special', // 大特 (27)
  'large-motorcycle', // 大自二 (28)
  'ordinary-motorcycle', // 普自二 (29)
  'small-special', // 小特 (2A)
  'moped', // 原付 (2B)
  'towing', // け引 (2C)
  'large-class2', // 大二 (2D)
  'ordinary-class2', // 普二 (2E)
  'large-special-class2', // 大特二 (2F)
  'towing-class2', // け引二 (30)
  'medium', // 中型 (31)
  'medium-class2', // 中二 (32)
  'semi-medium', // 準中型 (33)
] as const;

export type LicenceClassId = (typeof LICENCE_CLASS_IDS)[number];

/** DF1/EF01 tag of each class's date: 25 + index. */
export const CLASS_TAG_FIRST = 0x25;

/** Names a clerk knows (the abbreviations printed on the card, and English). */
export const LICENCE_CLASS_NAMES: Readonly<Record<LicenceClassId, { readonly ja: string; readonly short: string; readonly en: string }>> = {
  large: { ja: '大型', short: '大型', en: 'Large vehicle' },
  ordinary: { ja: '普通', short: '普通', en: 'Ordinary vehicle' },
  'large-special': { ja: '大型特殊', short: '大特', en: 'Large special vehicle' },
  'large-motorcycle': { ja: '大型自動二輪', short: '大自二', en: 'Large motorcycle' },
  'ordinary-motorcycle': { ja: '普通自動二輪', short: '普自二', en: 'Ordinary motorcycle' },
  'small-special': { ja: '小型特殊', short: '小特', en: 'Small special vehicle' },
  moped: { ja: '原付', short: '原付', en: 'Moped' },
  towing: { ja: '牽引', short: 'け引', en: 'Towing' },
  'large-class2': { ja: '大型第二種', short: '大二', en: 'Large vehicle, class 2 (passenger)' },
  'ordinary-class2': { ja: '普通第二種', short: '普二', en: 'Ordinary vehicle, class 2 (passenger)' },
  'large-special-class2': { ja: '大型特殊第二種', short: '大特二', en: 'Large special vehicle, class 2' },
  'towing-class2': { ja: '牽引第二種', short: 'け引二', en: 'Towing, class 2' },
  medium: { ja: '中型', short: '中型', en: 'Medium vehicle' },
  'medium-class2': { ja: '中型第二種', short: '中二', en: 'Medium vehicle, class 2 (passenger)' },
  'semi-medium': { ja: '準中型', short: '準中型', en: 'Semi-medium vehicle' },
};

/** The three date columns of the card face: tags 22, 23, 24. */
export const FACE_DATE_IDS = ['two-small-moped', 'other', 'class2'] as const;
export type FaceDateId = (typeof FACE_DATE_IDS)[number];
export const FACE_DATE_TAG_FIRST = 0x22;
export const FACE_DATE_NAMES: Readonly<Record<FaceDateId, { readonly ja: string; readonly en: string }>> = {
  'two-small-moped': { ja: '二・小・原', en: 'Motorcycle, small special, moped' },
  other: { ja: '他', en: 'Other classes' },
  class2: { ja: '二種', en: 'Class 2' },
};
