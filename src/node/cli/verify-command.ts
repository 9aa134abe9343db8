import { runVerification, type VerificationCredentials } from '../../session/run-verification';
import { purpose as purposeById, PURPOSES } from '../../session/purposes';
import { simulatedCard, simulatorDocumentAnchors } from '../sim-documents';
import { simulatorAnchorSet } from '../../sim/pki/sim-trust-anchors';
import { SimulatedTransport } from '../../transport/simulated-transport';
import { checkTitle, reasonText } from '../../documents/check-catalogue';
import type { TrustMode, VerificationReport } from '../../verify/report';
import { allKnownAnchors, createTrustStore } from '../../verify/trust/trust-store';
import { revocationFromFlag } from '../revocation-config';
import { loadImportedAnchors, loadImportedDocumentAnchors } from '../anchor-file-repository';
import { documentOnReader } from './card-on-reader';
import { flag, parseArgs, UsageError } from './cli-args';
import { credentialFlags, credentialsFor, documentFromFlag } from './document-flags';

const BASE_VALUE_FLAGS = ['sim', 'document', 'purpose', 'revocation', 'trust', 'forgery', 'at', 'lang'];
const BOOLEAN_FLAGS = ['json', 'confirm-last-try', 'short'];
const TRUST_MODES: readonly TrustMode[] = ['production', 'jpki-test', 'simulator'];

/**
 * `kazasu verify --sim <profile|file> --purpose <counter|bank|field|age> [--document <kind>]
 *  [credential options] [--revocation crl=<url>|ocsp=<url>|platform=<url>|offline]
 *  [--trust production|jpki-test|simulator] [--forgery <id>] [--at <ISO time>] [--json] [--lang ja|en]`
 * The card is verified through its document driver: --document names it, or the registry
 * recognises it. Credential options are each document's (My Number Card: --code-b, --password,
 * --birth-date-key, --pin). Exit code 0 only when the outcome is 'verified'.
 */
export async function verifyCommand(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, [...BASE_VALUE_FLAGS, ...credentialFlags()], BOOLEAN_FLAGS);
  const chosen = documentFromFlag(flag(args, 'document'));
  const simRef = flag(args, 'sim');
  if (!simRef) throw new UsageError('--sim <profile|file.json> is required (real readers: see README)');
  const purpose = purposeById(flag(args, 'purpose') ?? '');
  if (!purpose) throw new UsageError(`--purpose must be one of ${Object.keys(PURPOSES).join(', ')}`);
  // A simulated card only ever verifies under simulator trust; other modes show why not.
  const trustMode = (flag(args, 'trust') ?? 'simulator') as TrustMode;
  if (!TRUST_MODES.includes(trustMode)) throw new UsageError(`--trust must be one of ${TRUST_MODES.join(', ')}`);
  const at = flag(args, 'at');
  const fixedNow = at ? new Date(at) : undefined;
  if (fixedNow && Number.isNaN(fixedNow.getTime())) throw new UsageError('--at needs an ISO date-time');
  const lang = flag(args, 'lang') === 'ja' ? 'ja' : 'en';

  const forgeryId = flag(args, 'forgery');
  const simulated = await simulatedCard(simRef, forgeryId ? { forgery: forgeryId } : {});

  const simulator = await simulatorAnchorSet();
  const imported = trustMode === 'simulator' ? undefined : await loadImportedAnchors(trustMode);
  // Documents that chain to their own issuer CA (residence card, licence): the simulator's CAs and
  // the operator's imports of every mode; each document's verifier keeps those of the trust mode
  // in force.
  const documentImports = await loadImportedDocumentAnchors();
  const env = {
    documentAnchors: [...(await simulatorDocumentAnchors()), ...documentImports.anchors],
    trust: createTrustStore(trustMode, { simulator, ...(imported ? { imported } : {}) }),
    allAnchors: allKnownAnchors({ simulator, ...(imported ? { imported } : {}) }),
    revocation: revocationFromFlag(flag(args, 'revocation')),
    now: () => fixedNow ?? new Date(),
  };
  const transport = new SimulatedTransport(simulated.responder, { extendedLength: !args.flags.has('short') });
  await transport.connect();
  let report: VerificationReport;
  let credentialIds: string[] = [];
  try {
    const driver = await documentOnReader(transport, chosen, purpose.id);
    credentialIds = Object.keys(driver.credentials);
    if (!driver.purposes[purpose.id]) throw new UsageError(`--purpose ${purpose.id} is not supported for a ${driver.title.en}`);
    const credentials = { ...(credentialsFor(driver, args) as VerificationCredentials), confirmLastTry: args.flags.has('confirm-last-try') };
    report = await runVerification(transport, purpose, credentials, env, undefined, { document: driver });
  } finally {
    await transport.disconnect();
  }
  if (args.flags.has('json')) print(JSON.stringify(reportForJson(report, credentialIds), null, 2));
  else {
    for (const sha256 of documentImports.refused) print(`! stored anchor ${sha256} ignored: it no longer matches its pinned fingerprint (import it again)`);
    print(formatReport(report, lang, forgeryId));
  }
  return report.outcome === 'verified' ? 0 : 1;
}

/**
 * The report for machines: images and card material as sizes only (the CLI's --out on `read`
 * writes images); pending revocation records are kept, they hold no personal data.
 */
function reportForJson(r: VerificationReport, credentialIds: readonly string[]): unknown {
  const sizes = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Uint8Array ? { bytes: v.length } : v]));
  // Material named like one of the document's credentials (the residence card's number, which
  // the evidence record keeps) is a credential: never printed.
  const material = Object.fromEntries(Object.entries(r.material).filter(([k]) => !credentialIds.includes(k)));
  return { ...r, images: sizes(r.images), material: sizes(material) };
}

const MARK: Record<string, string> = { pass: '✓', fail: '✗', warn: '!', pending: '…', skipped: '-' };

/** Pad to a terminal width, counting CJK and full-width characters as two columns. */
function padColumns(s: string, width: number): string {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w >= width ? `${s} ` : s + ' '.repeat(width - w);
}

export function formatReport(r: VerificationReport, lang: 'ja' | 'en', forgery?: string): string {
  const lines: string[] = [];
  if (r.anchors.some((a) => a.hierarchy === 'simulator' || a.hierarchy === 'test') || r.trustMode !== 'production') {
    lines.push(lang === 'ja' ? '*** テスト用／模擬カード（TEST / SIMULATED）***' : '*** TEST / SIMULATED CARD ***');
  }
  if (forgery) lines.push(`forged card: ${forgery}`);
  lines.push(`document ${r.document} · purpose ${r.purpose} · trust ${r.trustMode} · transport ${r.transport}`);
  for (const c of r.checks) {
    const title = checkTitle(c.id)[lang];
    const reason = reasonText(c.code)[lang];
    lines.push(`${MARK[c.status]} ${padColumns(title, 50)}${c.status.padEnd(8)} ${c.code}${c.status === 'pass' ? '' : ` — ${reason}`}`);
    if (c.detail && c.status !== 'pass') lines.push(`    ${c.detail}`);
  }
  const a = r.attributes;
  if (a.name) lines.push(`name ${a.name}`);
  if (a.birthDate) lines.push(`birth date ${a.birthDate}`);
  if (a.age) lines.push(`age: 18+ ${a.age.over18 ? 'yes' : 'no'} · 20+ ${a.age.over20 ? 'yes' : 'no'}`);
  const verdict = { verified: lang === 'ja' ? '確認済み' : 'VERIFIED', failed: lang === 'ja' ? '確認できません' : 'FAILED', incomplete: lang === 'ja' ? '未完了' : 'INCOMPLETE' };
  lines.push(`outcome: ${verdict[r.outcome]}`);
  return lines.join('\n');
}
