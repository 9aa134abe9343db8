import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SimulatedTransport } from '../../transport/simulated-transport';
import { simulatedCard } from '../sim-documents';
import { CountingTransport, documentOnReader } from './card-on-reader';
import { flag, parseArgs } from './cli-args';
import { credentialFlags, credentialsFor, documentFromFlag, readOptionFlags } from './document-flags';

const BASE_VALUE_FLAGS = ['sim', 'document', 'out'];
const BOOLEAN_FLAGS = ['json', 'extended', 'short'];

/**
 * `kazasu read --sim <profile|file.json> [--document <kind>] [credential options] [--json]
 *  [--out dir] [--short]` — reads what the given credentials open and prints it, through the
 * document's driver (the registry recognises the card when --document is not given). The
 * credential options are each document's (My Number Card: --pin, --code-b, --password,
 * --my-number-purpose). Credentials are never echoed.
 */
export async function readCommand(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, [...BASE_VALUE_FLAGS, ...credentialFlags(), ...readOptionFlags()], BOOLEAN_FLAGS);
  const simRef = flag(args, 'sim');
  if (!simRef) {
    print('kazasu read: --sim <profile|file.json> is required (real readers: see README)');
    return 2;
  }
  const chosen = documentFromFlag(flag(args, 'document'));
  const simulated = await simulatedCard(simRef);
  const profile = { id: simulated.profileId };
  const transport = new CountingTransport(new SimulatedTransport(simulated.responder, { extendedLength: !args.flags.has('short') }));
  await transport.connect();
  let readout;
  let driver;
  try {
    driver = await documentOnReader(transport, chosen);
    const options = Object.fromEntries(driver.readOptions.flatMap((o) => (flag(args, o) !== undefined ? [[o, flag(args, o)!]] : [])));
    readout = await driver.readout(transport, { credentials: credentialsFor(driver, args), options });
  } finally {
    await transport.disconnect();
  }

  const outDir = flag(args, 'out');
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    for (const [name, bytes] of Object.entries(readout.files)) await writeFile(join(outDir, name), bytes);
  }
  if (args.flags.has('json')) {
    print(JSON.stringify({ document: driver.kind, profile: profile.id, transport: transport.kind, ...readout.json, errors: readout.errors, apdus: transport.apdus }, null, 2));
  } else {
    const lines = [`Simulated card "${profile.id}" (${driver.title.en}) over ${transport.kind} reader (${transport.apdus} APDUs)`, ...readout.lines];
    for (const e of readout.errors) lines.push(`✗ ${e.step}: ${e.code}`);
    if (readout.errors.length === 0) lines.push('✓ read complete');
    if (outDir) for (const name of Object.keys(readout.files)) lines.push(`wrote ${join(outDir, name)}`);
    print(lines.join('\n'));
  }
  return readout.errors.length === 0 ? 0 : 1;
}
