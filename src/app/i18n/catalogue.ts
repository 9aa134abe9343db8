/**
 * UI text, Japanese first. Every string the UI shows lives here (never inline in components), so
 * the two catalogues can be checked against each other.
 */
export const ja = {
  'app.title': 'かざす — 本人確認',
  'app.language': 'English',
  'app.languageLabel': '表示言語を英語に切り替える',
  'demo.banner': 'テスト用の模擬カード（SIMULATED）',
  'demo.cardLabel': '模擬カード',
  'read.placing': 'カードを読み取り機に置いています…',
  'read.reading': 'カードを読み取っています。カードを動かさないでください。',
  'read.done': '読み取りました',
  'read.failed': '読み取れませんでした',
  'read.again': 'もう一度読み取る',
  'result.name': '氏名',
  'result.ok': '確認済み',
  'error.code': 'エラーコード',
} as const;

export type MessageKey = keyof typeof ja;

export const en: Record<MessageKey, string> = {
  'app.title': 'Kazasu — identity check',
  'app.language': '日本語',
  'app.languageLabel': 'Switch the display language to Japanese',
  'demo.banner': 'TEST / SIMULATED CARD',
  'demo.cardLabel': 'Simulated card',
  'read.placing': 'Placing the card on the reader…',
  'read.reading': 'Reading the card. Please keep the card still.',
  'read.done': 'Card read',
  'read.failed': 'The card could not be read',
  'read.again': 'Read again',
  'result.name': 'Name',
  'result.ok': 'Confirmed',
  'error.code': 'Error code',
};

export type Language = 'ja' | 'en';

export const catalogues: Record<Language, Record<MessageKey, string>> = { ja, en };
