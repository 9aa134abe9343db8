/**
 * Card identifiers OTHER than the My Number (ux-and-anchors §3.3, §3.5): what pins down which
 * document was presented, for the 犯収法 確認記録 item "ID name, its number and other details".
 * The VerificationReport does not carry the raw certificate or signature bytes, so the caller
 * (the session, which saw them) derives these with `deriveCardIdentifiers`.
 */
import { toHex } from '../bytes/hex';
import { copyBytes } from '../bytes/byte-ops';
import { parseJpkiCertificateSummary } from '../verify/jpki/jpki-certificate-summary';
import { EvidenceError } from './evidence-error';

export interface JpkiCertificateIdentifier {
  readonly purpose: 'sign' | 'auth';
  /** Issuer DN for people (RFC 4514 style). Names the CA, never the holder. */
  readonly issuer: string;
  /** Serial magnitude, uppercase hex (the 発行番号 of the certificate, not the My Number). */
  readonly serialHex: string;
}

export interface CardIdentifiers {
  /** 有効期限 'YYYY-MM-DD' as printed and read from the card face. */
  readonly cardExpiry?: string;
  /** JPKI certificates read in this check (issuer + serial only). */
  readonly jpkiCertificates?: readonly JpkiCertificateIdentifier[];
  /**
   * SHA-256 (uppercase hex) of the 券面事項確認AP card-face signature value: unique per card
   * issue, reveals nothing of the signed data. Whether it is acceptable as the "記号番号" of the
   * document in a 確認記録 is UNCONFIRMED (ux-and-anchors §3.3: check against the JAFIC FAQ).
   */
  readonly cardFaceSignatureSha256?: string;
  /**
   * SHA-256 (uppercase hex) of the document signer's certificate the card carries (a residence
   * card's MOJ signer certificate, a passport's DSC): which key vouched for the card, without
   * keeping the certificate.
   */
  readonly signerCertificateSha256?: string;
}

/**
 * The identifier a 確認記録 keeps for the document presented (its 記号番号: "ID name, its number
 * and other details", 規則20条): a residence card number, a licence number, a passport number
 * with the issuing state. `scheme` names what the value is (stable, e.g. 'residence-card-number');
 * the document driver supplies both and the format its forbidden-data rules exempt.
 */
export interface DocumentIdentifier {
  readonly scheme: string;
  readonly value: string;
}

/**
 * An image the record keeps in place of a photocopy of the document (犯収法施行規則20条: a copy
 * of the document may stand in for writing its items down), e.g. the signed front image of a
 * first-generation residence card. Personal data: only where the purpose keeps personal data
 * (EvidencePolicy.keepDocumentFields); the record is encrypted like every other.
 */
export interface EvidenceImage {
  readonly mediaType: 'image/tiff' | 'image/jp2' | 'image/png';
  /** The image bytes as read from the card, base64 (RFC 4648 §4, with padding). */
  readonly base64: string;
  /** Covered by the document's signature (false: e.g. the residence card's 住居地 image). */
  readonly signed: boolean;
}

/** A document field a purpose keeps beyond name, address and birth date (e.g. nationality, period of stay). */
export type EvidenceFieldValue = string | boolean;

/** What a document driver tells the evidence record about the card presented. */
export interface DocumentEvidence {
  /** The 記号番号, when the document has one the record may keep. */
  readonly identifier?: DocumentIdentifier;
  /** Further identifiers (expiry, certificate issuer + serial, signature fingerprints). */
  readonly cardIdentifiers: CardIdentifiers;
  /**
   * Which variant of the document was presented (generation, card type), as the driver's
   * detection names it, e.g. 'gen1-special-permanent-resident'. Not personal data.
   */
  readonly variant?: string;
  /**
   * The purpose's own fields of this document (names stable, chosen by the driver per purpose),
   * e.g. a residence card's nationality, status of residence and period of stay for a bank.
   * Personal data: kept only where the purpose's policy keeps document fields.
   */
  readonly fields?: Readonly<Record<string, EvidenceFieldValue>>;
  /** Images that stand in for a photocopy (see EvidenceImage); same policy as `fields`. */
  readonly images?: Readonly<Record<string, EvidenceImage>>;
}

export interface CardIdentifierSources {
  readonly cardExpiry?: string;
  /** The card-face record's signature value (not the signed data). */
  readonly cardFaceSignature?: Uint8Array;
  /** JPKI certificate DER as read from the card. */
  readonly jpkiCertificates?: readonly { readonly purpose: 'sign' | 'auth'; readonly der: Uint8Array }[];
}

/** Fingerprint of a signature value: SHA-256, uppercase hex. */
export async function signatureFingerprint(signature: Uint8Array): Promise<string> {
  if (signature.length === 0) throw new EvidenceError('evidence-invalid-input', 'empty signature value');
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(signature))));
}

/** Throws EvidenceError('evidence-invalid-input') for a certificate the JPKI parser refuses. */
export async function deriveCardIdentifiers(src: CardIdentifierSources): Promise<CardIdentifiers> {
  const jpki = (src.jpkiCertificates ?? []).map(({ purpose, der }) => {
    try {
      const s = parseJpkiCertificateSummary(der);
      return { purpose, issuer: s.issuer, serialHex: s.serialHex };
    } catch (e) {
      throw new EvidenceError('evidence-invalid-input', `JPKI ${purpose} certificate could not be read`, { cause: e });
    }
  });
  return {
    ...(src.cardExpiry !== undefined ? { cardExpiry: src.cardExpiry } : {}),
    ...(jpki.length > 0 ? { jpkiCertificates: jpki } : {}),
    ...(src.cardFaceSignature ? { cardFaceSignatureSha256: await signatureFingerprint(src.cardFaceSignature) } : {}),
  };
}
