import 'reflect-metadata';
import { isKazasuError } from '../../errors/kazasu-error';
import { readCommand } from './read-command';
import { simExport, simList, simSnapshots } from './sim-command';

const USAGE = `kazasu — read and verify Japanese ID cards (simulated card for now)

Usage:
  kazasu read --sim <profile|file.json> [--pin 1234] [--code-b <14 digits>] [--password <sign password>]
              [--my-number-purpose "<番号法 purpose>"] [--json] [--out <dir>] [--short]
  kazasu sim list
  kazasu sim export <profile|file.json> <dir>

--short models a reader without extended-length APDUs (256-byte reads).`;

/** CLI entry: returns the process exit code. Errors print their stable code, never secrets. */
export async function main(argv: readonly string[], print: (s: string) => void = (s) => console.log(s)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'read') return await readCommand(rest, print);
    if (command === 'sim' && rest[0] === 'list') return simList(print);
    if (command === 'sim' && rest[0] === 'snapshots') return await simSnapshots(print);
    if (command === 'sim' && rest[0] === 'export' && rest.length === 3) return await simExport(rest[1]!, rest[2]!, print);
    if (command === undefined || command === 'help' || command === '--help') {
      print(USAGE);
      return command === undefined ? 2 : 0;
    }
    print(USAGE);
    return 2;
  } catch (e) {
    if (isKazasuError(e)) {
      print(`kazasu: ${e.code}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
