/**
 * A passport's verification, step by step in card order (ICAO 9303-11 §4.2 inspection
 * procedure): EF.CardAccess, access control (PACE, falling back to BAC), EF.COM, the purpose's
 * data groups and EF.SOD — each read once under secure messaging —, Active Authentication,
 * Chip Authentication (or PACE-CAM's proof), passive authentication of everything read, then the
 * address policy. The progress total is the number of steps; a step with nothing to do (a data
 * group EF.COM does not list) still counts, so the total never changes mid-way.
 *
 * Errors: a wrong MRZ / CAN (bac-wrong-mrz, pace-wrong-password) and a card that leaves the reader
 * end the verification as typed errors (not results). A broken secure-messaging session (a MAC
 * that does not verify, a plain answer under SM) is a result: `pp.secure-messaging` fails with its
 * own reason and nothing more is read from that chip.
 */
import { CardChannel } from '../../cards/iso7816/card-channel';
import { canKey } from '../../cards/passport/can';
import { chooseChipAuthentication } from '../../cards/passport/chip-authentication';
import type { LdsFileName } from '../../cards/passport/lds-files';
import { parseDg11, parseDg12 } from '../../cards/passport/lds/dg11-dg12';
import { parseDg2 } from '../../cards/passport/lds/dg2';
import { parseEfCom } from '../../cards/passport/lds/ef-com';
import { mrzDateToIso, type Mrz } from '../../cards/passport/lds/mrz';
import { parseCardSecurity } from '../../cards/passport/lds/sod';
import { mrzKeyFromFields } from '../../cards/passport/mrz-key';
import { dg14SecurityInfos, PassportCard, type AccessResult, type PassportDetection } from '../../cards/passport/passport-card';
import { PassportError } from '../../cards/passport/passport-error';
import { isSupportedGroup } from '../../cards/passport/domain-parameters';
import { paceInfos } from '../../cards/passport/security-infos';
import { IcaoSmError } from '../../cards/secure-messaging/icao-sm-error';
import { isKazasuError } from '../../errors/kazasu-error';
import type { ChipAuthReport } from '../../verify/passport/chip-auth';
import { ppCheck } from '../../verify/passport/passport-checks';
import { createPassportTrustStore } from '../../verify/passport/trust/passport-trust';
import { verifyPassportRead, type PassportVerification } from '../../verify/passport/verify-passport';
import type { AnyCheck } from '../../verify/report';
import type { CardRecording } from '../card-recording';
import type { EnteredCredentials, StepContext, VerificationPlan, VerificationStep } from '../document-driver';
import { ageAnswers, isCredentialOrTransportError, MissingCredentialError, readFailure } from '../step-helpers';
import { PASSPORT_CREDENTIAL_SPECS, type PassportCredential } from './passport-credentials';
import type { PassportPurpose } from './passport-purposes';
import type { PassportAttributes, PassportImages, PassportMaterial, PassportReport } from './passport-report';

export const DG_NUMBER_OF: Readonly<Record<string, number>> = { DG1: 1, DG2: 2, DG11: 11, DG12: 12, DG14: 14, DG15: 15 };

export type PassportStepLabel =
  | 'open-card'
  | 'card-access'
  | 'access-control'
  | 'read-document-data'
  | 'read-face'
  | 'read-security-data'
  | 'active-authentication'
  | 'chip-authentication'
  | 'passive-authentication'
  | 'verify';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface PassportRun {
  readonly card: PassportCard;
  readonly purpose: PassportPurpose;
  readonly credentials: EnteredCredentials<PassportCredential>;
  detection?: PassportDetection;
  access?: AccessResult;
  password?: 'mrz' | 'can';
  /** Why secure messaging ended early (nothing more is read). */
  smFailure?: IcaoSmError;
  /** Data groups EF.COM lists. */
  listed?: ReadonlySet<number>;
  readonly files: Map<LdsFileName, Uint8Array>;
  activeAuthentication?: { readonly challenge: Uint8Array; readonly response: Uint8Array };
  chipAuthentication?: ChipAuthReport;
  cardSecurity?: Uint8Array;
  verification?: PassportVerification;
  attributes: Mutable<PassportAttributes>;
  readonly images: Mutable<PassportImages>;
  readonly material: Mutable<PassportMaterial>;
  /** Set when verifying from a recording (passport-recording.ts): the steps read it, not a card. */
  readonly recording?: CardRecording;
}

type Step = VerificationStep<PassportRun, PassportStepLabel>;

const DG_NUMBER = DG_NUMBER_OF;

function smCode(e: IcaoSmError): 'pp-sm-mac-invalid' | 'pp-sm-downgrade' | 'pp-sm-failed' {
  if (e.code === 'sm-mac-mismatch') return 'pp-sm-mac-invalid';
  if (e.code === 'sm-downgrade') return 'pp-sm-downgrade';
  return 'pp-sm-failed';
}

/** A secure-messaging failure inside another error (Chip Authentication wraps the one that ended it). */
function smErrorIn(e: unknown): IcaoSmError | undefined {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) if (x instanceof IcaoSmError) return x;
  return undefined;
}

// ------------------------------------------------------------------------------ steps

/** The card session is opened in `open`; this step is the "connecting" milestone (no APDU). */
const openCard: Step = { label: 'open-card', run: async () => undefined };

/**
 * EF.CardAccess from the MF (plain, 9303-11 §4.2 step 1). Detection left the eMRTD application
 * selected, and a short EF identifier is resolved in the current DF, so the MF is selected first
 * (its answer does not matter: some chips refuse SELECT MF and stay in the MF after reset).
 */
const cardAccess: Step = {
  label: 'card-access',
  async run(run) {
    await run.card.channel.send({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Uint8Array.of(0x3f, 0x00) });
    run.detection = await run.card.detect();
  },
};

/** PACE with the MRZ (or the CAN when only that was given), BAC when the chip has no usable PACE. */
const accessControl: Step = {
  label: 'access-control',
  async run(run, ctx) {
    const { mrz, can } = run.credentials.values;
    let password;
    if (mrz) {
      // The format check again (the kiosk and the CLI pass what was typed or pasted).
      const [documentNumber = '', birthDate = '', expiryDate = ''] = PASSPORT_CREDENTIAL_SPECS.mrz.normalise(mrz).split(' ');
      password = mrzKeyFromFields({ documentNumber, birthDate, expiryDate });
      run.password = 'mrz';
    } else if (can) {
      password = canKey(PASSPORT_CREDENTIAL_SPECS.can.normalise(can));
      run.password = 'can';
    } else throw new MissingCredentialError('mrz');
    try {
      run.access = await run.card.authenticate(password);
    } catch (e) {
      // PACE succeeded but the first protected command (SELECT of the application) broke SM.
      const sm = smErrorIn(e);
      if (sm) {
        run.smFailure = sm;
        return;
      }
      // Which entry was wrong, for the kiosk (the code stays the card library's).
      if (e instanceof PassportError) Object.defineProperty(e, 'password', { value: run.password, enumerable: false });
      throw e;
    }
    const a = run.access;
    run.attributes.access = {
      method: a.method,
      password: a.pace?.password ?? 'mrz',
      ...(a.pace ? { paceProtocol: a.pace.protocol, paceParameterId: a.pace.parameterId } : {}),
      ...(a.fallbackReason ? { fallbackReason: a.fallbackReason } : {}),
    };
    const detail = a.method === 'pace' ? `PACE ${a.pace!.protocol} (parameter ${a.pace!.parameterId}, ${a.pace!.password.toUpperCase()})` : 'BAC';
    if (a.method === 'bac' && a.fallbackReason) ctx.add(ppCheck('pp.access-control', 'warn', 'pp-pace-fallback-bac', `${detail}: ${a.fallbackReason}`, ctx.now()));
    else ctx.add(ppCheck('pp.access-control', 'pass', 'ok', detail, ctx.now()));
  },
};

/** One LDS file, read once (chunked for the reader by the card library). */
function readFile(name: LdsFileName, label: PassportStepLabel): Step {
  return {
    label,
    async run(run, ctx) {
      if (run.smFailure) return;
      const dg = DG_NUMBER[name];
      if (dg !== undefined && !run.listed?.has(dg)) return;
      try {
        const bytes = await run.card.readFile(name);
        run.files.set(name, bytes);
        if (name === 'EF.COM') run.listed = new Set(parseEfCom(bytes).dataGroups);
      } catch (e) {
        const sm = smErrorIn(e);
        if (sm) {
          run.smFailure = sm;
          return;
        }
        ctx.add(readFailure('pp.lds.structure', e, ctx.now()));
        if (name === 'EF.COM') run.listed = new Set();
      }
    },
  };
}

/** INTERNAL AUTHENTICATE with a fresh challenge (9303-11 §6.1); the verifier judges the answer. */
const activeAuthentication: Step = {
  label: 'active-authentication',
  async run(run) {
    if (run.smFailure || !run.files.has('DG15')) return;
    try {
      const r = await run.card.activeAuthenticate();
      run.activeAuthentication = { challenge: r.nonce, response: r.signature };
    } catch (e) {
      const sm = smErrorIn(e);
      if (sm) {
        run.smFailure = sm;
        return;
      }
      if (!(e instanceof PassportError)) throw e;
      // DG15 names an AA key but the chip does not answer the challenge: no signature is an
      // invalid signature (a copy of the data on another chip behaves exactly like this).
      run.activeAuthentication = { challenge: new Uint8Array(8), response: new Uint8Array(0) };
    }
  },
};

/**
 * Chip Authentication with DG14's key (9303-11 §6.2; SM re-keyed and confirmed), or, after
 * PACE-CAM, the chip's proof from the mapping with EF.CardSecurity's key (§4.4.3.5). Runs after
 * Active Authentication: a failed Chip Authentication ends the SM session.
 */
const chipAuthentication: Step = {
  label: 'chip-authentication',
  async run(run, ctx) {
    if (run.smFailure) return;
    const cam = run.access?.cam;
    if (cam) {
      try {
        run.cardSecurity = await run.card.readCardSecurity();
        const keys = parseCardSecurity(run.cardSecurity).securityInfos.chipAuthenticationPublicKeys;
        const key = keys.find((k) => k.keyId === cam.keyId) ?? keys[0];
        run.chipAuthentication = {
          protocol: 'PACE-CAM',
          chipStaticPublicKey: key && key.publicKey.kind === 'ec' ? key.publicKey.point : new Uint8Array(0),
          caIc: cam.chipAuthenticationData,
          mappingPublicKey: cam.chipMappingKey,
        };
      } catch (e) {
        const sm = smErrorIn(e);
        if (sm) run.smFailure = sm;
        // EF.CardSecurity unreadable: PACE-CAM's proof cannot be checked, which is no pass
        // (transport errors and untyped ones propagate from readFailure).
        else ctx.add(readFailure('pp.lds.structure', e, ctx.now()));
      }
      return;
    }
    const dg14 = run.files.get('DG14');
    if (!dg14) return;
    let infos;
    let choice;
    try {
      infos = dg14SecurityInfos(dg14);
      choice = chooseChipAuthentication(infos);
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      return; // DG14 without a usable CA key: the verifier says 'not supported' or 'malformed'
    }
    const base = { protocol: 'CA' as const, protocolOid: choice.info.protocol, ...(choice.key.keyId !== undefined ? { keyId: choice.key.keyId } : {}), chipPublicKey: choice.key.publicKey };
    try {
      await run.card.chipAuthenticate(infos);
      run.chipAuthentication = { ...base, secureMessagingVerified: true };
    } catch (e) {
      if (!isKazasuError(e) || isCredentialOrTransportError(e) || isCredentialOrTransportError({ code: (e as { cause?: { code?: string } }).cause?.code ?? '' })) throw e;
      // The chip could not answer under keys derived from DG14's key: a clone (the session is gone).
      run.chipAuthentication = { ...base, secureMessagingVerified: false, failure: `${e.code}: ${e.message}` };
    }
  },
};

/** Passive authentication of everything read, AA / CA verdicts, expiry; the attributes and face. */
export const passiveAuthentication: Step = {
  label: 'passive-authentication',
  async run(run, ctx) {
    const sod = run.files.get('EF.SOD');
    const dataGroups = new Map<number, Uint8Array>();
    for (const [name, bytes] of run.files) if (DG_NUMBER[name] !== undefined) dataGroups.set(DG_NUMBER[name]!, bytes);
    if (!sod || run.smFailure) {
      const why = run.smFailure ? 'secure messaging ended before the security object was read' : 'EF.SOD was not read';
      for (const id of ['pp.passive-auth.dg-hashes', 'pp.passive-auth.sod-signature', 'pp.passive-auth.dsc-chain'] as const) ctx.add(ppCheck(id, 'skipped', 'not-read', why, ctx.now()));
      return;
    }
    const trust = ctx.env.passportTrust ?? createPassportTrustStore(ctx.env.trust.mode);
    const v = await verifyPassportRead({
      sod,
      dataGroups,
      trust,
      now: ctx.now(),
      ...(run.activeAuthentication ? { activeAuthentication: run.activeAuthentication } : {}),
      ...(run.chipAuthentication ? { chipAuthentication: run.chipAuthentication } : {}),
      ...(run.cardSecurity ? { cardSecurity: run.cardSecurity } : {}),
    });
    run.verification = v;
    ctx.add(...(v.checks as readonly AnyCheck[]));
    const cardAccessCheck = checkCardAccessAgainstDg14(run, v, ctx.now());
    if (cardAccessCheck) ctx.add(cardAccessCheck);
    for (const a of v.passiveAuth.anchors) ctx.useAnchor(a);
    if (v.passiveAuth.dsc) run.material.dscSha256 = v.passiveAuth.dsc.sha256.toUpperCase();
    if (v.passiveAuth.csca) run.material.cscaSha256 = v.passiveAuth.csca.sha256.toUpperCase();
    if (v.passiveAuth.scheme) run.material.sodScheme = v.passiveAuth.scheme;
    run.attributes.chipProtocols = {
      activeAuthentication: run.activeAuthentication !== undefined,
      ...(run.chipAuthentication ? { chipAuthentication: run.chipAuthentication.protocol } : {}),
    };
    run.attributes.dataGroupsRead = [...dataGroups.keys()];
    if (v.mrz) Object.assign(run.attributes, mrzAttributes(v.mrz, ctx.now(), run.purpose.reads.dataGroups.includes('DG2') || run.purpose.reads.needsAddress));
    if (ctx.purpose === 'age' && run.attributes.birthDate) {
      // The age check shows only the answers (as for the My Number Card's age record).
      const { documentNumber, issuingState, cardExpiry, access } = run.attributes;
      run.attributes = { age: ageAnswers(run.attributes.birthDate, ctx.now()), documentNumber, issuingState, cardExpiry, access };
    }
    decodeOptional(run, dataGroups);
  },
};

/** The purpose's address policy. */
const verifyStep: Step = {
  label: 'verify',
  async run(run, ctx) {
    ctx.add(
      run.smFailure
        ? ppCheck('pp.secure-messaging', 'fail', smCode(run.smFailure), run.smFailure.code, ctx.now())
        : ppCheck('pp.secure-messaging', 'pass', 'ok', run.access?.method === 'bac' ? '3DES secure messaging (BAC)' : 'secure messaging (PACE)', ctx.now()),
    );
    if (run.purpose.reads.needsAddress && run.verification) {
      if (run.attributes.address) ctx.add(ppCheck('pp.address', 'pass', 'ok', 'DG11', ctx.now()));
      else {
        run.attributes.supplementaryDocument = 'required';
        ctx.add(ppCheck('pp.address', 'warn', 'pp-address-not-on-document', run.files.has('DG11') ? 'DG11 holds no address' : 'no DG11', ctx.now()));
      }
    }
  },
};

/**
 * EF.CardAccess is read before access control and unprotected (9303-11 §4.2), so an attacker can
 * remove or spoil it to push the reader down to BAC. DG14, signed, lists the chip's PACEInfos too
 * (§9.2): a chip opened with BAC whose verified DG14 offers PACE while EF.CardAccess offered none
 * was downgraded. (A fallback because Kazasu or the reader cannot do the offered parameters is
 * not a downgrade: EF.CardAccess offered PACE then.)
 */
function checkCardAccessAgainstDg14(run: PassportRun, v: PassportVerification, now: Date): AnyCheck | undefined {
  const dg14 = run.files.get('DG14');
  if (!dg14 || !v.passiveAuth.dataVerified || !v.passiveAuth.verifiedDataGroups.includes(14) || !run.access) return undefined;
  let signed: number;
  try {
    signed = paceInfos(dg14SecurityInfos(dg14)).length;
  } catch {
    return undefined; // DG14 structure is reported by pp.lds.structure
  }
  const offered = paceInfos(run.detection?.securityInfos ?? []);
  // PACE EF.CardAccess offered that this reader and Kazasu can run (2048-bit DH needs extended length).
  const usable = offered.filter((p) => p.algorithm && p.version === 2 && p.parameterId !== undefined && isSupportedGroup(p.parameterId) && (run.card.channel.extendedLength || (p.parameterId !== 1 && p.parameterId !== 2)));
  if (run.access.method === 'bac' && signed > 0 && (offered.length === 0 || usable.length > 0)) {
    const why = offered.length === 0 ? `EF.CardAccess ${run.detection?.cardAccess ? 'listed none' : 'was not readable'}` : `the chip refused the PACE it offers (${run.access.fallbackReason ?? 'refused'})`;
    return ppCheck('pp.card-access', 'fail', 'pp-pace-downgrade', `DG14 lists ${signed} PACEInfo(s); ${why}`, now);
  }
  return ppCheck('pp.card-access', 'pass', 'ok', signed > 0 ? `PACE offered in DG14 and EF.CardAccess` : 'no PACE in DG14', now);
}

// ------------------------------------------------------------------------------ attributes

function mrzAttributes(mrz: Mrz, now: Date, full: boolean): Partial<PassportAttributes> {
  const birthDate = mrzDateToIso(mrz.birthDate, 'birth', now);
  const cardExpiry = mrzDateToIso(mrz.expiryDate, 'expiry', now);
  const name = [mrz.name.primary, mrz.name.secondary].filter((s) => s.length > 0).join(' ');
  return {
    documentNumber: mrz.documentNumber,
    issuingState: mrz.issuingState,
    documentCode: mrz.documentCode,
    ...(birthDate ? { birthDate } : {}),
    ...(cardExpiry ? { cardExpiry } : {}),
    ...(full
      ? {
          name,
          primaryIdentifier: mrz.name.primary,
          secondaryIdentifier: mrz.name.secondary,
          namePossiblyTruncated: mrz.name.possiblyTruncated,
          nationality: mrz.nationality,
          sex: mrz.sex === 'M' ? ('male' as const) : mrz.sex === 'F' ? ('female' as const) : ('unknown' as const),
        }
      : {}),
  };
}

/** DG2's face, DG11's name, place of birth and address, DG12's issue data — when read and decodable. */
function decodeOptional(run: PassportRun, dataGroups: ReadonlyMap<number, Uint8Array>): void {
  const dg2 = dataGroups.get(2);
  if (dg2) {
    try {
      const face = parseDg2(dg2).faces[0];
      if (face) {
        if (face.format === 'jpeg') run.images.faceJpeg = face.data.slice();
        else run.images.faceJp2 = face.data.slice();
        run.images.faceContainer = face.container;
      }
    } catch {
      /* reported by pp.lds.structure */
    }
  }
  const dg11 = dataGroups.get(11);
  if (dg11) {
    try {
      const d = parseDg11(dg11);
      if (d.fullName) run.attributes.fullName = d.fullName.replace(/<<?/g, ' ').trim();
      if (d.placeOfBirth) run.attributes.placeOfBirth = d.placeOfBirth.replace(/</g, ', ');
      if (d.address) run.attributes.address = d.address.replace(/</g, ', ');
    } catch {
      /* reported by pp.lds.structure */
    }
  }
  run.attributes.addressOnDocument = run.attributes.address !== undefined;
  const dg12 = dataGroups.get(12);
  if (dg12) {
    try {
      const d = parseDg12(dg12);
      if (d.issuingAuthority) run.attributes.issuingAuthority = d.issuingAuthority;
      if (d.dateOfIssue) run.attributes.dateOfIssue = d.dateOfIssue;
    } catch {
      /* reported by pp.lds.structure */
    }
  }
}

// ------------------------------------------------------------------------------ the plan

/** The steps a purpose takes, in card order. */
export function passportSteps(purpose: PassportPurpose): Step[] {
  const plan = purpose.reads;
  const steps: Step[] = [openCard, cardAccess, accessControl, readFile('EF.COM', 'read-document-data')];
  for (const dg of plan.dataGroups) steps.push(readFile(dg, dg === 'DG2' ? 'read-face' : dg === 'DG14' || dg === 'DG15' ? 'read-security-data' : 'read-document-data'));
  steps.push(readFile('EF.SOD', 'read-security-data'));
  if (plan.activeAuthentication) steps.push(activeAuthentication);
  if (plan.chipAuthentication) steps.push(chipAuthentication);
  steps.push(passiveAuthentication, verifyStep);
  return steps;
}

export function passportPlan(purpose: PassportPurpose, credentials: EnteredCredentials<PassportCredential>): VerificationPlan<PassportReport, PassportRun, PassportStepLabel> {
  return {
    steps: passportSteps(purpose),
    open: (ctx: StepContext) => ({
      card: new PassportCard(new CardChannel(ctx.transport)),
      purpose,
      credentials,
      files: new Map(),
      attributes: {},
      images: {},
      material: { pendingRevocations: [] },
    }),
    close: (run) => {
      run.card.close();
      for (const b of run.files.values()) b.fill(0);
      run.files.clear();
    },
    finish: (run) => ({ attributes: run.attributes, images: run.images, material: run.material }),
  };
}

