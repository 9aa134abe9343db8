/**
 * What a residence card's evidence record keeps (犯収法施行規則20条 確認記録: the document's name,
 * its 記号番号 and the 本人特定事項; ux-and-anchors §3.3, §3.5):
 *
 * - the document kind and variant (generation, 在留カード / 特別永住者証明書);
 * - the 記号番号: the card number (在留カード等番号) — the number the law asks the record to keep.
 *   It is personal data like the rest of the record (encrypted at rest; exports sit behind the
 *   operator PIN). The age check's policy keeps no identifiers, so an anonymous age answer is not
 *   linked to a card;
 * - the signer certificate's SHA-256 and the signature outcome (the checks carry its code; the
 *   gen-1 padding form is kept, since it is an open question a real card settles);
 * - the purpose's own fields. Generation 1 holds the holder's details only in the signed front
 *   image: counter and bank keep that image (7000 bytes, TIFF G4, encrypted with the record) in
 *   place of a photocopy of the card. Generation 2 signs them as text: the record keeps the text
 *   fields, and the signed name image (the name is an image on both generations) and the 住居地
 *   image (not signed, marked so) for the name and address a 確認記録 needs. The face photo is
 *   never kept (biometric; not needed to prove what was checked). The field check keeps the
 *   number and birth date only; the age check nothing personal.
 */
import { bytesToBase64 } from '../../bytes/base64';
import type { DocumentEvidence, EvidenceFieldValue, EvidenceImage } from '../../evidence/card-identifiers';
import type { ForbiddenDataRules } from '../../evidence/forbidden-data';
import type { ResidenceCardReport } from './residence-card-report';

export const RESIDENCE_CARD_NUMBER_SCHEME = 'residence-card-number';

function tiff(bytes: Uint8Array | undefined, signed: boolean): EvidenceImage | undefined {
  return bytes ? { mediaType: 'image/tiff', base64: bytesToBase64(bytes), signed } : undefined;
}

export async function describeResidenceCardEvidence(report: ResidenceCardReport): Promise<DocumentEvidence> {
  const { attributes: a, material: m, images: img } = report;
  const full = report.purpose === 'counter' || report.purpose === 'bank';
  const fields: Record<string, EvidenceFieldValue> = {};
  const images: Record<string, EvidenceImage> = {};
  if (full) {
    fields.signature = m.signature;
    if (m.signatureVariant) fields.signatureVariant = m.signatureVariant;
    const r = a.residence;
    // Signed text (generation 2); with `signed` so a reader of the record knows which is which.
    for (const k of ['sex', 'nationality', 'statusOfResidence', 'periodOfStay', 'stayExpiry', 'permissionType', 'permissionDate', 'workRestriction'] as const) {
      const f = r[k];
      if (f !== undefined) fields[k] = f.value;
    }
    if (report.purpose === 'bank') {
      // Unsigned DF2 entries a bank managing a foreign resident's account asks about.
      if (r.renewalApplicationPending !== undefined) fields.renewalApplicationPending = r.renewalApplicationPending.value;
      if (r.comprehensivePermission !== undefined) fields.comprehensivePermission = r.comprehensivePermission.value;
    }
    if (r.address !== undefined) fields.addressSigned = false;
    const front = tiff(img.frontImageTiff, true);
    const name = tiff(img.nameImageTiff, true);
    const address = tiff(img.addressImageTiff, false);
    if (front) images.frontImage = front;
    if (name) images.nameImage = name;
    if (address) images.addressImage = address;
  }
  return {
    ...(m.cardNumber ? { identifier: { scheme: RESIDENCE_CARD_NUMBER_SCHEME, value: m.cardNumber } } : {}),
    variant: `gen${a.generation}-${a.cardKind}`,
    cardIdentifiers: {
      ...(a.cardExpiry ? { cardExpiry: a.cardExpiry } : {}),
      ...(m.signerCertificateSha256 ? { signerCertificateSha256: m.signerCertificateSha256 } : {}),
    },
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(Object.keys(images).length > 0 ? { images } : {}),
  };
}

/**
 * The card number is storable as the identifier in exactly its format. (It has no 12-digit run,
 * so the rules every record obeys would not refuse it elsewhere: the driver never puts it
 * anywhere else, and tests/residence-card/driver.test.ts checks the record for it.)
 */
export const RESIDENCE_CARD_FORBIDDEN_DATA: ForbiddenDataRules = { identifierFormat: /^[A-Z]{2}\d{8}[A-Z]{2}$/ };
