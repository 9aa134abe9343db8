import { defaultCard } from '../transport-conformance/helpers';
export { counterCheck, DEFAULT_CODE_B, events, nextEvent, rejection } from '../transport-conformance/helpers';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { NativeShellEmulator, type NativeShellEmulatorOptions } from '../../src/sim/readers/native-shell-emulator';
import { NativeTransport, type NativeTransportOptions } from '../../src/transport/native/native-transport';

export interface Rig {
  readonly emulator: NativeShellEmulator;
  readonly transport: NativeTransport;
  readonly sim: SimulatedCard;
}

/** An emulated phone shell with the default simulated card held to it, and the real transport. */
export async function rig(options: { shell?: NativeShellEmulatorOptions; transport?: NativeTransportOptions; placed?: boolean } = {}): Promise<Rig> {
  const sim = await defaultCard();
  const emulator = new NativeShellEmulator(options.shell);
  if (options.placed ?? true) emulator.placeCard(sim);
  const transport = new NativeTransport(emulator.shell, options.transport);
  return { emulator, transport, sim };
}
