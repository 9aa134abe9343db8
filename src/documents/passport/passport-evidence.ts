import type { DocumentEvidence } from '../../evidence/card-identifiers';
import type { ForbiddenDataRules } from '../../evidence/forbidden-data';
import type { PassportReport } from './passport-report';

/**
 * What a passport's evidence record identifies it by: the document number with the issuing state
 * (the passport's 記号番号, e.g. "JPN ZZ0000001"; a number alone is not unique across states),
 * the expiry, and the fingerprints of the document signer (DSC) and the CSCA it chained to —
 * which keys vouched for the data, without keeping the certificates. The PA / AA / CA outcomes
 * are the record's checks (pp.passive-auth.*, pp.active-auth, pp.chip-auth, pp.chip.genuine).
 * A purpose that needs an address the passport does not carry reports it missing: the kiosk asks
 * staff for a supplementary document and the record keeps what they checked.
 */
export async function describePassportEvidence(report: PassportReport): Promise<DocumentEvidence> {
  const a = report.attributes;
  const m = report.material;
  const identifier =
    a.documentNumber && a.issuingState && PASSPORT_IDENTIFIER.test(`${a.issuingState} ${a.documentNumber}`)
      ? { identifier: { scheme: 'passport-number', value: `${a.issuingState} ${a.documentNumber}` } }
      : {};
  return {
    ...identifier,
    cardIdentifiers: {
      ...(a.cardExpiry ? { cardExpiry: a.cardExpiry } : {}),
      ...(m.dscSha256 ? { signerCertificateSha256: m.dscSha256 } : {}),
      ...(m.cscaSha256 ? { issuerCertificateSha256: m.cscaSha256 } : {}),
    },
    ...(a.supplementaryDocument === 'required' ? { missingItems: ['address' as const] } : {}),
  };
}

/**
 * Issuing state (1–3 letters, ICAO codes such as D or UTO) + space + document number (9303-3:
 * up to 9 characters, longer on TD1 with the optional-data extension; A–Z and digits).
 */
const PASSPORT_IDENTIFIER = /^[A-Z]{1,3} [0-9A-Z]{1,22}$/;

/** Nothing beyond the rules every record obeys; the identifier is exempt only in its exact format. */
export const PASSPORT_FORBIDDEN_DATA: ForbiddenDataRules = { identifierFormat: PASSPORT_IDENTIFIER };
