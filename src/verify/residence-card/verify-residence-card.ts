/**
 * Verify what was read from a residence card / special permanent resident certificate: every
 * check of residence-card-checks.ts, the attributes with where they came from (signed or not),
 * the images ready to show, the anchors relied on and what the evidence record keeps.
 *
 *   const read = await card.readAll();
 *   const v = await verifyResidenceCard({ read, enteredCardNumber, trust, now });
 *
 * Pure apart from WebCrypto; never throws for anything a card can make wrong — a damaged or
 * forged card gives failing checks. (Card read errors are the card library's typed errors.)
 */
import type { CheckedCardNumber } from '../../cards/residence-card/card-number';
import type { Gen1Read, Gen2Read, ResidenceCardRead } from '../../cards/residence-card/read-result';
import type { CardText } from '../../cards/residence-card/records/card-text';
import type { WorkRestrictionCode } from '../../cards/residence-card/records/gen2-records';
import { decodeBilevelTiff, type BilevelImage } from '../../imaging/tiff';
import { cardExpiryInstant } from '../card/card-expiry';
import type { AnchorUse, CheckStatus, Outcome } from '../report';
import { certificateTimeStatus, chainToAnchor, importCardKey, parseCardCertificate, type CardCertificate } from './rc-certificate';
import { gen1SignedData, gen2SignedData, verifyGen1CheckCode, verifyGen2CheckCode, type Gen1Padding, type Gen2SignatureEncoding, type SignatureOutcome } from './rc-signature';
import type { ResidenceTrustStore } from './rc-trust';
import type { RcCheckId, RcReasonCode } from './residence-card-checks';

export interface RcCheck {
  readonly id: RcCheckId;
  readonly status: CheckStatus;
  readonly code: RcReasonCode;
  readonly detail?: string;
  readonly at: string;
}

export interface ResidenceVerifyPolicy {
  /** Generation-1 check-code paddings accepted (rc-signature.ts); default both. */
  readonly gen1AcceptedPadding: readonly Gen1Padding[];
  /** Generation-2 check-code encodings accepted; default both. */
  readonly gen2AcceptedEncoding: readonly Gen2SignatureEncoding[];
}

export const DEFAULT_RESIDENCE_POLICY: ResidenceVerifyPolicy = {
  gen1AcceptedPadding: ['bare-sha256', 'digest-info-sha256'],
  gen2AcceptedEncoding: ['raw', 'der'],
};

export interface ResidenceVerifyInput {
  readonly read: ResidenceCardRead;
  /** The number the card accepted in authentication (the evidence identifier; gen 2 compares it with the chip's). */
  readonly enteredCardNumber?: CheckedCardNumber;
  readonly trust: ResidenceTrustStore;
  readonly now: Date;
  readonly policy?: Partial<ResidenceVerifyPolicy>;
}

/** A field with where it came from: `signed` = covered by the check code. */
export interface SourcedValue<T> {
  readonly value: T;
  readonly signed: boolean;
}

export interface ResidenceAttributes {
  readonly generation: 1 | 2;
  readonly kind: 'residence-card' | 'special-permanent-resident';
  /** Gen 2 (text on the chip, signed). Gen 1 holds these only in the front image. */
  readonly birthDate?: SourcedValue<string>;
  readonly sex?: SourcedValue<'male' | 'female' | 'not-stated'>;
  readonly nationality?: SourcedValue<string>;
  readonly statusOfResidence?: SourcedValue<string>;
  readonly periodOfStay?: SourcedValue<string>;
  readonly stayExpiry?: SourcedValue<string>;
  readonly permissionType?: SourcedValue<string>;
  readonly permissionDate?: SourcedValue<string>;
  readonly workRestriction?: SourcedValue<WorkRestrictionCode>;
  readonly cardExpiry?: SourcedValue<string>;
  /** Not signed (DF2). Withheld (absent) when it holds unsafe characters. */
  readonly address?: SourcedValue<string>;
  readonly addressWrittenOn?: SourcedValue<string>;
  readonly municipalityCode?: SourcedValue<string>;
  readonly comprehensivePermission?: SourcedValue<string>;
  readonly comprehensivePermissionExpiry?: SourcedValue<string>;
  readonly individualPermission?: SourcedValue<string | boolean>;
  readonly renewalApplicationPending?: SourcedValue<boolean>;
  readonly note?: SourcedValue<string>;
}

export interface ResidenceImages {
  /** JPEG 2000 (colour), padding removed. Signed. */
  readonly faceJp2?: Uint8Array;
  /** Gen 1 front image / gen 2 name image, decoded. Signed. */
  readonly front?: BilevelImage;
  readonly nameImage?: BilevelImage;
  /** Gen 2 住居地 image. Not signed. */
  readonly addressImage?: BilevelImage;
}

export interface ResidenceEvidence {
  readonly documentKind: 'residence-card' | 'special-permanent-resident';
  readonly generation: 1 | 2;
  /** 記号番号 of the 確認記録: the card number (personal data: the evidence store encrypts it). */
  readonly cardNumber?: string;
  readonly signature: 'verified' | 'failed' | 'absent';
  readonly signatureVariant?: string;
  readonly certificateSha256?: string;
}

export interface ResidenceVerification {
  readonly document: 'residence-card';
  readonly checks: readonly RcCheck[];
  readonly required: readonly RcCheckId[];
  readonly outcome: Outcome;
  readonly attributes: ResidenceAttributes;
  readonly images: ResidenceImages;
  readonly anchors: readonly AnchorUse[];
  readonly evidence: ResidenceEvidence;
}

/** Checks that must pass for 'verified'. Card expiry is on the chip only from generation 2. */
export function requiredResidenceChecks(generation: 1 | 2): RcCheckId[] {
  const base: RcCheckId[] = ['rc.card-type', 'rc.card-number', 'rc.signature', 'rc.certificate-chain', 'rc.certificate-validity', 'rc.front-image'];
  return generation === 2 ? [...base, 'rc.card-expiry'] : base;
}

/** Same rule as report.ts decideOutcome: any fail → failed; every required pass → verified. */
export function decideResidenceOutcome(checks: readonly RcCheck[], required: readonly RcCheckId[]): Outcome {
  if (checks.some((c) => c.status === 'fail')) return 'failed';
  for (const id of required) if (checks.find((c) => c.id === id)?.status !== 'pass') return 'incomplete';
  return 'verified';
}

function trimZeros(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.slice(0, end);
}

function decodeImage(tiff: Uint8Array): BilevelImage | undefined {
  try {
    return decodeBilevelTiff(tiff);
  } catch {
    return undefined;
  }
}

const signed = <T>(value: T | undefined): SourcedValue<T> | undefined => (value === undefined ? undefined : { value, signed: true });
const unsigned = <T>(value: T | undefined): SourcedValue<T> | undefined => (value === undefined ? undefined : { value, signed: false });

export async function verifyResidenceCard(input: ResidenceVerifyInput): Promise<ResidenceVerification> {
  const { read, trust, now } = input;
  const policy = { ...DEFAULT_RESIDENCE_POLICY, ...input.policy };
  const at = now.toISOString();
  const checks: RcCheck[] = [];
  const add = (id: RcCheckId, status: CheckStatus, code: RcReasonCode, detail?: string) => checks.push({ id, status, code, ...(detail ? { detail } : {}), at });
  const generation = read.generation;
  const kind = read.identity.kind;

  // Card type: the unsigned card-type EF against what the chip holds.
  const residenceOnly = generation === 2 ? read.residenceOnlyFilesPresent || hasResidenceEntries(read) : read.residenceOnlyFilesPresent;
  const typeAgrees = (kind === 'residence-card') === residenceOnly;
  add('rc.card-type', typeAgrees ? 'pass' : 'fail', typeAgrees ? 'ok' : 'rc-card-type-mismatch', `card type ${read.identity.cardTypeCode} (${kind}); residence-card-only fields ${residenceOnly ? 'present' : 'absent'}`);

  // Card number.
  if (generation === 2) {
    const entered = input.enteredCardNumber;
    if (entered && !entered.equals(read.cardNumber)) add('rc.card-number', 'fail', 'rc-card-number-mismatch', 'DF1/EF01 holds another number than the one the card accepted');
    else add('rc.card-number', 'pass', entered ? 'ok' : 'rc-card-number-accepted', entered ? 'the chip holds the number entered' : undefined);
  } else {
    add('rc.card-number', 'pass', 'rc-card-number-accepted', 'generation 1 holds no number to compare; the card accepted the number in authentication');
  }

  // Images.
  const images: { faceJp2?: Uint8Array; front?: BilevelImage; nameImage?: BilevelImage; addressImage?: BilevelImage } = {};
  if (read.face) images.faceJp2 = trimZeros(read.face);
  const mainTiff = generation === 1 ? read.frontImage : read.nameImage;
  const main = decodeImage(mainTiff);
  if (main) {
    if (generation === 1) images.front = main;
    else images.nameImage = main;
    add('rc.front-image', 'pass', 'ok', `${main.width} × ${main.height} px`);
  } else add('rc.front-image', 'fail', 'rc-image-undecodable', generation === 1 ? 'the front image (D0) is not a decodable Group 4 TIFF' : 'the name image (D0) is not a decodable Group 4 TIFF');
  if (generation === 2 && read.addressImage) {
    const addr = decodeImage(read.addressImage);
    if (addr) images.addressImage = addr;
  }

  // Signature, certificate chain, certificate validity.
  const anchors: AnchorUse[] = [];
  const sig = await signatureChecks(read, trust, now, policy, add, anchors);

  // Expiry.
  expiryChecks(read, now, add);

  // Unsigned fields.
  const attributes = attributesOf(read, add);

  const required = requiredResidenceChecks(generation);
  const number = generation === 2 ? read.cardNumber : input.enteredCardNumber?.reveal();
  return {
    document: 'residence-card',
    checks,
    required,
    outcome: decideResidenceOutcome(checks, required),
    attributes,
    images,
    anchors,
    evidence: {
      documentKind: kind,
      generation,
      ...(number ? { cardNumber: number } : {}),
      signature: sig.outcome,
      ...(sig.variant ? { signatureVariant: sig.variant } : {}),
      ...(sig.certificate ? { certificateSha256: sig.certificate.sha256 } : {}),
    },
  };
}

function hasResidenceEntries(read: Gen2Read): boolean {
  return read.printed.tags.some((t) => t === 0xca || t === 0xcb || t === 0xcc || t === 0xcd);
}

type Add = (id: RcCheckId, status: CheckStatus, code: RcReasonCode, detail?: string) => void;

async function signatureChecks(
  read: ResidenceCardRead,
  trust: ResidenceTrustStore,
  now: Date,
  policy: ResidenceVerifyPolicy,
  add: Add,
  anchors: AnchorUse[],
): Promise<{ outcome: ResidenceEvidence['signature']; variant?: string; certificate?: CardCertificate }> {
  const { checkCode, certificate: certBytes } = read.signature;
  if (!checkCode || !certBytes) {
    // §3.3.5: cards of holders under 16 carry neither; nothing on the chip can be verified.
    add('rc.signature', 'skipped', 'rc-signature-absent');
    add('rc.certificate-chain', 'skipped', 'not-applicable', 'no certificate on the card');
    add('rc.certificate-validity', 'skipped', 'not-applicable', 'no certificate on the card');
    return { outcome: 'absent' };
  }
  let cert: CardCertificate;
  try {
    cert = await parseCardCertificate(certBytes);
  } catch (e) {
    add('rc.certificate-chain', 'fail', 'rc-certificate-malformed', e instanceof Error ? e.message : undefined);
    add('rc.certificate-validity', 'skipped', 'rc-certificate-malformed');
    add('rc.signature', 'fail', 'rc-signature-invalid', 'no usable certificate to check the signature with');
    return { outcome: 'failed' };
  }
  const key = await importCardKey(cert.decoded, read.generation);
  if (!key) {
    add('rc.certificate-chain', 'fail', 'rc-certificate-wrong-key', read.generation === 1 ? 'generation 1 certificates carry an RSA-2048 key' : 'generation 2 certificates carry an ECDSA P-384 key');
    add('rc.certificate-validity', 'skipped', 'rc-certificate-wrong-key');
    add('rc.signature', 'fail', 'rc-signature-invalid', 'the certificate key is not of the kind the specification uses');
    return { outcome: 'failed', certificate: cert };
  }
  const chain = await chainToAnchor(cert, read.generation, trust);
  add('rc.certificate-chain', chain.status, chain.code, chain.detail);
  if (chain.anchor) anchors.push({ kind: 'x509-root', name: chain.anchor.name, hierarchy: chain.anchor.hierarchy, provenance: chain.anchor.provenance });
  const time = certificateTimeStatus(cert, now);
  add('rc.certificate-validity', time.status, time.code, time.detail);

  let outcome: SignatureOutcome;
  if (read.generation === 1) {
    if (!read.face) outcome = { status: 'fail', code: 'rc-signed-data-missing', detail: 'the photo (D1) the check code covers is missing' };
    else outcome = await verifyGen1CheckCode(key, checkCode, gen1SignedData(read.frontImage, read.face), policy.gen1AcceptedPadding);
  } else {
    if (!read.face) outcome = { status: 'fail', code: 'rc-signed-data-missing', detail: 'the photo (D1) the check code covers is missing' };
    else outcome = await verifyGen2CheckCode(key, checkCode, gen2SignedData(read.printed.signedValues, read.face, read.nameImage), policy.gen2AcceptedEncoding);
  }
  add('rc.signature', outcome.status, outcome.code, outcome.detail);
  return { outcome: outcome.status === 'pass' ? 'verified' : 'failed', ...(outcome.variant ? { variant: outcome.variant } : {}), certificate: cert };
}

function endOfDayJst(iso: string): Date | undefined {
  return cardExpiryInstant(iso);
}

function expiryChecks(read: ResidenceCardRead, now: Date, add: Add): void {
  if (read.generation === 1) {
    add('rc.card-expiry', 'skipped', 'rc-expiry-not-on-chip');
    add('rc.stay-expiry', 'skipped', 'rc-expiry-not-on-chip');
    return;
  }
  const end = endOfDayJst(read.printed.cardExpiry);
  if (!end) add('rc.card-expiry', 'fail', 'rc-card-expired', 'the expiry date is not a valid date');
  else if (now.getTime() < end.getTime()) add('rc.card-expiry', 'pass', 'ok', `valid through ${read.printed.cardExpiry} (JST)`);
  else add('rc.card-expiry', 'fail', 'rc-card-expired', `expired at the end of ${read.printed.cardExpiry} (JST)`);

  if (read.identity.kind !== 'residence-card') {
    add('rc.stay-expiry', 'skipped', 'not-applicable', 'special permanent residents have no period of stay');
    return;
  }
  const stay = read.printed.stayExpiry;
  if (!stay) {
    add('rc.stay-expiry', 'pass', 'rc-stay-no-limit');
    return;
  }
  const stayEnd = endOfDayJst(stay)!;
  if (now.getTime() < stayEnd.getTime()) add('rc.stay-expiry', 'pass', 'ok', `period of stay until ${stay} (JST)`);
  else if (read.renewalApplication) add('rc.stay-expiry', 'warn', 'rc-stay-expired-application-pending', `ended ${stay}; DF2 records an application as pending (not signed)`);
  else add('rc.stay-expiry', 'fail', 'rc-stay-expired', `ended at the end of ${stay} (JST)`);
}

function safeText(t: CardText | undefined, name: string, unsafe: string[]): string | undefined {
  if (!t) return undefined;
  if (t.unsafe) {
    unsafe.push(name);
    return undefined;
  }
  return t.text;
}

function attributesOf(read: ResidenceCardRead, add: Add): ResidenceAttributes {
  const unsafe: string[] = [];
  const unsignedNames: string[] = [];
  let attrs: ResidenceAttributes;
  const spr = read.identity.kind !== 'residence-card';
  if (read.generation === 1) {
    const r: Gen1Read = read;
    const address = safeText(r.address?.address, 'address', unsafe);
    const comprehensive = safeText(r.comprehensivePermission, 'comprehensive permission', unsafe);
    const individual = safeText(r.individualPermission, 'individual permission', unsafe);
    if (r.address) unsignedNames.push('address (DF2/EF01)');
    if (r.scope === 'all' && !spr) unsignedNames.push('permissions (DF2/EF02–EF03)', 'renewal application (DF2/EF04)');
    attrs = {
      generation: 1,
      kind: r.identity.kind,
      ...opt('address', unsigned(address)),
      ...opt('addressWrittenOn', unsigned(r.address?.writtenOn)),
      ...opt('municipalityCode', unsigned(r.address?.municipalityCode)),
      ...opt('comprehensivePermission', unsigned(comprehensive)),
      ...opt('individualPermission', unsigned(individual)),
      ...opt('renewalApplicationPending', unsigned(r.renewalApplication)),
    };
  } else {
    const r: Gen2Read = read;
    const p = r.printed;
    const note = safeText(r.other?.note, 'note', unsafe);
    if (r.addressImage) unsignedNames.push('address image (DF1/EF04)');
    unsignedNames.push('card number (DF1/EF01)');
    if (r.scope === 'all' && !spr) unsignedNames.push('permissions (DF2/EF01)', 'renewal application (DF2/EF02)');
    if (r.other) unsignedNames.push('other (DF2/EF03)');
    attrs = {
      generation: 2,
      kind: r.identity.kind,
      ...opt('birthDate', signed(p.birthDate)),
      ...opt('sex', signed<'male' | 'female' | 'not-stated'>(p.sex === '1' ? 'male' : p.sex === '2' ? 'female' : 'not-stated')),
      ...opt('nationality', signed(p.nationality)),
      ...opt('statusOfResidence', signed(p.statusOfResidence)),
      ...opt('periodOfStay', signed(p.periodOfStay)),
      ...opt('stayExpiry', signed(p.stayExpiry)),
      ...opt('permissionType', signed(p.permissionType)),
      ...opt('permissionDate', signed(p.permissionDate)),
      ...opt('workRestriction', signed(p.workRestriction)),
      ...opt('cardExpiry', signed(p.cardExpiry)),
      ...opt('comprehensivePermission', unsigned(r.permissions?.comprehensive)),
      ...opt('comprehensivePermissionExpiry', unsigned(r.permissions?.comprehensiveExpiry)),
      ...opt('individualPermission', unsigned(r.permissions?.individual)),
      ...opt('renewalApplicationPending', unsigned(r.renewalApplication)),
      ...opt('note', unsigned(note)),
    };
  }
  if (unsafe.length) add('rc.unsigned-fields', 'warn', 'rc-text-unsafe-characters', `withheld: ${unsafe.join(', ')}`);
  else if (read.scope === 'signed') add('rc.unsigned-fields', 'skipped', 'not-read', 'only the signed files were read for this purpose');
  else add('rc.unsigned-fields', 'warn', 'rc-fields-not-signed', `not signed: ${unsignedNames.join(', ')}`);
  return attrs;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
