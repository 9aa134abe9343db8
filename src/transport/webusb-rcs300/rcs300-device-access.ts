/**
 * Finding and opening a Sony RC-S300 (PaSoRi 4.0) through WebUSB from an ordinary page: its
 * CCID interface 0 is a protected class, but vendor interface 1 is not (reference
 * browser-readers.md §1.3, updates-2026-12.md §5). IDs 054c:0dc8 (RC-S300/S) and 054c:0dc9
 * (RC-S300/P) [I: LudovicRousseau/CCID supported_readers, marimelon/rcs300-poc]. Interface 1 is
 * the first vendor-class (FF) interface; its bulk endpoints are number 2 both ways in the public
 * code [I: marimelon/rcs300-poc, laddge/esp32-pasori-rcs300] — found from the descriptor here,
 * whatever their numbers. The steps and error mapping are the shared ones (../webusb/usb-access.ts).
 */
import { ReaderAccessError, type ReaderAccessReason } from '../webusb/reader-access-error';
import { findBulkInterface, openAndClaim, rememberedUsbReaders, requestUsbReader, type UsbAccessPolicy } from '../webusb/usb-access';
import type { UsbBulkEndpoints } from '../webusb/usb-bulk-pipe';
import type { UsbDeviceFilterLike, UsbDeviceLike, UsbLike } from '../webusb/webusb-types';
import { SONY_VENDOR_ID, VENDOR_SPECIFIC_CLASS } from '../webusb-port100/port100-device-access';

export const RCS300_PRODUCT_IDS: readonly number[] = [0x0dc8, 0x0dc9];
export const RCS300_FILTERS: readonly UsbDeviceFilterLike[] = RCS300_PRODUCT_IDS.map((productId) => ({ vendorId: SONY_VENDOR_ID, productId }));
/** The vendor interface's number in the public code (it is looked up by class all the same). */
export const RCS300_VENDOR_INTERFACE = 1;

export function isRcs300Device(device: UsbDeviceLike): boolean {
  return device.vendorId === SONY_VENDOR_ID && RCS300_PRODUCT_IDS.includes(device.productId);
}

const POLICY: UsbAccessPolicy<ReaderAccessReason> = {
  error: (code, reason, message, options) => new ReaderAccessError(code, reason, message, options),
  accepts: isRcs300Device,
  notOurs: { reason: 'not-an-rcs300', message: 'The chosen device is not an RC-S300' },
  claimBlocked: { reason: 'claim-refused', message: 'The browser refused to claim the reader’s vendor interface' },
};

/** The chooser, restricted to RC-S300 readers. Must run in a user gesture in a real browser. */
export function requestRcs300Device(usb: UsbLike | undefined): Promise<UsbDeviceLike> {
  return requestUsbReader(usb, RCS300_FILTERS, POLICY);
}

/** RC-S300 readers this origin was already given (navigator.usb.getDevices()). */
export function rememberedRcs300Devices(usb: UsbLike | undefined): Promise<UsbDeviceLike[]> {
  return rememberedUsbReaders(usb, POLICY);
}

/** Interface 1 if it is vendor-class with bulk IN and OUT, else the first such interface. */
export function findRcs300Endpoints(device: UsbDeviceLike): UsbBulkEndpoints {
  const found = findBulkInterface(device, VENDOR_SPECIFIC_CLASS, RCS300_VENDOR_INTERFACE) ?? findBulkInterface(device, VENDOR_SPECIFIC_CLASS);
  if (!found) throw new ReaderAccessError('unsupported', 'not-an-rcs300', 'No vendor-specific interface with bulk endpoints');
  return found.endpoints;
}

/** open → selectConfiguration if none → claim the vendor interface (never the CCID one). */
export async function openRcs300Device(device: UsbDeviceLike): Promise<UsbBulkEndpoints> {
  // A vendor interface alone does not make an RC-S300 (the RC-S380 has one too): check the ids.
  if (!isRcs300Device(device)) throw new ReaderAccessError('unsupported', 'not-an-rcs300', 'The device is not an RC-S300');
  const endpoints = findRcs300Endpoints(device);
  await openAndClaim(device, endpoints.interfaceNumber, POLICY);
  return endpoints;
}
