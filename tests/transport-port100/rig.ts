import { defaultCard } from '../transport-conformance/helpers';
export { counterCheck, DEFAULT_CODE_B, events, nextEvent, rejection } from '../transport-conformance/helpers';
import { Rcs380Emulator, type Rcs380EmulatorOptions } from '../../src/sim/readers/rcs380-emulator';
import type { RfCardOptions } from '../../src/sim/readers/type-b-field';
import { WebUsbPort100Transport, type WebUsbPort100Options } from '../../src/transport/webusb-port100/webusb-port100-transport';
import { requestPort100Device } from '../../src/transport/webusb-port100/port100-device-access';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';

export interface Rig {
  readonly emulator: Rcs380Emulator;
  readonly transport: WebUsbPort100Transport;
  readonly sim: SimulatedCard;
}

/** An emulated RC-S380 with the default simulated card on it, and the real transport. */
export async function rig(
  options: { emulator?: Rcs380EmulatorOptions; card?: RfCardOptions; transport?: WebUsbPort100Options; choose?: boolean } = {},
): Promise<Rig> {
  const sim = await defaultCard();
  const emulator = new Rcs380Emulator({ granted: !(options.choose ?? false), ...options.emulator });
  emulator.placeCard(sim, options.card);
  const transport = new WebUsbPort100Transport(emulator.usb, { ackTimeoutMs: 200, responseMarginMs: 200, drainMs: 5, ...options.transport });
  if (options.choose) await transport.openReader(await requestPort100Device(emulator.usb));
  return { emulator, transport, sim };
}
