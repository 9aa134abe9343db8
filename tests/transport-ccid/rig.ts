import { defaultCard } from '../transport-conformance/helpers';
export { counterCheck, DEFAULT_CODE_B, events, nextEvent, rejection } from '../transport-conformance/helpers';
import { CcidEmulator, type CcidEmulatorOptions } from '../../src/sim/readers/ccid-emulator';
import { WebUsbCcidTransport, type WebUsbCcidOptions } from '../../src/transport/webusb-ccid/webusb-ccid-transport';
import { requestCcidDevice } from '../../src/transport/webusb-ccid/ccid-device-access';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';

export interface Rig {
  readonly emulator: CcidEmulator;
  readonly transport: WebUsbCcidTransport;
  readonly sim: SimulatedCard;
}

/**
 * An emulated CCID reader (RC-S300/P layout, extended APDU level) with the default simulated card
 * on it, in a page allowed "usb-unrestricted" (an IWA) unless the options say otherwise, and the
 * real transport.
 */
export async function rig(options: { emulator?: CcidEmulatorOptions; transport?: WebUsbCcidOptions; choose?: boolean } = {}): Promise<Rig> {
  const sim = await defaultCard();
  const emulator = new CcidEmulator({ granted: !(options.choose ?? false), usbUnrestricted: true, ...options.emulator });
  emulator.placeCard(sim);
  const transport = new WebUsbCcidTransport(emulator.usb, { responseTimeoutMs: 500, drainMs: 5, ...options.transport });
  if (options.choose) await transport.openReader(await requestCcidDevice(emulator.usb));
  return { emulator, transport, sim };
}
