/**
 * Finding and opening a Sony RC-S380 through WebUSB. IDs: 054c:06c1 (RC-S380/S) and 054c:06c3
 * (RC-S380/P), one vendor-specific interface with bulk IN and OUT (reference §1.3; nfcpy
 * `src/nfc/clf/device.py`; aruneko/WebUSB-RC-S380 filters only 06c3).
 */
import { TransportError } from '../card-transport';
import { ReaderAccessError } from './reader-access-error';
import { usbErrorName, type UsbDeviceFilterLike, type UsbDeviceLike, type UsbLike } from './webusb-types';

export const SONY_VENDOR_ID = 0x054c;
export const PORT100_PRODUCT_IDS: readonly number[] = [0x06c1, 0x06c3];
export const PORT100_FILTERS: readonly UsbDeviceFilterLike[] = PORT100_PRODUCT_IDS.map((productId) => ({ vendorId: SONY_VENDOR_ID, productId }));
const VENDOR_SPECIFIC_CLASS = 0xff;

export function isPort100Device(device: UsbDeviceLike): boolean {
  return device.vendorId === SONY_VENDOR_ID && PORT100_PRODUCT_IDS.includes(device.productId);
}

/** The chooser, restricted to RC-S380 readers. Must run in a user gesture in a real browser. */
export async function requestPort100Device(usb: UsbLike | undefined): Promise<UsbDeviceLike> {
  if (!usb) throw new ReaderAccessError('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
  let device: UsbDeviceLike;
  try {
    device = await usb.requestDevice({ filters: PORT100_FILTERS });
  } catch (e) {
    const name = usbErrorName(e);
    if (name === 'NotFoundError') throw new ReaderAccessError('permission-denied', 'chooser-cancelled', 'No reader was chosen', { cause: e });
    if (name === 'SecurityError') throw new ReaderAccessError('permission-denied', 'request-blocked', 'The browser refused to show the reader chooser', { cause: e });
    throw new TransportError('protocol', 'requestDevice failed', { cause: e });
  }
  if (!isPort100Device(device)) throw new ReaderAccessError('unsupported', 'not-a-port100', 'The chosen device is not an RC-S380');
  return device;
}

/** RC-S380 readers this origin was already given (navigator.usb.getDevices()). */
export async function rememberedPort100Devices(usb: UsbLike | undefined): Promise<UsbDeviceLike[]> {
  if (!usb) throw new ReaderAccessError('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
  try {
    return (await usb.getDevices()).filter(isPort100Device);
  } catch (e) {
    throw new TransportError('protocol', 'getDevices failed', { cause: e });
  }
}

export interface Port100Endpoints {
  readonly interfaceNumber: number;
  readonly inEndpoint: number;
  readonly outEndpoint: number;
  /** wMaxPacketSize of the OUT endpoint (a write of a multiple of it is followed by a ZLP). */
  readonly outPacketSize: number;
}

/** First vendor-specific interface with a bulk IN and a bulk OUT endpoint (nfcpy takes the first of each). */
export function findPort100Endpoints(device: UsbDeviceLike): Port100Endpoints {
  const config = device.configuration ?? device.configurations[0];
  for (const iface of config?.interfaces ?? []) {
    const alt = iface.alternate ?? iface.alternates[0];
    if (!alt || alt.interfaceClass !== VENDOR_SPECIFIC_CLASS) continue;
    const bulkIn = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
    const bulkOut = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
    if (bulkIn && bulkOut && bulkOut.packetSize > 0) {
      return { interfaceNumber: iface.interfaceNumber, inEndpoint: bulkIn.endpointNumber, outEndpoint: bulkOut.endpointNumber, outPacketSize: bulkOut.packetSize };
    }
  }
  throw new ReaderAccessError('unsupported', 'not-a-port100', 'No vendor-specific interface with bulk endpoints');
}

/** open → selectConfiguration(1) if none → claimInterface, with WebUSB errors mapped to reasons. */
export async function openPort100Device(device: UsbDeviceLike): Promise<Port100Endpoints> {
  if (!device.opened) {
    try {
      await device.open();
    } catch (e) {
      const name = usbErrorName(e);
      if (name === 'NotFoundError') throw new ReaderAccessError('reader-unplugged', 'no-reader', 'The reader is gone', { cause: e });
      throw new ReaderAccessError('permission-denied', 'open-refused', `The reader could not be opened (${name ?? 'error'})`, { cause: e });
    }
  }
  if (!device.configuration) {
    const value = device.configurations[0]?.configurationValue ?? 1;
    try {
      await device.selectConfiguration(value);
    } catch (e) {
      throw new ReaderAccessError('permission-denied', 'open-refused', 'Could not select the reader configuration', { cause: e });
    }
  }
  const endpoints = findPort100Endpoints(device);
  try {
    await device.claimInterface(endpoints.interfaceNumber);
  } catch (e) {
    const name = usbErrorName(e);
    if (name === 'SecurityError') {
      throw new ReaderAccessError('permission-denied', 'claim-refused', 'The browser refused to claim the reader interface', { cause: e });
    }
    if (name === 'NotFoundError') throw new ReaderAccessError('reader-unplugged', 'no-reader', 'The reader is gone', { cause: e });
    throw new ReaderAccessError('permission-denied', 'interface-busy', 'Another driver or program is using the reader', { cause: e });
  }
  return endpoints;
}
