/**
 * Recordings of a driver's licence card (documents/card-recording.ts; `kazasu read --out`,
 * `kazasu verify --dump`). Files: `<dir>/<file>.bin` by the card library's file names
 * (cards/licence/licence-layout.ts), bytes as read: `mf/common.bin`, `mf/pinSetting.bin`,
 * `df1/entries.bin`, `df1/changes.bin`, `df1/gaiji.bin` / `df1/gaijiChanges.bin` where the text
 * uses 外字, `df2/photo.bin` (read with PIN2).
 *
 * Never recorded: 本籍 (DF1 EF02) and its change records — they are never even read by `kazasu
 * read`. The issuer signature is believed to cover 本籍 (cards/licence/signed-data.ts, recipe
 * UNCONFIRMED), so `dl.signature` cannot be checked from a recording (`withheld-from-recording`).
 * A licence has no chip authentication: live, the chip is trusted because it answered the
 * holder's PINs and its data checks out; none of that can be repeated from files. A verification
 * from a recording therefore also requires `dl.signature` (`requiredChecks` below), so it is at
 * best `incomplete`: the details, dates, change records and photo are checked as live, but a
 * forger who rewrote the manifest's digests could not be told apart.
 *
 * マイナ免許証 (the licence application on a My Number Card): `mnc/pinSetting.bin`,
 * `mnc/licenceInfo.bin` (WEF02) and `mnc/signature.bin` (WEF03, read only when recording). The
 * signature covers WEF02 as stored [U, cards/licence/mynumber-ap], which holds no 本籍, so it is
 * re-checked from the files exactly as live.
 */
import { parseChangeRecords } from '../../cards/licence/change-records';
import { parseCommonData } from '../../cards/licence/common-data';
import { parseEntries } from '../../cards/licence/entries';
import { parseGaijiFile, type GaijiGlyph } from '../../cards/licence/gaiji';
import { referencedGaiji, type FileResult, type LicenceReadout } from '../../cards/licence/licence-read';
import { licenceLayout, PIN_SETTING_TAG, type LicenceFileName } from '../../cards/licence/licence-layout';
import type { LicenceCard } from '../../cards/licence/licence-card';
import type { MncReadout, MyNumberLicenceAp } from '../../cards/licence/mynumber-ap/mynumber-licence-ap';
import { mncLayout, type MncFileName } from '../../cards/licence/mynumber-ap/mnc-layout';
import { parseMncLicenceInfo } from '../../cards/licence/mynumber-ap/mnc-licence-info';
import { parseSignatureFile } from '../../cards/licence/signature-file';
import { verifyMyNumberLicence } from '../../verify/licence/verify-mynumber-licence';
import { parsePhoto } from '../../cards/licence/photo';
import { parsePinSetting, type PinSetting } from '../../cards/licence/pin-setting';
import { KazasuError } from '../../errors/kazasu-error';
import type { TransportKind } from '../../transport/card-transport';
import { verifyLicenceReadout } from '../../verify/licence/verify-licence';
import { check, type AnyCheck, type PurposeId } from '../../verify/report';
import type { CardRecording, WithheldPart } from '../card-recording';
import type { StepContext, VerificationPlan, VerificationStep } from '../document-driver';
import { recordedFile, recordingChecks, RecordingIncompleteError } from '../recording-checks';
import { trustAnchorCheck } from '../step-helpers';
import { licenceAnchorUse, licenceIssuerTrust } from './licence-issuers';
import type { LicencePurpose } from './licence-purposes';
import type { LicenceReport, LicenceReportAttributes, LicenceReportImages, LicenceMaterial } from './licence-report';
import { applyCard, applyMnc, type LicenceStepLabel } from './licence-steps';

/** Files a recording may hold. 本籍 (`df1.honseki`, `df1.honsekiChanges`) is not among them, ever. */
const RECORDABLE: readonly LicenceFileName[] = ['mf.common', 'mf.pinSetting', 'df1.entries', 'df1.changes', 'df1.gaiji', 'df1.gaijiChanges', 'df2.photo'];

/** `mf.common` → `mf/common.bin`. */
export function licenceRecordedPath(name: LicenceFileName): string {
  const [dir, file] = name.split('.');
  return `${dir}/${file}.bin`;
}

export const LICENCE_WITHHELD: readonly WithheldPart[] = [
  { part: 'DF1 EF02 本籍 and its change records', reason: 'never read by kazasu read, never recorded (the registered domicile is not needed to identify the holder)' },
];

/** Checks a verification from a recording must pass besides the purpose's (DocumentRecordingSupport.requiredChecks). */
export const LICENCE_RECORDING_REQUIRED = ['dl.signature'] as const;

/** The recording of what the card library read (never 本籍). */
export async function licenceRecording(card: LicenceCard, transport: TransportKind, recordedAt: string): Promise<CardRecording> {
  const files: Record<string, Uint8Array> = {};
  for (const name of RECORDABLE) if (card.hasRead(name)) files[licenceRecordedPath(name)] = await card.readFile(name);
  return { document: 'drivers-licence', files, challenges: [], withheld: LICENCE_WITHHELD, recordedAt, source: { transport } };
}

const MNC_FILES: readonly MncFileName[] = ['pinSetting', 'licenceInfo', 'signature'];
const mncPath = (name: MncFileName) => `mnc/${name}.bin`;

/** The マイナ免許証's recording: the licence application's files as read. */
export async function mncLicenceRecording(ap: MyNumberLicenceAp, transport: TransportKind, recordedAt: string): Promise<CardRecording> {
  const files: Record<string, Uint8Array> = {};
  for (const name of MNC_FILES) if (ap.hasRead(name)) files[mncPath(name)] = await ap.readFile(name);
  return { document: 'drivers-licence', files, challenges: [], withheld: [], recordedAt, source: { transport } };
}

/** Which card the recording is of: the licence application's files make it a マイナ免許証. */
function isMnc(recording: CardRecording): boolean {
  return mncPath('licenceInfo') in recording.files;
}

export function licenceRecordingMissing(purpose: LicencePurpose, recording: CardRecording): string[] {
  if (isMnc(recording)) {
    if (purpose.variants && !purpose.variants.includes('mynumber-card')) return ['a licence card recording (this purpose does not work on a マイナ免許証)'];
    return (['licenceInfo', 'signature'] as const).filter((n) => !(mncPath(n) in recording.files)).map((n) => `${mncPath(n)} (recorded with --pin1)`);
  }
  const needs: [LicenceFileName, string][] = [
    ['mf.common', 'the common data, read without a PIN'],
    ['df1.entries', 'the licence details, recorded with --pin1'],
  ];
  if (purpose.credentials.includes('pin2') && purpose.reads.photo) needs.push(['df2.photo', 'the photo, recorded with --pin2']);
  return needs.filter(([name]) => !(licenceRecordedPath(name) in recording.files)).map(([name, what]) => `${licenceRecordedPath(name)} (${what})`);
}

function attempt<T>(read: () => T): FileResult<T> {
  try {
    return { ok: true, value: read() };
  } catch (e) {
    if (!(e instanceof KazasuError)) throw e;
    return { ok: false, error: e };
  }
}

/** The readout the card library would have given, from the files (the same parsers). */
function readoutFromRecording(recording: CardRecording): LicenceReadout {
  const layout = licenceLayout();
  const has = (name: LicenceFileName) => licenceRecordedPath(name) in recording.files;
  const file = (name: LicenceFileName) => recordedFile(recording, licenceRecordedPath(name));
  const common = attempt(() => parseCommonData(file('mf.common'), layout));
  let pinSetting: PinSetting = { kind: 'unknown' };
  if (has('mf.pinSetting')) {
    const p = attempt(() => parsePinSetting(file('mf.pinSetting'), PIN_SETTING_TAG, 'mf/ef02', layout.fillerBytes));
    if (p.ok) pinSetting = p.value;
  }
  const entries = attempt(() => parseEntries(file('df1.entries'), layout));
  const changes = attempt(() => parseChangeRecords(file('df1.changes'), layout));
  const slots = referencedGaiji(entries, changes);
  const gaiji = attempt((): readonly GaijiGlyph[] => {
    const out: GaijiGlyph[] = [];
    if (slots.some((s) => s <= 2)) out.push(...parseGaijiFile(file('df1.gaiji'), 'ef03', layout).glyphs);
    if (slots.some((s) => s >= 3)) out.push(...parseGaijiFile(file('df1.gaijiChanges'), 'ef05', layout).glyphs);
    return out;
  });
  const photo = has('df2.photo') ? attempt(() => parsePhoto(file('df2.photo'), layout)) : undefined;
  return {
    common,
    pinSetting,
    entries,
    changes,
    gaiji,
    signatureFile: undefined,
    photo,
    signedFiles: undefined,
    wipe() {
      for (const r of [common, entries, changes]) if (r.ok) r.value.raw.fill(0);
      if (photo?.ok) {
        photo.value.image.fill(0);
        photo.value.jp2?.fill(0);
      }
      if (gaiji.ok) for (const g of gaiji.value) g.raw.fill(0);
    },
  };
}

/** The マイナ免許証's readout from the files (the card library's parsers). */
function mncReadoutFromRecording(recording: CardRecording): MncReadout {
  const layout = mncLayout();
  const file = (name: MncFileName) => recordedFile(recording, mncPath(name));
  let pinSetting: PinSetting = { kind: 'unknown' };
  if (mncPath('pinSetting') in recording.files) {
    const p = attempt(() => parsePinSetting(file('pinSetting'), layout.pinSettingTag, 'mnc/wef01', layout.fillerBytes));
    if (p.ok) pinSetting = p.value;
  }
  const info = attempt(() => parseMncLicenceInfo(file('licenceInfo'), layout));
  const signatureFile = attempt(() => parseSignatureFile(file('signature'), layout, { record: 'mnc/wef03', tags: layout.signatureTags, twoByteTagFirstBytes: layout.twoByteTagFirstBytes }));
  const signedData = file('licenceInfo');
  return {
    pinSetting,
    info,
    signatureFile,
    signedData,
    wipe() {
      if (info.ok) {
        info.value.raw.fill(0);
        info.value.photo?.image.fill(0);
      }
      if (signatureFile.ok) signatureFile.value.raw.fill(0);
      signedData.fill(0);
    },
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface RecordedRun {
  readonly purpose: LicencePurpose;
  readonly recording: CardRecording;
  readout?: LicenceReadout;
  mncReadout?: MncReadout;
  attributes: LicenceReportAttributes;
  images: Mutable<LicenceReportImages>;
  material: Mutable<LicenceMaterial>;
}

type Step = VerificationStep<RecordedRun, LicenceStepLabel>;

const openRecording: Step = {
  label: 'open-card',
  async run(run, ctx) {
    ctx.add(...recordingChecks(run.recording, ctx.now()));
  },
};

const readRecorded: Step = {
  label: 'read-licence',
  async run(run) {
    if (isMnc(run.recording)) run.mncReadout = mncReadoutFromRecording(run.recording);
    else run.readout = readoutFromRecording(run.recording);
  },
};

/** The live verifier; the signature says why it cannot be checked here. */
const verifyRecorded: Step = {
  label: 'verify',
  async run(run, ctx) {
    const issuers = await licenceIssuerTrust(ctx.env);
    if (run.mncReadout) {
      // The signature covers WEF02, which the recording holds: checked exactly as live.
      const v = await verifyMyNumberLicence(run.mncReadout, { issuers, now: () => ctx.now() });
      ctx.add(...(v.checks as readonly AnyCheck[]));
      for (const a of v.anchors) ctx.useAnchor(licenceAnchorUse(a));
      applyMnc(run, v);
      run.mncReadout.wipe();
      run.mncReadout = undefined;
      ctx.add(trustAnchorCheck(ctx.anchors(), ctx.now()));
      return;
    }
    const readout = run.readout!;
    const v = await verifyLicenceReadout(readout, { issuers, now: () => ctx.now() }, { pin2: readout.photo !== undefined });
    const signature: AnyCheck = check('dl.signature', 'skipped', 'withheld-from-recording', 'the signature covers 本籍, which is never recorded', ctx.now());
    ctx.add(...v.checks.map((c) => (c.id === 'dl.signature' ? signature : (c as AnyCheck))));
    for (const a of v.anchors) ctx.useAnchor(licenceAnchorUse(a));
    applyCard(run, v, ctx);
    readout.wipe();
    run.readout = undefined;
    ctx.add(trustAnchorCheck(ctx.anchors(), ctx.now()));
  },
};

export function licenceRecordingPlan(purposeId: PurposeId, purpose: LicencePurpose, recording: CardRecording): VerificationPlan<LicenceReport, RecordedRun, LicenceStepLabel> {
  const missing = licenceRecordingMissing(purpose, recording);
  if (missing.length > 0) throw new RecordingIncompleteError(purposeId, missing);
  return {
    steps: [openRecording, readRecorded, verifyRecorded],
    open: () => ({ purpose, recording, attributes: {}, images: {}, material: { pendingRevocations: [] } }),
    close: (run) => {
      run.readout?.wipe();
      run.mncReadout?.wipe();
    },
    finish: (run: RecordedRun, _ctx: StepContext) => ({ attributes: run.attributes, images: run.images, material: run.material }),
  };
}
