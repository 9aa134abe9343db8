import { readFile } from 'node:fs/promises';
import { anchorRecordId, importCvCaKey, importX509Root, type ImportedAnchorRecord, type ImportMode } from '../../verify/trust/anchor-import';
import { AnchorFileRepository } from '../anchor-file-repository';
import { flag, parseArgs, UsageError } from './cli-args';

/**
 * `kazasu trust import <file> --mode production|jpki-test [--purpose sign|auth]` — add a root
 *   certificate (PEM/DER, e.g. J-LIS signca02.cer) or a CV CA key (JSON with keyIdHex, modulusHex,
 *   exponentHex) to the operator's anchors.
 * `kazasu trust list` · `kazasu trust remove <sha256 prefix or key id>`
 */
export async function trustCommand(argv: readonly string[], print: (s: string) => void, repo = new AnchorFileRepository()): Promise<number> {
  const [sub, ...rest] = argv;
  const records = await repo.load();
  if (sub === 'list') {
    if (records.length === 0) print('no operator-imported anchors');
    for (const r of records) print(`${r.mode.padEnd(10)} ${describe(r)}  ${r.name}  (imported ${r.importedAt})`);
    return 0;
  }
  if (sub === 'import') {
    const args = parseArgs(rest, ['mode', 'purpose'], []);
    const file = args.positional[0];
    const mode = flag(args, 'mode') as ImportMode | undefined;
    if (!file || (mode !== 'production' && mode !== 'jpki-test')) throw new UsageError('kazasu trust import <file> --mode production|jpki-test [--purpose sign|auth]');
    const bytes = new Uint8Array(await readFile(file));
    const text = new TextDecoder().decode(bytes).trim();
    const record = text.startsWith('{')
      ? importCvCaKey(JSON.parse(text) as { keyIdHex: string; modulusHex: string; exponentHex: string; name?: string }, mode)
      : await importX509Root(bytes, mode, (flag(args, 'purpose') as 'sign' | 'auth' | undefined) ?? 'any');
    const id = anchorRecordId(record);
    if (records.some((r) => r.mode === mode && anchorRecordId(r) === id)) {
      print(`already imported: ${id}`);
      return 0;
    }
    await repo.save([...records, record]);
    print(`imported ${record.kind} for ${mode}: ${record.name} (${id}) into ${repo.path}`);
    return 0;
  }
  if (sub === 'remove' && rest[0]) {
    const needle = rest[0].toUpperCase().replace(/:/g, '');
    const keep = records.filter((r) => !anchorRecordId(r).startsWith(needle));
    if (keep.length === records.length) throw new UsageError(`no imported anchor matches ${rest[0]}`);
    await repo.save(keep);
    print(`removed ${records.length - keep.length} anchor(s)`);
    return 0;
  }
  throw new UsageError('kazasu trust list | import <file> --mode … | remove <id>');
}

function describe(r: ImportedAnchorRecord): string {
  if (r.kind === 'x509-root') return `root ${r.purpose} ${r.sha256}`;
  if (r.kind === 'cv-ca-key') return `cv-ca-key ${r.keyIdHex}`;
  return `${r.document} CA${r.generation ? ` (generation ${r.generation})` : ''} ${r.sha256}`;
}
