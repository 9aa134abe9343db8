import type { Language, MessageVars } from './catalogue';

/**
 * UI text of the camera reading of 照合番号B (src/app/ocr), ja and en. Kept in its own catalogue
 * so the main one (catalogue.ts) and this feature can change independently; `en` must have
 * exactly the keys of `ocrJa` (the type says so). `{name}` placeholders as in catalogue.ts.
 */
export const ocrJa = {
  'ocr.open': 'カメラで読み取る',
  'ocr.heading': 'カードの表面をカメラで読み取ります',
  'ocr.lead': 'カードの表面を枠に合わせて、文字がはっきり見えるまで動かさずに持ってください。',
  'ocr.privacy': '画像はこの端末の中だけで処理し、保存も送信もしません。',
  'ocr.video': 'カメラの映像（カードを枠に合わせてください）',
  'ocr.status.starting': 'カメラと読み取りの準備をしています…',
  'ocr.status.align': 'カード全体が枠に入るように合わせてください。',
  'ocr.status.reading': '読み取っています…（{done}／3 項目）',
  'ocr.status.implausible': '読み取った数字が日付として正しくないため、使いませんでした。もう一度読み取っています。',
  'ocr.status.slow': 'うまく読み取れません。明るい場所でカードをまっすぐに持つか、「中止して手で入力する」を押してください。',
  'ocr.status.ready': '読み取りました。カードの印字と同じか確認してください。',
  'ocr.review.heading': 'カードの数字と同じか確認してください',
  'ocr.review.birthDate': '生年月日',
  'ocr.review.expiryYear': '有効期限の年',
  'ocr.review.securityCode': 'セキュリティコード',
  'ocr.review.codeB': '照合番号B（14桁）',
  'ocr.review.westernNote': 'カードには西暦で印字されています。照合番号Bには和暦の年を使います。',
  'ocr.confirm': 'カードと同じなのでこの数字を使う',
  'ocr.again': '読み直す',
  'ocr.cancel': '中止して手で入力する',
  'ocr.error.camera-denied': 'カメラを使う許可がありません。ブラウザーの設定でこのページにカメラを許可するか、手で入力してください。',
  'ocr.error.camera-missing': 'カメラが見つかりません。手で入力してください。',
  'ocr.error.camera-busy': 'カメラを別のアプリが使っています。そのアプリを閉じてからもう一度試すか、手で入力してください。',
  'ocr.error.camera-unavailable': 'この環境ではカメラを使えません（https または localhost のページが必要です）。手で入力してください。',
  'ocr.error.engine-failed': '文字の読み取り機能を開始できませんでした。手で入力してください。',
  'ocr.retry': 'もう一度試す',
  'ocr.era.meiji': '明治',
  'ocr.era.taisho': '大正',
  'ocr.era.showa': '昭和',
  'ocr.era.heisei': '平成',
  'ocr.era.reiwa': '令和',
  'ocr.date.wareki': '{era}{year}年{month}月{day}日',
  'ocr.date.gregorian': '（{iso}）',
} as const;

export type OcrMessageKey = keyof typeof ocrJa;

export const ocrEn: Record<OcrMessageKey, string> = {
  'ocr.open': 'Read with the camera',
  'ocr.heading': 'Read the front of the card with the camera',
  'ocr.lead': 'Hold the front of the card inside the frame and keep it still until the text is sharp.',
  'ocr.privacy': 'The picture is processed only on this device; nothing is saved or sent.',
  'ocr.video': 'Camera view (line the card up with the frame)',
  'ocr.status.starting': 'Getting the camera and the reader ready…',
  'ocr.status.align': 'Move the card so that all of it is inside the frame.',
  'ocr.status.reading': 'Reading… ({done} of 3 items)',
  'ocr.status.implausible': 'The digits read were not a possible date, so they were not used. Reading again.',
  'ocr.status.slow': 'The card cannot be read well. Hold it straight in brighter light, or press “Cancel and type the digits”.',
  'ocr.status.ready': 'Read. Check that the digits match the card.',
  'ocr.review.heading': 'Check the digits against the card',
  'ocr.review.birthDate': 'Date of birth',
  'ocr.review.expiryYear': 'Expiry year',
  'ocr.review.securityCode': 'Security code',
  'ocr.review.codeB': 'Verification code B (14 digits)',
  'ocr.review.westernNote': 'The card prints the Western year; verification code B uses the Japanese-era year.',
  'ocr.confirm': 'They match the card: use these digits',
  'ocr.again': 'Read again',
  'ocr.cancel': 'Cancel and type the digits',
  'ocr.error.camera-denied': 'The camera is not allowed. Allow it for this page in the browser settings, or type the digits.',
  'ocr.error.camera-missing': 'No camera was found. Please type the digits.',
  'ocr.error.camera-busy': 'Another app is using the camera. Close it and try again, or type the digits.',
  'ocr.error.camera-unavailable': 'The camera cannot be used here (the page must be https or localhost). Please type the digits.',
  'ocr.error.engine-failed': 'The text reader could not start. Please type the digits.',
  'ocr.retry': 'Try again',
  'ocr.era.meiji': 'Meiji',
  'ocr.era.taisho': 'Taisho',
  'ocr.era.showa': 'Showa',
  'ocr.era.heisei': 'Heisei',
  'ocr.era.reiwa': 'Reiwa',
  'ocr.date.wareki': '{era} {year}, {month}/{day}',
  'ocr.date.gregorian': ' ({iso})',
};

export const ocrCatalogues: Record<Language, Record<OcrMessageKey, string>> = { ja: ocrJa, en: ocrEn };

export function ocrMessage(language: Language, key: OcrMessageKey, vars?: MessageVars): string {
  const text = ocrCatalogues[language][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
