/**
 * Finding and opening a Sony reader on its vendor-specific interface through WebUSB (RC-S380,
 * RC-S300): the chooser restricted to the model's ids, the readers this origin was given, the
 * interface with bulk IN and OUT, and open + claim — the shared steps and WebUSB error mapping of
 * usb-access.ts with the model's own "not ours" reason. A vendor interface alone does not make a
 * model (both have one), so opening checks the ids first.
 */
import { ReaderAccessError, type ReaderAccessReason } from './reader-access-error';
import { findBulkInterface, openAndClaim, rememberedUsbReaders, requestUsbReader, type UsbAccessPolicy } from './usb-access';
import type { UsbBulkEndpoints } from './usb-bulk-pipe';
import type { UsbDeviceFilterLike, UsbDeviceLike, UsbLike } from './webusb-types';

export const SONY_VENDOR_ID = 0x054c;
export const VENDOR_SPECIFIC_CLASS = 0xff;

export interface SonyReaderModel {
  /** For messages ('RC-S380'). */
  readonly model: string;
  readonly productIds: readonly number[];
  /** The reason when a device is not this model. */
  readonly notOurs: Extract<ReaderAccessReason, 'not-a-port100' | 'not-an-rcs300'>;
  /** The vendor interface's usual number, tried first (any vendor interface with bulk endpoints otherwise). */
  readonly preferredInterface?: number;
}

export interface SonyVendorReader {
  readonly filters: readonly UsbDeviceFilterLike[];
  is(device: UsbDeviceLike): boolean;
  /** The chooser, restricted to this model. Must run in a user gesture in a real browser. */
  request(usb: UsbLike | undefined): Promise<UsbDeviceLike>;
  /** Readers of this model this origin was already given (navigator.usb.getDevices()). */
  remembered(usb: UsbLike | undefined): Promise<UsbDeviceLike[]>;
  /** The vendor interface's bulk endpoints. */
  findEndpoints(device: UsbDeviceLike): UsbBulkEndpoints;
  /** Check the ids → open → selectConfiguration if none → claim the vendor interface. */
  open(device: UsbDeviceLike): Promise<UsbBulkEndpoints>;
}

export function sonyVendorReader(spec: SonyReaderModel): SonyVendorReader {
  const is = (device: UsbDeviceLike): boolean => device.vendorId === SONY_VENDOR_ID && spec.productIds.includes(device.productId);
  const policy: UsbAccessPolicy<ReaderAccessReason> = {
    error: (code, reason, message, options) => new ReaderAccessError(code, reason, message, options),
    accepts: is,
    notOurs: { reason: spec.notOurs, message: `The chosen device is not an ${spec.model}` },
    claimBlocked: { reason: 'claim-refused', message: 'The browser refused to claim the reader’s vendor interface' },
  };
  const filters: readonly UsbDeviceFilterLike[] = spec.productIds.map((productId) => ({ vendorId: SONY_VENDOR_ID, productId }));
  const findEndpoints = (device: UsbDeviceLike): UsbBulkEndpoints => {
    const preferred = spec.preferredInterface === undefined ? undefined : findBulkInterface(device, VENDOR_SPECIFIC_CLASS, spec.preferredInterface);
    const found = preferred ?? findBulkInterface(device, VENDOR_SPECIFIC_CLASS);
    if (!found) throw new ReaderAccessError('unsupported', spec.notOurs, 'No vendor-specific interface with bulk endpoints');
    return found.endpoints;
  };
  return {
    filters,
    is,
    request: (usb) => requestUsbReader(usb, filters, policy),
    remembered: (usb) => rememberedUsbReaders(usb, policy),
    findEndpoints,
    open: async (device) => {
      if (!is(device)) throw new ReaderAccessError('unsupported', spec.notOurs, `The device is not an ${spec.model}`);
      const endpoints = findEndpoints(device);
      await openAndClaim(device, endpoints.interfaceNumber, policy);
      return endpoints;
    },
  };
}
