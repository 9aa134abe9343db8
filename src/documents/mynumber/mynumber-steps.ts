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
import { authenticateChip, newChallenge } from '../../verify/card/chip-authentication';
import { checkCardExpiry } from '../../verify/card/card-expiry';
import { verifyCvCertificate } from '../../verify/card/cv-certificate-check';
import { checkCardKeyConsistency, verifyAgeRecord, verifyCardFace } from '../../verify/card/face-records-check';
import { verifyTextRecords } from '../../verify/card/text-records-check';
import { crossCheck, type AttributeSource } from '../../verify/cross-checks';
import { validateJpkiCertificate, type JpkiChainResult } from '../../verify/jpki/jpki-chain';
import { parseJpkiSignAttributes, type JpkiSignAttributes } from '../../verify/jpki/jpki-attributes';
import { jpkiChallengeDigestInfo, verifyJpkiChallenge } from '../../verify/jpki/jpki-challenge';
import { revocationToCheck, type PendingRevocation, type RevocationResult } from '../../verify/revocation/revocation-checker';
import { check } from '../../verify/report';
import type { EnteredCredentials, StepContext, VerificationPlan, VerificationStep } from '../document-driver';
import { ageAnswers, readFailure, requireCredential, trustAnchorCheck } from '../step-helpers';
import type { MyNumberCredential } from './mynumber-credentials';
import type { MyNumberPurpose } from './mynumber-purposes';
import type { MyNumberAttributes, MyNumberImages, MyNumberReport } from './mynumber-report';

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
  readonly card: MyNumberCard;
  readonly purpose: MyNumberPurpose;
  readonly credentials: EnteredCredentials<MyNumberCredential>;
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

function confirm(run: Run): { confirmLastTry: boolean } {
  return { confirmLastTry: run.credentials.confirmLastTry };
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

/** The card session is opened in `open`; this step is the "connecting" milestone (no APDU). */
const openCard: Step = { label: 'open-card', run: async () => undefined };

/** 券面事項入力補助AP: 照合番号B, basic 4, CV certificate, integrity record, signed key. */
const readText: Step = {
  label: 'read-text',
  async run(run, ctx) {
    const { card } = run;
    await card.text.verify('codeB', requireCredential(run.credentials.values.codeB, 'codeB'), confirm(run));
    let basic: BasicFour | undefined;
    try {
      basic = await card.text.readBasicFour();
      const cv = await verifyCvCertificate('text.cv-certificate', await card.text.readCvCertificate(), ctx.env.trust, { allAnchors: ctx.env.allAnchors });
      ctx.add(cv.check);
      useCvAnchor(ctx, cv.caKey);
      if (cv.apKey) {
        const records = await verifyTextRecords({
          integrity: await card.text.readIntegrityRecord(),
          basicFour: basic,
          signedKey: await card.text.readSignedPublicKey(),
          apKey: cv.apKey,
        });
        ctx.add(...records.checks);
        run.textCardKey = records.cardKey;
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
      ctx.add(await authenticateChip(ap === 'text' ? run.card.text : run.card.face, id, key, run.seenAnswers));
    },
  };
}

/** 券面事項確認AP: the card face (照合番号B) or the age record (birth-date key), CV certificate, signatures. */
function readFace(plan: MyNumberPurpose['reads']): Step {
  return {
    label: plan.cardFace ? 'read-card-face' : 'read-age-record',
    async run(run, ctx) {
      const { card } = run;
      if (plan.cardFace) await card.face.verify('codeB', requireCredential(run.credentials.values.codeB, 'codeB'), confirm(run));
      else await card.face.verify('birthDate', requireCredential(run.credentials.values.birthDateKey, 'birthDateKey'), confirm(run));
      let faceApKey: RsaPublicKey | undefined;
      try {
        const cv = await verifyCvCertificate('face.cv-certificate', await card.face.readCvCertificate(), ctx.env.trust, { allAnchors: ctx.env.allAnchors });
        ctx.add(cv.check);
        useCvAnchor(ctx, cv.caKey);
        faceApKey = cv.apKey;
      } catch (e) {
        ctx.add(readFailure('face.cv-certificate', e, ctx.now()));
      }
      if (plan.cardFace) {
        let face: CardFaceRecord | undefined;
        try {
          face = await card.face.readCardFace();
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
          age = await card.face.readAgeRecord();
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
    const { card } = run;
    const availability = await card.jpki.readCertificateAvailability();
    if (!availability.hasSignCertificate) {
      ctx.add(check('jpki.sign.chain', 'fail', 'jpki-no-sign-certificate', undefined, ctx.now()));
      return;
    }
    await card.jpki.verify('sign', requireCredential(run.credentials.values.signPassword, 'signPassword'), confirm(run));
    const der = await card.jpki.readSignCertificate();
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
    const challenge = newChallenge();
    const signature = await run.card.jpki.signDigestInfo('sign', await jpkiChallengeDigestInfo(challenge));
    ctx.add(await verifyJpkiChallenge('sign', der, challenge, signature));
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
    const der = await run.card.jpki.readAuthCertificate();
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
    if (!run.auth || run.credentials.values.authPin === undefined) return;
    await run.card.jpki.verify('auth', run.credentials.values.authPin, confirm(run));
    const challenge = newChallenge();
    const signature = await run.card.jpki.signDigestInfo('auth', await jpkiChallengeDigestInfo(challenge));
    ctx.add(await verifyJpkiChallenge('auth', run.auth.der, challenge, signature));
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

/** The steps a purpose takes, in card order. */
export function myNumberSteps(purpose: MyNumberPurpose, credentials: EnteredCredentials<MyNumberCredential>): Step[] {
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
    if (credentials.values.authPin !== undefined) steps.push(jpkiAuthChallenge);
    if (purpose.revocation !== 'none') steps.push(authRevocation);
  }
  steps.push(verifyStep);
  return steps;
}

export function myNumberPlan(
  purpose: MyNumberPurpose,
  credentials: EnteredCredentials<MyNumberCredential>,
): VerificationPlan<MyNumberReport, Run, MyNumberStepLabel> {
  return {
    steps: myNumberSteps(purpose, credentials),
    open: (ctx) => ({
      card: new MyNumberCard(ctx.transport),
      purpose,
      credentials,
      seenAnswers: new Set(),
      sources: [],
      attributes: { sources: [] },
      images: {},
      material: { pendingRevocations: [] },
      faceCardKeys: [],
      chipDone: new Set(),
    }),
    close: (run) => run.card.close(),
    finish: (run) => ({ attributes: run.attributes, images: run.images, material: run.material }),
  };
}

