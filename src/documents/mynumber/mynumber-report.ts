/**
 * What a My Number Card verification yields: the common core (verify/report.ts) plus where each
 * attribute came from, the card-face images, and the card material evidence identifiers are
 * derived from.
 */
import type { CheckId, ReasonCode } from '../../verify/check-catalogue';
import type { Check, CoreAttributes, CoreMaterial, VerificationReport } from '../../verify/report';
import type { RecordingCheckId, RecordingReasonCode } from '../recording-checks';

/** Where an attribute was read: the text AP, the card face, the age record, the JPKI sign certificate. */
export type MyNumberSource = 'text-ap' | 'card-face' | 'age-record' | 'jpki-sign';

/** Attributes read from the card, each present only when read. */
export interface MyNumberAttributes extends CoreAttributes {
  readonly sources: readonly MyNumberSource[];
}

export interface MyNumberImages {
  /** JPEG 2000 face photo as read (greyscale on the chip). */
  readonly photoJp2?: Uint8Array;
  readonly nameImagePng?: Uint8Array;
  readonly addressImagePng?: Uint8Array;
}

/**
 * Card material the evidence record derives identifiers from (issuer + serial, a fingerprint of
 * the card-face signature). In memory only: the JPKI sign certificate carries personal data, so
 * it is wiped with the report and never stored whole.
 */
export interface MyNumberMaterial extends CoreMaterial {
  readonly cardFaceSignature?: Uint8Array;
  readonly jpkiSignCertificate?: Uint8Array;
  readonly jpkiAuthCertificate?: Uint8Array;
}

/** The card's checks, plus the recording.* ones when it is verified from a recording. */
export type MyNumberCheck = Check<CheckId | RecordingCheckId, ReasonCode | RecordingReasonCode>;

export type MyNumberReport = VerificationReport<'mynumber-card', MyNumberAttributes, MyNumberImages, MyNumberMaterial, MyNumberCheck>;
