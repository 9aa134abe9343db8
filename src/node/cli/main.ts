/**
 * CLI entry (bin/kazasu.mjs runs the JavaScript `npm run build` bundles from this file). Each
 * command is imported only when it runs (commands.ts), so `--version` and `--help` start fast
 * (bench: CLI start-up) and a command never loads what another needs (the PC/SC binding, the
 * simulator).
 */
import { version } from '../../../package.json';
import { isKazasuError } from '../../errors/kazasu-error';
import type { Print } from './cli-args';
import { commandNamed, OVERVIEW } from './commands';
import { EXIT, exitCodeFor } from './exit-codes';

export type { Print } from './cli-args';

const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

/**
 * Runs one command line and returns the exit code (src/node/cli/exit-codes.ts). Results go to
 * `print` (stdout), errors to `printError` (stderr), each as its stable code and a plain
 * sentence — never a credential.
 */
export async function main(argv: readonly string[], print: Print = (s) => console.log(s), printError: Print = (s) => console.error(s)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    print(`kazasu ${version}`);
    return EXIT.ok;
  }
  if (name === undefined) {
    printError(OVERVIEW);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    print(OVERVIEW);
    return EXIT.ok;
  }
  const topic = name === 'help' ? rest[0]! : name;
  const command = commandNamed(topic);
  if (!command) {
    printError(`kazasu: ${name === 'help' ? 'no command' : 'unknown command'} "${topic}"\n\n${OVERVIEW}`);
    return EXIT.usage;
  }
  if (name === 'help' || wantsHelp(rest)) {
    print(await command.help());
    return EXIT.ok;
  }
  try {
    return await command.run(rest, print);
  } catch (e) {
    const code = exitCodeFor(e);
    if (isKazasuError(e)) printError(`kazasu: ${e.code}: ${e.message}${hintFor(e.code, name)}`);
    else printError(`kazasu: internal error (please report it, without credentials): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return code;
  }
}

/** One next step per error the holder or the operator can act on. */
function hintFor(code: string, command: string): string {
  switch (code) {
    case 'cli-usage':
      return `\n(kazasu ${command} --help lists the options)`;
    case 'card-removed':
      return '\nThe card left the reader during the read. Place it on the reader again and run the command again.';
    case 'no-card':
      return '\nPlace the card on the reader and run the command again.';
    case 'pin-blocked':
    case 'credential-blocked':
      return '\nThis credential is blocked on the card. Only the issuing office (for a My Number Card: the municipal office) can reset it.';
    case 'pin-last-try-unconfirmed':
    case 'credential-last-try':
      return '\nOnly one try is left. Ask the holder; if they agree to use it, run again with --confirm-last-try.';
    case 'pin-wrong':
      return '\nCompare the value with the card before trying again; Kazasu never retries by itself.';
    case 'document-unknown':
      return '\nThe card on the reader is not a document Kazasu can read (kazasu readers shows what was recognised).';
    default:
      return '';
  }
}
