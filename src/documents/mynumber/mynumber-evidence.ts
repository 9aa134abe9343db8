import { deriveCardIdentifiers, type DocumentEvidence } from '../../evidence/card-identifiers';
import type { ForbiddenDataRules } from '../../evidence/forbidden-data';
import type { MyNumberReport } from './mynumber-report';

/**
 * What a My Number Card's evidence record identifies the card by. Never the My Number (the
 * forbidden-data guard refuses any 12-digit run in a My Number Card record). The 記号番号 kept is
 * the SHA-256 of the card-face signature value: unique per card issue, revealing nothing of the
 * signed data. Whether it is acceptable as the 記号番号 of a 確認記録 is UNCONFIRMED
 * (ux-and-anchors §3.3: check against the JAFIC FAQ); the JPKI certificate issuer + serial and
 * the card expiry are kept beside it.
 */
export async function describeMyNumberEvidence(report: MyNumberReport): Promise<DocumentEvidence> {
  const material = report.material;
  const cardIdentifiers = await deriveCardIdentifiers({
    ...(report.attributes.cardExpiry ? { cardExpiry: report.attributes.cardExpiry } : {}),
    ...(material.cardFaceSignature ? { cardFaceSignature: material.cardFaceSignature } : {}),
    jpkiCertificates: [
      ...(material.jpkiSignCertificate ? [{ purpose: 'sign' as const, der: material.jpkiSignCertificate }] : []),
      ...(material.jpkiAuthCertificate ? [{ purpose: 'auth' as const, der: material.jpkiAuthCertificate }] : []),
    ],
  });
  const fingerprint = cardIdentifiers.cardFaceSignatureSha256;
  return { ...(fingerprint ? { identifier: { scheme: 'card-face-signature-sha256', value: fingerprint } } : {}), cardIdentifiers };
}

/**
 * Nothing beyond the rules every record obeys (no credential, no My Number, no 照合番号): the
 * identifier is a SHA-256 in uppercase hex, exempt only in that exact form.
 */
export const MYNUMBER_FORBIDDEN_DATA: ForbiddenDataRules = { identifierFormat: /^[0-9A-F]{64}$/ };
