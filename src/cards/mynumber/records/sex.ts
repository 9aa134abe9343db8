/**
 * 性別 codes.
 * Text AP DF25 / 券面AP DF23 (spec §3.2, §3.7): "1" male and "2" female are observed. "9"
 * not-applicable (ISO 5218 / MYNA) and "0" unknown (JIS X 0303 / MC) are UNCONFIRMED on real
 * cards; anything else maps to 'other' so the UI can show the raw code instead of guessing.
 * JPKI certificate attribute 1.2.392.200149.8.5.5.3 (spec §4.5): 1 男, 2 女, 3 不明.
 */
export type CardSex = 'male' | 'female' | 'not-applicable' | 'unknown' | 'other';
export type JpkiSex = 'male' | 'female' | 'unknown' | 'other';

export function sexFromCardCode(code: string): CardSex {
  switch (code) {
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '9':
      return 'not-applicable';
    case '0':
      return 'unknown';
    default:
      return 'other';
  }
}

export function sexFromJpkiCode(code: string): JpkiSex {
  switch (code) {
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '3':
      return 'unknown';
    default:
      return 'other';
  }
}
