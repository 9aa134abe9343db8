import { readFile } from 'node:fs/promises';
import { toHex } from '../../bytes/hex';
import { importMojAnchor, MOJ_ANCHOR_PINS, RcAnchorImportError, type MojAnchorPin } from '../../verify/residence-card';
import { anchorRecordId, importCvCaKey, importX509Root, type ImportedAnchorRecord, type ImportMode } from '../../verify/trust/anchor-import';
import { certificateBytes } from '../../verify/trust/pem';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';
import { importLicenceIssuerCertificate, LicenceIssuerCertificateError } from '../../verify/licence/issuer-certificates';
import { AnchorFileRepository } from '../anchor-file-repository';
import { EXIT } from './exit-codes';
import { simulatorDocumentAnchors } from '../sim-documents';
import { flag, parseArgs, UsageError } from './cli-args';

export const TRUST_USAGE = 'kazasu trust list | import <file> [--mode production|test] [--purpose sign|auth] [--document residence-card] | import-licence-issuer <file> [--mode production|test] | remove <id>';

/** What `trust import` may be told besides the file (tests inject the pins and simulator CAs). */
export interface TrustCommandOptions {
  readonly repo?: AnchorFileRepository;
  /** The pinned MOJ residence-card CAs (default: data/moj-anchors.json). */
  readonly mojPins?: readonly MojAnchorPin[];
  readonly simulatorAnchors?: () => Promise<readonly DocumentAnchor[]>;
}

/**
 * `kazasu trust import <file> [--mode production|test] …` adds an anchor to the operator's store:
 * - a MOJ residence-card CA (.cer/.der/.crt from moj.go.jp, or any file with
 *   `--document residence-card`): accepted only when its SHA-256 matches a pinned fingerprint; the
 *   pin decides the mode (MOJ's test CA → test mode, stored as 'jpki-test'); `--mode`, if given,
 *   must agree;
 * - Kazasu's simulator CAs: nothing to import, simulator mode trusts them already;
 * - otherwise a J-LIS root certificate (PEM/DER, e.g. signca02.cer, `--mode` required) or a CV CA
 *   key (JSON with keyIdHex, modulusHex, exponentHex).
 * `kazasu trust import-licence-issuer <file> [--mode production|test]`: a driver's licence issuer
 * certificate (none is published; the police give operators theirs): an RSA X.509 certificate,
 * never a Kazasu Simulator one; a refused file exits 5.
 * `kazasu trust list` · `kazasu trust remove <sha256 prefix or key id>`
 */
export async function trustCommand(argv: readonly string[], print: (s: string) => void, options: AnchorFileRepository | TrustCommandOptions = {}): Promise<number> {
  const opts: TrustCommandOptions = options instanceof AnchorFileRepository ? { repo: options } : options;
  const repo = opts.repo ?? new AnchorFileRepository();
  const [sub, ...rest] = argv;
  // The passport's CSCAs come from master lists and CSCA CRLs (their own store: passport-trust-file).
  if (sub === 'import-masterlist') return (await import('./trust-masterlist-command')).trustImportMasterList(rest, print);
  if (sub === 'import-csca-crl') return (await import('./trust-masterlist-command')).trustImportCscaCrl(rest, print);
  const records = await repo.load();
  let record: ImportedAnchorRecord;
  if (sub === 'list') {
    if (records.length === 0) print('no operator-imported anchors');
    for (const r of records) print(`${modeName(r.mode).padEnd(10)} ${describe(r)}  ${r.name}  (imported ${r.importedAt})`);
    return 0;
  }
  if (sub === 'import') {
    const args = parseArgs(rest, ['mode', 'purpose', 'document'], []);
    const file = args.positional[0];
    if (!file) throw new UsageError(TRUST_USAGE);
    const mode = modeFromFlag(flag(args, 'mode'));
    const document = flag(args, 'document');
    if (document !== undefined && document !== 'residence-card' && document !== 'mynumber-card') throw new UsageError('--document: anchors are imported for mynumber-card (J-LIS) or residence-card (MOJ)');
    const bytes = new Uint8Array(await readFile(file));
    const text = new TextDecoder().decode(bytes).trim();

    if (!text.startsWith('{') && document !== 'mynumber-card') {
      const sha256 = await certificateSha256(bytes);
      const pins = opts.mojPins ?? MOJ_ANCHOR_PINS;
      const simulator = sha256 ? (await (opts.simulatorAnchors ?? simulatorDocumentAnchors)()).find((a) => a.sha256 === sha256) : undefined;
      if (simulator && !pins.some((p) => p.sha256 === sha256)) {
        print(`${simulator.name} is Kazasu's simulator CA: simulator mode (--trust simulator) trusts it already; nothing imported`);
        return 0;
      }
      if (document === 'residence-card' || (sha256 && pins.some((p) => p.sha256 === sha256))) {
        try {
          record = await importMojAnchor(bytes, { pins, ...(mode ? { expectMode: mode } : {}) });
        } catch (e) {
          if (e instanceof RcAnchorImportError) {
            print(`kazasu: ${e.code}: ${e.message}`);
            // A refused trust-anchor file, like every other refused input file (exit-codes.ts).
            return EXIT.input;
          }
          throw e;
        }
        return save(record);
      }
    }
    if (!mode) throw new UsageError(`${TRUST_USAGE}\n(a J-LIS root or CV CA key needs --mode)`);
    record = text.startsWith('{')
      ? importCvCaKey(JSON.parse(text) as { keyIdHex: string; modulusHex: string; exponentHex: string; name?: string }, mode)
      : await importX509Root(bytes, mode, (flag(args, 'purpose') as 'sign' | 'auth' | undefined) ?? 'any');
    return save(record);
  }
  if (sub === 'import-licence-issuer') {
    // A licence issuer certificate (none is published; operators import what the police give
    // them): an RSA X.509 certificate, never a Kazasu Simulator one. Default mode production.
    const args = parseArgs(rest, ['mode'], []);
    const file = args.positional[0];
    if (!file || args.positional.length !== 1) throw new UsageError('kazasu trust import-licence-issuer <file> [--mode production|test]');
    const mode = modeFromFlag(flag(args, 'mode')) ?? 'production';
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    try {
      record = await importLicenceIssuerCertificate(bytes, mode);
    } catch (e) {
      if (e instanceof LicenceIssuerCertificateError) {
        print(`kazasu: ${e.code}: refused: ${e.message}`);
        return EXIT.input;
      }
      throw e;
    }
    return save(record);
  }
  if (sub === 'remove' && rest[0]) {
    const needle = rest[0].toUpperCase().replace(/:/g, '');
    const keep = records.filter((r) => !anchorRecordId(r).startsWith(needle));
    if (keep.length === records.length) throw new UsageError(`no imported anchor matches ${rest[0]}`);
    await repo.save(keep);
    print(`removed ${records.length - keep.length} anchor(s)`);
    return 0;
  }
  throw new UsageError(TRUST_USAGE);

  async function save(record: ImportedAnchorRecord): Promise<number> {
    const id = anchorRecordId(record);
    if (records.some((r) => r.mode === record.mode && anchorRecordId(r) === id)) {
      print(`already imported: ${id}`);
      return 0;
    }
    await repo.save([...records, record]);
    print(`imported ${describe(record)} for ${modeName(record.mode)} mode: ${record.name} into ${repo.path}`);
    return 0;
  }
}

/** `--mode`: production, or test (the stored name 'jpki-test' is accepted too). */
function modeFromFlag(value: string | undefined): ImportMode | undefined {
  if (value === undefined) return undefined;
  if (value === 'production') return 'production';
  if (value === 'test' || value === 'jpki-test') return 'jpki-test';
  throw new UsageError(`--mode must be production or test (simulator mode holds the simulator's own CAs only)`);
}

const modeName = (m: ImportMode) => (m === 'jpki-test' ? 'test' : m);

/** SHA-256 (upper-case hex) of a certificate file, PEM or DER; undefined when it is neither. */
async function certificateSha256(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const der = certificateBytes(bytes).slice();
    return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der)));
  } catch {
    return undefined;
  }
}

function describe(r: ImportedAnchorRecord): string {
  if (r.kind === 'x509-root') return `root ${r.purpose} ${r.sha256}`;
  if (r.kind === 'cv-ca-key') return `cv-ca-key ${r.keyIdHex}`;
  if (r.kind === 'licence-issuer') return `drivers-licence issuer ${r.sha256.replace(/:/g, '')}`;
  return `${r.document} CA${r.generation ? ` (generation ${r.generation})` : ''} ${r.sha256}`;
}
