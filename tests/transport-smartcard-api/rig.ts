import { defaultCard } from '../transport-conformance/helpers';
export { counterCheck, DEFAULT_CODE_B, events, nextEvent, rejection } from '../transport-conformance/helpers';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { SmartCardApiEmulator, type EmulatedCardOptions, type SmartCardApiEmulatorOptions } from '../../src/sim/readers/smartcard-api-emulator';
import { SmartCardApiTransport, type SmartCardApiTransportOptions } from '../../src/transport/smartcard-api/smartcard-api-transport';

export interface Rig {
  readonly emulator: SmartCardApiEmulator;
  readonly transport: SmartCardApiTransport;
  readonly sim: SimulatedCard;
}

/** An emulated navigator.smartCard with the default simulated card in its reader, and the real transport. */
export async function rig(
  options: { emulator?: SmartCardApiEmulatorOptions; card?: EmulatedCardOptions; transport?: SmartCardApiTransportOptions; inserted?: boolean } = {},
): Promise<Rig> {
  const sim = await defaultCard();
  const emulator = new SmartCardApiEmulator(options.emulator);
  if (options.inserted ?? true) emulator.insertCard(sim, undefined, options.card);
  // Short bounds keep the "implementation ignores us" cases quick; they are never asserted as times.
  const transport = new SmartCardApiTransport(emulator.smartCard, { idlePauseMs: 5, abortGraceMs: 200, ...options.transport });
  return { emulator, transport, sim };
}
