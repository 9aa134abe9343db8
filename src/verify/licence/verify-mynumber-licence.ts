/**
 * Verification of the licence information on a My Number Card (マイナ免許証; cards/licence/
 * mynumber-ap/): the information parsed, its expiry, and the WEF03 signature. The signature
 * recipe is CIV's — SHA-256 over all of WEF02 in stored order, RSA-2048, PKCS#1 v1.5 — a single
 * untested transcription [U]: `hash` and `form` are configurable, and the check's detail says
 * what was used. Name, address and birth date are not in this application: they come from the My
 * Number Card's own (verified) applications.
 */
import { toHex } from '../../bytes/hex';
import { copyBytes } from '../../bytes/byte-ops';
import { partBytes } from '../../cards/licence/signed-data';
import type { MncReadout } from '../../cards/licence/mynumber-ap/mynumber-licence-ap';
import type { MncLicenceInfo } from '../../cards/licence/mynumber-ap/mnc-licence-info';
import { DEFAULT_MNC_LAYOUT } from '../../cards/licence/mynumber-ap/mnc-layout';
import { LICENCE_CLASS_NAMES, FACE_DATE_NAMES, type FaceDateId, type LicenceClassId } from '../../cards/licence/licence-classes';
import type { LicenceIssuerTrust } from './issuer-certificates';
import { COLOUR_NAMES, dual, type DualDate } from './licence-attributes';
import { dlCheck, type LicenceCheck } from './licence-checks';
import { checkExpiry, checkPhoto } from './licence-record-checks';
import { selectIssuer, verifySignedBytes, type LicenceAnchorUse, type LicenceHash, type SignatureOutcome } from './licence-signature';

export interface MncSignatureProfile {
  readonly hash: LicenceHash;
  /** 'file': WEF02 as read; 'tlv': its TLVs without trailing filler. */
  readonly form: 'file' | 'tlv';
}

export const DEFAULT_MNC_SIGNATURE_PROFILE: MncSignatureProfile = { hash: 'SHA-256', form: 'file' };

export interface MncLicenceAttributes {
  readonly licenceNumber: string | undefined;
  /** ISO 'YYYY-MM-DD'. */
  readonly cardExpiry: string | undefined;
  readonly expiry: DualDate | undefined;
  readonly colour: { readonly kind: string; readonly ja: string; readonly en: string } | undefined;
  readonly conditions: readonly string[];
  readonly classes: readonly { readonly id: LicenceClassId; readonly ja: string; readonly short: string; readonly en: string }[];
  readonly faceDates: Readonly<Partial<Record<FaceDateId, DualDate & { readonly label: { readonly ja: string; readonly en: string } }>>>;
}

export interface MncVerification {
  readonly document: 'drivers-licence';
  readonly variant: 'mynumber-card';
  readonly checks: readonly LicenceCheck[];
  readonly attributes: MncLicenceAttributes | undefined;
  readonly images: { readonly photoJp2?: Uint8Array };
  readonly anchors: readonly LicenceAnchorUse[];
  readonly evidence: { readonly identifier: { readonly scheme: 'drivers-licence-number'; readonly value: string } | undefined; readonly cardExpiry: string | undefined; readonly signatureSha256: string | undefined };
}

function attributesOf(info: MncLicenceInfo): MncLicenceAttributes {
  const faceDates: Partial<Record<FaceDateId, DualDate & { label: { ja: string; en: string } }>> = {};
  for (const [id, d] of Object.entries(info.faceDates) as [FaceDateId, MncLicenceInfo['faceDates'][FaceDateId]][]) if (d) faceDates[id] = { ...dual(d), label: FACE_DATE_NAMES[id] };
  return {
    licenceNumber: info.licenceNumber,
    cardExpiry: info.expiryDate?.iso,
    expiry: info.expiryDate ? dual(info.expiryDate) : undefined,
    colour: info.colour ? { kind: info.colour.kind, ...COLOUR_NAMES[info.colour.kind] } : undefined,
    conditions: info.conditions.map((c) => c.display),
    classes: info.classes.filter((c) => c.held).map((c) => ({ id: c.id, ...LICENCE_CLASS_NAMES[c.id] })),
    faceDates,
  };
}

/** `dl.photo` for the photo in WEF02 (tag 107 [U]): JPEG 2000 as on the licence card, skipped when the card holds none. */
function photoCheck(photo: MncLicenceInfo['photo'], now: Date): LicenceCheck {
  if (!photo) return dlCheck('dl.photo', 'skipped', 'not-read', 'no photo in the licence information', now);
  return checkPhoto({ ok: true, value: photo }, now);
}

export async function verifyMyNumberLicence(
  readout: MncReadout,
  env: { readonly issuers: LicenceIssuerTrust; readonly now: () => Date; readonly profile?: MncSignatureProfile },
): Promise<MncVerification> {
  const now = env.now();
  const profile = env.profile ?? DEFAULT_MNC_SIGNATURE_PROFILE;
  const info = readout.info;
  const infoCheck = info.ok
    ? dlCheck('dl.entries', 'pass', 'ok', `マイナ免許証 WEF02${info.value.unknownTags.length > 0 ? `; tags no source describes: ${info.value.unknownTags.map((t) => t.toString(16).toUpperCase()).join(' ')}` : ''}`, now)
    : dlCheck('dl.entries', 'fail', info.error.code.startsWith('read-') ? 'read-failed' : 'dl-mynumber-licence-malformed', info.error.code, now);

  const done = (status: LicenceCheck['status'], code: LicenceCheck['code'], detail?: string, anchor?: LicenceAnchorUse): SignatureOutcome => ({ check: dlCheck('dl.signature', status, code, detail, now), anchor });
  let signature: SignatureOutcome;
  if (!readout.signatureFile) signature = done('skipped', 'not-read');
  else if (!readout.signatureFile.ok) signature = done('fail', 'dl-signature-file-malformed', readout.signatureFile.error.code);
  else {
    const file = readout.signatureFile.value;
    const selected = selectIssuer(file, env.issuers, done);
    if ('check' in selected) signature = selected;
    else if (!readout.signedData) signature = done('fail', 'dl-signature-data-unreadable', 'WEF02 was not read', selected.anchor);
    else {
      let data: Uint8Array | undefined;
      try {
        data = partBytes(readout.signedData, profile.form, DEFAULT_MNC_LAYOUT.fillerBytes, DEFAULT_MNC_LAYOUT.twoByteTagFirstBytes);
      } catch {
        data = undefined;
      }
      signature = data
        ? await verifySignedBytes(file, data, selected, profile.hash, `WEF02 as ${profile.form} (recipe UNCONFIRMED)`, done)
        : done('fail', 'dl-signature-data-unreadable', 'WEF02 is not a TLV list', selected.anchor);
    }
  }
  const expiry = checkExpiry(info.ok ? info.value.expiryDate : undefined, now);
  const sig = readout.signatureFile?.ok ? readout.signatureFile.value.signature : undefined;
  const photo = info.ok ? info.value.photo : undefined;
  return {
    document: 'drivers-licence',
    variant: 'mynumber-card',
    checks: [infoCheck, signature.check, photoCheck(info.ok ? info.value.photo : undefined, now), expiry],
    attributes: info.ok ? attributesOf(info.value) : undefined,
    images: photo?.jp2 ? { photoJp2: photo.jp2.slice() } : {},
    anchors: signature.anchor ? [signature.anchor] : [],
    evidence: {
      identifier: info.ok && info.value.licenceNumber ? { scheme: 'drivers-licence-number', value: info.value.licenceNumber } : undefined,
      cardExpiry: info.ok ? info.value.expiryDate?.iso : undefined,
      signatureSha256: sig ? toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(sig)))) : undefined,
    },
  };
}
