import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { NativeShellEmulator, type NativeShellEmulatorOptions } from '../../src/sim/readers/native-shell-emulator';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import { NativeTransport, type NativeTransportOptions } from '../../src/transport/native/native-transport';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';

export const DEFAULT_CODE_B = CODE_B.default!;

export interface Rig {
  readonly emulator: NativeShellEmulator;
  readonly transport: NativeTransport;
  readonly sim: SimulatedCard;
}

/** An emulated phone shell with the default simulated card held to it, and the real transport. */
export async function rig(options: { shell?: NativeShellEmulatorOptions; transport?: NativeTransportOptions; placed?: boolean } = {}): Promise<Rig> {
  const built = await card('default');
  const sim = simulatedCardFor(built.model);
  const emulator = new NativeShellEmulator(options.shell);
  if (options.placed ?? true) emulator.placeCard(sim);
  const transport = new NativeTransport(emulator.shell, options.transport);
  return { emulator, transport, sim };
}

export async function counterCheck(transport: NativeTransport): Promise<VerificationReport> {
  return runVerification(transport, PURPOSES.counter, { codeB: DEFAULT_CODE_B }, await environment());
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
