/**
 * Recordings of a residence card / special permanent resident certificate (documents/
 * card-recording.ts; `kazasu read --out`, `kazasu verify --dump`). Files: `<df>/<file id>.bin`,
 * bytes as read (the spec's TLVs with their 00 padding: the check code covers them byte-exact),
 * e.g. `mf/common.bin`, `df1/printedEntries.bin`, `df3/signature.bin`.
 *
 * Withheld: the generation-2 card number file (DF1/EF01): the card number is the credential that
 * opens the chip (在留カード等仕様書 §4.2 mutual authentication), so a recording never holds it,
 * and `rc.card-number` says `withheld-from-recording`. The verifier reads EF01 as a stand-in with
 * no number (`XX00000000XX`), which the check code does not cover (verify/residence-card: EF01 is
 * outside the signed data, UNCONFIRMED like the spec's figure), so nothing else depends on it.
 * Generation 1 holds no number file; its front image (signed) shows the card as printed.
 *
 * The card has no chip authentication (the mutual authentication derives its keys from the card
 * number; it proves the number, not the chip's origin): the signature over DF1 (the check code,
 * rc.signature with the MOJ certificate chain) re-verifies from the files exactly as on the card.
 */
import type { ResidenceFileId } from '../../cards/residence-card/file-layout';
import { fileSpec } from '../../cards/residence-card/file-layout';
import { parseResidenceRead, type ResidenceCardRead } from '../../cards/residence-card/read-result';
import { cardIdentity, type CardIdentity } from '../../cards/residence-card/records/card-identity';
import type { TransportKind } from '../../transport/card-transport';
import { createResidenceTrustStore } from '../../verify/residence-card/rc-trust';
import { verifyResidenceCard, type ResidenceVerification } from '../../verify/residence-card/verify-residence-card';
import { check, type AnyCheck, type PurposeId } from '../../verify/report';
import type { CardRecording, WithheldPart } from '../card-recording';
import { purposeAppliesTo, type StepContext, type VerificationPlan, type VerificationStep } from '../document-driver';
import { UnsupportedPurposeError } from '../document-errors';
import { recordedFile, recordingChecks, RecordingIncompleteError } from '../recording-checks';
import { trustAnchorCheck } from '../step-helpers';
import { variantOf } from './residence-card-detect';
import type { ResidenceCardPurpose } from './residence-card-purposes';
import type { ResidenceCardReport } from './residence-card-report';
import { reportParts, residenceAnchors, type ResidenceCardStepLabel } from './residence-card-steps';

/** The recorded path of one file: `<df>/<id>.bin`. */
export function residenceRecordedPath(identity: CardIdentity, id: ResidenceFileId): string {
  const df = id === 'common' || id === 'cardType' ? 'mf' : (fileSpec(identity.generation, identity.kind, id)?.df ?? 'mf');
  return `${df}/${id}.bin`;
}

const MF_COMMON = 'mf/common.bin';
const MF_CARD_TYPE = 'mf/cardType.bin';

export const RC_CARD_NUMBER_WITHHELD: WithheldPart = {
  part: 'DF1/EF01 (the card number, generation 2)',
  reason: 'the card number is the credential that opens the chip; never recorded (rc.card-number cannot be checked from a recording)',
};

/**
 * The recording of what was read (ResidenceCard.filesRead after readAll). Holds no card number:
 * not the one entered, not the gen-2 chip's.
 */
export function residenceCardRecording(identity: CardIdentity, files: ReadonlyMap<ResidenceFileId, Uint8Array>, transport: TransportKind, recordedAt: string): CardRecording {
  const recorded: Record<string, Uint8Array> = {};
  for (const [id, bytes] of files) {
    if (id === 'cardNumber') continue;
    recorded[residenceRecordedPath(identity, id)] = bytes.slice();
  }
  return {
    document: 'residence-card',
    files: recorded,
    challenges: [],
    withheld: identity.generation === 2 ? [RC_CARD_NUMBER_WITHHELD] : [],
    recordedAt,
    source: { transport },
  };
}

/** What the verifier needs per generation, besides MF's two files (the DF2 files only for a purpose reading everything). */
function neededFiles(identity: CardIdentity, scope: 'all' | 'signed'): ResidenceFileId[] {
  if (identity.generation === 1) return ['frontImage', 'face', 'signature', ...(scope === 'all' ? (['address'] as const) : [])];
  return ['printedEntries', 'nameAndFace', 'signature', ...(scope === 'all' ? (['addressImage', 'other'] as const) : [])];
}

function identityOf(recording: CardRecording): CardIdentity {
  return cardIdentity(recordedFile(recording, MF_COMMON), recordedFile(recording, MF_CARD_TYPE));
}

export function residenceCardRecordingMissing(purpose: ResidenceCardPurpose, recording: CardRecording): string[] {
  const mf = [MF_COMMON, MF_CARD_TYPE].filter((p) => !(p in recording.files));
  if (mf.length > 0) return mf.map((p) => `${p} (the card type, read without credentials)`);
  const identity = identityOf(recording);
  return neededFiles(identity, purpose.reads.scope)
    .map((id) => residenceRecordedPath(identity, id))
    .filter((p) => !(p in recording.files))
    .map((p) => `${p} (recorded with --card-number)`);
}

/** A stand-in for the withheld gen-2 EF01: tag C2, 12 characters that are no card number. */
function cardNumberStandIn(): Uint8Array {
  return Uint8Array.of(0xc2, 12, ...new TextEncoder().encode('XX00000000XX'));
}

/** The parsed read from the recording, with the files the card library would have handed over. */
function readFromRecording(recording: CardRecording, identity: CardIdentity, scope: 'all' | 'signed'): ResidenceCardRead {
  const files = new Map<ResidenceFileId, Uint8Array>();
  for (const path of Object.keys(recording.files)) {
    const m = /^(mf|df1|df2|df3)\/([A-Za-z]+)\.bin$/.exec(path);
    if (!m) continue;
    const id = m[2] as ResidenceFileId;
    if (residenceRecordedPath(identity, id) === path) files.set(id, recordedFile(recording, path));
  }
  if (identity.generation === 2) files.set('cardNumber', cardNumberStandIn());
  return parseResidenceRead(identity, files, scope);
}

interface RecordedRun {
  readonly purpose: ResidenceCardPurpose;
  readonly purposeId: string;
  readonly recording: CardRecording;
  identity?: CardIdentity;
  read?: ResidenceCardRead;
  verification?: ResidenceVerification;
}

type Step = VerificationStep<RecordedRun, ResidenceCardStepLabel>;

/** The recording's own checks, then the card type (the purpose refused on a variant it does not work on, as live). */
const openRecording: Step = {
  label: 'open-card',
  async run(run, ctx) {
    ctx.add(...recordingChecks(run.recording, ctx.now()));
    const identity = identityOf(run.recording);
    const variant = variantOf(identity);
    if (!purposeAppliesTo(run.purpose, variant)) throw new UnsupportedPurposeError('residence-card', run.purposeId, variant);
    run.identity = identity;
  },
};

const readRecorded: Step = {
  label: 'rc-read-front',
  async run(run) {
    run.read = readFromRecording(run.recording, run.identity!, run.purpose.reads.scope);
  },
};

/** The same verifier as the live step; the card-number check says why it cannot be done here. */
const checkRecorded: Step = {
  label: 'rc-check-signature',
  async run(run, ctx) {
    const trust = createResidenceTrustStore(ctx.env.trust.mode, { imported: residenceAnchors(ctx.env.documentAnchors) });
    const v = await verifyResidenceCard({ read: run.read!, trust, now: ctx.now() });
    const { cardNumber: _withheld, ...evidence } = v.evidence;
    run.verification = { ...v, evidence };
    const numberCheck: AnyCheck =
      run.identity!.generation === 2
        ? check('rc.card-number', 'skipped', 'withheld-from-recording', 'DF1/EF01 (the card number) is never recorded', ctx.now())
        : check('rc.card-number', 'skipped', 'checked-at-read-time', 'the card accepted a card number in authentication when it was read (the files could not be read otherwise); the number is never recorded', ctx.now());
    ctx.add(...v.checks.map((c) => (c.id === 'rc.card-number' ? numberCheck : (c as AnyCheck))));
    for (const a of v.anchors) ctx.useAnchor(a);
  },
};

const verifyStep: Step = {
  label: 'verify',
  async run(_run, ctx) {
    ctx.add(trustAnchorCheck(ctx.anchors(), ctx.now()));
  },
};

export function residenceCardRecordingPlan(purposeId: PurposeId, purpose: ResidenceCardPurpose, recording: CardRecording): VerificationPlan<ResidenceCardReport, RecordedRun, ResidenceCardStepLabel> {
  const missing = residenceCardRecordingMissing(purpose, recording);
  if (missing.length > 0) throw new RecordingIncompleteError(purposeId, missing);
  return {
    steps: [openRecording, readRecorded, checkRecorded, verifyStep],
    open: () => ({ purpose, purposeId, recording }),
    close: (run) => {
      run.read = undefined;
      run.verification = undefined;
    },
    finish: (run, ctx: StepContext) => reportParts(run, ctx),
  };
}
