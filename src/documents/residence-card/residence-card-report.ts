/**
 * What a residence card / special permanent resident certificate verification yields: the
 * common core (verify/report.ts) plus the card's generation and kind, every field with whether
 * the chip's signature covers it, the images as read, and the material evidence is derived from.
 */
import type { RecordingCheckId, RecordingReasonCode } from '../recording-checks';
import type { ResidenceAttributes } from '../../verify/residence-card/verify-residence-card';
import type { RcCheckId, RcReasonCode } from '../../verify/residence-card/residence-card-checks';
import type { Check, CoreAttributes, CoreMaterial, VerificationReport } from '../../verify/report';

export type ResidenceCardKind = ResidenceAttributes['kind'];

/**
 * Core attributes where the chip holds them as text: generation 2 signs the birth date, sex and
 * card expiry; generation 1 holds none of them as text (they are in the signed front image), and
 * its 住居地 is DF2 text that is NOT signed (`residence.address.signed` says so). The name is an
 * image on both generations (front image / name image), so `name` is never set.
 */
export interface ResidenceCardAttributes extends CoreAttributes {
  readonly generation: 1 | 2;
  readonly cardKind: ResidenceCardKind;
  /** Every field read, each with `signed` (covered by the check code) — the verifier's view. */
  readonly residence: Omit<ResidenceAttributes, 'generation' | 'kind'>;
}

/** Images as read from the chip (bytes; the session wipes them with the report). */
export interface ResidenceCardImages {
  /** JPEG 2000 face photo (colour; same member as the My Number Card's), padding removed. Signed. Absent on under-16 cards. */
  readonly photoJp2?: Uint8Array;
  /** Generation 1: the card-face image, TIFF (CCITT G4), value as read (00 padding kept). Signed. */
  readonly frontImageTiff?: Uint8Array;
  /** Generation 2: the name image, TIFF (G4). Signed. */
  readonly nameImageTiff?: Uint8Array;
  /** Generation 2: the 住居地 image, TIFF (G4). NOT signed. */
  readonly addressImageTiff?: Uint8Array;
}

/**
 * In memory only, wiped with the report. The card number is the 記号番号 the evidence record keeps
 * (it is personal data: never logged; shown to staff on the result screen only).
 */
export interface ResidenceCardMaterial extends CoreMaterial {
  /** The number the card authenticated with (its keys derive from it, 別添1). */
  readonly cardNumber?: string;
  readonly signature: 'verified' | 'failed' | 'absent';
  /** Gen 1: the check code's padding form; gen 2: the ECDSA encoding (raw / der). */
  readonly signatureVariant?: string;
  /** SHA-256 of the signer certificate on the card (upper-case hex). */
  readonly signerCertificateSha256?: string;
}

/** Residence-card checks plus the shared `trust.anchors`. */
export type ResidenceCardCheckId = RcCheckId | 'trust.anchors';
export type ResidenceCardReasonCode = RcReasonCode | 'non-production-anchor' | 'community-observed-anchor';
export type ResidenceCardCheck = Check<ResidenceCardCheckId | RecordingCheckId, ResidenceCardReasonCode | RecordingReasonCode>;

export type ResidenceCardReport = VerificationReport<'residence-card', ResidenceCardAttributes, ResidenceCardImages, ResidenceCardMaterial, ResidenceCardCheck>;
