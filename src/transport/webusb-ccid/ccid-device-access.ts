/**
 * Finding, opening and claiming a CCID reader through WebUSB, with WebUSB rejections mapped to
 * CcidAccessError reasons.
 *
 * Chrome refuses claimInterface() on the Smart Card class (0x0B) with SecurityError unless the
 * document may use "usb-unrestricted" (Isolated Web Apps), or the embedder lifts it (Electron's
 * setUSBProtectedClassesHandler) — reference browser-readers.md §1.1–§1.2. In an ordinary page or
 * installed PWA every CCID reader ends at 'protected-class-blocked'.
 */
import { TransportError } from '../card-transport';
import { transferError } from '../webusb-port100/port100-usb-link';
import { usbErrorName, type UsbDeviceFilterLike, type UsbDeviceLike, type UsbLike } from '../webusb-port100/webusb-types';
import { CcidAccessError, PROTECTED_CLASS_MESSAGE } from './ccid-access-error';
import { CCID_INTERFACE_CLASS, configurationTotalLength, findCcidDescriptor, type CcidClassDescriptor } from './ccid-class-descriptor';
import { hasControlIn } from './usb-control-types';

/** The chooser shows devices with a Smart Card class interface (Chrome matches interface classes too). */
export const CCID_FILTERS: readonly UsbDeviceFilterLike[] = [{ classCode: CCID_INTERFACE_CLASS }];

export function isCcidDevice(device: UsbDeviceLike): boolean {
  const config = device.configuration ?? device.configurations[0];
  return (config?.interfaces ?? []).some((i) => i.alternates.some((a) => a.interfaceClass === CCID_INTERFACE_CLASS) || i.alternate?.interfaceClass === CCID_INTERFACE_CLASS);
}

/** The chooser, restricted to CCID readers. Must run in a user gesture in a real browser. */
export async function requestCcidDevice(usb: UsbLike | undefined, filters: readonly UsbDeviceFilterLike[] = CCID_FILTERS): Promise<UsbDeviceLike> {
  if (!usb) throw new CcidAccessError('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
  let device: UsbDeviceLike;
  try {
    device = await usb.requestDevice({ filters });
  } catch (e) {
    const name = usbErrorName(e);
    if (name === 'NotFoundError') throw new CcidAccessError('permission-denied', 'chooser-cancelled', 'No reader was chosen', { cause: e });
    if (name === 'SecurityError') throw new CcidAccessError('permission-denied', 'request-blocked', 'The browser refused to show the reader chooser', { cause: e });
    throw new TransportError('protocol', 'requestDevice failed', { cause: e });
  }
  if (!isCcidDevice(device)) throw new CcidAccessError('unsupported', 'not-a-ccid-reader', 'The chosen device has no smart card (CCID) interface');
  return device;
}

/** CCID readers this origin was already given (navigator.usb.getDevices()). */
export async function rememberedCcidDevices(usb: UsbLike | undefined): Promise<UsbDeviceLike[]> {
  if (!usb) throw new CcidAccessError('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
  try {
    return (await usb.getDevices()).filter(isCcidDevice);
  } catch (e) {
    throw new TransportError('protocol', 'getDevices failed', { cause: e });
  }
}

export interface CcidEndpoints {
  readonly interfaceNumber: number;
  readonly bulkIn: number;
  readonly bulkOut: number;
  /** wMaxPacketSize of the bulk IN endpoint: reads are multiples of it. */
  readonly inPacketSize: number;
  /** wMaxPacketSize of the bulk OUT endpoint: a write of a multiple of it is followed by a ZLP. */
  readonly outPacketSize: number;
  /** The optional interrupt IN endpoint carrying NotifySlotChange (CCID §3.2). */
  readonly interrupt?: { readonly endpointNumber: number; readonly packetSize: number };
}

/**
 * The CCID interface: `interfaceNumber` if given, else the first class-0x0B interface (on readers
 * with a contactless and a SAM interface, such as the ACR1552U, the first is the PICC one).
 */
export function findCcidEndpoints(device: UsbDeviceLike, interfaceNumber?: number): CcidEndpoints {
  const config = device.configuration ?? device.configurations[0];
  for (const iface of config?.interfaces ?? []) {
    if (interfaceNumber !== undefined && iface.interfaceNumber !== interfaceNumber) continue;
    const alt = iface.alternate ?? iface.alternates[0];
    if (!alt || alt.interfaceClass !== CCID_INTERFACE_CLASS) continue;
    const bulkIn = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
    const bulkOut = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
    const interrupt = alt.endpoints.find((e) => e.type === 'interrupt' && e.direction === 'in');
    if (!bulkIn || !bulkOut || bulkIn.packetSize <= 0 || bulkOut.packetSize <= 0) continue;
    return {
      interfaceNumber: iface.interfaceNumber,
      bulkIn: bulkIn.endpointNumber,
      bulkOut: bulkOut.endpointNumber,
      inPacketSize: bulkIn.packetSize,
      outPacketSize: bulkOut.packetSize,
      ...(interrupt && interrupt.packetSize > 0 ? { interrupt: { endpointNumber: interrupt.endpointNumber, packetSize: interrupt.packetSize } } : {}),
    };
  }
  throw new CcidAccessError('unsupported', 'not-a-ccid-reader', 'No smart card (CCID) interface with bulk IN and OUT endpoints');
}

/** open → selectConfiguration if none → claimInterface, with WebUSB errors mapped to reasons. */
export async function openCcidDevice(device: UsbDeviceLike, interfaceNumber?: number): Promise<CcidEndpoints> {
  const endpoints = findCcidEndpoints(device, interfaceNumber);
  const openedHere = !device.opened;
  if (!device.opened) {
    try {
      await device.open();
    } catch (e) {
      const name = usbErrorName(e);
      if (name === 'NotFoundError') throw new CcidAccessError('reader-unplugged', 'no-reader', 'The reader is gone', { cause: e });
      throw new CcidAccessError('permission-denied', 'open-refused', `The reader could not be opened (${name ?? 'error'})`, { cause: e });
    }
  }
  if (!device.configuration) {
    const value = device.configurations[0]?.configurationValue ?? 1;
    try {
      await device.selectConfiguration(value);
    } catch (e) {
      throw new CcidAccessError('permission-denied', 'open-refused', 'Could not select the reader configuration', { cause: e });
    }
  }
  try {
    await device.claimInterface(endpoints.interfaceNumber);
  } catch (e) {
    // Leave the device as we found it, so another attempt (or another program) starts clean.
    if (openedHere) await device.close().catch(() => undefined);
    const name = usbErrorName(e);
    // Chrome: "The requested interface implements a protected class." (reference §1.1)
    if (name === 'SecurityError') throw new CcidAccessError('permission-denied', 'protected-class-blocked', PROTECTED_CLASS_MESSAGE, { cause: e });
    if (name === 'NotFoundError') throw new CcidAccessError('reader-unplugged', 'no-reader', 'The reader is gone', { cause: e });
    throw new CcidAccessError('permission-denied', 'interface-busy', 'Another driver or program (the system CCID driver, pcscd) is using the reader', { cause: e });
  }
  return endpoints;
}

export interface DescriptorRead {
  readonly descriptor: CcidClassDescriptor | undefined;
  /** Why there is none (no controlTransferIn, refused, malformed, or the interface has none). */
  readonly problem?: string;
}

const GET_DESCRIPTOR = 0x06;
const CONFIGURATION_DESCRIPTOR = 0x02;

/**
 * Read the active configuration descriptor with a standard GET_DESCRIPTOR to the device (9 bytes
 * for wTotalLength, then the whole) and pick out the CCID class descriptor of the interface.
 *
 * The request goes to the device, not to the protected interface, so the 2026 Chromium block of
 * control transfers aimed at protected interfaces (reference §1.1) should not apply; whether
 * Chrome lets it through in an IWA is UNCONFIRMED. Any failure other than an unplug falls back to
 * the declared profile (ccid-reader-profile.ts); an unplug is thrown as 'reader-unplugged'.
 */
export async function readCcidDescriptor(device: UsbDeviceLike, interfaceNumber: number): Promise<DescriptorRead> {
  if (!hasControlIn(device)) return { descriptor: undefined, problem: 'the device object has no controlTransferIn' };
  const active = device.configuration?.configurationValue;
  // GET_DESCRIPTOR takes the descriptor index (position), not bConfigurationValue.
  const index = Math.max(0, device.configurations.findIndex((c) => c.configurationValue === active));
  const read = async (length: number): Promise<Uint8Array> => {
    let result;
    try {
      result = await device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: GET_DESCRIPTOR, value: (CONFIGURATION_DESCRIPTOR << 8) | index, index: 0 }, length);
    } catch (e) {
      const error = transferError(e, 'controlTransferIn');
      if (error.code === 'reader-unplugged') throw error;
      throw new TransportError('protocol', `GET_DESCRIPTOR refused (${usbErrorName(e) ?? 'error'})`, { cause: e });
    }
    if (result.status !== 'ok' || !result.data) throw new TransportError('protocol', `GET_DESCRIPTOR ended with ${result.status}`);
    const view = result.data;
    return new Uint8Array(view.buffer, view.byteOffset, Math.min(view.byteLength, length)).slice();
  };
  try {
    const total = configurationTotalLength(await read(9));
    const configuration = await read(total);
    if (configuration.length < total) return { descriptor: undefined, problem: `configuration descriptor truncated (${configuration.length}/${total})` };
    const descriptor = findCcidDescriptor(configuration, interfaceNumber);
    return descriptor ? { descriptor } : { descriptor: undefined, problem: 'the interface has no CCID class descriptor' };
  } catch (e) {
    if (e instanceof TransportError && e.code === 'reader-unplugged') throw e;
    return { descriptor: undefined, problem: e instanceof Error ? e.message : String(e) };
  }
}
