import 'reflect-metadata';
import type { AnyDocumentDriver } from '../../documents/document-driver';
import { DOCUMENT_DRIVERS, documentKinds } from '../../documents/registry';
import { isKazasuError } from '../../errors/kazasu-error';
import { readCommand } from './read-command';
import { simExport, simList, simSnapshots } from './sim-command';
import { trustCommand, TRUST_USAGE } from './trust-command';
import { verifyCommand } from './verify-command';
import { simVpcd } from '../vpcd/vpcd-command';
import { bridgeCommand, BRIDGE_USAGE } from '../bridge/bridge-command';

const usage = () => `kazasu — read and verify Japanese ID cards

Usage:
  kazasu read --sim <profile|file.json> [--document <kind>] [credentials] [--json] [--out <dir>] [--short]
  kazasu verify --sim <profile|file.json> --purpose <counter|bank|field|age> [--document <kind>] [credentials]
                [--revocation crl=<url>|ocsp=<url>|platform=<url>|offline]
                [--trust production|jpki-test|simulator] [--forgery <id>] [--at <ISO time>] [--json] [--lang ja|en]
  ${TRUST_USAGE}
  kazasu sim list
  kazasu sim export <profile|file.json> <dir>
  kazasu sim vpcd <profile|file.json> [--host 127.0.0.1] [--port 35963]   (the simulated card in pcscd's Virtual PCD reader)
  ${BRIDGE_USAGE}
              (the local PC/SC bridge for the kiosk page; loopback WebSocket, Origin allow-list, pairing token)

--document names the card (${documentKinds().join(', ')}); without it the card on the reader is
recognised (SELECT and free reads only, never a VERIFY).
Credentials, per document:
${credentialUsage()}
--short models a reader without extended-length APDUs (256-byte reads).
verify exits 0 only when the outcome is verified. The platform client reads KAZASU_PLATFORM_API_KEY.`;

function credentialUsage(): string {
  return DOCUMENT_DRIVERS.map((d) => {
    const flags = Object.values((d as AnyDocumentDriver).credentials).map((c) => `--${c.flag} …`);
    const read = d.readOptions.map((o) => `--${o} "…" (read)`);
    return `  ${d.kind.padEnd(14)} ${[...flags, ...read].join(' ')}`;
  }).join('\n');
}

/** CLI entry: returns the process exit code. Errors print their stable code, never secrets. */
export async function main(argv: readonly string[], print: (s: string) => void = (s) => console.log(s)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'read') return await readCommand(rest, print);
    if (command === 'verify') return await verifyCommand(rest, print);
    if (command === 'trust') return await trustCommand(rest, print);
    if (command === 'sim' && rest[0] === 'list') return simList(print);
    if (command === 'sim' && rest[0] === 'snapshots') return await simSnapshots(print);
    if (command === 'sim' && rest[0] === 'export' && rest.length === 3) return await simExport(rest[1]!, rest[2]!, print);
    if (command === 'bridge') return await bridgeCommand(rest, print);
    if (command === 'sim' && rest[0] === 'vpcd' && rest.length >= 2) return await simVpcd(rest.slice(1), print);
    if (command === undefined || command === 'help' || command === '--help') {
      print(usage());
      return command === undefined ? 2 : 0;
    }
    print(usage());
    return 2;
  } catch (e) {
    if (isKazasuError(e)) {
      print(`kazasu: ${e.code}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
