/**
 * The passport's verification report (ICAO 9303 eMRTD): what the kiosk shows (face large, the
 * MRZ data, the issuing state), what the evidence record derives its identifiers from, and the
 * passport's check ids and reason codes.
 */
import type { RecordingCheckId, RecordingReasonCode } from '../recording-checks';
import type { PpCheckId, PpReasonCode } from '../../verify/passport/passport-checks';
import type { Check, CoreAttributes, CoreMaterial, VerificationReport } from '../../verify/report';

export interface PassportAttributes extends CoreAttributes {
  /** DG1 document number (filler removed). With the issuing state, the 記号番号 of the evidence record. */
  readonly documentNumber?: string;
  /** DG1 issuing state or organisation, ICAO 3-letter code (e.g. 'JPN', 'UTO', 'D'). */
  readonly issuingState?: string;
  /** DG1 nationality, ICAO 3-letter code. */
  readonly nationality?: string;
  /** DG1 document code ('P', 'PP', 'I', 'ID', …). */
  readonly documentCode?: string;
  /** DG1 primary identifier (surname) and secondary identifiers (given names), as in the MRZ. */
  readonly primaryIdentifier?: string;
  readonly secondaryIdentifier?: string;
  /** The MRZ name field was full: the name may be truncated (9303-3 §4.6). */
  readonly namePossiblyTruncated?: boolean;
  /** DG11 full name in national characters, when the passport carries it. */
  readonly fullName?: string;
  /** DG11 place of birth. */
  readonly placeOfBirth?: string;
  /** DG12 issuing authority and date of issue (ISO). */
  readonly issuingAuthority?: string;
  readonly dateOfIssue?: string;
  /**
   * Whether the chip carries an address (DG11 5F42). Japanese passports issued since 2020-02-04
   * do not: for purposes that need one, `supplementaryDocument` is 'required'.
   */
  readonly addressOnDocument?: boolean;
  /** The purpose needs an address the passport does not carry: staff must check a supplementary document. */
  readonly supplementaryDocument?: 'required';
  /** How the chip was opened: PACE (protocol OID, password) or BAC, and why BAC when PACE was offered. */
  readonly access?: {
    readonly method: 'pace' | 'bac';
    readonly paceProtocol?: string;
    readonly paceParameterId?: number;
    readonly password: 'mrz' | 'can';
    readonly fallbackReason?: string;
  };
  /** Chip genuineness run: Active Authentication, Chip Authentication (CA or PACE-CAM). */
  readonly chipProtocols?: { readonly activeAuthentication: boolean; readonly chipAuthentication?: 'CA' | 'PACE-CAM' };
  /** Data groups read (EF.COM order). */
  readonly dataGroupsRead?: readonly number[];
}

/** The face of DG2, as stored (JPEG or JPEG 2000); the app decodes JPEG 2000 off the main thread. */
export interface PassportImages {
  readonly faceJpeg?: Uint8Array;
  readonly faceJp2?: Uint8Array;
  /** The container the face came in. */
  readonly faceContainer?: 'iso19794-5' | 'iso39794-5';
}

export interface PassportMaterial extends CoreMaterial {
  /** SHA-256 (uppercase hex) of the document signer certificate embedded in EF.SOD. */
  readonly dscSha256?: string;
  /** SHA-256 (uppercase hex) of the CSCA the DSC chained to. */
  readonly cscaSha256?: string;
  /** The SOD's signature scheme, e.g. 'ECDSA with SHA-256'. */
  readonly sodScheme?: string;
}

/** Passport check ids: the pp.* catalogue plus the shared trust.anchors. */
export type PassportCheckId = PpCheckId | 'trust.anchors' | RecordingCheckId;
export type PassportReasonCode = PpReasonCode | 'read-failed' | 'record-malformed' | 'non-production-anchor' | 'community-observed-anchor' | RecordingReasonCode;

export type PassportReport = VerificationReport<'passport', PassportAttributes, PassportImages, PassportMaterial, Check<PassportCheckId, PassportReasonCode>>;
