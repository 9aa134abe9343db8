/**
 * A simulated residence card / special permanent resident certificate, described as JSON (the
 * named ones are in ./profiles). Everything is simulator test data: the card number is the
 * simulated card's own credential and exists so tests and the demo can open it.
 *
 * What is printed on a first-generation card appears only in the TIFF front image (the chip has
 * no text fields, 在留カード等仕様書 §3.3.4); the second generation adds coded text fields
 * (第二世代 spec; the code tables are MOJ's and not public — the codes here are placeholders, and
 * the labels are what the simulator prints on the images).
 */
import { KazasuError } from '../../errors/kazasu-error';

export type RcGeneration = 1 | 2;
export type RcKind = 'residence-card' | 'special-permanent-resident';
/** How the generation-1 check code wraps the hash (updates-2026-12.md §1.3, an open question). */
export type Gen1SignaturePadding = 'bare-sha256' | 'digest-info-sha256';

export interface CodedText {
  /** The code the chip holds (gen 2), e.g. nationality 'VNM'. */
  readonly code: string;
  /** What the card face shows, e.g. 'ベトナム'. */
  readonly label: string;
}

export interface RcProfile {
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  readonly seed: string;
  readonly generation: RcGeneration;
  readonly kind: RcKind;
  /** 12 characters: 2 letters, 8 digits, 2 letters. The card's authentication secret. */
  readonly cardNumber: string;
  readonly specVersion: string;
  readonly person: {
    /** Romanised name as printed (Latin capitals), e.g. 'NGUYEN VAN AN'. */
    readonly name: string;
    readonly birthDate: string;
    readonly sex: 'male' | 'female';
    readonly nationality: CodedText;
  };
  readonly card: {
    /** 有効期限 'YYYY-MM-DD'. */
    readonly expiryDate: string;
    readonly issueDate: string;
    readonly face: string;
    /** Residence cards: 在留資格, 在留期間 and its end, 許可の種類/年月日, 就労制限. */
    readonly statusOfResidence?: CodedText;
    readonly periodOfStay?: CodedText;
    readonly stayExpiry?: string;
    readonly permissionType?: CodedText;
    readonly permissionDate?: string;
    readonly workRestriction?: '1' | '2' | '4' | '9';
  };
  /** 住居地 on the back (DF2 gen 1; address image gen 2). */
  readonly address: { readonly text: string; readonly writtenOn: string; readonly municipalityCode: string };
  /** Residence cards only. */
  readonly permissions?: {
    /** Gen 1: the text of the 包括許可欄; gen 2: the code '0' / '1' / '2' in its label field. */
    readonly comprehensive?: CodedText;
    readonly comprehensiveExpiry?: string;
    readonly individual?: string;
    readonly renewalApplication?: boolean;
  };
  /** Gen 2: DF2/EF03 その他. */
  readonly note?: string;
  readonly signature: {
    /** Gen 1 only: the padding of the RSA check code (default 'bare-sha256', what §3.4.3.1 draws). */
    readonly padding?: Gen1SignaturePadding;
    /** Gen 2 only: the DC encoding (default 'raw': r ‖ s, 96 bytes). */
    readonly encoding?: 'raw' | 'der';
    readonly certificateNotBefore: string;
    readonly certificateNotAfter: string;
  };
  /** Holders under 16: no face photo, no check code or certificate (§3.3.5). */
  readonly under16?: boolean;
}

export class RcProfileError extends KazasuError {
  readonly code = 'sim-profile-invalid' as const;
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`residence card profile: ${field}: ${reason}`);
  }
}

type Obj = Record<string, unknown>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RcProfileError(field, 'must be an object');
  return v as Obj;
}
function str(o: Obj, key: string, field: string, pattern?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new RcProfileError(`${field}.${key}`, 'must be a non-empty string');
  if (pattern && !pattern.test(v)) throw new RcProfileError(`${field}.${key}`, `does not match ${pattern.source}`);
  return v;
}
function date(o: Obj, key: string, field: string): string {
  const v = str(o, key, field, DATE);
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw new RcProfileError(`${field}.${key}`, 'must be a real date');
  return v;
}
function coded(v: unknown, field: string, code: RegExp): CodedText {
  const o = obj(v, field);
  return { code: str(o, 'code', field, code), label: str(o, 'label', field) };
}
function optCoded(o: Obj, key: string, field: string, code: RegExp): CodedText | undefined {
  return o[key] === undefined ? undefined : coded(o[key], `${field}.${key}`, code);
}

/** Check a profile from JSON; every problem names its field. */
export function parseRcProfile(json: unknown): RcProfile {
  const p = obj(json, 'profile');
  const id = str(p, 'id', 'profile', /^[a-z0-9-]+$/);
  const description = obj(p.description, 'description');
  const generation = p.generation;
  if (generation !== 1 && generation !== 2) throw new RcProfileError('generation', 'must be 1 or 2');
  const kind = p.kind;
  if (kind !== 'residence-card' && kind !== 'special-permanent-resident') throw new RcProfileError('kind', 'must be residence-card or special-permanent-resident');
  const person = obj(p.person, 'person');
  const card = obj(p.card, 'card');
  const address = obj(p.address, 'address');
  const signature = obj(p.signature, 'signature');
  const sex = person.sex;
  if (sex !== 'male' && sex !== 'female') throw new RcProfileError('person.sex', 'must be male or female');
  const workRestriction = card.workRestriction;
  if (workRestriction !== undefined && !['1', '2', '4', '9'].includes(workRestriction as string)) throw new RcProfileError('card.workRestriction', "must be '1', '2', '4' or '9'");
  const padding = signature.padding;
  if (padding !== undefined && padding !== 'bare-sha256' && padding !== 'digest-info-sha256') throw new RcProfileError('signature.padding', 'must be bare-sha256 or digest-info-sha256');
  const encoding = signature.encoding;
  if (encoding !== undefined && encoding !== 'raw' && encoding !== 'der') throw new RcProfileError('signature.encoding', 'must be raw or der');
  let permissions: RcProfile['permissions'];
  if (p.permissions !== undefined) {
    if (kind !== 'residence-card') throw new RcProfileError('permissions', 'only residence cards have permission fields');
    const q = obj(p.permissions, 'permissions');
    permissions = {
      ...(q.comprehensive !== undefined ? { comprehensive: coded(q.comprehensive, 'permissions.comprehensive', /^[0-9]$/) } : {}),
      ...(q.comprehensiveExpiry !== undefined ? { comprehensiveExpiry: date(q, 'comprehensiveExpiry', 'permissions') } : {}),
      ...(q.individual !== undefined ? { individual: str(q, 'individual', 'permissions') } : {}),
      ...(q.renewalApplication !== undefined ? { renewalApplication: q.renewalApplication === true } : {}),
    };
  }
  const residence = kind === 'residence-card';
  const statusOfResidence = optCoded(card, 'statusOfResidence', 'card', /^[0-9A-Z]{1,10}$/);
  if (residence && !statusOfResidence) throw new RcProfileError('card.statusOfResidence', 'a residence card needs a status of residence');
  return {
    id,
    description: { ja: str(description, 'ja', 'description'), en: str(description, 'en', 'description') },
    seed: str(p, 'seed', 'profile'),
    generation,
    kind,
    cardNumber: str(p, 'cardNumber', 'profile', /^[A-Z]{2}\d{8}[A-Z]{2}$/),
    specVersion: str(p, 'specVersion', 'profile', /^\d{4}$/),
    person: {
      name: str(person, 'name', 'person', /^[A-Z ,.'-]{1,120}$/),
      birthDate: date(person, 'birthDate', 'person'),
      sex,
      nationality: coded(person.nationality, 'person.nationality', /^[A-Z]{3}$/),
    },
    card: {
      expiryDate: date(card, 'expiryDate', 'card'),
      issueDate: date(card, 'issueDate', 'card'),
      face: str(card, 'face', 'card', /^face-0[1-6]$/),
      ...(statusOfResidence ? { statusOfResidence } : {}),
      ...(card.periodOfStay !== undefined ? { periodOfStay: coded(card.periodOfStay, 'card.periodOfStay', /^\d{3,4}$/) } : {}),
      ...(card.stayExpiry !== undefined ? { stayExpiry: date(card, 'stayExpiry', 'card') } : {}),
      ...(card.permissionType !== undefined ? { permissionType: coded(card.permissionType, 'card.permissionType', /^[0-9A-Z]{1,2}$/) } : {}),
      ...(card.permissionDate !== undefined ? { permissionDate: date(card, 'permissionDate', 'card') } : {}),
      ...(workRestriction !== undefined ? { workRestriction: workRestriction as '1' | '2' | '4' | '9' } : {}),
    },
    address: {
      text: str(address, 'text', 'address'),
      writtenOn: date(address, 'writtenOn', 'address'),
      municipalityCode: str(address, 'municipalityCode', 'address', /^\d{6}$/),
    },
    ...(permissions ? { permissions } : {}),
    ...(p.note !== undefined ? { note: str(p, 'note', 'profile') } : {}),
    signature: {
      ...(padding ? { padding: padding as Gen1SignaturePadding } : {}),
      ...(encoding ? { encoding: encoding as 'raw' | 'der' } : {}),
      certificateNotBefore: date(signature, 'certificateNotBefore', 'signature'),
      certificateNotAfter: date(signature, 'certificateNotAfter', 'signature'),
    },
    ...(p.under16 === true ? { under16: true } : {}),
  };
}
