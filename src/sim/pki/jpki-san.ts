/**
 * The 署名用 certificate's personal attributes as subjectAltName otherNames (spec §4.5).
 * OIDs follow MYNA and a real dump (HNK): .5 = address, .6 = address substitution positions.
 */
import { SimPkiError } from './errors';
import { otherNamesSubjectAltNameExtension, type OtherNameEntry } from './jpki-extensions';
import type { x509 } from './x509-setup';

export const JPKI_SAN_OID = {
  name: '1.2.392.200149.8.5.5.1',
  nameSubstitution: '1.2.392.200149.8.5.5.2',
  sex: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
  addressSubstitution: '1.2.392.200149.8.5.5.6',
} as const;

export interface JpkiPersonalAttributes {
  /** 氏名, family and given name separated by U+3000. */
  name: string;
  /** "0"/"1" per character of `name` (1 = 代替文字). Default: all "0". */
  nameSubstitution?: string;
  /** 性別: "1" 男, "2" 女, "3" 不明. */
  sex: '1' | '2' | '3';
  /** 生年月日 `EYYYYMMDD` (E: 1 明治 … 5 令和, 0 不明); see jpkiBirthDate. */
  birthDate: string;
  /** 住所, prefecture first, up to 200 characters. */
  address: string;
  /** "0"/"1" per character of `address`. Default: all "0". */
  addressSubstitution?: string;
}

const ERA_STARTS: ReadonlyArray<readonly [string, number]> = [
  ['20190501', 5], // 令和
  ['19890108', 4], // 平成
  ['19261225', 3], // 昭和
  ['19120730', 2], // 大正
  ['18680125', 1], // 明治 (Gregorian start of Meiji 1)
];

/** `EYYYYMMDD` for a Gregorian `YYYYMMDD`, choosing the era code by date (spec §4.5). */
export function jpkiBirthDate(yyyymmdd: string): string {
  if (!/^[0-9]{8}$/.test(yyyymmdd)) {
    throw new SimPkiError('sim-cert-bad-params', `birth date must be YYYYMMDD, got "${yyyymmdd}"`);
  }
  const era = ERA_STARTS.find(([start]) => yyyymmdd >= start)?.[1] ?? 0;
  return `${era}${yyyymmdd}`;
}

function substitution(field: string, value: string, given: string | undefined): string {
  const chars = Array.from(value).length;
  const s = given ?? '0'.repeat(chars);
  if (!/^[01]*$/.test(s) || s.length !== chars) {
    throw new SimPkiError(
      'sim-cert-bad-params',
      `${field} substitution must be one "0"/"1" per character (${chars}), got ${s.length}`,
    );
  }
  return s;
}

/** Validated otherName entries in OID order .1 … .6 (spec §4.5). */
export function jpkiPersonalOtherNames(a: JpkiPersonalAttributes): OtherNameEntry[] {
  if (!a.name) throw new SimPkiError('sim-cert-bad-params', 'name is empty');
  if (!a.address || Array.from(a.address).length > 200) {
    throw new SimPkiError('sim-cert-bad-params', 'address must be 1–200 characters');
  }
  if (!['1', '2', '3'].includes(a.sex)) {
    throw new SimPkiError('sim-cert-bad-params', `sex must be "1", "2" or "3"`);
  }
  if (!/^[0-5][0-9]{8}$/.test(a.birthDate)) {
    throw new SimPkiError('sim-cert-bad-params', `birth date must be EYYYYMMDD, got "${a.birthDate}"`);
  }
  return [
    { oid: JPKI_SAN_OID.name, value: a.name },
    { oid: JPKI_SAN_OID.nameSubstitution, value: substitution('name', a.name, a.nameSubstitution) },
    { oid: JPKI_SAN_OID.sex, value: a.sex },
    { oid: JPKI_SAN_OID.birthDate, value: a.birthDate },
    { oid: JPKI_SAN_OID.address, value: a.address },
    {
      oid: JPKI_SAN_OID.addressSubstitution,
      value: substitution('address', a.address, a.addressSubstitution),
    },
  ];
}

/** The 署名用 subjectAltName extension (non-critical; the subject DN is not empty). */
export function jpkiPersonalSubjectAltName(a: JpkiPersonalAttributes): x509.Extension {
  return otherNamesSubjectAltNameExtension(jpkiPersonalOtherNames(a));
}
