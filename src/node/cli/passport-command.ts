/**
 * `kazasu passport check-sod <EF.SOD> [--dg N=<file>]… [--trust production|jpki-test|simulator]
 *  [--at <ISO time>] [--json] [--lang ja|en]` — passive authentication of a security object and
 * data-group files read by another tool (raw, hex, base64 or PEM), against the passport trust
 * store of the mode (Japan's shipped CSCAs and the imported master lists and CRLs in
 * production). Exit 0 only when the data verifies (hashes, signature, chain, not revoked).
 */
import { EXIT_CODE_HELP } from './exit-codes';
import { checkTitle, reasonText } from '../../documents/check-catalogue';
import { checkSod } from '../../verify/passport/check-sod';
import type { TrustMode } from '../../verify/report';
import { passportTrustFor } from '../passport-trust-file';
import { UsageError } from './cli-args';
import { readBinaryInput } from './lds-file-input';

export const PASSPORT_HELP_USAGE = 'kazasu passport check-sod <EF.SOD> [--dg N=<file>]… [--trust production|jpki-test|simulator] [--at <ISO time>] [--json] [--lang ja|en]';
const MARK: Record<string, string> = { pass: '✓', fail: '✗', warn: '!', pending: '…', skipped: '-' };

export async function passportCommand(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check-sod') throw new UsageError(PASSPORT_HELP_USAGE);
  // --dg repeats, so this parses by hand (cli-args keeps the last value of a flag).
  let sodPath: string | undefined;
  const dgs = new Map<string, string>();
  let trust: TrustMode = 'production';
  let at: string | undefined;
  let json = false;
  let lang: 'ja' | 'en' = 'en';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = () => {
      const v = a.includes('=') && a.startsWith('--') && !a.startsWith('--dg') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--dg' || a.startsWith('--dg=')) {
      const spec = a === '--dg' ? rest[++i] : a.slice(5);
      const m = /^(?:DG)?(\d{1,2})=(.+)$/i.exec(spec ?? '');
      if (!m) throw new UsageError('--dg needs N=<file>, e.g. --dg 1=DG1.bin');
      if (dgs.has(m[1]!)) throw new UsageError(`--dg ${m[1]} given twice`);
      dgs.set(m[1]!, m[2]!);
    } else if (a === '--trust' || a.startsWith('--trust=')) {
      const v = value();
      if (v !== 'production' && v !== 'jpki-test' && v !== 'simulator') throw new UsageError('--trust must be production, jpki-test or simulator');
      trust = v;
    } else if (a === '--at' || a.startsWith('--at=')) at = value();
    else if (a === '--lang' || a.startsWith('--lang=')) lang = value() === 'ja' ? 'ja' : 'en';
    else if (a === '--json') json = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (sodPath === undefined) sodPath = a;
    else throw new UsageError(PASSPORT_HELP_USAGE);
  }
  if (!sodPath) throw new UsageError(PASSPORT_HELP_USAGE);
  const now = at ? new Date(at) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--at needs an ISO date-time');
  const files = new Map<string, Uint8Array>();
  for (const [n, path] of dgs) files.set(n, await readBinaryInput(path));
  const { store, allCscas } = await passportTrustFor(trust, now);
  const result = await checkSod(await readBinaryInput(sodPath), files, store, now, { otherAnchors: allCscas });
  if (json) {
    print(JSON.stringify({ trust, at: now.toISOString(), dataVerified: result.dataVerified, verifiedDataGroups: result.verifiedDataGroups, scheme: result.scheme, dsc: result.dsc, csca: result.csca ? { name: result.csca.name, country: result.csca.country, sha256: result.csca.sha256, provenance: result.csca.provenance } : undefined, checks: result.checks }, null, 2));
  } else {
    print(`EF.SOD ${sodPath} · ${dgs.size} data group file(s) · trust ${trust} · at ${now.toISOString()}`);
    for (const c of result.checks) {
      print(`${MARK[c.status]} ${checkTitle(c.id)[lang]} — ${c.status} ${c.code}${c.status === 'pass' ? '' : ` — ${reasonText(c.code)[lang]}`}`);
      if (c.detail && c.status !== 'pass') print(`    ${c.detail}`);
    }
    if (result.scheme) print(`signature: ${result.scheme}`);
    if (result.dsc) print(`DSC: ${result.dsc.subject} (SHA-256 ${result.dsc.sha256.toUpperCase()})`);
    if (result.csca) print(`CSCA: ${result.csca.name} (SHA-256 ${result.csca.sha256.toUpperCase()}; ${result.csca.provenance})`);
    if (result.verifiedDataGroups.length > 0) print(`data groups matching the SOD: DG${result.verifiedDataGroups.join(', DG')}`);
    print(`outcome: ${result.dataVerified ? 'VERIFIED' : 'NOT VERIFIED'}`);
  }
  return result.dataVerified ? 0 : 1;
}

/** `kazasu passport --help`. */
export const PASSPORT_HELP = `kazasu passport — passport files read by other tools

Usage:
  ${PASSPORT_HELP_USAGE}

check-sod verifies a stored security object (EF.SOD): its CMS signature with the embedded
document signer certificate, the signer's chain to a CSCA in the trust store (Japan's CSCAs
shipped; other states from a master list imported with \`kazasu trust import-masterlist\`), and
each --dg N=<file> data group's hash against the SOD. Files may be raw, hex, base64 or PEM.

${EXIT_CODE_HELP}`;
