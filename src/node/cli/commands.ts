/**
 * The CLI's subcommands: one entry each. A new subcommand is its own file (exporting the function
 * that runs it and its `--help` text) plus one line here; `kazasu --help`, `kazasu help <name>`,
 * `kazasu <name> --help` and the dispatch in main.ts all come from this list. Both `help` and `run`
 * import their module only when called, so `--version` and `--help` load nothing heavy.
 */
import type { Print } from './cli-args';
import { EXIT_CODE_HELP } from './exit-codes';

export interface CliCommand {
  readonly name: string;
  /** One line for `kazasu --help`. */
  readonly summary: string;
  /** The command's `--help` text. */
  help(): Promise<string>;
  /** Runs the command; resolves to its exit code (exit-codes.ts), throws KazasuErrors. */
  run(argv: readonly string[], print: Print): Promise<number>;
}

export const COMMANDS: readonly CliCommand[] = [
  { name: 'readers', summary: 'list the PC/SC readers, the card in each (ATR) and which document it is', help: async () => (await import('./help')).READERS_HELP, run: async (a, p) => (await import('./readers-command')).readersCommand(a, p) },
  { name: 'verify', summary: 'read a card (a PC/SC reader, a simulated card or a recording) and verify it for one purpose', help: async () => (await import('./help')).verifyHelp(), run: async (a, p) => (await import('./verify-command')).verifyCommand(a, p) },
  { name: 'read', summary: 'read what the given credentials open, without verifying; --out writes a recording', help: async () => (await import('./help')).readHelp(), run: async (a, p) => (await import('./read-command')).readCommand(a, p) },
  { name: 'trust', summary: 'list, import or remove operator trust anchors', help: async () => (await import('./help')).TRUST_HELP, run: async (a, p) => (await import('./trust-command')).trustCommand(a, p) },
  { name: 'passport', summary: 'passport files read by other tools: check-sod verifies a stored EF.SOD (and data groups) against the trust store', help: async () => (await import('./passport-command')).PASSPORT_HELP, run: async (a, p) => (await import('./passport-command')).passportCommand(a, p) },
  { name: 'sim', summary: 'simulated cards: list, export as a recording, serve in pcscd\'s Virtual PCD reader', help: async () => (await import('./help')).SIM_HELP, run: async (a, p) => (await import('./sim-command')).simCommand(a, p) },
  { name: 'bridge', summary: 'the local PC/SC bridge for the kiosk page (loopback WebSocket)', help: async () => (await import('../bridge/bridge-help')).BRIDGE_HELP, run: async (a, p) => (await import('../bridge/bridge-command')).bridgeCommand(a, p) },
];

export function commandNamed(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** `kazasu --help`. */
export const OVERVIEW = `kazasu — read and verify the IC chip of Japanese photo ID

Usage: kazasu <command> [options]      kazasu <command> --help   for a command's options

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

  kazasu --version · kazasu help <command>

${EXIT_CODE_HELP}`;
