/**
 * `kazasu trust import-masterlist <file> --signer <csca.pem> [--mode production|jpki-test]
 *  [--provenance "<where the file came from>"] [--at <ISO time>]` — imports the CSCAs of a CSCA
 * master list (CMS, eContent id-icao-cscaMasterList; DER, PEM or base64) into the passport trust
 * store, after its CMS signature has been checked against the publishing state's CSCA the operator
 * pins with --signer (e.g. the German CSCA for the BSI list). A list whose signature does not
 * chain to the pin is refused and nothing is imported.
 * `kazasu trust import-csca-crl <file> [--mode …]` — imports a CSCA CRL, checked against the CSCAs in force.
 */
import { readFile } from 'node:fs/promises';
import type { TrustMode } from '../../verify/report';
import { importCscaCrl } from '../../verify/passport/trust/csca-crl';
import { importMasterList } from '../../verify/passport/trust/master-list';
import { passportTrustFor, PassportTrustFile } from '../passport-trust-file';
import { flag, parseArgs, UsageError } from './cli-args';
import { readBinaryInput } from './lds-file-input';

const MODES: Readonly<Record<string, { readonly hierarchy: 'operator' | 'test'; readonly mode: TrustMode }>> = {
  production: { hierarchy: 'operator', mode: 'production' },
  'jpki-test': { hierarchy: 'test', mode: 'jpki-test' },
};

function modeOf(value: string | undefined) {
  const m = MODES[value ?? 'production'];
  if (!m) throw new UsageError('--mode must be production or jpki-test');
  return m;
}

function timeOf(value: string | undefined): Date {
  const now = value ? new Date(value) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--at needs an ISO date-time');
  return now;
}

export async function trustImportMasterList(argv: readonly string[], print: (s: string) => void, file = new PassportTrustFile()): Promise<number> {
  const args = parseArgs(argv, ['signer', 'mode', 'provenance', 'at'], []);
  const path = args.positional[0];
  const signer = flag(args, 'signer');
  if (!path || !signer || args.positional.length !== 1) throw new UsageError('kazasu trust import-masterlist <file> --signer <csca.pem> [--mode production|jpki-test] [--provenance "…"]');
  const { hierarchy } = modeOf(flag(args, 'mode'));
  let pin: Uint8Array;
  try {
    pin = new Uint8Array(await readFile(signer));
  } catch {
    throw new UsageError(`cannot read --signer ${signer}`);
  }
  const result = await importMasterList(await readBinaryInput(path), [pin], timeOf(flag(args, 'at')), { hierarchy, provenance: flag(args, 'provenance') ?? `master list ${path}, signer pinned ${signer}` });
  if (result.check.status !== 'pass' || !result.record) {
    print(`refused: ${result.check.code}${result.check.detail ? ` — ${result.check.detail}` : ''}`);
    return 1;
  }
  const imports = await file.load();
  const known = new Set((imports.imported ?? []).map((a) => a.sha256));
  const added = result.cscas.filter((a) => !known.has(a.sha256));
  await file.save({ imported: [...(imports.imported ?? []), ...added], masterLists: [...(imports.masterLists ?? []), result.record], crls: imports.crls ?? [] });
  const r = result.record;
  print(`master list of ${r.publisher} signed by "${r.signer}" (pinned CSCA "${r.signerCsca.name}")${r.signingTime ? `, signed ${r.signingTime}` : ''}`);
  print(`${result.cscas.length} CSCAs of ${Object.keys(result.countries).length} countries (${added.length} new), ${result.rejected.length} rejected, link certificates ${result.links.verified}/${result.links.total} verified`);
  print(`imported for ${hierarchy === 'operator' ? 'production' : 'jpki-test'} into ${file.path}`);
  return 0;
}

export async function trustImportCscaCrl(argv: readonly string[], print: (s: string) => void, file = new PassportTrustFile()): Promise<number> {
  const args = parseArgs(argv, ['mode', 'at'], []);
  const path = args.positional[0];
  if (!path || args.positional.length !== 1) throw new UsageError('kazasu trust import-csca-crl <file> [--mode production|jpki-test]');
  const { mode } = modeOf(flag(args, 'mode'));
  const now = timeOf(flag(args, 'at'));
  const { store } = await passportTrustFor(mode, now, file);
  const result = await importCscaCrl(await readBinaryInput(path), store, now, `CSCA CRL ${path}`);
  if (!result.crl) {
    print(`refused: ${result.check.code}${result.check.detail ? ` — ${result.check.detail}` : ''}`);
    return 1;
  }
  const imports = await file.load();
  await file.save({ imported: imports.imported ?? [], masterLists: imports.masterLists ?? [], crls: [...(imports.crls ?? []).filter((c) => c.sha256 !== result.crl!.sha256), result.crl] });
  print(`CRL of ${result.crl.issuerName} (${result.crl.revokedSerials.length} revoked) ${result.check.status === 'warn' ? `imported with a warning: ${result.check.code}` : 'imported'}`);
  return 0;
}
