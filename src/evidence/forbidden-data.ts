/**
 * The last line of defence before an evidence record is written (ux-and-anchors §3.4–§3.5):
 * never a PIN, a 照合番号B, the My Number or its hash. The record builder never copies those,
 * so this guard exists to catch a future mistake (a new field, a free-text value that picked up
 * a number) and to fail the write loudly instead of storing it.
 *
 * Rules, applied to every member name and every string or number value in the record:
 *  - a member NAME that names a credential (pin, password, passcode, 暗証…) or the My Number /
 *    照合番号 (myNumber, codeB, 個人番号…) → 'credential-field' / 'my-number-field';
 *  - a run of 14 digits → 'code-b-like' (照合番号B = YYMMDD + YYYY + 4 digits);
 *  - a run of 12 digits, or 4-4-4 groups joined by one space or hyphen → 'my-number-like'.
 *    Full-width digits (０-９) are folded to ASCII first. Longer runs contain these, so they are
 *    refused too.
 * Opaque tokens we generate or copy from certificates (UUIDs, SHA-256 hex, hex serials) can hold
 * digit runs by chance (a 64-digit hash has a ~17 % chance of a 12-digit decimal run), so a
 * value in a member known to hold one is exempt from the run rules IF it has exactly that
 * token's format — and a token that is nothing but 12 or 14 decimal digits is still refused. The
 * base64 of an image a document keeps in place of a photocopy is such a token (a 9 KB TIFF in
 * base64 holds a 12-digit run with a chance of about 2 in a million).
 * Digits inside a 4-digit run (e.g. a year) are never flagged: there is no value rule for PINs,
 * only the member-name rule, since 4-digit numbers are everywhere (years, codes).
 *
 * Per document (ForbiddenDataRules, supplied by the document driver): the rules above hold for
 * every document — a My Number is never stored, whatever card was presented. A document adds the
 * member names it must never keep (the licence's 本籍) and the exact format of its identifier
 * (the 記号番号 a 確認記録 keeps): the value of `documentIdentifier.value` in that format is
 * exempt from the digit-run rules, so a 12-digit licence number is storable in that one member
 * (and nowhere else) while a My Number Card record still refuses every 12-digit run.
 */
import { EvidenceError, ForbiddenDataError, type ForbiddenDataKind } from './evidence-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9A-F]{64}$/;
const SERIAL_HEX = /^(?:[0-9A-F]{2}){1,20}$/;
/** Image bytes in base64 (documentImages.*.base64), which may hold a digit run by chance. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Member names whose value, when it has the token format, is exempt from the digit-run rules. */
const TOKEN_MEMBERS: Readonly<Record<string, RegExp>> = {
  id: UUID,
  refersTo: UUID,
  cardFaceSignatureSha256: SHA256_HEX,
  issuerNameHash: SHA256_HEX,
  issuerKeyHash: SHA256_HEX,
  serialHex: SERIAL_HEX,
  signerCertificateSha256: SHA256_HEX,
  base64: BASE64,
};

const CREDENTIAL_WORDS = new Set(['pin', 'pins', 'password', 'passwords', 'passcode', 'passphrase', 'pwd', 'secret']);
const CREDENTIAL_FRAGMENTS = ['暗証', 'パスワード'];
const MY_NUMBER_FRAGMENTS = ['mynumber', 'kojinbango', 'kojinbangou', 'codeb', 'codea', 'shogobango', 'shougoubangou', '個人番号', 'マイナンバー', '照合番号'];

/** What one document adds to the rules every evidence record obeys. */
export interface ForbiddenDataRules {
  /**
   * Member-name fragments this document must never store (compared without case, spaces or
   * punctuation, like the built-in My Number names), e.g. ['honseki', '本籍'] for the licence.
   */
  readonly forbiddenMembers?: readonly string[];
  /**
   * The exact format of the document's identifier, the value kept in `documentIdentifier.value`
   * (e.g. /^\d{12}$/ for a licence number). Only a value of that member with that format is
   * exempt from the digit-run rules.
   */
  readonly identifierFormat?: RegExp;
}

/** The rules with no document additions (the strictest; what the store applies to every write). */
export const NO_DOCUMENT_RULES: ForbiddenDataRules = {};

/** Member that holds the document identifier (see evidence-record.ts `documentIdentifier`). */
const IDENTIFIER_PATH = 'documentIdentifier.value';

function compactName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9\u3000-\u9fff\uff00-\uffef]/g, '');
}

function memberNameKind(name: string, rules: ForbiddenDataRules): ForbiddenDataKind | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  if (words.some((w) => CREDENTIAL_WORDS.has(w)) || CREDENTIAL_FRAGMENTS.some((f) => name.includes(f))) return 'credential-field';
  const compact = compactName(name);
  if (MY_NUMBER_FRAGMENTS.some((f) => compact.includes(f))) return 'my-number-field';
  if ((rules.forbiddenMembers ?? []).some((f) => compactName(f) !== '' && compact.includes(compactName(f)))) return 'document-forbidden-field';
  return undefined;
}

function foldDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30));
}

/** 'code-b-like', 'my-number-like' or undefined for one text value. */
export function digitRunKind(text: string): ForbiddenDataKind | undefined {
  const s = foldDigits(text);
  if (/\d{14}/.test(s)) return 'code-b-like';
  if (/\d{12}/.test(s) || /\d{4}[ -]\d{4}[ -]\d{4}/.test(s)) return 'my-number-like';
  return undefined;
}

function checkValue(value: string, member: string | undefined, path: string, rules: ForbiddenDataRules): void {
  if (rules.identifierFormat && path === IDENTIFIER_PATH) {
    if (matchesWhole(rules.identifierFormat, value)) return;
  }
  const token = member !== undefined ? TOKEN_MEMBERS[member] : undefined;
  if (token && token.test(value)) {
    if (/^\d{12}$|^\d{14}$/.test(value)) throw new ForbiddenDataError(value.length === 14 ? 'code-b-like' : 'my-number-like', path);
    return;
  }
  const kind = digitRunKind(value);
  if (kind) throw new ForbiddenDataError(kind, path);
}

/** `format` matches all of `value` (a format without ^…$ must not exempt a longer value). */
function matchesWhole(format: RegExp, value: string): boolean {
  const m = new RegExp(format.source, format.flags.replace(/[gy]/g, '')).exec(value);
  return m !== null && m.index === 0 && m[0].length === value.length;
}

function walk(value: unknown, member: string | undefined, path: string, depth: number, rules: ForbiddenDataRules): void {
  if (depth > 32) throw new EvidenceError('evidence-invalid-input', `${path}: nested too deeply to check`);
  if (typeof value === 'string') return checkValue(value, member, path, rules);
  if (typeof value === 'number' || typeof value === 'bigint') return checkValue(String(value), undefined, path, rules);
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, member, `${path}[${i}]`, depth + 1, rules));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = path === '' ? k : `${path}.${k}`;
      const kind = memberNameKind(k, rules);
      if (kind) throw new ForbiddenDataError(kind, p);
      walk(v, k, p, depth + 1, rules);
    }
    return;
  }
  // functions, symbols: not JSON; refuse rather than guess.
  throw new EvidenceError('evidence-invalid-input', `${path}: not JSON data`);
}

/**
 * Throws ForbiddenDataError when `record` holds anything that looks like a My Number, a
 * 照合番号B, a credential member or a member the document's `rules` forbid (EvidenceError
 * 'evidence-invalid-input' for values that are not JSON data or nest deeper than 32). Returns
 * `record` unchanged otherwise.
 */
export function assertNoForbiddenData<T>(record: T, rules: ForbiddenDataRules = NO_DOCUMENT_RULES): T {
  walk(record, undefined, '', 0, rules);
  return record;
}
