/**
 * Every check the verifier reports and every reason code it can give, with their Japanese and
 * English text. Ids and codes are stable (they go into evidence records); docs/checks.md lists
 * them and a test keeps the two in step.
 */
export const CHECK_TITLES = {
  'text.cv-certificate': { ja: '券面事項入力補助APの証明書（CV証明書）', en: 'Card-info AP certificate (CV certificate)' },
  'text.integrity-signature': { ja: '基本4情報の署名', en: 'Signature over the four basic attributes' },
  'text.basic-four-digest': { ja: '基本4情報（氏名・住所・生年月日・性別）の改ざん検知', en: 'Integrity of name, address, birth date and sex' },
  'text.my-number-digest': { ja: '個人番号の改ざん検知', en: 'Integrity of the My Number' },
  'text.signed-key': { ja: 'カード認証用の公開鍵（入力補助AP）', en: 'Card authentication key (card-info AP)' },
  'text.chip-authentication': { ja: 'ICチップの真正性（入力補助AP）', en: 'Genuine chip (card-info AP challenge)' },
  'face.cv-certificate': { ja: '券面事項確認APの証明書（CV証明書）', en: 'Card-face AP certificate (CV certificate)' },
  'face.card-face-signature': { ja: '券面情報（顔写真・氏名・住所画像）の署名', en: 'Signature over the card face (photo, name and address images)' },
  'face.age-record-signature': { ja: '生年月日情報の署名', en: 'Signature over the birth-date record' },
  'face.my-number-image-signature': { ja: '個人番号画像の署名', en: 'Signature over the My Number image' },
  'face.card-key-consistency': { ja: 'カード鍵の一致', en: 'Same card key in every card-face record' },
  'face.chip-authentication': { ja: 'ICチップの真正性（券面AP）', en: 'Genuine chip (card-face AP challenge)' },
  'card.expiry': { ja: 'カードの有効期限', en: 'Card expiry' },
  'jpki.auth.chain': { ja: '利用者証明用電子証明書の検証', en: 'Authentication certificate chain' },
  'jpki.auth.challenge': { ja: '利用者証明用の鍵による署名', en: 'Signature by the authentication key' },
  'jpki.auth.revocation': { ja: '利用者証明用電子証明書の失効確認', en: 'Authentication certificate revocation' },
  'jpki.sign.chain': { ja: '署名用電子証明書の検証', en: 'Signature certificate chain' },
  'jpki.sign.challenge': { ja: '署名用の鍵による署名', en: 'Signature by the signing key' },
  'jpki.sign.revocation': { ja: '署名用電子証明書の失効確認', en: 'Signature certificate revocation' },
  'cross.birth-date': { ja: '生年月日の一致', en: 'Birth date agrees across sources' },
  'cross.sex': { ja: '性別の一致', en: 'Sex agrees across sources' },
  'cross.name': { ja: '氏名の一致', en: 'Name agrees across sources' },
  'cross.address': { ja: '住所の一致', en: 'Address agrees across sources' },
  'trust.anchors': { ja: '信頼の起点（トラストアンカー）', en: 'Trust anchors used' },
} as const;

export type CheckId = keyof typeof CHECK_TITLES;

export const REASONS = {
  ok: { ja: '確認できました。', en: 'Verified.' },
  'not-read': { ja: 'この目的では読み取っていません。', en: 'Not read for this purpose.' },
  'not-applicable': { ja: 'このカードには該当しません。', en: 'Does not apply to this card.' },
  'read-failed': { ja: 'カードからデータを読み取れませんでした。', en: 'The data could not be read from the card.' },
  'record-malformed': { ja: 'カードのデータ形式が正しくありません。', en: 'The card data is not in the expected format.' },
  // CV certificates and trust anchors
  'cv-issuer-unknown': {
    ja: '証明書を発行した鍵が信頼リストにありません（不明な発行者）。',
    en: 'The certificate was issued by a key that is not in the trust list (unknown issuer).',
  },
  'cv-issuer-other-mode': {
    ja: '証明書の発行者は別の信頼モード（本番・テスト・模擬）の鍵です。',
    en: 'The certificate issuer belongs to another trust mode (production, test or simulator).',
  },
  'cv-signature-invalid': { ja: '証明書の署名が正しくありません。', en: 'The certificate signature is not valid.' },
  // Card records
  'record-signature-invalid': { ja: 'データの署名が正しくありません（改ざんの可能性）。', en: 'The data signature is not valid (possible tampering).' },
  'digest-mismatch': { ja: 'データが署名された内容と一致しません（改ざん）。', en: 'The data does not match what was signed (tampered).' },
  'photo-digest-mismatch': { ja: '顔写真が署名された内容と一致しません（改ざん）。', en: 'The face photo does not match what was signed (tampered).' },
  'image-digest-mismatch': { ja: '氏名・住所の画像が署名された内容と一致しません（改ざん）。', en: 'The name or address image does not match what was signed (tampered).' },
  'face-data-digest-mismatch': {
    ja: '生年月日・性別・カード鍵が署名された内容と一致しません（改ざん）。',
    en: 'Birth date, sex or card key do not match what was signed (tampered).',
  },
  'card-key-mismatch': { ja: 'カード内の記録ごとにカード鍵が異なります。', en: 'The card records carry different card keys.' },
  'text-unsafe-characters': {
    ja: '氏名または住所に、表示を変えたり隠したりする文字（制御文字・文字の向きを変える文字・見えない文字）が含まれているため、表示しません。',
    en: 'The name or address contains characters that change or hide what is shown (control, text-direction or invisible characters), so it is not shown.',
  },
  // Chip authentication
  'chip-auth-signature-invalid': {
    ja: 'ICチップが正しい応答を返しませんでした（複製・なりすましの可能性）。',
    en: 'The chip did not answer the challenge correctly (possible clone).',
  },
  'chip-auth-replayed': { ja: 'ICチップが以前と同じ応答を返しました（再送攻撃）。', en: 'The chip replayed an earlier answer (replay attack).' },
  // Card expiry
  'card-expired': { ja: 'カードの有効期限が切れています。', en: 'The card has expired.' },
  // JPKI X.509
  'jpki-no-anchor': {
    ja: '証明書を発行した認証局（ルート証明書）が信頼リストにありません。',
    en: 'The certificate authority (root) that issued the certificate is not in the trust list.',
  },
  'jpki-signature-invalid': { ja: '電子証明書の署名が正しくありません。', en: 'The certificate signature is not valid.' },
  'jpki-expired': { ja: '電子証明書の有効期限が切れています。', en: 'The certificate has expired.' },
  'jpki-not-yet-valid': { ja: '電子証明書の有効期間がまだ始まっていません。', en: 'The certificate is not valid yet.' },
  'jpki-key-usage': { ja: '電子証明書の鍵用途が公的個人認証の規定と異なります。', en: 'The certificate key usage does not match the JPKI profile.' },
  'jpki-policy': { ja: '電子証明書のポリシーが公的個人認証のものではありません。', en: 'The certificate policy is not a JPKI policy.' },
  'jpki-basic-constraints': { ja: '電子証明書の種別（CA/利用者）が正しくありません。', en: 'The certificate basic constraints are wrong (CA vs end entity).' },
  'jpki-malformed': { ja: '電子証明書の形式が正しくありません。', en: 'The certificate is malformed.' },
  'jpki-challenge-invalid': { ja: 'カードの秘密鍵による署名が証明書と一致しません。', en: 'The card signature does not match the certificate key.' },
  'jpki-no-sign-certificate': { ja: 'このカードには署名用電子証明書がありません（15歳未満など）。', en: 'This card has no signature certificate (e.g. holder under 15).' },
  // Revocation
  revoked: { ja: '電子証明書は失効しています。', en: 'The certificate has been revoked.' },
  'revocation-pending': {
    ja: '失効確認は未完了です（オフライン）。接続後に確認します。',
    en: 'Revocation not checked yet (offline); it will be checked when online.',
  },
  'revocation-not-configured': { ja: '失効確認の接続先が設定されていません。', en: 'No revocation service is configured.' },
  'revocation-crl-stale': { ja: '失効リストが古く、使用できません。', en: 'The revocation list is out of date and cannot be used.' },
  'revocation-crl-signature-invalid': {
    ja: '失効リストの署名が正しくありません（発行者が違います）。',
    en: 'The revocation list signature is not valid (wrong signer).',
  },
  'revocation-crl-malformed': { ja: '失効リストの形式が正しくありません。', en: 'The revocation list is malformed.' },
  'revocation-ocsp-unauthorised': { ja: 'OCSP応答の署名者に権限がありません。', en: 'The OCSP response was signed by an unauthorised responder.' },
  'revocation-ocsp-nonce-mismatch': { ja: 'OCSP応答が今回の問い合わせに対するものではありません（nonce不一致）。', en: 'The OCSP response does not answer this request (nonce mismatch).' },
  'revocation-ocsp-unknown': { ja: 'OCSP応答者がこの証明書を知りません（状態不明）。', en: 'The OCSP responder does not know this certificate (status unknown).' },
  'revocation-ocsp-stale': { ja: 'OCSP応答が古く、使用できません。', en: 'The OCSP response is out of date.' },
  'revocation-ocsp-signature-invalid': { ja: 'OCSP応答の署名が正しくありません。', en: 'The OCSP response signature is not valid.' },
  'revocation-ocsp-malformed': { ja: 'OCSP応答の形式が正しくありません。', en: 'The OCSP response is malformed.' },
  'revocation-platform-error': { ja: 'プラットフォーム事業者の失効確認でエラーが発生しました。', en: 'The platform operator returned an error.' },
  // Cross-checks
  'cross-mismatch': { ja: '読み取り元によって内容が異なります。', en: 'The sources disagree.' },
  // Trust anchors
  'non-production-anchor': {
    ja: 'テスト用または模擬の信頼の起点を使いました（本番のカードではありません）。',
    en: 'A test or simulator trust anchor was used (not a production card).',
  },
  'community-observed-anchor': {
    ja: '券面APの認証局鍵はJ-LIS未公開で、コミュニティが観測した値です。',
    en: 'The card-AP CA keys are not published by J-LIS; community-observed values were used.',
  },
} as const;

export type ReasonCode = keyof typeof REASONS;
