/**
 * The steps of a residence-card verification, in card order (在留カード等仕様書 §4.2): the card
 * type from MF, the card-number authentication (GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY under
 * SM), DF1 (the signed images / entries, read under SM), the rest (DF2 unsigned fields, DF3 check
 * code and certificate), then the verifier. The generic runner reports progress once per step.
 *
 * Credential errors leave in the seam's terms (residence-card-credentials.ts: a refused number is
 * 'pin-wrong', a bad format 'credential-format'); damaged answers end in the card library's typed
 * errors (an SM answer that does not decrypt, a malformed file) — never in a verified report.
 */
import type { CheckedCardNumber } from '../../cards/residence-card/card-number';
import type { Gen1FileId, Gen2FileId } from '../../cards/residence-card/file-layout';
import type { ResidenceCardRead } from '../../cards/residence-card/read-result';
import { ResidenceCard } from '../../cards/residence-card/residence-card';
import { createResidenceTrustStore, type RcAnchor } from '../../verify/residence-card/rc-trust';
import { verifyResidenceCard, type ResidenceVerification } from '../../verify/residence-card/verify-residence-card';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';
import { purposeAppliesTo, type EnteredCredentials, type StepContext, type VerificationPlan, type VerificationStep } from '../document-driver';
import { UnsupportedPurposeError } from '../document-errors';
import { ageAnswers, requireCredential, trustAnchorCheck } from '../step-helpers';
import { asCredentialError, normaliseCardNumber, type ResidenceCardCredential } from './residence-card-credentials';
import { variantOf } from './residence-card-detect';
import type { ResidenceCardPurpose } from './residence-card-purposes';
import type { ResidenceCardAttributes, ResidenceCardImages, ResidenceCardMaterial, ResidenceCardReport } from './residence-card-report';

/** Progress labels of the residence card's steps (the UI's `step.<label>` texts). */
export type ResidenceCardStepLabel = 'open-card' | 'rc-authenticate' | 'rc-read-front' | 'rc-read-back' | 'rc-read-signature' | 'rc-check-signature' | 'verify';

/** What the steps of one verification share. Holds personal data; `close` wipes the card cache. */
interface Run {
  readonly card: ResidenceCard;
  readonly purpose: ResidenceCardPurpose;
  readonly purposeId: string;
  readonly credentials: EnteredCredentials<ResidenceCardCredential>;
  number?: CheckedCardNumber;
  read?: ResidenceCardRead;
  verification?: ResidenceVerification;
}

type Step = VerificationStep<Run, ResidenceCardStepLabel>;

/** DF1 files per generation in card order (the signed data, and the gen-2 card number and 住居地 image). */
const DF1_FILES: { readonly 1: readonly Gen1FileId[]; readonly 2: readonly Gen2FileId[] } = {
  1: ['frontImage', 'face'],
  2: ['cardNumber', 'printedEntries', 'nameAndFace', 'addressImage'],
};

async function credentialErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asCredentialError(e);
  }
}

/** The card session is opened in `open`; this step is the "connecting" milestone (no APDU). */
const openCard: Step = { label: 'open-card', run: async () => undefined };

/**
 * Which card (MF, free files), refused here if the purpose does not work on this variant (the
 * kiosk refused it at detection already), then one card-number authentication: at most one
 * refused number per verification, which the kiosk counts per placement.
 */
const authenticate: Step = {
  label: 'rc-authenticate',
  async run(run) {
    const identity = await run.card.detect();
    const variant = variantOf(identity);
    if (!purposeAppliesTo(run.purpose, variant)) throw new UnsupportedPurposeError('residence-card', run.purposeId, variant);
    const number = normaliseCardNumber(requireCredential(run.credentials.values.cardNumber, 'cardNumber'));
    run.number = number;
    await credentialErrors(() => run.card.authenticate(number));
  },
};

/** DF1 under secure messaging: the signed images (gen 1) or entries, name image and photo (gen 2). */
const readFront: Step = {
  label: 'rc-read-front',
  async run(run) {
    const identity = await run.card.detect();
    const files: readonly (Gen1FileId | Gen2FileId)[] = identity.generation === 1 ? DF1_FILES[1] : DF1_FILES[2];
    for (const id of files) {
      // The 住居地 image is not signed: a purpose that reads only signed data never reads it.
      if (id === 'addressImage' && run.purpose.reads.scope === 'signed') continue;
      await run.card.readFile(id);
    }
  },
};

/** The rest: DF2 (unsigned fields; probed on special permanent resident certificates) and DF3. */
function readRest(label: 'rc-read-back' | 'rc-read-signature'): Step {
  return {
    label,
    async run(run) {
      run.read = await run.card.readAll(run.purpose.reads.scope);
    },
  };
}

export function residenceAnchors(anchors: readonly DocumentAnchor[] | undefined): RcAnchor[] {
  return (anchors ?? []).flatMap((a) =>
    a.document === 'residence-card' && (a.generation === 1 || a.generation === 2)
      ? [{ der: a.der, name: a.name, generation: a.generation, hierarchy: a.hierarchy, provenance: a.provenance, sha256: a.sha256 }]
      : [],
  );
}

/** The verifier: card type, number, check code, certificate chain and validity, expiry, images. */
const checkSignature: Step = {
  label: 'rc-check-signature',
  async run(run, ctx) {
    const trust = createResidenceTrustStore(ctx.env.trust.mode, { imported: residenceAnchors(ctx.env.documentAnchors) });
    const v = await verifyResidenceCard({ read: run.read!, ...(run.number ? { enteredCardNumber: run.number } : {}), trust, now: ctx.now() });
    run.verification = v;
    ctx.add(...v.checks);
    for (const a of v.anchors) ctx.useAnchor(a);
  },
};

/** Which trust anchors the checks relied on (the TEST / SIMULATED banner). */
const verifyStep: Step = {
  label: 'verify',
  async run(_run, ctx) {
    ctx.add(trustAnchorCheck(ctx.anchors(), ctx.now()));
  },
};

/** The steps a purpose takes, in card order. */
export function residenceCardSteps(purpose: ResidenceCardPurpose): Step[] {
  return [openCard, authenticate, readFront, readRest(purpose.reads.scope === 'all' ? 'rc-read-back' : 'rc-read-signature'), checkSignature, verifyStep];
}

function copy(b: Uint8Array | undefined): Uint8Array | undefined {
  return b ? b.slice() : undefined;
}

/** The report parts: what the purpose shows (the age check: 18+/20+ and the photo only). Also used from a recording. */
export function reportParts(run: Pick<Run, 'verification' | 'read' | 'purpose' | 'number'>, ctx: StepContext): Pick<ResidenceCardReport, 'attributes' | 'images' | 'material'> {
  const v = run.verification!;
  const read = run.read!;
  const { generation, kind, ...fields } = v.attributes;
  const material: ResidenceCardMaterial = {
    pendingRevocations: [],
    ...(run.number ? { cardNumber: run.number.reveal() } : {}),
    signature: v.evidence.signature,
    ...(v.evidence.signatureVariant ? { signatureVariant: v.evidence.signatureVariant } : {}),
    ...(v.evidence.certificateSha256 ? { signerCertificateSha256: v.evidence.certificateSha256 } : {}),
  };
  const photoJp2 = copy(v.images.faceJp2);
  if (run.purpose.reads.ageOnly) {
    const birth = fields.birthDate?.value;
    return {
      attributes: { generation, cardKind: kind, residence: {}, ...(birth ? { age: ageAnswers(birth, ctx.now()) } : {}) },
      images: photoJp2 ? { photoJp2 } : {},
      material,
    };
  }
  const sex = fields.sex?.value;
  const attributes: ResidenceCardAttributes = {
    generation,
    cardKind: kind,
    residence: fields,
    ...(fields.birthDate ? { birthDate: fields.birthDate.value } : {}),
    ...(sex ? { sex: sex === 'not-stated' ? 'unknown' : sex } : {}),
    ...(fields.cardExpiry ? { cardExpiry: fields.cardExpiry.value } : {}),
    // Generation 1's 住居地 is DF2 text, not signed (residence.address.signed is false).
    ...(fields.address ? { address: fields.address.value } : {}),
  };
  const images: ResidenceCardImages =
    read.generation === 1
      ? { ...(photoJp2 ? { photoJp2 } : {}), frontImageTiff: read.frontImage.slice() }
      : { ...(photoJp2 ? { photoJp2 } : {}), nameImageTiff: read.nameImage.slice(), ...(read.addressImage ? { addressImageTiff: read.addressImage.slice() } : {}) };
  return { attributes, images, material };
}

export function residenceCardPlan(
  purposeId: string,
  purpose: ResidenceCardPurpose,
  credentials: EnteredCredentials<ResidenceCardCredential>,
): VerificationPlan<ResidenceCardReport, Run, ResidenceCardStepLabel> {
  return {
    steps: residenceCardSteps(purpose),
    open: (ctx) => ({ card: new ResidenceCard(ctx.transport), purpose, purposeId, credentials }),
    close: (run) => run.card.close(),
    finish: (run, ctx) => reportParts(run, ctx),
  };
}
