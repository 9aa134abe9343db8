import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { CcidEmulator, type CcidEmulatorOptions } from '../../src/sim/readers/ccid-emulator';
import { WebUsbCcidTransport, type WebUsbCcidOptions } from '../../src/transport/webusb-ccid/webusb-ccid-transport';
import { requestCcidDevice } from '../../src/transport/webusb-ccid/ccid-device-access';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';

export const DEFAULT_CODE_B = CODE_B.default!;

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
  const built = await card('default');
  const sim = simulatedCardFor(built.model);
  const emulator = new CcidEmulator({ granted: !(options.choose ?? false), usbUnrestricted: true, ...options.emulator });
  emulator.placeCard(sim);
  const transport = new WebUsbCcidTransport(emulator.usb, { responseTimeoutMs: 500, drainMs: 5, ...options.transport });
  if (options.choose) await transport.openReader(await requestCcidDevice(emulator.usb));
  return { emulator, transport, sim };
}

export async function counterCheck(transport: WebUsbCcidTransport): Promise<VerificationReport> {
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
