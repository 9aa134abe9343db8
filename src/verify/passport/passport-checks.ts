/**
 * The passport's checks and reason codes with their Japanese and English text (same shape as
 * src/verify/check-catalogue.ts; the document seam composes these into the global catalogue).
 * Ids start with `pp.`, reason codes with `pp-`; the generic 'ok', 'not-read' and
 * 'not-applicable' come from the global catalogue. Ids and codes are stable: they go into
 * evidence records.
 */
import type { CheckStatus } from '../report';

export const PP_CHECK_TITLES = {
  'pp.access-control': { ja: 'ICチップへの接続（PACE・BAC）', en: 'Chip access (PACE or BAC)' },
  'pp.secure-messaging': { ja: '暗号化通信の保護', en: 'Protected chip communication (secure messaging)' },
  'pp.card-access': { ja: '接続方式の一致（EF.CardAccessと署名されたデータ）', en: 'Access settings agree with the signed data (EF.CardAccess)' },
  'pp.lds.structure': { ja: 'ICチップのデータ形式', en: 'Chip data format' },
  'pp.passive-auth.dg-hashes': { ja: 'データの改ざん検知（データグループのハッシュ値）', en: 'Data integrity (data group hashes)' },
  'pp.passive-auth.sod-signature': { ja: '文書署名者による署名（SOD）', en: 'Document signer signature (security object)' },
  'pp.passive-auth.dsc-chain': { ja: '文書署名者証明書の発行国認証局（CSCA）による検証', en: 'Document signer certificate issued by the country CA (CSCA)' },
  'pp.passive-auth.dsc-revocation': { ja: '文書署名者証明書の失効確認', en: 'Document signer certificate revocation' },
  'pp.passive-auth.issuing-state': { ja: '発行国の一致（MRZと証明書）', en: 'Issuing state agrees (MRZ and certificate)' },
  'pp.active-auth': { ja: 'ICチップの真正性（アクティブ認証）', en: 'Genuine chip (Active Authentication)' },
  'pp.chip-auth': { ja: 'ICチップの真正性（チップ認証）', en: 'Genuine chip (Chip Authentication)' },
  'pp.chip.genuine': { ja: 'ICチップの複製でないこと', en: 'Chip is not a copy' },
  'pp.document.expiry': { ja: '旅券の有効期限', en: 'Passport expiry' },
  'pp.address': { ja: '住所の記載', en: 'Address on the document' },
  'pp.trust.anchors': { ja: '信頼の起点（発行国認証局）', en: 'Trust anchors used (country CAs)' },
  'pp.trust.master-list': { ja: 'マスターリストの署名', en: 'Master list signature' },
  'pp.trust.crl': { ja: '発行国認証局の失効リスト', en: 'Country CA revocation list' },
} as const;

export type PpCheckId = keyof typeof PP_CHECK_TITLES;

export const PP_REASONS = {
  // Access and secure messaging (9303-11 §4, §9.8)
  'pp-pace-fallback-bac': {
    ja: 'ICチップがPACEを提示しましたが、BACで接続しました（旧方式）。',
    en: 'The chip offered PACE but was opened with BAC (the older method).',
  },
  'pp-sm-mac-invalid': {
    ja: 'ICチップからの応答の改ざん検知値が正しくありません（通信の改ざん）。',
    en: "The chip's answer failed its integrity check (tampered communication).",
  },
  'pp-sm-downgrade': {
    ja: '暗号化通信中に暗号化されていない応答がありました（ダウングレード攻撃）。',
    en: 'An unprotected answer arrived while communication was protected (downgrade attack).',
  },
  'pp-pace-downgrade': {
    ja: 'ICチップはPACEに対応していますが、その情報が読み取れずBACで接続しました（ダウングレード攻撃のおそれ）。',
    en: 'The chip supports PACE, but its PACE settings were missing and BAC was used (possible downgrade attack).',
  },
  'pp-sm-failed': { ja: '暗号化通信が途中で終了しました。', en: 'Protected communication with the chip broke off.' },
  // Address (Japanese passports issued since 2020 carry none)
  'pp-address-not-on-document': {
    ja: 'この旅券には住所の記載がありません。補完書類（住民票の写し等）で住所を確認してください。',
    en: 'This passport carries no address. Check the address on a supplementary document (e.g. a residence certificate).',
  },
  // Structure
  'pp-lds-malformed': { ja: 'ICチップのデータ形式が正しくありません。', en: 'The chip data is not in the expected format.' },
  'pp-sod-malformed': { ja: 'セキュリティオブジェクト（SOD）の形式が正しくありません。', en: 'The security object (SOD) is not in the expected format.' },
  // Data group hashes
  'pp-dg-hash-mismatch': {
    ja: '読み取ったデータが署名された内容と一致しません（改ざん）。',
    en: 'Data read from the chip does not match what was signed (tampered).',
  },
  'pp-dg-not-in-sod': { ja: '読み取ったデータの一部が署名の対象に含まれていません。', en: 'Some data read is not covered by the signature.' },
  'pp-sod-incomplete': { ja: '署名の対象に必須のデータ（DG1・DG2）が含まれていません。', en: 'The signature does not cover the mandatory data (DG1, DG2).' },
  'pp-hash-algorithm-unsupported': { ja: '対応していないハッシュ方式です。', en: 'The hash algorithm is not supported.' },
  // SOD signature
  'pp-sod-signer-not-found': {
    ja: '署名に使われた文書署名者証明書がICチップにありません。',
    en: 'The document signer certificate used for the signature is not on the chip.',
  },
  'pp-sod-signature-invalid': { ja: 'セキュリティオブジェクトの署名が正しくありません（改ざん・偽造）。', en: 'The security object signature is not valid (tampered or forged).' },
  'pp-sod-message-digest-mismatch': {
    ja: '署名された値とセキュリティオブジェクトの内容が一致しません（改ざん）。',
    en: 'The signed digest does not match the security object (tampered).',
  },
  'pp-sod-content-type-mismatch': { ja: '署名された内容の種類が一致しません。', en: 'The signed content type does not match.' },
  'pp-signature-algorithm-unsupported': { ja: '対応していない署名方式です。', en: 'The signature algorithm is not supported.' },
  // DSC → CSCA
  'pp-csca-unknown': {
    ja: '発行国の認証局（CSCA）が信頼リストにありません。マスターリストの取り込みが必要です。',
    en: "The issuing country's CA (CSCA) is not in the trust list; a master list must be imported.",
  },
  'pp-csca-other-mode': {
    ja: '発行国の認証局は別の信頼モード（本番・テスト・模擬）のものです。',
    en: "The country CA belongs to another trust mode (production, test or simulator).",
  },
  'pp-dsc-not-issued-by-csca': {
    ja: '文書署名者証明書は、記載された発行国認証局が発行したものではありません（偽造）。',
    en: 'The document signer certificate was not issued by the country CA it names (forged).',
  },
  'pp-dsc-expired': { ja: '文書署名者証明書の有効期限が切れています。', en: 'The document signer certificate has expired.' },
  'pp-dsc-not-yet-valid': { ja: '文書署名者証明書の有効期間がまだ始まっていません。', en: 'The document signer certificate is not valid yet.' },
  'pp-csca-expired': { ja: '発行国認証局の証明書の有効期限が切れています。', en: "The country CA's certificate has expired." },
  'pp-dsc-key-usage': { ja: '文書署名者証明書の鍵用途が規定と異なります。', en: 'The document signer certificate key usage is not as ICAO requires.' },
  'pp-csca-not-ca': { ja: '発行国認証局の証明書が認証局の証明書ではありません。', en: "The country CA's certificate is not a CA certificate." },
  'pp-dsc-malformed': { ja: '文書署名者証明書の形式が正しくありません。', en: 'The document signer certificate is malformed.' },
  'pp-country-mismatch': {
    ja: 'MRZの発行国と文書署名者証明書の国が一致しません。',
    en: 'The issuing state in the MRZ and the country of the document signer certificate differ.',
  },
  // Revocation
  'pp-dsc-revoked': { ja: '文書署名者証明書は失効しています。', en: 'The document signer certificate has been revoked.' },
  'pp-crl-none': { ja: 'この発行国の失効リストは取り込まれていません。', en: 'No revocation list for this country has been imported.' },
  'pp-crl-stale': { ja: '失効リストが古く、失効の有無を確認できません。', en: 'The revocation list is out of date; revocation could not be confirmed.' },
  'pp-crl-signature-invalid': { ja: '失効リストの署名が正しくありません。', en: 'The revocation list signature is not valid.' },
  'pp-crl-malformed': { ja: '失効リストの形式が正しくありません。', en: 'The revocation list is malformed.' },
  'pp-crl-issuer-unknown': { ja: '失効リストの発行者が信頼リストにありません。', en: 'The revocation list issuer is not in the trust list.' },
  // Chip genuineness
  'pp-aa-signature-invalid': {
    ja: 'ICチップが正しい応答を返しませんでした（アクティブ認証の失敗）。',
    en: 'The chip did not answer the challenge correctly (Active Authentication failed).',
  },
  'pp-aa-not-supported': { ja: 'このICチップはアクティブ認証に対応していません。', en: 'This chip does not support Active Authentication.' },
  'pp-aa-key-unsupported': { ja: 'アクティブ認証の鍵の種類に対応していません。', en: 'The Active Authentication key type is not supported.' },
  'pp-aa-key-unverified': {
    ja: 'アクティブ認証の鍵（DG15）の真正性が確認できていません。',
    en: 'The Active Authentication key (DG15) has not been verified.',
  },
  'pp-ca-failed': {
    ja: 'ICチップがチップ認証の鍵を証明できませんでした（チップ認証の失敗）。',
    en: 'The chip could not prove its chip authentication key (Chip Authentication failed).',
  },
  'pp-ca-key-mismatch': { ja: 'チップ認証に使われた鍵が署名されたデータ（DG14）と一致しません。', en: 'The key used for Chip Authentication is not the signed one (DG14).' },
  'pp-ca-not-supported': { ja: 'このICチップはチップ認証に対応していません。', en: 'This chip does not support Chip Authentication.' },
  'pp-ca-key-unverified': {
    ja: 'チップ認証の鍵（DG14）の真正性が確認できていません。',
    en: 'The Chip Authentication key (DG14) has not been verified.',
  },
  'pp-chip-clone': {
    ja: 'データは正規ですが、ICチップが鍵を証明できませんでした（複製されたICチップ）。',
    en: 'The data is genuine but the chip could not prove its key: a cloned chip.',
  },
  'pp-chip-not-authenticated': {
    ja: 'ICチップの真正性（アクティブ認証・チップ認証）を確認できませんでした。データの複製を見分けられません。',
    en: 'Chip genuineness (Active or Chip Authentication) was not checked; a copied chip cannot be told apart.',
  },
  'pp-chip-data-unverified': { ja: 'データの真正性が確認できないため、ICチップの判定はしていません。', en: 'The data did not verify, so the chip was not judged.' },
  // Document
  'pp-document-expired': { ja: '旅券の有効期限が切れています。', en: 'The passport has expired.' },
  // Trust
  'pp-non-production-anchor': {
    ja: 'テスト用または模擬の認証局を使いました（本物の旅券ではありません）。',
    en: 'A test or simulator country CA was used (not a real passport).',
  },
  'pp-ml-malformed': { ja: 'マスターリストの形式が正しくありません。', en: 'The master list is malformed.' },
  'pp-ml-signature-invalid': { ja: 'マスターリストの署名が正しくありません。', en: 'The master list signature is not valid.' },
  'pp-ml-signer-unknown': {
    ja: 'マスターリストの署名者証明書が、指定された発行国認証局から発行されていません。',
    en: "The master list signer certificate was not issued by the pinned country CA.",
  },
  'pp-ml-signer-invalid': {
    ja: 'マスターリストの署名者証明書が有効ではありません（期限切れ・用途違い）。',
    en: 'The master list signer certificate is not valid (expired or wrong usage).',
  },
} as const;

export type PpReasonCode = keyof typeof PP_REASONS | 'ok' | 'not-read' | 'not-applicable';

/** A passport check: the shape of `Check` in src/verify/report.ts with passport ids and codes. */
export interface PassportCheck {
  readonly id: PpCheckId;
  readonly status: CheckStatus;
  readonly code: PpReasonCode;
  readonly detail?: string;
  readonly at: string;
}

export function ppCheck(id: PpCheckId, status: CheckStatus, code: PpReasonCode, detail: string | undefined, at: Date): PassportCheck {
  return { id, status, code, ...(detail ? { detail } : {}), at: at.toISOString() };
}
