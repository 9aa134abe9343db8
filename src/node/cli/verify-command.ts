import type { AnyDocumentDriver } from '../../documents/document-driver';
import { checkTitle, reasonText } from '../../documents/check-catalogue';
import { documentDriver, type DocumentReport } from '../../documents/registry';
import { purpose as purposeById, PURPOSES, type Purpose } from '../../session/purposes';
import { verifyRecording } from '../../session/verify-recording';
import type { DocumentKind, TrustMode, VerificationReport } from '../../verify/report';
import type { VerificationEnvironment } from '../../documents/verification-environment';
import { loadRecording } from '../recording/recording-files';
import { verifyCard } from '../library/node-api';
import { describeTries } from './card-on-reader';
import { openCardSource } from './card-source';
import { flag, parseArgs, UsageError, type ParsedArgs } from './cli-args';
import { credentialNeeds, describeMissing } from '../../documents/credential-needs';
import { MissingCredentialError } from '../../documents/step-helpers';
import { credentialFlags, credentialsFor, documentFromFlag } from './document-flags';
import { EXIT } from './exit-codes';
import { revocationFromFlag } from '../revocation-config';
import { reportForJson } from './report-json';
import { verificationEnvironmentWithNotes } from './verification-environment';
import type { Print } from './cli-args';

const BASE_VALUE_FLAGS = ['sim', 'reader', 'dump', 'document', 'purpose', 'revocation', 'trust', 'forgery', 'at', 'lang', 'wait'];
const BOOLEAN_FLAGS = ['json', 'confirm-last-try', 'short'];
const TRUST_MODES: readonly TrustMode[] = ['production', 'jpki-test', 'simulator'];

/**
 * `kazasu verify (--reader <name|index> | --sim <profile|file> | --dump <dir>) --purpose <p>
 *  [--document <kind>] [credentials] [--confirm-last-try] [--revocation …] [--trust …]
 *  [--forgery <id>] [--at <time>] [--short] [--json] [--lang ja|en]` (`kazasu verify --help`).
 * The card is verified through its document driver (recognised by the registry unless --document
 * names it), with the kiosk's PIN safety; a recording through the driver's recording support.
 * Exit 0 only when the outcome is 'verified' (exit-codes.ts).
 */
export async function verifyCommand(argv: readonly string[], print: Print): Promise<number> {
  const args = parseArgs(argv, [...BASE_VALUE_FLAGS, ...credentialFlags()], BOOLEAN_FLAGS);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const chosen = documentFromFlag(flag(args, 'document'));
  const purpose = purposeById(flag(args, 'purpose') ?? '');
  if (!purpose) throw new UsageError(`--purpose must be one of ${Object.keys(PURPOSES).join(', ')}`);
  const dump = flag(args, 'dump');
  // A simulated card only ever verifies under simulator trust; a real card and a recording are
  // judged against production anchors unless the operator says otherwise (a recording's claim to
  // come from a simulated card never chooses the trust mode).
  const trustMode = (flag(args, 'trust') ?? (flag(args, 'sim') !== undefined ? 'simulator' : 'production')) as TrustMode;
  if (!TRUST_MODES.includes(trustMode)) throw new UsageError(`--trust must be one of ${TRUST_MODES.join(', ')}`);
  const at = flag(args, 'at');
  const fixedNow = at ? new Date(at) : undefined;
  if (fixedNow && Number.isNaN(fixedNow.getTime())) throw new UsageError('--at needs an ISO date-time');
  const lang = flag(args, 'lang') === 'ja' ? 'ja' : 'en';
  const forgery = flag(args, 'forgery');
  // A wrong --revocation is a usage error before any card is touched, as it was when the
  // environment was built first.
  revocationFromFlag(flag(args, 'revocation'));
  // Built for the one document verified (the recording's, or the card's once recognised): the
  // other documents' simulator CAs and trust are never built (verification-environment.ts).
  let notes: readonly string[] = [];
  const environmentFor = async (document: DocumentKind) => {
    const built = await verificationEnvironmentWithNotes(trustMode, flag(args, 'revocation'), fixedNow, [document]);
    notes = built.notes;
    return built.environment;
  };

  let report: DocumentReport;
  let header: string[];
  if (dump !== undefined) {
    if (flag(args, 'sim') !== undefined || flag(args, 'reader') !== undefined) throw new UsageError('--dump verifies a recording: give no --reader or --sim with it');
    if (forgery) throw new UsageError('--forgery needs --sim (to record a forged card: kazasu sim export <profile> <dir> --forgery <id>)');
    const given = credentialFlags().filter((f) => args.flags.has(f));
    if (given.length > 0) throw new UsageError(`a recording is verified without credentials; drop --${given.join(', --')}`);
    const { recording } = await loadRecording(dump);
    if (chosen && chosen.kind !== recording.document) throw new UsageError(`--document ${chosen.kind}, but the recording holds a ${recording.document}`);
    report = await verifyRecording(recording, purpose, await environmentFor(recording.document));
    header = [`recording ${dump} (${recording.document}, recorded ${recording.recordedAt})`];
  } else {
    ({ report, header } = await verifyCardFromArgs(args, chosen, purpose, environmentFor, forgery));
  }
  if (args.flags.has('json')) print(JSON.stringify(reportForJson(report), null, 2));
  else print([...notes, ...header, formatReport(report, lang, forgery)].join('\n'));
  return report.outcome === 'verified' ? EXIT.ok : EXIT.notVerified;
}

async function verifyCardFromArgs(
  args: ParsedArgs,
  chosen: AnyDocumentDriver | undefined,
  purpose: Purpose,
  environment: (document: DocumentKind) => Promise<VerificationEnvironment>,
  forgery: string | undefined,
): Promise<{ report: DocumentReport; header: string[] }> {
  // A named document on a real reader: a missing credential is refused before the reader is opened.
  if (chosen && flag(args, 'sim') === undefined) {
    const missing = credentialNeeds(chosen, purpose.id, credentialsFor(chosen, args)).missing;
    if (chosen.purposes[purpose.id] && missing.length > 0) throw new MissingCredentialError(describeMissing(chosen, missing));
  }
  const source = await openCardSource(args, forgery ? { forgery } : {});
  try {
    let fromProfile: string[] = [];
    const { report, tries } = await verifyCard(source.transport, {
      purpose: purpose.id,
      environment: (driver) => environment(driver.kind),
      confirmLastTry: args.flags.has('confirm-last-try'),
      ...(chosen ? { document: chosen } : {}),
      credentials: (driver, variant) => {
        const given = credentialsFor(driver, args);
        // A simulated card's own credentials fill in what is missing (demos, benchmarks): not one
        // another given credential replaces (--can for the MRZ), nor one the variant does without.
        const own = source.simulated?.credentials ?? {};
        fromProfile = credentialNeeds(driver, purpose.id, given, variant).missing.filter((id) => own[id] !== undefined);
        for (const id of fromProfile) given[id] = own[id]!;
        return given;
      },
    });
    const triesLine = Object.entries(tries)
      .map(([id, t]) => `${id} ${describeTries(t)}`)
      .join(', ');
    const driver = documentDriver(report.document);
    const header = [
      `${source.label}: ${driver?.title.en ?? report.document} (${source.transport.apdus} APDUs)`,
      ...(triesLine ? [`tries before the run: ${triesLine}`] : []),
      ...(fromProfile.length > 0 ? [`credentials from the simulated card's profile: ${fromProfile.join(', ')}`] : []),
    ];
    return { report, header };
  } finally {
    await source.close();
  }
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
  if (r.transport === 'recording') lines.push(lang === 'ja' ? '*** 記録からの確認（カードは読み取り機にありません）***' : '*** FROM A RECORDING (no card on the reader) ***');
  if (forgery) lines.push(`forged card: ${forgery}`);
  lines.push(`document ${r.document} · purpose ${r.purpose} · trust ${r.trustMode} · transport ${r.transport}`);
  for (const c of r.checks) {
    const title = checkTitle(c.id)[lang];
    const reason = reasonText(c.code)[lang];
    lines.push(`${MARK[c.status]} ${padColumns(title, 50)}${c.status.padEnd(8)} ${c.code}${c.status === 'pass' && c.code === 'ok' ? '' : ` — ${reason}`}`);
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
