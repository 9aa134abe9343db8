/**
 * Finding and opening a Sony RC-S380 through WebUSB. IDs: 054c:06c1 (RC-S380/S) and 054c:06c3
 * (RC-S380/P), one vendor-specific interface with bulk IN and OUT (reference §1.3; nfcpy
 * `src/nfc/clf/device.py`; aruneko/WebUSB-RC-S380 filters only 06c3). The steps and the WebUSB
 * error mapping are the shared ones (../webusb/usb-access.ts).
 */
import { ReaderAccessError, type ReaderAccessReason } from '../webusb/reader-access-error';
import { findBulkInterface, openAndClaim, rememberedUsbReaders, requestUsbReader, type UsbAccessPolicy } from '../webusb/usb-access';
import type { UsbBulkEndpoints } from '../webusb/usb-bulk-pipe';
import type { UsbDeviceFilterLike, UsbDeviceLike, UsbLike } from '../webusb/webusb-types';

export const SONY_VENDOR_ID = 0x054c;
export const PORT100_PRODUCT_IDS: readonly number[] = [0x06c1, 0x06c3];
export const PORT100_FILTERS: readonly UsbDeviceFilterLike[] = PORT100_PRODUCT_IDS.map((productId) => ({ vendorId: SONY_VENDOR_ID, productId }));
export const VENDOR_SPECIFIC_CLASS = 0xff;

export function isPort100Device(device: UsbDeviceLike): boolean {
  return device.vendorId === SONY_VENDOR_ID && PORT100_PRODUCT_IDS.includes(device.productId);
}

const POLICY: UsbAccessPolicy<ReaderAccessReason> = {
  error: (code, reason, message, options) => new ReaderAccessError(code, reason, message, options),
  accepts: isPort100Device,
  notOurs: { reason: 'not-a-port100', message: 'The chosen device is not an RC-S380' },
  claimBlocked: { reason: 'claim-refused', message: 'The browser refused to claim the reader interface' },
};

/** The chooser, restricted to RC-S380 readers. Must run in a user gesture in a real browser. */
export function requestPort100Device(usb: UsbLike | undefined): Promise<UsbDeviceLike> {
  return requestUsbReader(usb, PORT100_FILTERS, POLICY);
}

/** RC-S380 readers this origin was already given (navigator.usb.getDevices()). */
export function rememberedPort100Devices(usb: UsbLike | undefined): Promise<UsbDeviceLike[]> {
  return rememberedUsbReaders(usb, POLICY);
}

/** First vendor-specific interface with a bulk IN and a bulk OUT endpoint (nfcpy takes the first of each). */
export function findPort100Endpoints(device: UsbDeviceLike): UsbBulkEndpoints {
  const found = findBulkInterface(device, VENDOR_SPECIFIC_CLASS);
  if (!found) throw new ReaderAccessError('unsupported', 'not-a-port100', 'No vendor-specific interface with bulk endpoints');
  return found.endpoints;
}

/** open → selectConfiguration(1) if none → claimInterface, with WebUSB errors mapped to reasons. */
export async function openPort100Device(device: UsbDeviceLike): Promise<UsbBulkEndpoints> {
  // A vendor interface alone does not make an RC-S380 (the RC-S300 has one too): check the ids.
  if (!isPort100Device(device)) throw new ReaderAccessError('unsupported', 'not-a-port100', 'The device is not an RC-S380');
  const endpoints = findPort100Endpoints(device);
  await openAndClaim(device, endpoints.interfaceNumber, POLICY);
  return endpoints;
}
