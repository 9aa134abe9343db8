/**
 * Finding, opening and claiming a USB reader through WebUSB, with WebUSB rejections mapped to
 * stable reasons, for every USB path (RC-S380, RC-S300, CCID). Each path names its own devices
 * (filters, `accepts`) and its own error class and reasons; the steps and the DOMException
 * mapping (WICG/webusb index.bs; reference browser-readers.md §1.1–§1.3) are the same:
 *
 *   requestDevice: NotFoundError → 'chooser-cancelled'; SecurityError → 'request-blocked'
 *   open:          NotFoundError → 'no-reader'; anything else → 'open-refused'
 *   claim:         SecurityError → the path's own reason (a protected class, or policy);
 *                  NotFoundError → 'no-reader'; anything else (NetworkError: another driver
 *                  holds it) → 'interface-busy'
 */
import { ReasonedTransportError, TransportError, type TransportErrorCode } from '../card-transport';
import type { UsbBulkEndpoints } from './usb-bulk-pipe';
import { usbErrorName } from './usb-errors';
import type { UsbAlternateInterfaceLike, UsbDeviceFilterLike, UsbDeviceLike, UsbEndpointLike, UsbInterfaceLike, UsbLike } from './webusb-types';

type AccessCode = Extract<TransportErrorCode, 'permission-denied' | 'unsupported' | 'reader-unplugged'>;

/** A TransportError ('permission-denied', 'unsupported' or 'reader-unplugged') with a stable reason the UI explains. */
export class UsbAccessError<R extends string = string> extends ReasonedTransportError<R> {
  constructor(code: AccessCode, reason: R, message: string, options?: { cause?: unknown }) {
    super(code, reason, message, options);
  }
}

/** The reasons every USB path shares. */
export type UsbAccessReason = 'webusb-unavailable' | 'chooser-cancelled' | 'request-blocked' | 'no-reader' | 'open-refused' | 'interface-busy';

/** How one path raises its access errors. */
export interface UsbAccessPolicy<R extends string> {
  readonly error: (code: AccessCode, reason: R | UsbAccessReason, message: string, options?: { cause?: unknown }) => UsbAccessError<R | UsbAccessReason>;
  /** Is this device one of the path's readers? */
  readonly accepts: (device: UsbDeviceLike) => boolean;
  /** The reason and message when the chosen device is not one (e.g. 'not-a-port100'). */
  readonly notOurs: { readonly reason: R; readonly message: string };
  /** The reason and message when claimInterface() is refused with SecurityError. */
  readonly claimBlocked: { readonly reason: R; readonly message: string };
}

function unavailable<R extends string>(policy: UsbAccessPolicy<R>): TransportError {
  return policy.error('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
}

/** The chooser, restricted by `filters`. Must run in a user gesture in a real browser. */
export async function requestUsbReader<R extends string>(usb: UsbLike | undefined, filters: readonly UsbDeviceFilterLike[], policy: UsbAccessPolicy<R>): Promise<UsbDeviceLike> {
  if (!usb) throw unavailable(policy);
  let device: UsbDeviceLike;
  try {
    device = await usb.requestDevice({ filters });
  } catch (e) {
    const name = usbErrorName(e);
    if (name === 'NotFoundError') throw policy.error('permission-denied', 'chooser-cancelled', 'No reader was chosen', { cause: e });
    if (name === 'SecurityError') throw policy.error('permission-denied', 'request-blocked', 'The browser refused to show the reader chooser', { cause: e });
    throw new TransportError('protocol', 'requestDevice failed', { cause: e });
  }
  if (!policy.accepts(device)) throw policy.error('unsupported', policy.notOurs.reason, policy.notOurs.message);
  return device;
}

/** The path's readers this origin was already given (navigator.usb.getDevices()). */
export async function rememberedUsbReaders<R extends string>(usb: UsbLike | undefined, policy: UsbAccessPolicy<R>): Promise<UsbDeviceLike[]> {
  if (!usb) throw unavailable(policy);
  try {
    return (await usb.getDevices()).filter(policy.accepts);
  } catch (e) {
    throw new TransportError('protocol', 'getDevices failed', { cause: e });
  }
}

/** The device's active configuration, else its first (before open() selects one). */
export function interfacesOf(device: UsbDeviceLike): readonly UsbInterfaceLike[] {
  return (device.configuration ?? device.configurations[0])?.interfaces ?? [];
}

/** True when some alternate of some interface has this class. */
export function hasInterfaceClass(device: UsbDeviceLike, interfaceClass: number): boolean {
  return interfacesOf(device).some((i) => i.alternates.some((a) => a.interfaceClass === interfaceClass) || i.alternate?.interfaceClass === interfaceClass);
}

export interface FoundInterface {
  readonly endpoints: UsbBulkEndpoints;
  readonly alternate: UsbAlternateInterfaceLike;
}

/**
 * The first interface of `interfaceClass` (or exactly `interfaceNumber`) with a bulk IN and a
 * bulk OUT endpoint of usable packet sizes; undefined if none.
 */
export function findBulkInterface(device: UsbDeviceLike, interfaceClass: number, interfaceNumber?: number): FoundInterface | undefined {
  for (const iface of interfacesOf(device)) {
    if (interfaceNumber !== undefined && iface.interfaceNumber !== interfaceNumber) continue;
    const alt = iface.alternate ?? iface.alternates[0];
    if (!alt || alt.interfaceClass !== interfaceClass) continue;
    const bulk = (direction: UsbEndpointLike['direction']) => alt.endpoints.find((e) => e.type === 'bulk' && e.direction === direction);
    const bulkIn = bulk('in');
    const bulkOut = bulk('out');
    if (!bulkIn || !bulkOut || bulkIn.packetSize <= 0 || bulkOut.packetSize <= 0) continue;
    return {
      alternate: alt,
      endpoints: {
        interfaceNumber: iface.interfaceNumber,
        bulkIn: bulkIn.endpointNumber,
        bulkOut: bulkOut.endpointNumber,
        inPacketSize: bulkIn.packetSize,
        outPacketSize: bulkOut.packetSize,
      },
    };
  }
  return undefined;
}

/**
 * open → selectConfiguration if none → claimInterface, with WebUSB errors mapped to reasons. A
 * refused claim closes the device again if it was opened here, so another attempt (or another
 * program) starts clean.
 */
export async function openAndClaim<R extends string>(device: UsbDeviceLike, interfaceNumber: number, policy: UsbAccessPolicy<R>): Promise<void> {
  const openedHere = !device.opened;
  if (!device.opened) {
    try {
      await device.open();
    } catch (e) {
      const name = usbErrorName(e);
      if (name === 'NotFoundError') throw policy.error('reader-unplugged', 'no-reader', 'The reader is gone', { cause: e });
      throw policy.error('permission-denied', 'open-refused', `The reader could not be opened (${name ?? 'error'})`, { cause: e });
    }
  }
  if (!device.configuration) {
    const value = device.configurations[0]?.configurationValue ?? 1;
    try {
      await device.selectConfiguration(value);
    } catch (e) {
      throw policy.error('permission-denied', 'open-refused', 'Could not select the reader configuration', { cause: e });
    }
  }
  try {
    await device.claimInterface(interfaceNumber);
  } catch (e) {
    if (openedHere) await device.close().catch(() => undefined);
    const name = usbErrorName(e);
    // Chrome: "The requested interface implements a protected class." (reference §1.1)
    if (name === 'SecurityError') throw policy.error('permission-denied', policy.claimBlocked.reason, policy.claimBlocked.message, { cause: e });
    if (name === 'NotFoundError') throw policy.error('reader-unplugged', 'no-reader', 'The reader is gone', { cause: e });
    throw policy.error('permission-denied', 'interface-busy', 'Another driver or program (a kernel driver, pcscd, another tab) is using the reader', { cause: e });
  }
}
