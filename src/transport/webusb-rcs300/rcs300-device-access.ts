/**
 * Finding and opening a Sony RC-S300 (PaSoRi 4.0) through WebUSB from an ordinary page: its
 * CCID interface 0 is a protected class, but vendor interface 1 is not (reference
 * browser-readers.md §1.3, updates-2026-12.md §5). IDs 054c:0dc8 (RC-S300/S) and 054c:0dc9
 * (RC-S300/P) [I: LudovicRousseau/CCID supported_readers, marimelon/rcs300-poc]. Interface 1 is
 * the first vendor-class (FF) interface; its bulk endpoints are number 2 both ways in the public
 * code [I: marimelon/rcs300-poc, laddge/esp32-pasori-rcs300] — found from the descriptor here,
 * whatever their numbers. The steps and error mapping are the Sony readers' shared ones
 * (../webusb/sony-vendor-reader.ts); the CCID interface is never claimed.
 */
import { sonyVendorReader } from '../webusb/sony-vendor-reader';

/** The vendor interface's number in the public code (it is looked up by class all the same). */
export const RCS300_VENDOR_INTERFACE = 1;

const RCS300 = sonyVendorReader({ model: 'RC-S300', productIds: [0x0dc8, 0x0dc9], notOurs: 'not-an-rcs300', preferredInterface: RCS300_VENDOR_INTERFACE });

export const RCS300_FILTERS = RCS300.filters;
export const isRcs300Device = RCS300.is;
/** The chooser, restricted to RC-S300 readers. Must run in a user gesture in a real browser. */
export const requestRcs300Device = RCS300.request;
/** RC-S300 readers this origin was already given (navigator.usb.getDevices()). */
export const rememberedRcs300Devices = RCS300.remembered;
/** Interface 1 if it is vendor-class with bulk IN and OUT, else the first such interface. */
export const findRcs300Endpoints = RCS300.findEndpoints;
/** Check the ids → open → selectConfiguration if none → claim the vendor interface (never the CCID one). */
export const openRcs300Device = RCS300.open;
