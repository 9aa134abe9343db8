/**
 * Verification of a licence readout (cards/licence/licence-read.ts): the checks, the attributes
 * (address with the latest change applied and the original, both calendars), the images and the
 * evidence identifier. Pure apart from WebCrypto; the caller wipes the readout afterwards.
 *
 * What it cannot know is said, not guessed: without an issuer certificate the signature check is
 * a `warn` ('dl-issuer-certificate-not-installed'); without PIN 2 (and so without the photo and
 * 本籍 the signed data is believed to include) it is `skipped` ('dl-signature-needs-pin2'). A
 * purpose's policy decides whether that is enough (required checks, in the seam).
 */
import { toHex } from '../../bytes/hex';
import { copyBytes } from '../../bytes/byte-ops';
import type { LicenceReadout } from '../../cards/licence/licence-read';
import { DEFAULT_LICENCE_LAYOUT } from '../../cards/licence/licence-layout';
import type { LicenceIssuerTrust } from './issuer-certificates';
import { licenceAttributes, type LicenceAttributes, type LicenceImages } from './licence-attributes';
import type { LicenceCheck } from './licence-checks';
import { checkChangeRecords, checkCommonData, checkEntries, checkExpiry, checkGaiji, checkPhoto } from './licence-record-checks';
import { checkLicenceSignature, DEFAULT_SIGNATURE_PROFILE, type LicenceAnchorUse, type LicenceSignatureProfile } from './licence-signature';

export interface LicenceVerifyEnvironment {
  readonly issuers: LicenceIssuerTrust;
  readonly now: () => Date;
  /** Hash by 暗号関数識別子 (UNCONFIRMED); defaults to SHA-256 for every id. */
  readonly signatureProfile?: LicenceSignatureProfile;
  /** Filler bytes the card layer used (for 'tlv'/'value' signed-data forms). */
  readonly fillerBytes?: readonly number[];
}

/**
 * The exact format of the licence's evidence identifier (the 免許証の番号 / 免許情報記録番号), for the
 * evidence layer's forbidden-data rules (`identifierFormat`): 12 digits [U: CIV; printed licences
 * show 12] — follow layout.licenceNumberDigits if that is overridden.
 */
export const LICENCE_IDENTIFIER_FORMAT = /^\d{12}$/;

/** What the evidence record may keep about the licence presented (never 本籍, never a PIN). */
export interface LicenceEvidence {
  /** The 記号番号 of a 確認記録: the licence number. */
  readonly identifier: { readonly scheme: 'drivers-licence-number'; readonly value: string } | undefined;
  readonly cardExpiry: string | undefined;
  /** SHA-256 (upper-case hex) of the EF07 signature value: unique per card issue, reveals nothing. */
  readonly signatureSha256: string | undefined;
}

export interface LicenceVerification {
  readonly document: 'drivers-licence';
  readonly checks: readonly LicenceCheck[];
  readonly attributes: LicenceAttributes | undefined;
  readonly images: LicenceImages;
  readonly anchors: readonly LicenceAnchorUse[];
  readonly evidence: LicenceEvidence;
}

export interface LicenceVerifyOptions {
  /** Whether PIN 2 was entered (decides between "needs PIN 2" and "unreadable"). */
  readonly pin2: boolean;
}

export async function verifyLicenceReadout(readout: LicenceReadout, env: LicenceVerifyEnvironment, options: LicenceVerifyOptions): Promise<LicenceVerification> {
  const now = env.now();
  const entries = readout.entries;
  const changes = readout.changes;
  const signature = await checkLicenceSignature(
    { signatureFile: readout.signatureFile, signedFiles: readout.signedFiles, common: readout.common, pin2: options.pin2, fillerBytes: env.fillerBytes ?? DEFAULT_LICENCE_LAYOUT.fillerBytes },
    env.issuers,
    env.signatureProfile ?? DEFAULT_SIGNATURE_PROFILE,
    now,
  );
  const checks: LicenceCheck[] = [
    checkEntries(entries, now),
    signature.check,
    checkPhoto(readout.photo, now),
    checkExpiry(entries.ok ? entries.value.expiryDate : undefined, now),
    checkCommonData(readout.common, entries, now),
    checkChangeRecords(changes, entries, now),
    checkGaiji(entries, changes, readout.gaiji, now),
  ];
  const attributes = entries.ok ? licenceAttributes(entries.value, changes.ok ? changes.value : undefined) : undefined;
  const photo = readout.photo?.ok ? readout.photo.value : undefined;
  const sig = readout.signatureFile?.ok ? readout.signatureFile.value.signature : undefined;
  return {
    document: 'drivers-licence',
    checks,
    attributes,
    images: {
      ...(photo?.jp2 ? { photoJp2: photo.jp2.slice() } : {}),
      gaiji: readout.gaiji.ok ? readout.gaiji.value : [],
    },
    anchors: signature.anchor ? [signature.anchor] : [],
    evidence: {
      identifier: entries.ok ? { scheme: 'drivers-licence-number', value: entries.value.licenceNumber } : undefined,
      cardExpiry: entries.ok ? entries.value.expiryDate.iso : undefined,
      signatureSha256: sig ? toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(sig)))) : undefined,
    },
  };
}
