/**
 * The steps of a My Number Card verification, in card order. Each purpose's plan
 * (mynumber-purposes.ts) picks the steps; the generic runner (session/run-verification.ts) runs
 * them and reports progress once per step, so the total is the length of the list.
 *
 * Card order matters: chip authentication of an AP runs right after that AP's records, while its
 * DF is still selected, so no DF is selected twice (issue 7: no redundant SELECT).
 */
import { MyNumberCard } from '../../cards/mynumber/mynumber-card';
import type { AgeRecord, BasicFour, CardFaceRecord, RsaPublicKey } from '../../cards/mynumber/records';
import { isKazasuError } from '../../errors/kazasu-error';
import { checkCardExpiry } from '../../verify/card/card-expiry';
import { verifyCvCertificate } from '../../verify/card/cv-certificate-check';
import { checkCardKeyConsistency, verifyAgeRecord, verifyCardFace } from '../../verify/card/face-records-check';
import { signedKeyCheck, verifyTextRecords } from '../../verify/card/text-records-check';
import { crossCheck, type AttributeSource } from '../../verify/cross-checks';
import { validateJpkiCertificate, type JpkiChainResult } from '../../verify/jpki/jpki-chain';
import { parseJpkiSignAttributes, type JpkiSignAttributes } from '../../verify/jpki/jpki-attributes';
import { revocationToCheck, type PendingRevocation, type RevocationResult } from '../../verify/revocation/revocation-checker';
import { check } from '../../verify/report';
import type { CardRecording } from '../card-recording';
import type { EnteredCredentials, StepContext, VerificationPlan, VerificationStep } from '../document-driver';
import { recordingChecks, RecordingIncompleteError } from '../recording-checks';
import { ageAnswers, readFailure, trustAnchorCheck } from '../step-helpers';
import type { MyNumberCredential } from './mynumber-credentials';
import type { MyNumberPurpose } from './mynumber-purposes';
import { MYNUMBER_RECORDED_FILES as FILES } from './mynumber-recording-files';
import type { MyNumberAttributes, MyNumberImages, MyNumberReport } from './mynumber-report';
import { cardSource, recordingSource, type MyNumberSource } from './mynumber-source';

/** Progress labels of the My Number Card's steps (the UI's `step.<label>` texts). */
export type MyNumberStepLabel =
  | 'open-card'
  | 'read-text'
  | 'read-card-face'
  | 'read-age-record'
  | 'chip-authentication'
  | 'read-jpki'
  | 'jpki-signature'
  | 'revocation'
  | 'verify';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the steps of one verification share. Holds personal data; `close` wipes the card cache. */
interface Run {
  /** The card on the reader or a recording of it (mynumber-source.ts). */
  readonly source: MyNumberSource;
  readonly purpose: MyNumberPurpose;
  /** Set when verifying from a recording: its own checks come first. */
  readonly recording?: CardRecording;
  readonly seenAnswers: Set<string>;
  readonly sources: AttributeSource[];
  attributes: MyNumberAttributes;
  readonly images: Mutable<MyNumberImages>;
  readonly material: { cardFaceSignature?: Uint8Array; jpkiSignCertificate?: Uint8Array; jpkiAuthCertificate?: Uint8Array; pendingRevocations: PendingRevocation[] };
  textCardKey?: RsaPublicKey;
  readonly faceCardKeys: RsaPublicKey[];
  readonly chipDone: Set<'text' | 'face'>;
  /** The sign certificate once read and its chain result (absent: no sign certificate on the card). */
  sign?: { readonly der: Uint8Array; readonly chain: JpkiChainResult };
  auth?: { readonly der: Uint8Array; readonly chain: JpkiChainResult };
}

type Step = VerificationStep<Run, MyNumberStepLabel>;

function sexOf(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return code === '1' ? 'male' : code === '2' ? 'female' : 'unspecified';
}

function addRevocation(run: Run, ctx: StepContext, id: 'jpki.sign.revocation' | 'jpki.auth.revocation', r: RevocationResult): void {
  if (r.status === 'pending') run.material.pendingRevocations.push(r.pending);
  ctx.add(revocationToCheck(id, r, ctx.now()));
}

function useCvAnchor(ctx: StepContext, caKey: { name: string; hierarchy: 'production' | 'test' | 'simulator' | 'operator'; provenance: string } | undefined): void {
  if (caKey) ctx.useAnchor({ kind: 'cv-ca-key', name: caKey.name, hierarchy: caKey.hierarchy, provenance: caKey.provenance });
}

function useRootAnchor(ctx: StepContext, chain: JpkiChainResult): void {
  if (chain.anchor) ctx.useAnchor({ kind: 'x509-root', name: chain.anchor.name, hierarchy: chain.anchor.hierarchy, provenance: chain.anchor.provenance });
}

// ------------------------------------------------------------------------------ steps

/**
 * The card session is opened in `open`; this step is the "connecting" milestone (no APDU). From a
 * recording it says so (recording.source) and whether the files match their manifest.
 */
const openCard: Step = {
  label: 'open-card',
  run: async (run, ctx) => {
    if (run.recording) ctx.add(...recordingChecks(run.recording, ctx.now()));
  },
};

/** 券面事項入力補助AP: 照合番号B, basic 4, CV certificate, integrity record, signed key. */
const readText: Step = {
  label: 'read-text',
  async run(run, ctx) {
    const { source } = run;
    await source.openText();
    let basic: BasicFour | undefined;
    try {
      basic = await source.readBasicFour();
      const cv = await verifyCvCertificate('text.cv-certificate', await source.readTextCvCertificate(), ctx.env.trust, { allAnchors: ctx.env.allAnchors });
      ctx.add(cv.check);
      useCvAnchor(ctx, cv.caKey);
      if (cv.apKey) {
        const integrity = await source.readIntegrityRecord();
        if (integrity) {
          const records = await verifyTextRecords({ integrity, basicFour: basic, signedKey: await source.readSignedPublicKey(), apKey: cv.apKey });
          ctx.add(...records.checks);
          run.textCardKey = records.cardKey;
        } else {
          // A recording: EF 0003 is withheld (it would reveal the My Number), so the basic four
          // cannot be tied to the AP's signature; the card key EF 0007 still can.
          const withheld = 'EF 0003 is never recorded (it would reveal the My Number)';
          ctx.add(check('text.integrity-signature', 'skipped', 'withheld-from-recording', withheld, ctx.now()));
          ctx.add(check('text.basic-four-digest', 'skipped', 'withheld-from-recording', withheld, ctx.now()));
          ctx.add(check('text.my-number-digest', 'skipped', 'not-read', 'the My Number was not read for this purpose', ctx.now()));
          const key = await signedKeyCheck(await source.readSignedPublicKey(), cv.apKey);
          ctx.add(key.check);
          run.textCardKey = key.cardKey;
        }
      } else {
        ctx.add(...(['text.integrity-signature', 'text.basic-four-digest', 'text.signed-key'] as const).map((id) => check(id, 'fail', cv.check.code, 'no trusted AP key', ctx.now())));
      }
    } catch (e) {
      ctx.add(readFailure('text.basic-four-digest', e, ctx.now()));
    }
    if (basic) {
      run.sources.push({ source: 'text-ap', name: basic.name, address: basic.address, birthDate: basic.birthDate, sex: sexOf(basic.sexCode) });
      run.attributes = { ...run.attributes, name: basic.name, address: basic.address, birthDate: basic.birthDate, sex: basic.sex, sources: [...run.attributes.sources, 'text-ap'] };
    }
  },
};

/** Internal authentication on one AP against the card key its signed records carried. */
function chipAuthentication(ap: 'text' | 'face'): Step {
  return {
    label: 'chip-authentication',
    async run(run, ctx) {
      if (run.chipDone.has(ap)) return;
      run.chipDone.add(ap);
      const id = ap === 'text' ? 'text.chip-authentication' : 'face.chip-authentication';
      const key = ap === 'text' ? run.textCardKey : run.faceCardKeys[0];
      if (!key) {
        ctx.add(check(id, 'fail', 'record-signature-invalid', 'no verified card key to check the chip against', ctx.now()));
        return;
      }
      ctx.add(await run.source.chipAuthentication(ap, id, key, run.seenAnswers));
    },
  };
}

/** 券面事項確認AP: the card face (照合番号B) or the age record (birth-date key), CV certificate, signatures. */
function readFace(plan: MyNumberPurpose['reads']): Step {
  return {
    label: plan.cardFace ? 'read-card-face' : 'read-age-record',
    async run(run, ctx) {
      const { source } = run;
      await source.openFace(plan.cardFace ? 'codeB' : 'birthDate');
      let faceApKey: RsaPublicKey | undefined;
      try {
        const cv = await verifyCvCertificate('face.cv-certificate', await source.readFaceCvCertificate(), ctx.env.trust, { allAnchors: ctx.env.allAnchors });
        ctx.add(cv.check);
        useCvAnchor(ctx, cv.caKey);
        faceApKey = cv.apKey;
      } catch (e) {
        ctx.add(readFailure('face.cv-certificate', e, ctx.now()));
      }
      if (plan.cardFace) {
        let face: CardFaceRecord | undefined;
        try {
          face = await source.readCardFace();
          if (faceApKey) {
            const r = await verifyCardFace(face, faceApKey);
            ctx.add(r.check);
            if (r.cardKey) run.faceCardKeys.push(r.cardKey);
          } else ctx.add(check('face.card-face-signature', 'fail', 'cv-signature-invalid', 'no trusted AP key', ctx.now()));
        } catch (e) {
          ctx.add(readFailure('face.card-face-signature', e, ctx.now()));
        }
        if (face) {
          run.material.cardFaceSignature = face.signature.slice();
          run.images.photoJp2 = face.photo;
          run.images.nameImagePng = face.nameImage;
          run.images.addressImagePng = face.addressImage;
          run.sources.push({ source: 'card-face', birthDate: face.birthDate, sex: sexOf(face.sexCode) });
          run.attributes = {
            ...run.attributes,
            birthDate: run.attributes.birthDate ?? face.birthDate,
            sex: run.attributes.sex ?? face.sex,
            cardExpiry: face.expiryDate,
            sources: [...run.attributes.sources, 'card-face'],
          };
          ctx.add(checkCardExpiry(face.expiryDate, ctx.now()));
        }
      }
      if (plan.ageRecord) {
        let age: AgeRecord | undefined;
        try {
          age = await source.readAgeRecord();
          if (faceApKey) {
            const r = await verifyAgeRecord(age, faceApKey);
            ctx.add(r.check);
            if (r.cardKey) run.faceCardKeys.push(r.cardKey);
          } else ctx.add(check('face.age-record-signature', 'fail', 'cv-signature-invalid', 'no trusted AP key', ctx.now()));
        } catch (e) {
          ctx.add(readFailure('face.age-record-signature', e, ctx.now()));
        }
        if (age) run.attributes = { ...run.attributes, age: ageAnswers(age.birthDate, ctx.now()), sources: [...run.attributes.sources, 'age-record'] };
      }
      if (run.faceCardKeys.length > 1) ctx.add(checkCardKeyConsistency(run.faceCardKeys));
    },
  };
}

/** JPKI 署名用: is there a sign certificate; sign password; the certificate and its chain. */
const readJpkiSign: Step = {
  label: 'read-jpki',
  async run(run, ctx) {
    const { source } = run;
    const availability = await source.readCertificateAvailability();
    if (!availability.hasSignCertificate) {
      ctx.add(check('jpki.sign.chain', 'fail', 'jpki-no-sign-certificate', undefined, ctx.now()));
      return;
    }
    await source.openJpkiSign();
    const der = await source.readSignCertificate();
    run.material.jpkiSignCertificate = der;
    const chain = await validateJpkiCertificate(der, 'sign', ctx.env.trust, ctx.now());
    ctx.add(chain.check);
    useRootAnchor(ctx, chain);
    run.sign = { der, chain };
  },
};

/** A fresh challenge signed by the sign key; the certificate's name, address, birth date and sex for the cross-checks. */
const jpkiSignChallenge: Step = {
  label: 'jpki-signature',
  async run(run, ctx) {
    if (!run.sign) return; // no sign certificate: already reported
    const { der } = run.sign;
    ctx.add(await run.source.jpkiChallenge('sign', der));
    let attrs: JpkiSignAttributes | undefined;
    try {
      attrs = parseJpkiSignAttributes(der);
    } catch (e) {
      // Hostile text in the certificate's name/address is a UI attack, reported as such.
      if (isKazasuError(e) && e.code === 'jpki-san-unsafe-text') ctx.add(check('cross.name', 'fail', 'text-unsafe-characters', e.code, ctx.now()));
      else ctx.add(readFailure('cross.name', e, ctx.now()));
    }
    if (attrs) {
      run.sources.push({
        source: 'jpki-sign',
        name: attrs.name,
        nameSubstituted: attrs.nameSubstituted,
        address: attrs.address,
        addressSubstituted: attrs.addressSubstituted,
        birthDate: attrs.birthDate,
        sex: attrs.sexCode === '1' ? 'male' : attrs.sexCode === '2' ? 'female' : 'unspecified',
      });
      run.attributes = { ...run.attributes, sources: [...run.attributes.sources, 'jpki-sign'] };
    }
  },
};

/** Revocation of the sign certificate (skipped when its chain did not validate). */
const signRevocation: Step = {
  label: 'revocation',
  async run(run, ctx) {
    if (!run.sign) return;
    const { der, chain } = run.sign;
    if (chain.anchor && chain.check.status === 'pass') {
      addRevocation(run, ctx, 'jpki.sign.revocation', await ctx.env.revocation.check({ certificate: der, issuer: chain.anchor.der, purpose: 'sign', now: ctx.now() }));
    } else {
      ctx.add(check('jpki.sign.revocation', 'skipped', 'not-applicable', 'chain did not validate', ctx.now()));
    }
  },
};

/** JPKI 利用者証明用 certificate (free to read) and its chain. */
const readJpkiAuth: Step = {
  label: 'read-jpki',
  async run(run, ctx) {
    const der = await run.source.readAuthCertificate();
    run.material.jpkiAuthCertificate = der;
    const chain = await validateJpkiCertificate(der, 'auth', ctx.env.trust, ctx.now());
    ctx.add(chain.check);
    useRootAnchor(ctx, chain);
    run.auth = { der, chain };
  },
};

/** With the 利用者証明用 PIN: a fresh challenge signed by the auth key. */
const jpkiAuthChallenge: Step = {
  label: 'jpki-signature',
  async run(run, ctx) {
    if (!run.auth || !run.source.hasAuthChallenge) return;
    await run.source.openJpkiAuth();
    ctx.add(await run.source.jpkiChallenge('auth', run.auth.der));
  },
};

/** Revocation of the auth certificate, when its chain validated (pending offline). */
const authRevocation: Step = {
  label: 'revocation',
  async run(run, ctx) {
    if (!run.auth) return;
    const { der, chain } = run.auth;
    if (chain.anchor && chain.check.status === 'pass') {
      addRevocation(run, ctx, 'jpki.auth.revocation', await ctx.env.revocation.check({ certificate: der, issuer: chain.anchor.der, purpose: 'auth', now: ctx.now() }));
    }
  },
};

/** Cross-checks between the sources read, and which trust anchors were used. */
const verifyStep: Step = {
  label: 'verify',
  async run(run, ctx) {
    const plan = run.purpose.reads;
    if (run.sources.length > 0 && (plan.textBasicFour || plan.cardFace)) ctx.add(...crossCheck(run.sources, ctx.now()));
    ctx.add(trustAnchorCheck(ctx.anchors(), ctx.now()));
  },
};

// ------------------------------------------------------------------------------ the plan

/**
 * The steps a purpose takes, in card order. `withAuthChallenge`: the 利用者証明用 key signs a
 * challenge too (the PIN was given, or — from a recording — its answer was recorded).
 */
export function myNumberSteps(purpose: MyNumberPurpose, withAuthChallenge: boolean): Step[] {
  const plan = purpose.reads;
  const steps: Step[] = [openCard];
  const chip = new Set(plan.chipAuthentication);
  if (plan.textBasicFour) {
    steps.push(readText);
    if (chip.delete('text')) steps.push(chipAuthentication('text'));
  }
  if (plan.cardFace || plan.ageRecord) {
    steps.push(readFace(plan));
    if (chip.delete('face')) steps.push(chipAuthentication('face'));
  }
  // An AP the plan authenticates without reading it (none today) still gets its check.
  for (const ap of chip) steps.push(chipAuthentication(ap));
  if (plan.jpkiSign) steps.push(readJpkiSign, jpkiSignChallenge, signRevocation);
  if (plan.jpkiAuthCertificate) {
    steps.push(readJpkiAuth);
    if (withAuthChallenge) steps.push(jpkiAuthChallenge);
    if (purpose.revocation !== 'none') steps.push(authRevocation);
  }
  steps.push(verifyStep);
  return steps;
}

function newRun(purpose: MyNumberPurpose, source: MyNumberSource, recording?: CardRecording): Run {
  return {
    source,
    purpose,
    ...(recording ? { recording } : {}),
    seenAnswers: new Set(),
    sources: [],
    attributes: { sources: [] },
    images: {},
    material: { pendingRevocations: [] },
    faceCardKeys: [],
    chipDone: new Set(),
  };
}

function planOf(steps: Step[], open: (ctx: StepContext) => Run): VerificationPlan<MyNumberReport, Run, MyNumberStepLabel> {
  return {
    steps,
    open,
    close: (run) => run.source.close(),
    finish: (run) => ({ attributes: run.attributes, images: run.images, material: run.material }),
  };
}

export function myNumberPlan(
  purpose: MyNumberPurpose,
  credentials: EnteredCredentials<MyNumberCredential>,
): VerificationPlan<MyNumberReport, Run, MyNumberStepLabel> {
  return planOf(myNumberSteps(purpose, credentials.values.authPin !== undefined), (ctx) => newRun(purpose, cardSource(new MyNumberCard(ctx.transport), credentials)));
}

// ------------------------------------------------------------------------------ from a recording

/** What a recording must hold for a purpose (the parts opened by a credential at read time). */
export function myNumberRecordingMissing(purpose: MyNumberPurpose, recording: CardRecording): string[] {
  const plan = purpose.reads;
  const needs: [string, string][] = [];
  if (plan.textBasicFour) needs.push([FILES.textBasicFour, 'the text AP records (recorded with --code-b)']);
  if (plan.cardFace) needs.push([FILES.faceCardFace, 'the card face (recorded with --code-b)']);
  if (plan.ageRecord) needs.push([FILES.faceAgeRecord, 'the age record (recorded with --birth-date-key)']);
  if (plan.jpkiSign) needs.push([FILES.jpkiAvailability, 'the JPKI certificate availability']);
  if (plan.jpkiAuthCertificate) needs.push([FILES.jpkiAuthCertificate, 'the JPKI authentication certificate']);
  const missing = needs.filter(([path]) => !(path in recording.files)).map(([path, what]) => `${path} (${what})`);
  // A card with a sign certificate needs it recorded for the bank purpose (a card without one fails jpki.sign.chain, as live).
  if (plan.jpkiSign && FILES.jpkiAvailability in recording.files && !(FILES.jpkiSignCertificate in recording.files)) {
    const availability = recording.files[FILES.jpkiAvailability]!;
    if (availability.length >= 1 && availability[0] !== 0x00) missing.push(`${FILES.jpkiSignCertificate} (the sign certificate, recorded with --password)`);
  }
  return missing;
}

/** The steps of `purpose` over a recording: the live list, reading the recording instead of the card. */
export function myNumberRecordingPlan(purpose: MyNumberPurpose, purposeId: string, recording: CardRecording): VerificationPlan<MyNumberReport, Run, MyNumberStepLabel> {
  const missing = myNumberRecordingMissing(purpose, recording);
  if (missing.length > 0) throw new RecordingIncompleteError(purposeId, missing);
  const source = recordingSource(recording);
  return planOf(myNumberSteps(purpose, source.hasAuthChallenge), () => newRun(purpose, source, recording));
}
