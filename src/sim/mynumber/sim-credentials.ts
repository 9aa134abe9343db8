import type { CardProfile } from './card-profile';
import { ProfileError } from './profile-validation';

/**
 * The simulator's own derivation of the card-side 照合番号B and birth-date key (spec §2.1),
 * written independently of cards/mynumber/credentials.ts so the two check each other.
 */
const ERAS: ReadonlyArray<readonly [string, number]> = [
  ['2019-05-01', 2019], // 令和
  ['1989-01-08', 1989], // 平成
  ['1926-12-25', 1926], // 昭和
  ['1912-07-30', 1912], // 大正
  ['1868-10-23', 1868], // 明治
];

function warekiYear(isoDate: string): number {
  for (const [start, firstYear] of ERAS) {
    if (isoDate >= start) return Number(isoDate.slice(0, 4)) - firstYear + 1;
  }
  throw new ProfileError('person.birthDate', 'predates the Meiji era');
}

function yymmdd(profile: CardProfile): string {
  const d = profile.person.birthDate;
  const yy = profile.card.codeBBirthDateForm === 'western-yy' ? Number(d.slice(2, 4)) : warekiYear(d);
  return `${String(yy).padStart(2, '0')}${d.slice(5, 7)}${d.slice(8, 10)}`;
}

/** 照合番号B: YYMMDD (和暦) + expiry year + security code = 14 digits. */
export function codeBFor(profile: CardProfile): string {
  return `${yymmdd(profile)}${profile.card.expiryDate.slice(0, 4)}${profile.card.securityCode}`;
}

/** 券面AP EF 0011 key: 和暦 YYMMDD. */
export function birthDateKeyFor(profile: CardProfile): string {
  return yymmdd(profile);
}
