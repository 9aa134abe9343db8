import type { AnyDocumentDriver } from '../../documents/document-driver';
import type { CardRecording } from '../../documents/card-recording';
import { writeRecording } from '../recording/recording-files';
import { cardOnReader } from './card-on-reader';
import { openCardSource, type CardSource } from './card-source';
import { flag, parseArgs, UsageError, type ParsedArgs } from './cli-args';
import { credentialFlags, credentialsFor, documentFromFlag, readOptionFlags } from './document-flags';
import { EXIT } from './exit-codes';
import type { Print } from './cli-args';

const BASE_VALUE_FLAGS = ['sim', 'reader', 'document', 'out', 'wait'];
const BOOLEAN_FLAGS = ['json', 'short', 'confirm-last-try'];

/**
 * `kazasu read (--reader <name|index> | --sim <profile|file>) [--document <kind>] [credentials]
 *  [--confirm-last-try] [--out <dir>] [--short] [--json]` (`kazasu read --help`) — reads what the
 * given credentials open and prints it, through the document's driver; `--out` writes a
 * recording `kazasu verify --dump` can check later. Credentials are never echoed or written.
 */
export async function readCommand(argv: readonly string[], print: Print): Promise<number> {
  const args = parseArgs(argv, [...BASE_VALUE_FLAGS, ...credentialFlags(), ...readOptionFlags()], BOOLEAN_FLAGS);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const chosen = documentFromFlag(flag(args, 'document'));
  const outDir = flag(args, 'out');
  const source = await openCardSource(args);
  let result: Awaited<ReturnType<typeof readCard>>;
  try {
    result = await readCard(source, args, chosen, outDir !== undefined);
  } finally {
    await source.close();
  }
  const { driver, readout } = result;
  let written: string[] = [];
  if (outDir) {
    const recording: CardRecording = readout.recording
      ? { ...readout.recording, source: { ...readout.recording.source, ...sourceClaims(source) } }
      : { document: driver.kind, files: {}, challenges: [], withheld: [], recordedAt: new Date().toISOString(), source: { transport: source.transport.kind, ...sourceClaims(source) } };
    written = (await writeRecording(outDir, recording, readout.files, 'kazasu read')).paths;
  }
  const origin = source.simulated ? { profile: source.simulated.profileId } : { reader: source.reader };
  if (args.flags.has('json')) {
    print(JSON.stringify({ document: driver.kind, ...origin, transport: source.transport.kind, ...readout.json, errors: readout.errors, apdus: source.transport.apdus, ...(outDir ? { out: outDir } : {}) }, null, 2));
  } else {
    const lines = [`${source.label}: ${driver.title.en} (${source.transport.apdus} APDUs)`, ...readout.lines];
    for (const e of readout.errors) lines.push(`✗ ${e.step}: ${e.code}`);
    if (readout.errors.length === 0) lines.push('✓ read complete');
    if (outDir) {
      lines.push(`wrote a recording to ${outDir} (${written.length} files; personal data — keep it like the card itself)`);
      if (!driver.recording) lines.push(`  (a ${driver.title.en} cannot be verified from a recording yet)`);
      else if (readout.recording) {
        const { PURPOSE_IDS } = await import('../../verify/report');
        const ok = PURPOSE_IDS.filter((p) => driver.purposes[p] && driver.recording!.missingFor(p, readout.recording!).length === 0);
        lines.push(`  kazasu verify --dump ${outDir} --purpose <${ok.join('|') || 'none: read it with credentials'}>`);
      }
    }
    print(lines.join('\n'));
  }
  return readout.errors.length === 0 ? EXIT.ok : EXIT.notVerified;
}

function sourceClaims(source: CardSource): { reader?: string; simulatedProfile?: string } {
  if (source.simulated) return { simulatedProfile: source.simulated.profileId };
  return source.reader ? { reader: source.reader } : {};
}

async function readCard(source: CardSource, args: ParsedArgs, chosen: AnyDocumentDriver | undefined, record: boolean) {
  // Recognise the card (no VERIFY); the driver's readout reads each counter right before its
  // VERIFY (pin-guard: blocked and last-try refused) and sends each credential once.
  const { driver } = await cardOnReader(source.transport, chosen, undefined, () => [], false);
  const options = Object.fromEntries(driver.readOptions.flatMap((o) => (flag(args, o) !== undefined ? [[o, flag(args, o)!]] : [])));
  const readout = await driver.readout(source.transport, {
    credentials: credentialsFor(driver, args),
    options,
    confirmLastTry: args.flags.has('confirm-last-try'),
    record,
  });
  return { driver, readout };
}
