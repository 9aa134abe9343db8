import { defaultCard } from '../transport-conformance/helpers';
export { counterCheck, DEFAULT_CODE_B, events, nextEvent, rejection } from '../transport-conformance/helpers';
import { Rcs300Emulator, type Rcs300EmulatorOptions } from '../../src/sim/readers/rcs300-emulator';
import type { RfCardOptions } from '../../src/sim/readers/type-b-field';
import { requestRcs300Device } from '../../src/transport/webusb-rcs300/rcs300-device-access';
import { WebUsbRcs300Transport, type WebUsbRcs300Options } from '../../src/transport/webusb-rcs300/webusb-rcs300-transport';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';

export interface Rig {
  readonly emulator: Rcs300Emulator;
  readonly transport: WebUsbRcs300Transport;
  readonly sim: SimulatedCard;
}

/** No guard pauses in tests: the emulator needs none, and they are never asserted as times. */
export const NO_GUARDS = { rfOffGuardMs: 0, rfOnGuardMs: 0, switchGuardMs: 0, busyRetryMs: 1, drainMs: 5 } as const;

/** An emulated RC-S300/P with the default simulated card on it, and the real transport on interface 1. */
export async function rig(
  options: { emulator?: Rcs300EmulatorOptions; card?: RfCardOptions; transport?: WebUsbRcs300Options; choose?: boolean } = {},
): Promise<Rig> {
  const sim = await defaultCard();
  const emulator = new Rcs300Emulator({ granted: !(options.choose ?? false), ...options.emulator });
  emulator.placeCard(sim, options.card);
  const transport = new WebUsbRcs300Transport(emulator.usb, { ...NO_GUARDS, ...options.transport });
  if (options.choose) await transport.openReader(await requestRcs300Device(emulator.usb));
  return { emulator, transport, sim };
}
