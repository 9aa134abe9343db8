import type { CardProfile } from '../mynumber/card-profile';
import { SeededRandom } from '../card/seeded-random';

/**
 * What the front of a My Number Card prints that 照合番号B is built from (spec §2.1), plus the
 * name and address that share the face. The simulator's own 和暦 table is used here (never the
 * card library's), so the OCR tests compare two independent derivations.
 *
 * How the real card prints the dates (as on the 総務省 sample face): birth date in 和暦 with 元年
 * for the first year and a space before one-digit months and days, "昭和55年 2月17日生"; the
 * expiry in the Western calendar, "2035年 2月17日まで有効". A foreign resident's card prints a
 * Western birth date ("1990年 7月14日生"). Exact typography is UNCONFIRMED.
 */
export interface PrintedCardFront {
  readonly name: string;
  readonly address: string;
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  /** Birth date as the face prints it: 和暦 (Japanese nationals) or Western (foreign residents). */
  readonly birthDateForm: 'wareki' | 'western';
  readonly sex: 'male' | 'female';
  /** 'YYYY-MM-DD' */
  readonly expiryDate: string;
  readonly securityCode: string;
  /**
   * Tests only: print these lines verbatim instead of the derived ones — a damaged or forged
   * face (e.g. "昭和64年 2月 1日生", a date that never existed) that the OCR must refuse.
   */
  readonly misprint?: { readonly birthDate?: string; readonly expiry?: string };
}

const ERAS: ReadonlyArray<{ readonly start: string; readonly first: number; readonly name: string }> = [
  { start: '2019-05-01', first: 2019, name: '令和' },
  { start: '1989-01-08', first: 1989, name: '平成' },
  { start: '1926-12-25', first: 1926, name: '昭和' },
  { start: '1912-07-30', first: 1912, name: '大正' },
  { start: '1868-10-23', first: 1868, name: '明治' },
];

function simEra(iso: string): { name: string; year: number } {
  for (const e of ERAS) if (iso >= e.start) return { name: e.name, year: Number(iso.slice(0, 4)) - e.first + 1 };
  throw new RangeError('sim card front: date before Meiji');
}

/** One- or two-digit number padded with a leading half-width space, as the card aligns them. */
function pad2(n: number): string {
  return n < 10 ? ` ${n}` : String(n);
}

/** "昭和55年 2月17日生" / "平成元年 1月 8日生" / "1990年 7月14日生". */
export function printedBirthDate(card: PrintedCardFront): string {
  if (card.misprint?.birthDate !== undefined) return card.misprint.birthDate;
  const m = Number(card.birthDate.slice(5, 7));
  const d = Number(card.birthDate.slice(8, 10));
  if (card.birthDateForm === 'western') return `${card.birthDate.slice(0, 4)}年${pad2(m)}月${pad2(d)}日生`;
  const era = simEra(card.birthDate);
  return `${era.name}${era.year === 1 ? '元' : String(era.year)}年${pad2(m)}月${pad2(d)}日生`;
}

/** "2035年 2月17日まで有効". */
export function printedExpiry(card: PrintedCardFront): string {
  if (card.misprint?.expiry !== undefined) return card.misprint.expiry;
  return `${card.expiryDate.slice(0, 4)}年${pad2(Number(card.expiryDate.slice(5, 7)))}月${pad2(Number(card.expiryDate.slice(8, 10)))}日まで有効`;
}

/** The 14 digits this face stands for: 和暦 YYMMDD + expiry year + security code (spec §2.1). */
export function expectedCodeB(card: PrintedCardFront): string {
  const era = simEra(card.birthDate);
  return `${String(era.year).padStart(2, '0')}${card.birthDate.slice(5, 7)}${card.birthDate.slice(8, 10)}${card.expiryDate.slice(0, 4)}${card.securityCode}`;
}

export function printedFromProfile(profile: CardProfile): PrintedCardFront {
  return {
    name: profile.person.alias ? `${profile.person.name}　${profile.person.alias}` : profile.person.name,
    address: profile.person.address,
    birthDate: profile.person.birthDate,
    birthDateForm: profile.person.foreignResident ? 'western' : 'wareki',
    sex: profile.person.sex === '1' ? 'male' : 'female',
    expiryDate: profile.card.expiryDate,
    securityCode: profile.card.securityCode,
  };
}

const FAMILY = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山本', '松本', '井上', '木村', '林', '清水', '斎藤', '森', '池田'];
const GIVEN = ['花子', '太郎', '一郎', '陽子', '健', '美咲', '大輔', '直美', '翔太', '恵', '誠', '由美', '拓也', 'さくら', '蓮', '結衣'];
const PLACES = ['東京都千代田区かざす町', '大阪府大阪市北区梅田', '北海道札幌市中央区北一条西', '福岡県福岡市博多区博多駅前', '愛知県名古屋市中区栄', '宮城県仙台市青葉区本町'];
const KANJI_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function pick<T>(r: SeededRandom, list: readonly T[]): T {
  return list[r.nextU32() % list.length]!;
}

function int(r: SeededRandom, lo: number, hi: number): number {
  return lo + (r.nextU32() % (hi - lo + 1));
}

function isoOf(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysIn(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * A deterministic set of plausible card fronts for the OCR tests and benchmark: birth dates from
 * 1925 to 2024 (大正 to 令和, with 元年 and era-boundary dates on purpose), expiry on a birthday
 * 5–10 years after an issue date in 2016–2026, a random security code, and now and then a
 * foreign resident's Western birth date.
 */
export function randomCardFronts(count: number, seed: string): PrintedCardFront[] {
  const r = new SeededRandom(seed);
  const boundary = ['1989-01-07', '1989-01-08', '2019-04-30', '2019-05-01', '1926-12-25', '1989-12-31', '2019-12-31'];
  const out: PrintedCardFront[] = [];
  for (let i = 0; i < count; i++) {
    let birth: string;
    if (i % 17 === 5) birth = boundary[(i / 17) % boundary.length | 0]!;
    else {
      const y = int(r, 1925, 2024);
      const m = int(r, 1, 12);
      birth = isoOf(y, m, int(r, 1, daysIn(y, m)));
      if (birth < '1926-12-25' && birth >= '1925-01-01') birth = isoOf(1926, 12, 25 + int(r, 0, 6));
    }
    const by = Number(birth.slice(0, 4));
    const issueYear = Math.max(by + 1, int(r, 2016, 2026));
    const bm = Number(birth.slice(5, 7));
    let bd = Number(birth.slice(8, 10));
    const expiryYear = issueYear + (issueYear - by < 18 ? 5 : 10);
    if (bm === 2 && bd === 29 && daysIn(expiryYear, 2) === 28) bd = 28; // UNCONFIRMED how a 29 Feb birthday expires
    const western = i % 23 === 11;
    out.push({
      name: `${pick(r, FAMILY)}　${pick(r, GIVEN)}`,
      address: `${pick(r, PLACES)}${pick(r, KANJI_NUM)}丁目${int(r, 1, 30)}番${int(r, 1, 20)}号`,
      birthDate: birth,
      birthDateForm: western ? 'western' : 'wareki',
      sex: r.nextU32() % 2 === 0 ? 'male' : 'female',
      expiryDate: isoOf(expiryYear, bm, bd),
      securityCode: String(r.nextU32() % 10000).padStart(4, '0'),
    });
  }
  return out;
}
