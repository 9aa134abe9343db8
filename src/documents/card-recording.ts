/**
 * Recordings: a card's files as read, plus the challenges the card answered while it was on the
 * reader, so the card can be verified later without it — an auditor re-checking a stored read, a
 * support engineer with a customer's export. `kazasu read --out` and `kazasu sim export` write
 * one (through the driver's `readout` with `record`), `kazasu verify --dump` checks one (through
 * the driver's `recording.plan` — DocumentRecordingSupport in document-driver.ts — and the
 * usual runner). The file form — manifest.json and the
 * files beside it — is documents/recording-manifest.ts, described in docs/recording-format.md.
 *
 * What a recording can prove, and what not:
 * - every signature over the card's records and certificates re-verifies exactly as on the card,
 *   so a changed byte fails the same check a changed card fails;
 * - chip authentication cannot be re-done (the chip is not there). The challenge recorded at read
 *   time and the chip's answer are re-verified under the signed card key: the chip holding that
 *   key answered that challenge at some time. Whether the challenge was fresh, and whether the
 *   card was on a reader when the recording says, cannot be shown from files. Reports say so
 *   (`recording.source`, reason `recorded-answer-verified`) — or that it was not checked at all
 *   (`chip-auth-not-recorded`);
 * - a recording holds no credential, and nothing a credential or a number the law keeps secret
 *   can be recovered from (a driver withholds such parts and lists them in `withheld`; the checks
 *   that would need them say `withheld-from-recording`).
 */
import type { TransportKind } from '../transport/card-transport';
import type { DocumentKind } from '../verify/report';

/** One challenge sent to the card at read time and the card's answer. */
export interface RecordedChallenge {
  /** The check it answers (e.g. 'text.chip-authentication', 'jpki.sign.challenge'). */
  readonly check: string;
  readonly challenge: Uint8Array;
  readonly response: Uint8Array;
  /** When it was sent, by the recorder's clock (ISO 8601). A claim of the recording. */
  readonly at: string;
}

/** A part of the card a recording leaves out or blanks on purpose, and why. */
export interface WithheldPart {
  /** The recorded file it was blanked in; absent when the whole file was left out. */
  readonly file?: string;
  /** What (e.g. 'text AP EF 0003 (integrity record)', 'card face DF2A (security code image)'). */
  readonly part: string;
  readonly reason: string;
}

/** Where a recording says it was made. Claims of the recording, not proven by it. */
export interface RecordingSource {
  readonly transport: TransportKind;
  /** The PC/SC reader's name. */
  readonly reader?: string;
  /** A simulated card's profile (and forgery), for recordings of simulated cards. */
  readonly simulatedProfile?: string;
  readonly forgery?: string;
}

/** A recorded file that does not match its manifest entry (changed or damaged after recording). */
export interface RecordingFileProblem {
  readonly file: string;
  readonly problem: 'missing' | 'digest-mismatch' | 'size-mismatch';
}

export interface CardRecording {
  readonly document: DocumentKind;
  /** The card's files by path (`<application>/<file>.bin`, the driver's names), bytes as read. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly challenges: readonly RecordedChallenge[];
  readonly withheld: readonly WithheldPart[];
  /** When the card was read (ISO 8601), by the recorder's clock. */
  readonly recordedAt: string;
  readonly source: RecordingSource;
  /** What loading the files against their manifest found (absent for a recording made in memory). */
  readonly integrity?: { readonly problems: readonly RecordingFileProblem[] };
}
