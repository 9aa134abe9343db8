/**
 * Checks and reasons every document's verification from a recording shares (ja/en, the shape of
 * verify/check-catalogue.ts). A driver with `recording` support adds these maps to its
 * `catalogue`; composing keeps one text per id (documents/check-catalogue.ts).
 */
import { KazasuError } from '../errors/kazasu-error';
import { check, type AnyCheck } from '../verify/report';
import type { CardRecording } from './card-recording';

export const RECORDING_CHECK_TITLES = {
  'recording.source': { ja: '記録からの確認', en: 'Verified from a recording' },
  'recording.files': { ja: '記録ファイルの完全性', en: 'Recorded files match their manifest' },
} as const;

export const RECORDING_REASONS = {
  'from-recording': {
    ja: '以前に読み取ったファイルで確認しました。カード自体は読み取り機にありません。',
    en: 'Checked from files read earlier; the card itself was not on the reader.',
  },
  'recorded-answer-verified': {
    ja: '読み取り時に記録したチャレンジとカードの応答を再検証しました（当時チャレンジが新しかったかはファイルからは確かめられません）。',
    en: 'Checked at read time: the challenge recorded then and the card’s answer re-verify (whether the challenge was fresh then cannot be shown from files).',
  },
  'chip-auth-not-recorded': {
    ja: 'この記録にはチャレンジと応答がないため、ICチップの真正性は確認していません。',
    en: 'The recording holds no challenge and answer for this, so the chip was not checked.',
  },
  'withheld-from-recording': {
    ja: '記録には意図的に含めていません（暗証番号や秘匿すべき番号を復元できてしまうため）。',
    en: 'Left out of recordings on purpose (a credential or a number that must stay secret could be recovered from it).',
  },
  'recording-file-changed': {
    ja: '記録ファイルがマニフェストと一致しません（記録後に変更または破損）。',
    en: 'A recorded file does not match its manifest (changed or damaged after recording).',
  },
  'not-recorded': { ja: 'この記録には含まれていません。', en: 'Not in the recording.' },
  'checked-at-read-time': {
    ja: '読み取り時にカードとの間で行われた確認です（記録があることがその証拠です）。ファイルからは再確認できないため、ここでは合格としません。',
    en: 'Done with the card at read time (the recording could not have been made otherwise); it cannot be repeated from files, so it is not counted as a pass here.',
  },
} as const;

export type RecordingCheckId = keyof typeof RECORDING_CHECK_TITLES;
export type RecordingReasonCode = keyof typeof RECORDING_REASONS;

/** The recording lacks what a purpose needs (e.g. recorded without the sign password). */
export class RecordingIncompleteError extends KazasuError {
  readonly code = 'recording-incomplete' as const;
  constructor(
    readonly purpose: string,
    readonly missing: readonly string[],
  ) {
    super(`the recording cannot be verified for the ${purpose} purpose; it lacks ${missing.join('; ')}`);
  }
}

/** A step asked for a file the recording does not hold. */
export class RecordingFileMissingError extends KazasuError {
  readonly code = 'recording-file-missing' as const;
  constructor(readonly file: string) {
    super(`the recording has no ${file}`);
  }
}

/** The bytes of `path` in the recording; RecordingFileMissingError when absent. */
export function recordedFile(recording: CardRecording, path: string): Uint8Array {
  const bytes = recording.files[path];
  if (!bytes) throw new RecordingFileMissingError(path);
  // A copy: parsers and the step state own what they get.
  return bytes.slice();
}

/**
 * The two checks every verification from a recording starts with: `recording.source` (always a
 * warning: no card was present; names when and how it was recorded — the recording's claims) and
 * `recording.files` (the files match their manifest's digests, or which do not).
 */
export function recordingChecks(recording: CardRecording, now: Date): AnyCheck[] {
  const s = recording.source;
  const how = [s.transport, s.reader ? `reader "${s.reader}"` : undefined, s.simulatedProfile ? `simulated card "${s.simulatedProfile}"` : undefined, s.forgery ? `forgery ${s.forgery}` : undefined]
    .filter(Boolean)
    .join(', ');
  const source = check('recording.source', 'warn', 'from-recording', `recorded ${recording.recordedAt} over ${how} (as the recording says)`, now);
  const problems = recording.integrity?.problems ?? [];
  const files =
    problems.length === 0
      ? check('recording.files', recording.integrity ? 'pass' : 'skipped', recording.integrity ? 'ok' : 'not-recorded', recording.integrity ? `${Object.keys(recording.files).length} files match` : 'no manifest digests', now)
      : check('recording.files', 'fail', 'recording-file-changed', problems.map((p) => `${p.file}: ${p.problem}`).join('; '), now);
  return [source, files];
}
