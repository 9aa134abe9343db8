/**
 * Recordings of a passport (ICAO 9303 eMRTD; documents/card-recording.ts): `kazasu read --out`
 * records the LDS files as read under secure messaging (`EF.COM.bin`, `DG<n>.bin`, `EF.SOD.bin`,
 * `EF.CardAccess.bin`, and `EF.CardSecurity.bin` after PACE-CAM) plus the chip-authentication
 * evidence that can be re-verified later:
 *  - Active Authentication (9303-11 §6.1): the fresh 8-byte challenge and the chip's signature
 *    (`pp.active-auth`), re-verified with DG15's key;
 *  - PACE-CAM (§4.4.3.5.2): the chip's mapping key of that session as the "challenge" and the
 *    decrypted CA_IC as the answer (`pp.chip-auth`), re-verified as PK_Map = CA_IC · PK_IC with
 *    the key in the signed EF.CardSecurity.
 * Chip Authentication with DG14 (§6.2) proves the chip by keying a secure-messaging session: it
 * leaves nothing a file can show, so it is not recorded and the report says the chip was not
 * checked (`chip-auth-not-recorded`). Access control (PACE/BAC) and secure messaging happened at
 * read time (the files could not have been read otherwise) and cannot be repeated: `skipped`,
 * `checked-at-read-time` — so a passport from a recording is at best `incomplete`.
 * The MRZ or CAN typed is never written (DG1's MRZ is card data, signed, and stays).
 */
import type { LdsFileName } from '../../cards/passport/lds-files';
import { parseEfCom } from '../../cards/passport/lds/ef-com';
import { parseCardSecurity } from '../../cards/passport/lds/sod';
import type { PassportCard } from '../../cards/passport/passport-card';
import { isKazasuError } from '../../errors/kazasu-error';
import { ppCheck } from '../../verify/passport/passport-checks';
import { check, type AnyCheck, type PurposeId } from '../../verify/report';
import type { CardRecording, RecordedChallenge } from '../card-recording';
import type { StepContext, VerificationPlan, VerificationStep } from '../document-driver';
import { recordedFile, recordingChecks, RecordingFileMissingError, RecordingIncompleteError } from '../recording-checks';
import { readFailure } from '../step-helpers';
import type { PassportPurpose } from './passport-purposes';
import type { PassportReport } from './passport-report';
import { DG_NUMBER_OF, passiveAuthentication, type PassportRun, type PassportStepLabel } from './passport-steps';

/** The recorded path of an LDS file. */
export const passportRecordedPath = (name: LdsFileName | 'EF.CardAccess' | 'EF.CardSecurity'): string => `${name}.bin`;

export const AA_CHECK = 'pp.active-auth';
export const CAM_CHECK = 'pp.chip-auth';

type Step = VerificationStep<PassportRun, PassportStepLabel>;

/**
 * The run has no card: a step that reaches for it (none of the recorded steps does) fails with a
 * typed error instead of sending anything.
 */
const NO_CARD = new Proxy(
  {},
  {
    get() {
      throw new RecordingFileMissingError('(a card: this is a recording)');
    },
  },
) as PassportCard;

export function passportRecordingMissing(purpose: PassportPurpose, recording: CardRecording): string[] {
  const missing = ['EF.COM', 'EF.SOD'].map((n) => passportRecordedPath(n as LdsFileName)).filter((p) => !(p in recording.files));
  const com = recording.files[passportRecordedPath('EF.COM')];
  if (com) {
    let listed: readonly number[] = [];
    try {
      listed = parseEfCom(com).dataGroups;
    } catch {
      // A damaged EF.COM is reported by pp.lds.structure when verifying.
    }
    // Data groups the purpose reads that EF.COM lists (DG1 at least) must be there.
    for (const dg of purpose.reads.dataGroups) {
      const path = passportRecordedPath(dg);
      if (listed.includes(DG_NUMBER_OF[dg]!) && !(path in recording.files)) missing.push(path);
    }
  }
  return missing.map((p) => `${p} (recorded with --mrz or --can)`);
}

/** The recorded answer of `id`, if the recording holds one. */
function recorded(recording: CardRecording, id: string): RecordedChallenge | undefined {
  return recording.challenges.find((c) => c.check === id);
}

const openRecording: Step = {
  label: 'open-card',
  async run(run, ctx) {
    ctx.add(...recordingChecks(recordingOf(run), ctx.now()));
  },
};

function recordingOf(run: PassportRun): CardRecording {
  if (!run.recording) throw new RecordingFileMissingError('(the recording)');
  return run.recording;
}

/** EF.COM, then the purpose's data groups EF.COM lists and EF.SOD, from the files (each parsed as live). */
const loadFiles: Step = {
  label: 'read-document-data',
  async run(run, ctx) {
    const recording = recordingOf(run);
    const com = recordedFile(recording, passportRecordedPath('EF.COM'));
    run.files.set('EF.COM', com);
    try {
      run.listed = new Set(parseEfCom(com).dataGroups);
    } catch (e) {
      ctx.add(readFailure('pp.lds.structure', e, ctx.now()));
      run.listed = new Set();
    }
    for (const dg of run.purpose.reads.dataGroups) {
      const path = passportRecordedPath(dg);
      if (run.listed.has(DG_NUMBER_OF[dg]!) && path in recording.files) run.files.set(dg, recordedFile(recording, path));
    }
    run.files.set('EF.SOD', recordedFile(recording, passportRecordedPath('EF.SOD')));
  },
};

/** The Active Authentication answer recorded at read time (re-verified by passive authentication's step). */
const recordedActiveAuthentication: Step = {
  label: 'active-authentication',
  async run(run) {
    const aa = recorded(recordingOf(run), AA_CHECK);
    if (run.purpose.reads.activeAuthentication && aa && run.files.has('DG15')) run.activeAuthentication = { challenge: aa.challenge.slice(), response: aa.response.slice() };
  },
};

/** PACE-CAM's recorded proof, with the chip key from the recorded (and then verified) EF.CardSecurity. */
const recordedChipAuthentication: Step = {
  label: 'chip-authentication',
  async run(run, ctx) {
    const recording = recordingOf(run);
    const cam = recorded(recording, CAM_CHECK);
    const path = passportRecordedPath('EF.CardSecurity');
    if (!run.purpose.reads.chipAuthentication || !cam || !(path in recording.files)) return;
    try {
      run.cardSecurity = recordedFile(recording, path);
      const key = parseCardSecurity(run.cardSecurity).securityInfos.chipAuthenticationPublicKeys[0];
      run.chipAuthentication = {
        protocol: 'PACE-CAM',
        chipStaticPublicKey: key && key.publicKey.kind === 'ec' ? key.publicKey.point : new Uint8Array(0),
        caIc: cam.response.slice(),
        mappingPublicKey: cam.challenge.slice(),
      };
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      ctx.add(readFailure('pp.lds.structure', e, ctx.now()));
    }
  },
};

/**
 * Passive authentication exactly as live; the chip checks it yields are re-labelled: a pass came
 * from an answer recorded at read time, a check with nothing recorded says the chip was not
 * checked (never a pass).
 */
const recordedPassiveAuthentication: Step = {
  label: 'passive-authentication',
  async run(run, ctx) {
    const recording = recordingOf(run);
    const relabel = (c: AnyCheck): AnyCheck => {
      if (c.id === AA_CHECK || c.id === CAM_CHECK || c.id === 'pp.chip.genuine') {
        if (c.status === 'pass') {
          const at = recorded(recording, c.id === 'pp.chip.genuine' ? (run.activeAuthentication ? AA_CHECK : CAM_CHECK) : c.id)?.at;
          return { ...c, code: 'recorded-answer-verified', detail: `${c.detail ? `${c.detail}; ` : ''}answer recorded ${at ?? '(time not recorded)'}` };
        }
        if (c.status === 'skipped' && c.code === 'not-read') {
          const why = c.id === CAM_CHECK ? 'Chip Authentication keys a secure-messaging session and leaves nothing a recording can hold' : 'no challenge and answer in the recording';
          return check(c.id, 'skipped', 'chip-auth-not-recorded', `${why}: the chip was not checked`, new Date(c.at));
        }
      }
      return c;
    };
    const relabelling: StepContext = {
      transport: ctx.transport,
      env: ctx.env,
      purpose: ctx.purpose,
      credentials: ctx.credentials,
      now: () => ctx.now(),
      add: (...checks) => ctx.add(...checks.map(relabel)),
      useAnchor: (a) => ctx.useAnchor(a),
      anchors: () => ctx.anchors(),
    };
    await passiveAuthentication.run(run, relabelling);
  },
};

/** Access control and secure messaging were the card's, at read time; the address policy as live. */
const recordedVerify: Step = {
  label: 'verify',
  async run(run, ctx) {
    const why = 'the files were read under it when the card was on the reader (they could not be read otherwise)';
    ctx.add(check('pp.access-control', 'skipped', 'checked-at-read-time', why, ctx.now()));
    ctx.add(check('pp.secure-messaging', 'skipped', 'checked-at-read-time', why, ctx.now()));
    if (run.purpose.reads.needsAddress && run.verification) {
      if (run.attributes.address) ctx.add(ppCheck('pp.address', 'pass', 'ok', 'DG11', ctx.now()));
      else {
        run.attributes.supplementaryDocument = 'required';
        ctx.add(ppCheck('pp.address', 'warn', 'pp-address-not-on-document', run.files.has('DG11') ? 'DG11 holds no address' : 'no DG11', ctx.now()));
      }
    }
  },
};

export function passportRecordingPlan(purposeId: PurposeId, purpose: PassportPurpose, recording: CardRecording): VerificationPlan<PassportReport, PassportRun, PassportStepLabel> {
  const missing = passportRecordingMissing(purpose, recording);
  if (missing.length > 0) throw new RecordingIncompleteError(purposeId, missing);
  return {
    steps: [openRecording, loadFiles, recordedActiveAuthentication, recordedChipAuthentication, recordedPassiveAuthentication, recordedVerify],
    open: () => {
      const run: PassportRun = { card: NO_CARD, purpose, credentials: { values: {}, confirmLastTry: false }, files: new Map(), attributes: {}, images: {}, material: { pendingRevocations: [] }, recording };
      return run;
    },
    close: (run) => {
      for (const b of run.files.values()) b.fill(0);
      run.files.clear();
    },
    finish: (run) => ({ attributes: run.attributes, images: run.images, material: run.material }),
  };
}
