import type { DocumentEvidence } from '../../evidence/card-identifiers';
import type { ForbiddenDataRules } from '../../evidence/forbidden-data';
import { LICENCE_FORBIDDEN_MEMBERS } from '../../cards/licence/forbidden-data';
import { LICENCE_IDENTIFIER_FORMAT } from '../../verify/licence/verify-licence';
import type { LicenceReport } from './licence-report';

/**
 * What a licence's evidence record keeps: the document kind, the licence number as the 記号番号
 * (免許証の番号; on a マイナ免許証 the 免許情報記録番号), the licence expiry, the variant, and the
 * purpose's own fields (colour category, 公安委員会 — where the purpose keeps document fields).
 * Never 本籍 (it is never an attribute; the member names are forbidden besides) and never a PIN.
 */
export async function describeLicenceEvidence(report: LicenceReport): Promise<DocumentEvidence> {
  const a = report.attributes;
  const m = report.material;
  const licence = a.licence;
  const fields: Record<string, string> = {};
  if (licence && report.purpose !== 'age') {
    fields.colourCategory = licence.colour.kind;
    fields.publicSafetyCommission = licence.publicSafetyCommission;
    fields.licenceClasses = licence.classes.map((c) => c.short).join(' ');
  }
  return {
    ...(m.licenceNumber ? { identifier: { scheme: 'drivers-licence-number', value: m.licenceNumber } } : {}),
    // The signature fingerprint stays in the report (material): CardIdentifiers has no member for
    // a licence signature, and the licence number already names the card.
    cardIdentifiers: a.cardExpiry ? { cardExpiry: a.cardExpiry } : {},
    ...(a.variant ? { variant: a.variant } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}

/** 本籍 under any of its names; the identifier is exempt from the digit-run rules only as exactly 12 digits. */
export const LICENCE_FORBIDDEN_DATA: ForbiddenDataRules = { forbiddenMembers: LICENCE_FORBIDDEN_MEMBERS, identifierFormat: LICENCE_IDENTIFIER_FORMAT };
