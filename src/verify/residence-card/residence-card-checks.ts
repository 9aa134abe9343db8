/**
 * The residence card's checks and reason codes with their Japanese and English text, in the
 * shape of src/verify/check-catalogue.ts (CHECK_TITLES / REASONS); the document seam composes
 * them into the global catalogue. Ids and codes are stable: they go into evidence records.
 */
export const RC_CHECK_TITLES = {
  'rc.card-type': { ja: 'カード種別（在留カード／特別永住者証明書）の整合', en: 'Card type (residence card / special permanent resident certificate) agrees with the chip' },
  'rc.card-number': { ja: '在留カード等番号の一致', en: 'Card number agrees with the chip' },
  'rc.signature': { ja: '券面情報・顔写真の電子署名', en: 'Digital signature over the card face and photo' },
  'rc.certificate-chain': { ja: '署名者証明書の発行元（出入国在留管理庁）', en: 'Signer certificate issued by the Immigration Services Agency' },
  'rc.certificate-validity': { ja: '署名者証明書の有効期間', en: 'Signer certificate validity period' },
  'rc.card-expiry': { ja: 'カードの有効期限', en: 'Card expiry' },
  'rc.stay-expiry': { ja: '在留期間の満了日', en: 'End of the period of stay' },
  'rc.front-image': { ja: '券面画像の読み取り', en: 'Card-face image can be shown' },
  'rc.unsigned-fields': { ja: '署名の対象外の項目（住居地・許可欄など）', en: 'Fields not covered by the signature (address, permissions)' },
} as const;

export type RcCheckId = keyof typeof RC_CHECK_TITLES;

export const RC_REASONS = {
  ok: { ja: '確認できました。', en: 'Verified.' },
  'not-applicable': { ja: 'このカードには該当しません。', en: 'Does not apply to this card.' },
  // Shared with every document (same text as verify/check-catalogue.ts, or composing fails).
  'not-read': { ja: 'この目的では読み取っていません。', en: 'Not read for this purpose.' },
  // Card type
  'rc-card-type-mismatch': {
    ja: 'カード種別の記録とカードの内容が一致しません（偽造・改ざんの可能性）。',
    en: 'The recorded card type does not match what the chip holds (possible forgery).',
  },
  // Card number
  'rc-card-number-accepted': { ja: 'カードが入力された番号を受け付けました。', en: 'The card accepted the number entered.' },
  'rc-card-number-mismatch': {
    ja: 'ICチップに記録された番号が入力された番号と異なります（偽造の可能性）。',
    en: 'The number recorded on the chip differs from the number entered (possible forgery).',
  },
  // Signature
  'rc-signature-invalid': {
    ja: '電子署名が正しくありません。券面画像・顔写真・記載事項が改ざんされている可能性があります。',
    en: 'The digital signature is not valid: the card-face image, photo or entries may have been altered.',
  },
  'rc-signature-padding-refused': {
    ja: '電子署名の形式（パディング）が、この端末で受け付ける設定と異なります。',
    en: 'The signature uses a padding form this kiosk is set not to accept.',
  },
  'rc-signature-malformed': { ja: '電子署名の形式が正しくありません。', en: 'The signature is malformed.' },
  'rc-signature-absent': {
    ja: 'ICチップに電子署名がありません（16歳未満のカードなど）。券面を目で確認してください。',
    en: 'The chip holds no signature (e.g. a card of a holder under 16). Check the card face by eye.',
  },
  'rc-signed-data-missing': { ja: '署名の対象となるデータ（顔写真など）がありません。', en: 'Data the signature covers (such as the photo) is missing.' },
  // Certificate
  'rc-no-anchor': {
    ja: '署名者証明書の発行元が、登録された出入国在留管理庁の認証局ではありません。',
    en: 'The signer certificate was not issued by a registered Immigration Services Agency CA.',
  },
  'rc-anchor-other-mode': {
    ja: '署名者証明書の発行元は別の信頼モード（本番・テスト・模擬）の認証局です。',
    en: 'The signer certificate was issued by a CA of another trust mode (production, test or simulator).',
  },
  'rc-certificate-signature-invalid': {
    ja: '署名者証明書の署名が認証局の鍵と一致しません（偽造の可能性）。',
    en: "The signer certificate's signature does not match the CA key (possible forgery).",
  },
  'rc-certificate-malformed': { ja: '署名者証明書の形式が正しくありません。', en: 'The signer certificate is malformed.' },
  'rc-certificate-wrong-key': {
    ja: '署名者証明書の鍵の種類が仕様と異なります。',
    en: "The signer certificate's key type is not the one the specification uses.",
  },
  'rc-certificate-expired': { ja: '署名者証明書の有効期限が切れています。', en: 'The signer certificate has expired.' },
  'rc-certificate-not-yet-valid': { ja: '署名者証明書の有効期間がまだ始まっていません。', en: 'The signer certificate is not valid yet.' },
  // Expiry
  'rc-card-expired': { ja: 'カードの有効期限が切れています。', en: 'The card has expired.' },
  'rc-expiry-not-on-chip': {
    ja: 'このカードのICチップには有効期限が文字として記録されていません。券面画像で確認してください。',
    en: 'This card does not hold the expiry date as text on the chip; read it on the card-face image.',
  },
  'rc-stay-expired': { ja: '在留期間の満了日を過ぎています。', en: 'The period of stay has ended.' },
  'rc-stay-expired-application-pending': {
    ja: '在留期間の満了日を過ぎていますが、更新等の申請中と記録されています（特例期間の可能性）。',
    en: 'The period of stay has ended, but an application for renewal is recorded as pending (possibly within the grace period).',
  },
  'rc-stay-no-limit': { ja: '在留期間の定めがありません（永住者・特別永住者など）。', en: 'The stay has no fixed end (e.g. permanent resident).' },
  // Images
  'rc-image-undecodable': { ja: '券面画像を表示できません（データが壊れています）。', en: 'The card-face image cannot be shown (the data is damaged).' },
  // Unsigned fields
  'rc-fields-not-signed': {
    ja: '住居地・資格外活動許可欄などは電子署名の対象外です。カード裏面と照らし合わせてください。',
    en: 'The address and permission fields are not covered by the signature. Compare them with the back of the card.',
  },
  'rc-text-unsafe-characters': {
    ja: '署名の対象外の項目に、表示を変えたり隠したりする文字が含まれているため、その項目を表示しません。',
    en: 'An unsigned field contains characters that change or hide what is shown, so that field is not shown.',
  },
} as const;

export type RcReasonCode = keyof typeof RC_REASONS;
