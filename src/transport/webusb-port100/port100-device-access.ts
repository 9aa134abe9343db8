/**
 * Finding and opening a Sony RC-S380 through WebUSB. IDs: 054c:06c1 (RC-S380/S) and 054c:06c3
 * (RC-S380/P), one vendor-specific interface with bulk IN and OUT, the first of each taken as
 * nfcpy does (reference §1.3; nfcpy `src/nfc/clf/device.py`; aruneko/WebUSB-RC-S380 filters
 * only 06c3). The steps and the WebUSB error mapping are the Sony readers' shared ones
 * (../webusb/sony-vendor-reader.ts).
 */
import { sonyVendorReader } from '../webusb/sony-vendor-reader';

const RCS380 = sonyVendorReader({ model: 'RC-S380', productIds: [0x06c1, 0x06c3], notOurs: 'not-a-port100' });

export const PORT100_FILTERS = RCS380.filters;
export const isPort100Device = RCS380.is;
/** The chooser, restricted to RC-S380 readers. Must run in a user gesture in a real browser. */
export const requestPort100Device = RCS380.request;
/** RC-S380 readers this origin was already given (navigator.usb.getDevices()). */
export const rememberedPort100Devices = RCS380.remembered;
export const findPort100Endpoints = RCS380.findEndpoints;
/** Check the ids → open → selectConfiguration(1) if none → claimInterface, WebUSB errors mapped to reasons. */
export const openPort100Device = RCS380.open;
