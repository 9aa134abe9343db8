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
import { findBulkInterface, hasInterfaceClass, openAndClaim, rememberedUsbReaders, requestUsbReader, type UsbAccessPolicy } from '../webusb/usb-access';
import type { UsbBulkEndpoints } from '../webusb/usb-bulk-pipe';
import { transferError, usbErrorName } from '../webusb/usb-errors';
import { hasControlIn, type UsbDeviceFilterLike, type UsbDeviceLike, type UsbLike } from '../webusb/webusb-types';
import { CcidAccessError, PROTECTED_CLASS_MESSAGE, type CcidAccessReason } from './ccid-access-error';
import { CCID_INTERFACE_CLASS, configurationTotalLength, findCcidDescriptor, type CcidClassDescriptor } from './ccid-class-descriptor';

/** The chooser shows devices with a Smart Card class interface (Chrome matches interface classes too). */
export const CCID_FILTERS: readonly UsbDeviceFilterLike[] = [{ classCode: CCID_INTERFACE_CLASS }];

export function isCcidDevice(device: UsbDeviceLike): boolean {
  return hasInterfaceClass(device, CCID_INTERFACE_CLASS);
}

const POLICY: UsbAccessPolicy<CcidAccessReason> = {
  error: (code, reason, message, options) => new CcidAccessError(code, reason, message, options),
  accepts: isCcidDevice,
  notOurs: { reason: 'not-a-ccid-reader', message: 'The chosen device has no smart card (CCID) interface' },
  claimBlocked: { reason: 'protected-class-blocked', message: PROTECTED_CLASS_MESSAGE },
};

/** The chooser, restricted to CCID readers. Must run in a user gesture in a real browser. */
export function requestCcidDevice(usb: UsbLike | undefined, filters: readonly UsbDeviceFilterLike[] = CCID_FILTERS): Promise<UsbDeviceLike> {
  return requestUsbReader(usb, filters, POLICY);
}

/** CCID readers this origin was already given (navigator.usb.getDevices()). */
export function rememberedCcidDevices(usb: UsbLike | undefined): Promise<UsbDeviceLike[]> {
  return rememberedUsbReaders(usb, POLICY);
}

export interface CcidEndpoints extends UsbBulkEndpoints {
  /** The optional interrupt IN endpoint carrying NotifySlotChange (CCID §3.2). */
  readonly interrupt?: { readonly endpointNumber: number; readonly packetSize: number };
}

/**
 * The CCID interface: `interfaceNumber` if given, else the first class-0x0B interface (on readers
 * with a contactless and a SAM interface, such as the ACR1552U, the first is the PICC one).
 */
export function findCcidEndpoints(device: UsbDeviceLike, interfaceNumber?: number): CcidEndpoints {
  const found = findBulkInterface(device, CCID_INTERFACE_CLASS, interfaceNumber);
  if (!found) throw new CcidAccessError('unsupported', 'not-a-ccid-reader', 'No smart card (CCID) interface with bulk IN and OUT endpoints');
  const interrupt = found.alternate.endpoints.find((e) => e.type === 'interrupt' && e.direction === 'in');
  return { ...found.endpoints, ...(interrupt && interrupt.packetSize > 0 ? { interrupt: { endpointNumber: interrupt.endpointNumber, packetSize: interrupt.packetSize } } : {}) };
}

/** open → selectConfiguration if none → claimInterface, with WebUSB errors mapped to reasons. */
export async function openCcidDevice(device: UsbDeviceLike, interfaceNumber?: number): Promise<CcidEndpoints> {
  const endpoints = findCcidEndpoints(device, interfaceNumber);
  await openAndClaim(device, endpoints.interfaceNumber, POLICY);
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
