/**
 * The file form of a recording (documents/card-recording.ts): a directory with `manifest.json`
 * and the files it names. Version 1; docs/recording-format.md describes every field, and
 * schema/recording-manifest.schema.json is generated from the types below (`npm run schemas`).
 *
 * A manifest is untrusted input like a card: parseRecordingManifest validates every field and
 * refuses what it does not know (another format or version, unsafe paths, oversized values)
 * with RecordingManifestError naming the field. File digests catch damage and careless edits;
 * they prove nothing against a forger (who rewrites them too) — the card's own signatures do.
 */
import { fromHex, toHex } from '../bytes/hex';
import { KazasuError } from '../errors/kazasu-error';
import type { TransportKind } from '../transport/card-transport';
import { sha256 } from '../verify/crypto/sha256';
import { DOCUMENT_KINDS, type DocumentKind } from '../verify/report';
import type { CardRecording, RecordingFileProblem, RecordingSource, WithheldPart } from './card-recording';

export const RECORDING_FORMAT = 'kazasu-recording';
export const RECORDING_MANIFEST_VERSION = 1;
export const RECORDING_MANIFEST_FILE = 'manifest.json';

/** One file of the recording. */
export interface RecordingManifestFile {
  /** Relative path, '/'-separated segments of letters, digits, '.', '_' and '-' (never '..'). */
  readonly path: string;
  /** `card`: a card file as read, which verification uses; `extract`: for people (photo, images), never used by verification. */
  readonly role: 'card' | 'extract';
  /** Size in bytes. */
  readonly bytes: number;
  /** SHA-256 of the file, hex (upper case). */
  readonly sha256: string;
}

/** A challenge sent to the card at read time and its answer, hex. */
export interface RecordingManifestChallenge {
  /** The check it answers, e.g. `text.chip-authentication`. */
  readonly check: string;
  readonly challenge: string;
  readonly response: string;
  /** ISO 8601 time it was sent. */
  readonly at: string;
}

/** manifest.json of a recording, version 1. */
export interface RecordingManifest {
  readonly format: 'kazasu-recording';
  /** Readers refuse versions they do not know. */
  readonly version: 1;
  /** The document (a registered kind). */
  readonly document: DocumentKind;
  /** ISO 8601 time the card was read. */
  readonly recordedAt: string;
  readonly recordedBy: { readonly tool: string; readonly version: string };
  readonly source: RecordingSource;
  readonly files: readonly RecordingManifestFile[];
  readonly challenges: readonly RecordingManifestChallenge[];
  /** Parts of the card left out or blanked on purpose, and why. */
  readonly withheld: readonly WithheldPart[];
}

export class RecordingManifestError extends KazasuError {
  readonly code = 'recording-manifest-invalid' as const;
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`manifest.json: ${field}: ${reason}`);
  }
}

/** Limits: a card's recording is tens of KB in a handful of files. */
const MAX_FILES = 64;
const MAX_FILE_BYTES = 1 << 20;
const MAX_CHALLENGES = 16;
const PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}){0,3}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const HEX = /^([0-9A-Fa-f]{2})*$/;

/** A path a manifest may name: relative, plain segments, never '..' or a dot-file directory walk. */
export function isSafeRecordingPath(path: string): boolean {
  return PATH.test(path) && !path.split('/').some((s) => s === '.' || s === '..') && path !== RECORDING_MANIFEST_FILE;
}

// ------------------------------------------------------------------------------ writing

/** The manifest for `recording` plus the extract files written beside it. */
export async function buildRecordingManifest(
  recording: CardRecording,
  extracts: Readonly<Record<string, Uint8Array>>,
  recordedBy: { readonly tool: string; readonly version: string },
): Promise<RecordingManifest> {
  const files: RecordingManifestFile[] = [];
  const add = async (path: string, bytes: Uint8Array, role: RecordingManifestFile['role']) => {
    if (!isSafeRecordingPath(path)) throw new RecordingManifestError('files', `unsafe path ${JSON.stringify(path)}`);
    files.push({ path, role, bytes: bytes.length, sha256: toHex(await sha256(bytes)) });
  };
  for (const [path, bytes] of Object.entries(recording.files)) await add(path, bytes, 'card');
  for (const [path, bytes] of Object.entries(extracts)) if (!(path in recording.files)) await add(path, bytes, 'extract');
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_MANIFEST_VERSION,
    document: recording.document,
    recordedAt: recording.recordedAt,
    recordedBy: { tool: recordedBy.tool, version: recordedBy.version },
    source: { ...recording.source },
    files,
    challenges: recording.challenges.map((c) => ({ check: c.check, challenge: toHex(c.challenge), response: toHex(c.response), at: c.at })),
    withheld: recording.withheld.map((w) => ({ ...w })),
  };
}

// ------------------------------------------------------------------------------ reading

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, field: string, max = 256): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new RecordingManifestError(`${field}.${key}`, `must be a string of 1–${max} characters`);
  return v;
}

function optionalStr(o: Record<string, unknown>, key: string, field: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, field);
}

function time(o: Record<string, unknown>, key: string, field: string): string {
  const v = str(o, key, field, 40);
  if (!ISO_TIME.test(v) || Number.isNaN(Date.parse(v))) throw new RecordingManifestError(`${field}.${key}`, 'must be an ISO 8601 date-time');
  return v;
}

function hexBytes(o: Record<string, unknown>, key: string, field: string, min: number, max: number): string {
  const v = o[key];
  if (typeof v !== 'string' || !HEX.test(v) || v.length / 2 < min || v.length / 2 > max) throw new RecordingManifestError(`${field}.${key}`, `must be hex of ${min}–${max} bytes`);
  return v.toUpperCase();
}

function array(o: Record<string, unknown>, key: string, max: number): unknown[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length > max) throw new RecordingManifestError(key, `must be an array of at most ${max} entries`);
  return v;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new RecordingManifestError(field, `unknown member ${JSON.stringify(k.slice(0, 40))}`);
}

/** A validated manifest (version 1), or RecordingManifestError naming the first bad field. */
export function parseRecordingManifest(json: unknown): RecordingManifest {
  if (!isRecord(json)) throw new RecordingManifestError('(top)', 'must be a JSON object');
  if (json.format !== RECORDING_FORMAT) throw new RecordingManifestError('format', `must be "${RECORDING_FORMAT}" (this is not a Kazasu recording)`);
  if (json.version !== RECORDING_MANIFEST_VERSION) throw new RecordingManifestError('version', `version ${JSON.stringify(json.version)} is not one this Kazasu reads (it reads ${RECORDING_MANIFEST_VERSION})`);
  onlyKeys(json, ['format', 'version', 'document', 'recordedAt', 'recordedBy', 'source', 'files', 'challenges', 'withheld'], '(top)');
  const document = json.document;
  if (typeof document !== 'string' || !(DOCUMENT_KINDS as readonly string[]).includes(document)) throw new RecordingManifestError('document', `must be one of ${DOCUMENT_KINDS.join(', ')}`);
  const recordedAt = time(json, 'recordedAt', '(top)');
  if (!isRecord(json.recordedBy)) throw new RecordingManifestError('recordedBy', 'must be an object');
  onlyKeys(json.recordedBy, ['tool', 'version'], 'recordedBy');
  const recordedBy = { tool: str(json.recordedBy, 'tool', 'recordedBy', 64), version: str(json.recordedBy, 'version', 'recordedBy', 64) };
  if (!isRecord(json.source)) throw new RecordingManifestError('source', 'must be an object');
  onlyKeys(json.source, ['transport', 'reader', 'simulatedProfile', 'forgery'], 'source');
  const transport = json.source.transport;
  // A claim of the recording, shown in the report; any reader path's kind (lower-case words).
  if (typeof transport !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(transport) || transport.length > 32) throw new RecordingManifestError('source.transport', 'must be a reader path kind such as pcsc');
  const reader = optionalStr(json.source, 'reader', 'source');
  const simulatedProfile = optionalStr(json.source, 'simulatedProfile', 'source');
  const forgery = optionalStr(json.source, 'forgery', 'source');
  const source: RecordingSource = {
    transport: transport as TransportKind,
    ...(reader !== undefined ? { reader } : {}),
    ...(simulatedProfile !== undefined ? { simulatedProfile } : {}),
    ...(forgery !== undefined ? { forgery } : {}),
  };

  const seen = new Set<string>();
  const files = array(json, 'files', MAX_FILES).map((f, i): RecordingManifestFile => {
    const field = `files[${i}]`;
    if (!isRecord(f)) throw new RecordingManifestError(field, 'must be an object');
    onlyKeys(f, ['path', 'role', 'bytes', 'sha256'], field);
    const path = str(f, 'path', field);
    if (!isSafeRecordingPath(path)) throw new RecordingManifestError(`${field}.path`, 'must be a relative path of plain segments (letters, digits, . _ -), no ..');
    if (seen.has(path)) throw new RecordingManifestError(`${field}.path`, 'named twice');
    seen.add(path);
    if (f.role !== 'card' && f.role !== 'extract') throw new RecordingManifestError(`${field}.role`, 'must be "card" or "extract"');
    if (typeof f.bytes !== 'number' || !Number.isInteger(f.bytes) || f.bytes < 0 || f.bytes > MAX_FILE_BYTES) throw new RecordingManifestError(`${field}.bytes`, `must be an integer 0–${MAX_FILE_BYTES}`);
    const digest = hexBytes(f, 'sha256', field, 32, 32);
    return { path, role: f.role, bytes: f.bytes, sha256: digest };
  });
  const challenges = array(json, 'challenges', MAX_CHALLENGES).map((c, i): RecordingManifestChallenge => {
    const field = `challenges[${i}]`;
    if (!isRecord(c)) throw new RecordingManifestError(field, 'must be an object');
    onlyKeys(c, ['check', 'challenge', 'response', 'at'], field);
    const checkId = str(c, 'check', field, 64);
    if (!/^[a-z0-9]+(\.[a-z0-9-]+)+$/.test(checkId)) throw new RecordingManifestError(`${field}.check`, 'must be a check id like text.chip-authentication');
    // 8 bytes is the shortest challenge a card's GET CHALLENGE gives; Kazasu sends 32.
    return { check: checkId, challenge: hexBytes(c, 'challenge', field, 8, 256), response: hexBytes(c, 'response', field, 1, 1024), at: time(c, 'at', field) };
  });
  const withheld = array(json, 'withheld', 32).map((w, i): WithheldPart => {
    const field = `withheld[${i}]`;
    if (!isRecord(w)) throw new RecordingManifestError(field, 'must be an object');
    onlyKeys(w, ['file', 'part', 'reason'], field);
    const file = optionalStr(w, 'file', field);
    return { ...(file !== undefined ? { file } : {}), part: str(w, 'part', field), reason: str(w, 'reason', field, 512) };
  });
  return { format: RECORDING_FORMAT, version: RECORDING_MANIFEST_VERSION, document: document as DocumentKind, recordedAt, recordedBy, source, files, challenges, withheld };
}

/**
 * The recording a manifest describes, its card files loaded through `readFile` (undefined: the
 * file is not there) and checked against their digests. A file that is missing, resized or
 * changed is kept out of `files` and listed in `integrity.problems` (the `recording.files` check
 * fails; the checks that needed it cannot pass).
 */
export async function recordingFromManifest(manifest: RecordingManifest, readFile: (path: string) => Promise<Uint8Array | undefined>): Promise<CardRecording> {
  const files: Record<string, Uint8Array> = {};
  const problems: RecordingFileProblem[] = [];
  for (const f of manifest.files) {
    const bytes = await readFile(f.path);
    if (!bytes) {
      problems.push({ file: f.path, problem: 'missing' });
      continue;
    }
    if (bytes.length !== f.bytes) problems.push({ file: f.path, problem: 'size-mismatch' });
    else if (toHex(await sha256(bytes)) !== f.sha256) problems.push({ file: f.path, problem: 'digest-mismatch' });
    // A changed file is still handed to the verifier: the card's signatures decide what it proves,
    // so a tampered file fails the same check as a tampered card.
    if (f.role === 'card') files[f.path] = bytes;
  }
  return {
    document: manifest.document,
    files,
    challenges: manifest.challenges.map((c) => ({ check: c.check, challenge: fromHex(c.challenge), response: fromHex(c.response), at: c.at })),
    withheld: manifest.withheld,
    recordedAt: manifest.recordedAt,
    source: manifest.source,
    integrity: { problems },
  };
}
