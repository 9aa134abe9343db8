import { buildBirthDateKey, buildVerificationCodeB, tryCredential, type BirthDateForm, type CredentialFormatReason } from '../../../cards/mynumber/credentials';
import { toWareki, type WarekiDate } from '../../../cards/mynumber/wareki';

/** What the clerk reads off the card face to build 照合番号B or the birth-date key. Western calendar. */
export interface CardFaceValues {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly expiryYear: string;
  readonly securityCode: string;
}

export const EMPTY_CARD_FACE: CardFaceValues = { year: '', month: '', day: '', expiryYear: '', securityCode: '' };

/** 'YYYY-MM-DD' from the three birth-date boxes (undefined until all three are filled). */
export function birthDateIso(v: CardFaceValues): string | undefined {
  if (v.year.length !== 4 || v.month === '' || v.day === '') return undefined;
  return `${v.year}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}`;
}

/** The birth date in the Japanese calendar, or undefined while it is incomplete or impossible. */
export function birthDateWareki(v: CardFaceValues): WarekiDate | undefined {
  const iso = birthDateIso(v);
  if (!iso) return undefined;
  try {
    return toWareki(iso);
  } catch {
    return undefined;
  }
}

export type Built = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: CredentialFormatReason };

function built(result: ReturnType<typeof tryCredential<string>>): Built {
  return result.ok ? { ok: true, value: result.value } : { ok: false, reason: result.error.reason };
}

/** 照合番号B (spec §2.1) from the card face, e.g. 1980-02-17, 2035, 2285 → 55021720352285. */
export function codeBFrom(v: CardFaceValues, birthDateForm: BirthDateForm = 'wareki'): Built {
  const birthDate = birthDateIso(v) ?? '';
  if (!/^[0-9]{4}$/.test(v.expiryYear)) return { ok: false, reason: 'expiry-year-invalid' };
  return built(tryCredential(() => buildVerificationCodeB({ birthDate, expiryYear: Number(v.expiryYear), securityCode: v.securityCode, birthDateForm })));
}

/** 券面AP birth-date key (和暦 YYMMDD) from the birth date. */
export function birthKeyFrom(v: CardFaceValues, birthDateForm: BirthDateForm = 'wareki'): Built {
  return built(tryCredential(() => buildBirthDateKey(birthDateIso(v) ?? '', birthDateForm)));
}

/** Card-face values from an ISO birth date and expiry date (demo fill from the simulated card). */
export function cardFaceFrom(birthDate: string, expiryDate: string, securityCode: string): CardFaceValues {
  const [year = '', month = '', day = ''] = birthDate.split('-');
  return { year, month: String(Number(month)), day: String(Number(day)), expiryYear: expiryDate.slice(0, 4), securityCode };
}
