import { KazasuError } from '../../errors/kazasu-error';
import { DEFAULT_RETRIES, type CardProfile, type CredentialName } from './card-profile';

export class ProfileError extends KazasuError {
  readonly code = 'sim-profile-invalid' as const;
  constructor(readonly field: string, reason: string) {
    super(`card profile: ${field}: ${reason}`);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function myNumberCheckDigitOk(n: string): boolean {
  // 番号法施行令 check digit: weights 2..7 for the 6 rightmost of the first 11 digits, then 2..6.
  let sum = 0;
  for (let k = 1; k <= 11; k++) sum += Number(n[11 - k]) * (k <= 6 ? k + 1 : k - 5);
  const r = sum % 11;
  return Number(n[11]) === (r <= 1 ? 0 : 11 - r);
}

type Obj = Record<string, unknown>;

function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProfileError(field, 'must be an object');
  return v as Obj;
}
function str(o: Obj, key: string, field: string, pattern?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new ProfileError(`${field}.${key}`, 'must be a non-empty string');
  if (pattern && !pattern.test(v)) throw new ProfileError(`${field}.${key}`, `does not match ${pattern.source}`);
  return v;
}
function optStr(o: Obj, key: string, field: string, pattern?: RegExp): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, field, pattern);
}
function date(o: Obj, key: string, field: string): string {
  const v = str(o, key, field);
  if (!isRealDate(v)) throw new ProfileError(`${field}.${key}`, 'must be a real date YYYY-MM-DD');
  return v;
}
function bool(o: Obj, key: string, field: string): boolean {
  if (typeof o[key] !== 'boolean') throw new ProfileError(`${field}.${key}`, 'must be true or false');
  return o[key] as boolean;
}
function counters(v: unknown, field: string, max: number): Partial<Record<CredentialName, number>> | undefined {
  if (v === undefined) return undefined;
  const o = obj(v, field);
  const out: Partial<Record<CredentialName, number>> = {};
  for (const [k, n] of Object.entries(o)) {
    if (!(k in DEFAULT_RETRIES)) throw new ProfileError(`${field}.${k}`, 'unknown credential');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) throw new ProfileError(`${field}.${k}`, `must be an integer 0–${max}`);
    out[k as CredentialName] = n;
  }
  return out;
}

/**
 * Check a profile loaded from JSON (a named profile or a user's file) and return it typed.
 * Rejects anything the card builder could not turn into a faithful card.
 */
export function parseCardProfile(json: unknown): CardProfile {
  const root = obj(json, 'profile');
  const id = str(root, 'id', 'profile', /^[a-z0-9][a-z0-9-]{0,63}$/);
  const description = obj(root.description, 'description');
  const person = obj(root.person, 'person');
  const card = obj(root.card, 'card');
  const credentials = obj(root.credentials, 'credentials');
  const jpki = obj(root.jpki, 'jpki');

  const birthDate = date(person, 'birthDate', 'person');
  if (birthDate < '1868-10-23') throw new ProfileError('person.birthDate', 'must be in the Meiji era or later');
  const myNumber = str(person, 'myNumber', 'person', /^\d{12}$/);
  if (!myNumberCheckDigitOk(myNumber)) throw new ProfileError('person.myNumber', 'check digit is wrong');
  const sex = str(person, 'sex', 'person', /^[0129]$/) as CardProfile['person']['sex'];
  const name = str(person, 'name', 'person');
  const address = str(person, 'address', 'person');
  if ([...address].length > 200) throw new ProfileError('person.address', 'at most 200 characters (spec §4.5)');
  const alias = optStr(person, 'alias', 'person');
  const foreignResident = person.foreignResident === undefined ? undefined : bool(person, 'foreignResident', 'person');

  const form = optStr(card, 'codeBBirthDateForm', 'card', /^(wareki|western-yy)$/) as 'wareki' | 'western-yy' | undefined;
  const certificateName = optStr(jpki, 'certificateName', 'jpki');
  const nameSubstitutePositions = optStr(jpki, 'nameSubstitutePositions', 'jpki', /^[01]+$/);
  if (nameSubstitutePositions && [...(certificateName ?? (alias ? `${name}（${alias}）` : name))].length !== nameSubstitutePositions.length) {
    throw new ProfileError('jpki.nameSubstitutePositions', 'needs one 0/1 per character of the certificate name');
  }
  const rootGeneration = jpki.rootGeneration === undefined ? undefined : jpki.rootGeneration;
  if (rootGeneration !== undefined && rootGeneration !== 1 && rootGeneration !== 2) throw new ProfileError('jpki.rootGeneration', 'must be 1 or 2');
  const notBefore = date(jpki, 'notBefore', 'jpki');
  const notAfter = date(jpki, 'notAfter', 'jpki');
  if (notAfter <= notBefore) throw new ProfileError('jpki.notAfter', 'must be after notBefore');

  const profile: CardProfile = {
    id,
    description: { ja: str(description, 'ja', 'description'), en: str(description, 'en', 'description') },
    seed: str(root, 'seed', 'profile'),
    person: {
      name,
      address,
      birthDate,
      sex,
      myNumber,
      ...(alias ? { alias } : {}),
      ...(foreignResident !== undefined ? { foreignResident } : {}),
    },
    card: {
      expiryDate: date(card, 'expiryDate', 'card'),
      securityCode: str(card, 'securityCode', 'card', /^\d{4}$/),
      municipalityCode: str(card, 'municipalityCode', 'card', /^\d{5}$/),
      serial: str(card, 'serial', 'card', /^\d{15}$/),
      face: str(card, 'face', 'card', /^face-\d{2}$/),
      ...(form ? { codeBBirthDateForm: form } : {}),
    },
    credentials: {
      textPin: str(credentials, 'textPin', 'credentials', /^\d{4}$/),
      authPin: str(credentials, 'authPin', 'credentials', /^\d{4}$/),
      signPassword: str(credentials, 'signPassword', 'credentials', /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{6,16}$/),
      jukiPin: str(credentials, 'jukiPin', 'credentials', /^\d{4}$/),
    },
    jpki: {
      hasSignCertificate: bool(jpki, 'hasSignCertificate', 'jpki'),
      notBefore,
      notAfter,
      prefecture: str(jpki, 'prefecture', 'jpki'),
      city: str(jpki, 'city', 'jpki'),
      ...(certificateName ? { certificateName } : {}),
      ...(nameSubstitutePositions ? { nameSubstitutePositions } : {}),
      ...optional(jpki, 'certificateAddress'),
      ...optional(jpki, 'addressSubstitutePositions', /^[01]+$/),
      ...(rootGeneration ? { rootGeneration: rootGeneration as 1 | 2 } : {}),
      ...optional(jpki, 'crlUrl', /^https?:\/\//),
      ...optional(jpki, 'ocspUrl', /^https?:\/\//),
    },
  };
  const retries = counters(root.retries, 'retries', 15);
  const retriesLeft = counters(root.retriesLeft, 'retriesLeft', 15);
  return { ...profile, ...(retries ? { retries } : {}), ...(retriesLeft ? { retriesLeft } : {}) };

  function optional(o: Obj, key: string, pattern?: RegExp): Record<string, string> {
    const v = optStr(o, key, 'jpki', pattern);
    return v === undefined ? {} : { [key]: v };
  }
}
