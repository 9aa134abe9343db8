/**
 * The driver's licence's checks and reason codes with their Japanese and English text (same shape
 * as verify/check-catalogue.ts: `as const` maps of { ja, en }). Ids are prefixed `dl.`; codes the
 * licence shares with other documents (`ok`, `not-read`, `read-failed`) carry exactly the global
 * catalogue's text, so the seam's composition accepts them; every other code is `dl-…`.
 * Ids and codes are stable: evidence records keep them.
 */
import { REASONS } from '../check-catalogue';
import type { CheckStatus } from '../report';

export const DL_CHECK_TITLES = {
  'dl.entries': { ja: '免許の記載事項（免許の種類・条件・番号など）の読み取り', en: 'Licence details read from the chip (classes, conditions, number …)' },
  'dl.signature': { ja: '電子署名（公安委員会）', en: 'Issuer signature (Public Safety Commission)' },
  'dl.photo': { ja: '顔写真', en: 'Face photo' },
  'dl.expiry': { ja: '免許証の有効期限', en: 'Licence expiry' },
  'dl.common-data': { ja: '共通データ（交付日・有効期限）の一致', en: 'Common data agrees with the details (issue and expiry dates)' },
  'dl.change-records': { ja: '記載事項変更（裏面の記載）の整合性', en: 'Change records (entries on the back) agree with the card' },
  'dl.gaiji': { ja: '外字（JISにない文字）', en: 'Characters outside JIS (外字)' },
} as const;

export type LicenceCheckId = keyof typeof DL_CHECK_TITLES;

/** The shared codes the licence uses, with exactly the global catalogue's text. */
const DL_SHARED_REASONS = {
  ok: REASONS.ok,
  'not-read': REASONS['not-read'],
  'read-failed': REASONS['read-failed'],
} as const;

/** The licence's own codes: plain literals, which the JSON Schema generator can read. */
const DL_OWN_REASONS = {
  // Details
  'dl-entries-malformed': {
    ja: '記載事項のデータ形式が正しくありません（途中で切れている・改変の可能性）。',
    en: 'The licence details are not in the expected format (cut short or altered).',
  },
  // Signature
  'dl-issuer-certificate-not-installed': {
    ja: '電子署名を確かめるための発行者証明書が登録されていないため、署名は確認していません（警察庁は証明書を公開していません。管理者が取り込むと確認できます）。',
    en: 'No issuer certificate is installed, so the signature was not checked (the National Police Agency does not publish them; an administrator can import them).',
  },
  'dl-issuer-unknown': {
    ja: 'この免許証の署名者は、登録されている発行者証明書のどれでもありません。',
    en: 'The licence was signed by an issuer that is not among the installed issuer certificates.',
  },
  'dl-issuer-certificate-ambiguous': {
    ja: '署名者に当てはまる発行者証明書が複数登録されているため、署名は確認していません。',
    en: 'Several installed issuer certificates match the signer, so the signature was not checked.',
  },
  'dl-signature-invalid': { ja: '電子署名が正しくありません（記載事項・顔写真の改ざんの可能性）。', en: 'The signature is not valid (the details or the photo may have been altered).' },
  'dl-signature-needs-pin2': {
    ja: '電子署名の確認には暗証番号2が必要です（署名は顔写真と本籍を含むデータに付いています）。',
    en: 'Checking the signature needs PIN 2 (the signature covers data that includes the photo and registered domicile).',
  },
  'dl-signature-file-malformed': { ja: '電子署名のデータ形式が正しくありません。', en: 'The signature file is not in the expected format.' },
  'dl-signature-data-unreadable': { ja: '署名されたデータの一部を読み取れなかったため、署名を確認できません。', en: 'Part of the signed data could not be read, so the signature cannot be checked.' },
  'dl-issuer-certificate-unusable': { ja: '発行者証明書の鍵はこの署名の確認に使えません。', en: 'The issuer certificate key cannot be used to check this signature.' },
  // Photo
  'dl-photo-not-jpeg2000': { ja: '顔写真がJPEG 2000形式ではありません。', en: 'The face photo is not a JPEG 2000 image.' },
  'dl-photo-malformed': { ja: '顔写真のデータ形式が正しくありません。', en: 'The face photo data is not in the expected format.' },
  // Expiry
  'dl-expired': { ja: '免許証の有効期限が切れています。', en: 'The licence has expired.' },
  // Common data
  'dl-common-data-mismatch': {
    ja: 'カードの共通データの交付日・有効期限が記載事項と一致しません。',
    en: "The card's common data (issue and expiry dates) does not match the licence details.",
  },
  'dl-common-data-malformed': { ja: 'カードの共通データの形式が正しくありません。', en: "The card's common data is not in the expected format." },
  // Change records
  'dl-change-record-contradicts-card': {
    ja: '記載事項変更の記録がカードの内容と矛盾しています（日付が交付日より前・未来・順序の逆転など）。',
    en: 'A change record contradicts the card (dated before issue, in the future, or out of order).',
  },
  'dl-change-records-malformed': { ja: '記載事項変更のデータ形式が正しくありません。', en: 'The change records are not in the expected format.' },
  // 外字
  'dl-gaiji-present': {
    ja: '氏名・住所などにJISにない文字（外字）が使われています。画像で表示した文字を免許証の券面と見比べてください。',
    en: 'The name or address uses characters outside JIS (外字), shown as images: compare them with the printed licence.',
  },
  'dl-gaiji-glyph-missing': {
    ja: '外字の字形がカードに記録されていないため、「〓」で表示しています。券面で確認してください。',
    en: 'A 外字 glyph is missing from the card and is shown as 〓: check the printed licence.',
  },
  'dl-missing-character': {
    ja: 'カードに記録できなかった文字（欠字）があり、「？」で表示しています。券面で確認してください。',
    en: 'A character could not be recorded on the card (欠字) and is shown as ？: check the printed licence.',
  },
  'dl-unmapped-character': {
    ja: 'JISの表にない文字コードがあり、「〓」で表示しています。券面で確認してください。',
    en: 'A character code outside the JIS table is shown as 〓: check the printed licence.',
  },
  // マイナ免許証
  'dl-mynumber-licence-malformed': { ja: 'マイナ免許証の免許情報の形式が正しくありません。', en: 'The licence information on the My Number Card is not in the expected format.' },
  'dl-mynumber-expiry-missing': { ja: 'マイナ免許証の免許情報に有効期限がありません。', en: 'The licence information on the My Number Card has no expiry date.' },
} as const;

export const DL_REASONS = { ...DL_SHARED_REASONS, ...DL_OWN_REASONS } as const;

/**
 * Spelled out rather than `keyof typeof DL_REASONS`: ts-json-schema-generator 2.4 cannot evaluate
 * the element accesses of the shared entries (`REASONS.ok`), so the published schema
 * (node/cli/report-json.ts) reads this union. The check below keeps it equal to the map's keys.
 */
export type LicenceReasonCode = 'ok' | 'not-read' | 'read-failed' | keyof typeof DL_OWN_REASONS;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const REASON_UNION_IS_THE_MAP: Same<LicenceReasonCode, keyof typeof DL_REASONS> = true;
void REASON_UNION_IS_THE_MAP;

/**
 * What staff and holder read when a PIN step stops (thrown error codes of cards/licence and
 * pin-guard, as the licence means them). Blocked PINs are unblocked at a 運転免許センター or police
 * station [I/secondary: TAKU had it done at a 試験場 window; HMPOW], so the text says so.
 */
export const DL_CREDENTIAL_TEXT = {
  'pin-not-4-digits': { ja: '暗証番号は数字4桁です。', en: 'A PIN is 4 digits.' },
  'pin-wrong': { ja: '暗証番号が違います。', en: 'The PIN is not correct.' },
  'pin-blocked': {
    ja: '暗証番号がロックされています。解除は運転免許センターまたは警察署の窓口で行います（免許証を持参）。それまでICチップは読み取れません。',
    en: 'The PIN is locked. It can be unlocked at a driving licence centre or police station (bring the licence); until then the chip cannot be read.',
  },
  'pin-last-try-unconfirmed': {
    ja: '暗証番号の残りは1回です。間違えるとロックされ、解除には運転免許センター等での手続きが必要です。続ける場合は本人が確認してください。',
    en: 'One PIN try is left. A wrong entry locks it, and unlocking needs a visit to a driving licence centre. The holder must confirm to go on.',
  },
  'licence-pin-not-set': {
    ja: 'この免許証には暗証番号が設定されていません。暗証番号の入力は不要です。',
    en: 'This licence has no PIN set. No PIN needs to be entered.',
  },
  'licence-pin-is-set': {
    ja: 'この免許証には暗証番号が設定されています。「****」ではなく、設定した数字4桁を入力してください。',
    en: 'This licence has PINs set. Enter the 4-digit PIN, not ****.',
  },
  'licence-pin-setting-unknown': {
    ja: '暗証番号が設定されているかを読み取れませんでした。設定した暗証番号を入力してください（「****」は送りません）。',
    en: 'Whether PINs are set could not be read. Enter the PIN that was set (**** is not sent).',
  },
  'licence-retry-counter-implausible': {
    ja: 'カードが示す暗証番号の残り回数がありえない値のため、暗証番号を送りません（カードの異常または偽造の可能性）。',
    en: 'The card reports an impossible number of PIN tries, so no PIN is sent (faulty or forged card).',
  },
  'licence-retry-counter-inconsistent': {
    ja: '暗証番号を間違えても残り回数が正しく減らないため、これ以上暗証番号を送りません（カードの異常または偽造の可能性）。',
    en: 'The PIN counter did not go down after a wrong PIN, so no more PINs are sent (faulty or forged card).',
  },
  'licence-counter-not-readable': {
    ja: 'この免許証では暗証番号の残り回数を事前に確かめられません。続ける前に、入力に自信があるか本人に確認してください。',
    en: 'The PIN tries left cannot be checked in advance on this licence. Ask the holder to be sure of the PIN before going on.',
  },
  'licence-application-absent': {
    ja: 'このマイナンバーカードには運転免許の情報が記録されていません（マイナ免許証ではありません）。免許証のカードをお持ちの場合はそちらをかざしてください。',
    en: 'This My Number Card holds no driving licence information (it is not a マイナ免許証). If the holder has a licence card, read that instead.',
  },
} as const;

/** One licence check, in the shape of `Check` (verify/report.ts). */
export interface LicenceCheck {
  readonly id: LicenceCheckId;
  readonly status: CheckStatus;
  readonly code: LicenceReasonCode;
  readonly detail?: string;
  readonly at: string;
}

export function dlCheck(id: LicenceCheckId, status: CheckStatus, code: LicenceReasonCode, detail: string | undefined, at: Date): LicenceCheck {
  return { id, status, code, ...(detail ? { detail } : {}), at: at.toISOString() };
}

/** The catalogue a document driver exposes (DocumentDriver.catalogue in the seam). */
export const LICENCE_CATALOGUE = { titles: DL_CHECK_TITLES, reasons: DL_REASONS } as const;
