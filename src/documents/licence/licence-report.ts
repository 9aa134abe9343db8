/**
 * What a driver's licence verification yields: the common core (verify/report.ts) plus the
 * licence as a clerk knows it (verify/licence/licence-attributes.ts: address with the latest
 * change applied and the original, both calendars, classes, conditions, colour category), the
 * photo and 外字 glyphs, and which variant was read: the licence card, or the licence information
 * on a My Number Card (マイナ免許証). 本籍 is never part of it.
 */
import type { RecordingCheckId, RecordingReasonCode } from '../recording-checks';
import type { GaijiGlyph } from '../../cards/licence/gaiji';
import type { LicenceAttributes } from '../../verify/licence/licence-attributes';
import type { LicenceCheckId, LicenceReasonCode } from '../../verify/licence/licence-checks';
import type { MncLicenceAttributes } from '../../verify/licence/verify-mynumber-licence';
import type { Check, CoreAttributes, CoreMaterial, VerificationReport } from '../../verify/report';

/** Which card carried the licence: the licence card (運転免許証) or a My Number Card's licence application (マイナ免許証). */
export type LicenceVariant = 'card' | 'mynumber-card';

export interface LicenceReportAttributes extends CoreAttributes {
  readonly variant?: LicenceVariant;
  /** The licence card as read (absent for the age check, which shows only the age answers). */
  readonly licence?: LicenceAttributes;
  /** The マイナ免許証's licence information (name, address and birth date are not in it). */
  readonly mynumberLicence?: MncLicenceAttributes;
}

export interface LicenceReportImages {
  /** JPEG 2000 face photo as read (JP2-wrapped when the card holds a raw codestream). */
  readonly photoJp2?: Uint8Array;
  /** The card's own bitmaps of the 外字 its name or address uses (drawn inline, flagged for staff). */
  readonly gaiji?: readonly GaijiGlyph[];
}

/** In memory only: what the evidence record derives identifiers from. */
export interface LicenceMaterial extends CoreMaterial {
  /** 免許証の番号 / 免許情報記録番号 (the 記号番号 of a 確認記録). */
  readonly licenceNumber?: string;
  /** SHA-256 (upper-case hex) of the signature value: unique per card issue, reveals nothing. */
  readonly signatureSha256?: string;
}

export type LicenceReportCheck = Check<LicenceCheckId | 'trust.anchors' | RecordingCheckId, LicenceReasonCode | 'non-production-anchor' | 'community-observed-anchor' | RecordingReasonCode>;

export type LicenceReport = VerificationReport<'drivers-licence', LicenceReportAttributes, LicenceReportImages, LicenceMaterial, LicenceReportCheck>;
