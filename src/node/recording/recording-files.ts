/**
 * Recordings on disk (docs/recording-format.md): a directory with manifest.json, the card files
 * and the extracts for people. Written by `kazasu read --out` and `kazasu sim export`, read by
 * `kazasu verify --dump`. A recording holds personal data (name, address, photo): the directory
 * is created 0700 and every file 0600.
 */
import { lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { version } from '../../../package.json';
import type { CardRecording } from '../../documents/card-recording';
import {
  buildRecordingManifest,
  parseRecordingManifest,
  RECORDING_MANIFEST_FILE,
  RecordingManifestError,
  recordingFromManifest,
  type RecordingManifest,
} from '../../documents/recording-manifest';
import { KazasuError } from '../../errors/kazasu-error';

export class RecordingDirectoryError extends KazasuError {
  constructor(
    readonly code: 'recording-directory-not-empty' | 'recording-not-found' | 'recording-unreadable',
    message: string,
  ) {
    super(message);
  }
}

/** Write `recording` (and `extracts`: photo, images, certificates for people) into a new or empty directory. */
export async function writeRecording(
  dir: string,
  recording: CardRecording,
  extracts: Readonly<Record<string, Uint8Array>>,
  tool: string,
): Promise<{ manifest: RecordingManifest; paths: string[] }> {
  const existing = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  if (existing.length > 0) throw new RecordingDirectoryError('recording-directory-not-empty', `${dir} is not empty: give a new or empty directory`);
  const manifest = await buildRecordingManifest(recording, extracts, { tool, version });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: string[] = [];
  const bytesOf = (path: string) => recording.files[path] ?? extracts[path]!;
  for (const f of manifest.files) {
    const target = join(dir, ...f.path.split('/'));
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, bytesOf(f.path), { mode: 0o600 });
    paths.push(target);
  }
  const manifestPath = join(dir, RECORDING_MANIFEST_FILE);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  paths.push(manifestPath);
  return { manifest, paths };
}

/** Largest manifest.json read (a real one is a few KB). */
const MAX_MANIFEST_BYTES = 256 * 1024;

/** The recording in `dir`, its files checked against the manifest (problems in `integrity`). */
export async function loadRecording(dir: string): Promise<{ manifest: RecordingManifest; recording: CardRecording }> {
  const root = resolve(dir);
  const manifestPath = join(root, RECORDING_MANIFEST_FILE);
  let text: string;
  try {
    if ((await stat(manifestPath)).size > MAX_MANIFEST_BYTES) throw new RecordingManifestError('(file)', `larger than ${MAX_MANIFEST_BYTES} bytes`);
    text = await readFile(manifestPath, 'utf8');
  } catch (e) {
    if (e instanceof KazasuError) throw e;
    throw new RecordingDirectoryError('recording-not-found', `no ${RECORDING_MANIFEST_FILE} in ${dir} (a recording is what \`kazasu read --out\` or \`kazasu sim export\` writes)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RecordingManifestError('(file)', 'not valid JSON');
  }
  const manifest = parseRecordingManifest(json);
  const recording = await recordingFromManifest(manifest, async (path) => {
    // parseRecordingManifest allows only plain relative segments; check the resolved path anyway.
    const target = resolve(root, ...path.split('/'));
    if (!target.startsWith(root + sep)) throw new RecordingManifestError('files', `path ${path} leaves the recording`);
    try {
      // lstat: a symbolic link is not a recorded file (it could point anywhere).
      const s = await lstat(target);
      if (!s.isFile() || s.size > 1 << 20) return undefined;
      return new Uint8Array(await readFile(target));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new RecordingDirectoryError('recording-unreadable', `cannot read ${path}: ${(e as Error).message}`);
    }
  });
  return { manifest, recording };
}
