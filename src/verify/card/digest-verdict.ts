/** Shared wording for "data vs signed digest" checks (spec §3.3, §3.7). */
import type { CheckId, ReasonCode } from '../check-catalogue';
import { check, type Check } from '../report';

/**
 * A digest that differs from the record is reported as such even when the record's signature
 * also failed (the data was changed either way). A digest that matches only proves something
 * when the record that carries it is authentic, so a match under a bad signature is a failure.
 */
export function digestVerdict(id: CheckId, matches: boolean, recordSignatureOk: boolean, mismatchCode: ReasonCode, what: string): Check {
  if (!matches) return check(id, 'fail', mismatchCode, `${what} differs from the digest in the signed record`);
  if (!recordSignatureOk) return check(id, 'fail', 'record-signature-invalid', `${what} matches a digest whose record signature is invalid`);
  return check(id, 'pass', 'ok', `${what} matches the signed digest`);
}
