/**
 * The document seam: what one kind of photo ID (My Number Card, residence card, driver's
 * licence, passport) tells the kiosk about itself. A driver lives in documents/<doc>/ and uses
 * its own card module (cards/<doc>/) and verifier (verify/<doc>/); the kiosk session, the runner,
 * the CLI and the evidence store handle every document through this interface only.
 * docs/ARCHITECTURE.md "Adding a document" walks through writing one.
 */
import type { CardChannel } from '../cards/iso7816/card-channel';
import type { RetryStatus } from '../cards/iso7816/pin-guard';
import type { DocumentEvidence } from '../evidence/card-identifiers';
import type { ForbiddenDataRules } from '../evidence/forbidden-data';
import type { CardTransport } from '../transport/card-transport';
import type { AnchorUse, AnyCheck, DocumentKind, PurposeId, VerificationReport } from '../verify/report';
import type { CardRecording } from './card-recording';
import type { VerificationEnvironment } from './verification-environment';

/** ja/en text a document contributes (check titles, reasons, credential format reasons). */
export interface Text {
  readonly ja: string;
  readonly en: string;
}

/** Check titles and reason codes one document contributes to the kiosk's catalogue. */
export interface CheckCatalogue {
  readonly titles: Readonly<Record<string, Text>>;
  readonly reasons: Readonly<Record<string, Text>>;
}

// ------------------------------------------------------------------------------ credentials

/**
 * One thing the person (or the clerk, from the printed card) enters: a PIN, a password, a
 * 照合番号B, a residence card number, a passport's MRZ or CAN. SENSITIVE: values never leave the
 * call that uses them; they are never logged, stored or printed.
 */
export interface CredentialSpec {
  /** The command-line option that carries it (`kazasu read|verify --<flag> …`), e.g. 'code-b'. */
  readonly flag: string;
  /**
   * Format check before anything is sent to the card (a typo never costs a try). Returns the
   * value as the card wants it (e.g. upper-cased); throws a KazasuError with code
   * 'credential-format' (and a `reason`) otherwise, never echoing the value.
   */
  normalise(value: string): string;
  /**
   * Whether the card keeps a retry counter a reader can query without spending a try. False:
   * `readTries` reports { kind: 'not-readable' }, and the kiosk allows `attemptsPerPlacement`
   * wrong entries on one placement of the card, then stops and asks staff to compare the value
   * with the card (never a loop of guesses against an unknown counter).
   */
  readonly counterReadable: boolean;
  /** Wrong entries allowed on one placement when the counter is not readable (e.g. 2 for the residence card number). */
  readonly attemptsPerPlacement?: number;
  /**
   * How a screen asks for it when it has no entry of its own for this credential (the kiosk
   * renders a field from this; the My Number Card's credentials have their own screens).
   */
  readonly entry?: CredentialEntry;
  /**
   * Another credential of the same document this one can stand in for: given this, a purpose
   * that needs that one is satisfied (the passport's CAN opens PACE in place of the MRZ).
   * documents/credential-needs.ts decides what is missing from it, before any card I/O.
   */
  readonly replaces?: string;
}

/** A credential's field on a generic entry screen (app/screens/credentials/SpecCredentialField.tsx). */
export interface CredentialEntry {
  /** Who types it: the clerk from the printed card, or the holder on the hand-over keypad. */
  readonly by: 'clerk' | 'holder';
  /** Characters once normalised (the field's limit applies after normalising, never before). */
  readonly length: number;
  /** What may be typed: letters and digits, or digits only. */
  readonly characters: 'alphanumeric' | 'digits';
  /** Shown (and sent) in upper case. */
  readonly upperCase?: boolean;
  /** A secret (PIN): masked on screen. */
  readonly secret?: boolean;
  /**
   * What is sent when the holder says no PIN was ever set (the licence's `****`): offered as a
   * button, never typed. The card library sends it only when the card itself says so.
   */
  readonly notSetValue?: string;
}

/** Tries left per credential, read before anything is entered. */
export type TriesByCredential<C extends string = string> = Partial<Record<C, RetryStatus>>;

/** What was entered, keyed by credential id, plus the person's answer to "use your last try?". */
export interface EnteredCredentials<C extends string = string> {
  readonly values: Readonly<Partial<Record<C, string>>>;
  /** The person confirmed using a last remaining try (the PIN guard refuses otherwise). */
  readonly confirmLastTry: boolean;
}

// ------------------------------------------------------------------------------ purposes

export type RevocationPolicy =
  /** Revocation must be answered good for 'verified'. */
  | 'required'
  /** Checked when online, otherwise shown as pending; never blocks the offline flow. */
  | 'pending-allowed'
  | 'none';

/** What one kiosk purpose means for one document. */
export interface DocumentPurpose<C extends string = string, Plan = unknown> {
  /** Credentials the purpose needs, in the order the screen asks for them. */
  readonly credentials: readonly C[];
  /**
   * Credentials the purpose needs on a variant (as `detect` names it) when they differ from
   * `credentials`: the マイナ免許証 has one PIN, so its licence purposes need only `pin1` there.
   * Until the variant is known only what every variant needs is required.
   */
  readonly variantCredentials?: Readonly<Partial<Record<string, readonly C[]>>>;
  /** Credentials the purpose uses when given but does not ask for (e.g. the JPKI auth PIN). */
  readonly optionalCredentials?: readonly C[];
  /** What the purpose reads from this card (data minimisation: nothing more is read). */
  readonly reads: Plan;
  readonly revocation: RevocationPolicy;
  /** Checks that must pass for 'verified'. */
  readonly requiredChecks: readonly string[];
  /** The legal method the evidence record cites, when it differs from the kiosk purpose's. */
  readonly legalMethod?: Text;
  /**
   * The variants (as `detect` names them) the purpose works on; absent: every variant. E.g. the
   * age check needs a birth date the chip signs as text, which a first-generation residence card
   * does not hold: the kiosk refuses the purpose when the card is placed, before any entry.
   */
  readonly variants?: readonly string[];
}

/** Does `purpose` work on the variant detection found? */
export function purposeAppliesTo(purpose: DocumentPurpose<string, unknown>, variant: string | undefined): boolean {
  return purpose.variants === undefined || (variant !== undefined && purpose.variants.includes(variant));
}

// ------------------------------------------------------------------------------ steps

/** What a step can use and report; one per verification. */
export interface StepContext<C extends string = string> {
  readonly transport: CardTransport;
  readonly env: VerificationEnvironment;
  readonly purpose: PurposeId;
  readonly credentials: EnteredCredentials<C>;
  now(): Date;
  /** Record check results (in order). */
  add(...checks: AnyCheck[]): void;
  /** Record a trust anchor a check relied on. */
  useAnchor(anchor: AnchorUse): void;
  /** Anchors recorded so far, once each. */
  anchors(): readonly AnchorUse[];
}

/** One unit of card work; the runner reports progress once per step, before it runs. */
export interface VerificationStep<State, Label extends string = string> {
  /** Stable progress label (the UI maps it to ja/en text). Several steps may share one. */
  readonly label: Label;
  run(state: State, ctx: StepContext): Promise<void>;
}

/** The parts of a report only the document knows. */
export type ReportParts<R extends VerificationReport> = Pick<R, 'attributes' | 'images' | 'material'>;

/**
 * How one verification of one purpose runs on this document: the ordered steps (the progress
 * total is their number), the per-run state they share, and the report parts built from it.
 */
export interface VerificationPlan<R extends VerificationReport, State = unknown, Label extends string = string> {
  readonly steps: readonly VerificationStep<State, Label>[];
  /** Per-run state (opens the card session; sends nothing). */
  open(ctx: StepContext): State;
  /** Called once, after the last step or after a step threw: wipe cached card bytes. */
  close(state: State): void;
  /** The document's report parts once every step ran. */
  finish(state: State, ctx: StepContext): ReportParts<R>;
}

// ------------------------------------------------------------------------------ detection

/** What the kiosk knows when it asks a driver whether the card on the reader is its document. */
export interface DetectionHint {
  /** The purpose chosen, so a driver may probe the application that purpose reads first. */
  readonly purpose?: PurposeId;
}

/**
 * A driver's answer. `match` may name a variant the driver recognised (a generation, a card
 * type) for the report and the screen.
 */
export type Detection = { readonly kind: 'match'; readonly variant?: string } | { readonly kind: 'no-match' };

// ------------------------------------------------------------------------------ readout

export interface ReadoutRequest<C extends string = string> {
  readonly credentials: Readonly<Partial<Record<C, string>>>;
  /** Values of the driver's `readOptions` that were given. */
  readonly options: Readonly<Record<string, string>>;
  /** The person confirmed using a last remaining try (the PIN guard refuses otherwise). */
  readonly confirmLastTry?: boolean;
  /**
   * Also make a recording (`kazasu read --out`): the card's files as read plus fresh challenges
   * answered while the card is on the reader, for `verify --dump` later. Drivers with
   * `recording` support honour it; others ignore it.
   */
  readonly record?: boolean;
  /** The clock for the recording's times (tests pin it). */
  readonly now?: () => Date;
}

/** What `kazasu read` shows of one card. Holds no credential. */
export interface DocumentReadout {
  /** Machine output (the CLI adds document, profile, transport, APDU count, errors). */
  readonly json: Readonly<Record<string, unknown>>;
  /** Human output, one line each (personal data only as read). */
  readonly lines: readonly string[];
  /** Files `--out <dir>` writes: images, certificates as read. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** Steps that failed, with their stable error code. */
  readonly errors: readonly { readonly step: string; readonly code: string }[];
  /**
   * With `record`: what the card gave, as a recording `verify --dump` can check later. Holds no
   * credential and nothing from which one or a number the law keeps secret could be recovered.
   */
  readonly recording?: CardRecording;
}

// ------------------------------------------------------------------------------ the driver

/**
 * One document. `R` is its report type, `C` its credential ids, `L` its progress labels.
 */
export interface DocumentDriver<R extends VerificationReport = VerificationReport, C extends string = string, L extends string = string> {
  readonly kind: R['document'] & DocumentKind;
  /** The document's name for staff. */
  readonly title: Text;

  /**
   * Is the card on the reader this document? Must not spend a try or change any security state:
   * SELECT by AID and reads of free EFs only. The registry runs it on a channel that refuses
   * VERIFY, CHANGE / RESET REFERENCE DATA and authentication commands. A status word the card
   * answers with (e.g. 6A82 to a foreign AID) is `no-match`; transport errors propagate.
   */
  detect(channel: CardChannel, hint: DetectionHint): Promise<Detection>;

  /** Every credential this document can use, with its format check. */
  readonly credentials: Readonly<Record<C, CredentialSpec>>;
  /**
   * Tries left for each of `needed`, read without spending a try (an empty VERIFY where the card
   * has one), on the channel detection used (so a DF it selected is not selected again).
   * A credential the card has no readable counter for is { kind: 'not-readable' }; a credential
   * left out (undefined) is one the card cannot take at all (e.g. no signature certificate), so
   * the kiosk does not ask for it.
   */
  readTries(channel: CardChannel, needed: readonly C[]): Promise<TriesByCredential<C>>;
  /** Which credential a credential error (PinError, CredentialFormatError) is about. */
  credentialOf(error: unknown, needed: readonly C[]): C;

  /** The kiosk purposes this document supports and what each means for it. */
  readonly purposes: Readonly<Partial<Record<PurposeId, DocumentPurpose<C>>>>;
  /** The steps of one purpose, given what was entered. Throws for an unsupported purpose. */
  plan(purpose: PurposeId, credentials: EnteredCredentials<C>): VerificationPlan<R, unknown, L>;

  /** Check titles and reason codes (ja/en) this document's checks use. */
  readonly catalogue: CheckCatalogue;

  /**
   * Read what the given credentials open and describe it, without verifying (`kazasu read`, for
   * integrators): JSON for machines, lines for people, files to write. Credentials are never
   * part of the output. `options` holds the driver's own `readOptions` flags.
   */
  readout(transport: CardTransport, request: ReadoutRequest<C>): Promise<DocumentReadout>;
  /** Extra `kazasu read` options this document understands (e.g. the My Number Card's legal basis). */
  readonly readOptions: readonly string[];

  /**
   * Verifying this document from a recording (files read earlier, with the challenges the card
   * answered then) instead of a card on the reader — `kazasu verify --dump`. Optional: a document
   * without it cannot be verified offline (the CLI says so). documents/card-recording.ts.
   */
  readonly recording?: DocumentRecordingSupport<R, L>;

  /** What the evidence record keeps about the document, and what it must never keep. */
  readonly evidence: {
    /** The document kind and the identifier a 確認記録 keeps (記号番号), from the report. */
    describe(report: R): Promise<DocumentEvidence>;
    readonly forbidden: ForbiddenDataRules;
  };
}

/**
 * A driver of any document (the registry's element type). Its methods take the document's own
 * report type in argument positions; method syntax keeps such drivers assignable here.
 */
export type AnyDocumentDriver = DocumentDriver;

/**
 * The hook a driver implements so its document can be verified from a recording
 * (`DocumentDriver.recording`; the data is documents/card-recording.ts). The runner is the usual one (session/run-verification.ts, via
 * session/verify-recording.ts): the plan's steps read the recording instead of the card, check
 * the records with the same verifier functions as the live steps (so a tampered file fails the
 * check a tampered card fails), and take chip authentication from the recorded challenges.
 * A driver fills `DocumentReadout.recording` when `ReadoutRequest.record` is set.
 */
export interface DocumentRecordingSupport<R extends VerificationReport = VerificationReport, L extends string = string> {
  /**
   * What the recording lacks for `purpose` (for people, e.g. "jpki/EF0001.bin — the sign
   * certificate, recorded with --password"); empty when the purpose can be verified from it.
   */
  missingFor(purpose: PurposeId, recording: CardRecording): readonly string[];
  /** The steps of one purpose over the recording. Throws RecordingIncompleteError when `missingFor` is not empty. */
  plan(purpose: PurposeId, recording: CardRecording): VerificationPlan<R, unknown, L>;
  /**
   * Checks a verification from a recording must pass on top of the purpose's `requiredChecks`,
   * where the live ones are not enough without the card (the licence: its signature, the only
   * evidence files can carry). Absent: the purpose's own.
   */
  requiredChecks?(purpose: PurposeId): readonly string[];
}
