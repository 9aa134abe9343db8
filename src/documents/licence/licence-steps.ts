/**
 * The steps of a licence verification, in card order (licence-facts §1.1, §2): find which card
 * carries the licence, verify the PINs in the MF (PIN1, then PIN2 — the security status survives
 * SELECT of DF1/DF2), read DF1 then DF2 (each DF selected once, each file read once), then verify.
 * On a マイナ免許証 the same steps run on the licence application: its one PIN, WEF02, WEF03.
 *
 * PIN safety is the card library's (cards/licence/licence-pin-guard.ts): the counter is read
 * with an empty VERIFY right before each VERIFY, a blocked PIN or a last try without the person's
 * confirmation is refused before anything is sent, exactly one VERIFY per entry, never a retry,
 * `****` only when the card says no PIN was set. Those refusals are thrown (not checks).
 */
import { CardChannel } from '../../cards/iso7816/card-channel';
import { LicenceCard } from '../../cards/licence/licence-card';
import { readLicence, type LicenceReadout } from '../../cards/licence/licence-read';
import { MyNumberLicenceAp, readMyNumberLicence, type MncReadout } from '../../cards/licence/mynumber-ap/mynumber-licence-ap';
import { verifyLicenceReadout, type LicenceVerification } from '../../verify/licence/verify-licence';
import { verifyMyNumberLicence, type MncVerification } from '../../verify/licence/verify-mynumber-licence';
import type { EnteredCredentials, StepContext, VerificationPlan, VerificationStep } from '../document-driver';
import { UnknownDocumentError } from '../document-errors';
import { ageAnswers, requireCredential, trustAnchorCheck } from '../step-helpers';
import type { LicenceCredential } from './licence-credentials';
import { licenceAnchorUse, licenceIssuerTrust } from './licence-issuers';
import type { LicencePurpose } from './licence-purposes';
import type { LicenceMaterial, LicenceReport, LicenceReportAttributes, LicenceReportImages, LicenceVariant } from './licence-report';

/** Progress labels of the licence's steps (the UI's `step.<label>` texts). */
export type LicenceStepLabel = 'open-card' | 'verify-pin' | 'read-licence' | 'verify';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the steps of one verification share. Holds personal data; `close` wipes it. */
export interface LicenceRun {
  readonly channel: CardChannel;
  readonly purpose: LicencePurpose;
  readonly credentials: EnteredCredentials<LicenceCredential>;
  variant?: LicenceVariant;
  card?: LicenceCard;
  ap?: MyNumberLicenceAp;
  readout?: LicenceReadout;
  mncReadout?: MncReadout;
  attributes: LicenceReportAttributes;
  images: Mutable<LicenceReportImages>;
  material: Mutable<LicenceMaterial>;
}

type Run = LicenceRun;
type Step = VerificationStep<Run, LicenceStepLabel>;

/** PIN2 is used when the purpose asks for it or it was given for an optional use (field check). */
function pin2Given(run: Run): boolean {
  return run.credentials.values.pin2 !== undefined && run.credentials.values.pin2 !== '';
}

/** Which card carries the licence: SELECT MF + 共通データ要素, else the licence application on a My Number Card. */
const openCard: Step = {
  label: 'open-card',
  async run(run, ctx) {
    const card = new LicenceCard(ctx.transport, { channel: run.channel });
    const found = await card.detect();
    if (found.kind === 'match') {
      run.variant = 'card';
      run.card = card;
      return;
    }
    card.close();
    const ap = new MyNumberLicenceAp(ctx.transport, { channel: run.channel });
    try {
      await ap.select();
    } catch (e) {
      ap.close();
      if (e instanceof Error && 'code' in e && e.code === 'licence-application-absent') throw new UnknownDocumentError();
      throw e;
    }
    run.variant = 'mynumber-card';
    run.ap = ap;
  },
};

/** PIN1, then PIN2 (licence card), or the licence application's PIN (マイナ免許証), through the guard. */
const verifyPins: Step = {
  label: 'verify-pin',
  async run(run) {
    const confirm = { confirmLastTry: run.credentials.confirmLastTry };
    const pin1 = requireCredential(run.credentials.values.pin1, 'pin1');
    if (run.ap) {
      await run.ap.verify(pin1, confirm);
      return;
    }
    const card = run.card!;
    await card.verify('pin1', pin1, confirm);
    if (run.purpose.credentials.includes('pin2') || pin2Given(run)) await card.verify('pin2', requireCredential(run.credentials.values.pin2, 'pin2'), confirm);
  },
};

/** DF1 (記載事項, change records, 外字 where used, signature file and signed parts) then DF2 (photo); or WEF02/WEF03. */
const readStep: Step = {
  label: 'read-licence',
  async run(run) {
    const plan = run.purpose.reads;
    if (run.ap) {
      run.mncReadout = await readMyNumberLicence(run.ap, { signature: plan.signature });
      return;
    }
    const pin2 = pin2Given(run);
    run.readout = await readLicence(run.card!, { photo: plan.photo && pin2, signature: plan.signature, honsekiForSignature: plan.honsekiForSignature && pin2 });
  },
};

/** The report parts of a licence card's verification (live, and from a recording: licence-recording.ts). */
export function applyCard(run: Pick<Run, 'purpose' | 'attributes' | 'images' | 'material'>, v: LicenceVerification, ctx: StepContext): void {
  const a = v.attributes;
  if (run.purpose.reads.show === 'age-only') {
    run.attributes = { variant: 'card', ...(a ? { age: ageAnswers(a.birthDate, ctx.now()), cardExpiry: a.cardExpiry } : {}) };
  } else {
    run.attributes = { variant: 'card', ...(a ? { name: a.name, address: a.address, birthDate: a.birthDate, cardExpiry: a.cardExpiry, licence: a } : {}) };
    if (v.images.photoJp2) run.images.photoJp2 = v.images.photoJp2;
    // Copies: the readout (and the raw bytes the glyphs point into) is wiped below.
    if (v.images.gaiji.length > 0) run.images.gaiji = v.images.gaiji.map((g) => ({ ...g, header: g.header.slice(), raw: g.raw.slice() }));
  }
  setEvidence(run, v.evidence);
}

/** The report parts of a マイナ免許証's verification (live, and from a recording). */
export function applyMnc(run: Pick<Run, 'attributes' | 'images' | 'material'>, v: MncVerification): void {
  const a = v.attributes;
  run.attributes = { variant: 'mynumber-card', ...(a ? { ...(a.cardExpiry ? { cardExpiry: a.cardExpiry } : {}), mynumberLicence: a } : {}) };
  if (v.images.photoJp2) run.images.photoJp2 = v.images.photoJp2;
  setEvidence(run, v.evidence);
}

function setEvidence(run: Pick<Run, 'material'>, e: LicenceVerification['evidence'] | MncVerification['evidence']): void {
  if (e.identifier) run.material.licenceNumber = e.identifier.value;
  if (e.signatureSha256) run.material.signatureSha256 = e.signatureSha256;
}

/** The checks (signature against the issuer certificates in force), attributes, images; then the bytes read are wiped. */
const verifyStep: Step = {
  label: 'verify',
  async run(run, ctx) {
    const issuers = await licenceIssuerTrust(ctx.env);
    const v = run.readout
      ? await verifyLicenceReadout(run.readout, { issuers, now: ctx.now }, { pin2: pin2Given(run) })
      : run.mncReadout
        ? await verifyMyNumberLicence(run.mncReadout, { issuers, now: ctx.now })
        : undefined;
    if (v) {
      ctx.add(...v.checks);
      for (const a of v.anchors) ctx.useAnchor(licenceAnchorUse(a));
      if (v.document === 'drivers-licence' && 'variant' in v) applyMnc(run, v);
      else applyCard(run, v as LicenceVerification, ctx);
    }
    run.readout?.wipe();
    run.mncReadout?.wipe();
    run.readout = undefined;
    run.mncReadout = undefined;
    ctx.add(trustAnchorCheck(ctx.anchors(), ctx.now()));
  },
};

export const LICENCE_STEPS: readonly Step[] = [openCard, verifyPins, readStep, verifyStep];

export function licencePlan(purpose: LicencePurpose, credentials: EnteredCredentials<LicenceCredential>): VerificationPlan<LicenceReport, Run, LicenceStepLabel> {
  return {
    steps: LICENCE_STEPS,
    open: (ctx) => ({ channel: new CardChannel(ctx.transport), purpose, credentials, attributes: {}, images: {}, material: { pendingRevocations: [] } }),
    close(run) {
      run.readout?.wipe();
      run.mncReadout?.wipe();
      run.card?.close();
      run.ap?.close();
      run.channel.close();
    },
    finish: (run) => ({ attributes: run.attributes, images: run.images, material: run.material }),
  };
}
