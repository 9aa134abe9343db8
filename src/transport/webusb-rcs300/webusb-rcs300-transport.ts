/**
 * CardTransport over a Sony RC-S300 through WebUSB from an ordinary page: vendor interface 1, a
 * PC/SC transparent session in CCID escape messages (rcs300-front-end.ts), and ISO/IEC 14443
 * Type B activation, bit rate and ISO-DEP in the host as on the RC-S380
 * (../webusb/webusb-type-b-transport.ts).
 *
 *   open:    claim interface 1 → drain → end a stale session, start ours, RF off → firmware version
 *   close:   RF off → end session (the session is the reader's: left open it would lock out the
 *            next program, felica-rs notes) → release
 *
 * Status: every byte of the session follows public sources (PC/SC Part 3 as documented by ACS,
 * Identive and Microsoft; RC-S300 code by marimelon, laddge and soltia48), but no public source
 * shows an RC-S300 carrying a Type B card this way; the choices that are UNCONFIRMED (the Switch
 * Protocol layer byte, the speed parameter, the status codes of a lost or damaged frame, the
 * message size of interface 1) are options or documented in transparent-session.ts.
 */
import { CcidCommandChannel, type CcidTiming } from '../webusb-ccid/ccid-command-channel';
import { CcidUsbLink } from '../webusb-ccid/ccid-usb-link';
import { ReaderAccessError } from '../webusb/reader-access-error';
import { openTypeBReader, WebUsbTypeBTransport, type TypeBReaderEvent, type TypeBUsbReader, type WebUsbTypeBOptions } from '../webusb/webusb-type-b-transport';
import type { UsbLike } from '../webusb/webusb-types';
import { Rcs300FrontEnd, type Rcs300Timing } from './rcs300-front-end';
import { isRcs300Device, openRcs300Device, rememberedRcs300Devices } from './rcs300-device-access';

export interface Rcs300Info {
  /** What FF 56 00 00 answered, as dotted hex ('unknown' if it did not). */
  readonly firmware: string;
}

export interface WebUsbRcs300Options extends WebUsbTypeBOptions, Rcs300Timing, CcidTiming {
  /**
   * Largest CCID message on interface 1, header included (default 522, the RC-S300's
   * dwMaxCCIDMessageLength on its CCID interface 0; UNCONFIRMED for interface 1).
   */
  readonly maxMessageLength?: number;
  /** Quiet time used to swallow stale answers when opening (default 20 ms). */
  readonly drainMs?: number;
}

export type Rcs300ReaderEvent = TypeBReaderEvent<Rcs300Info>;

function rcs300(options: WebUsbRcs300Options): TypeBUsbReader<Rcs300Info> {
  return {
    isReader: isRcs300Device,
    remembered: rememberedRcs300Devices,
    noReader: () => new ReaderAccessError('reader-unplugged', 'no-reader', 'No RC-S300 reader that this page may use is plugged in'),
    open: async (device) => {
      const link = new CcidUsbLink(device, await openRcs300Device(device), options.maxMessageLength ?? 522);
      const frontEnd = new Rcs300FrontEnd(new CcidCommandChannel(link, 0, { responseTimeoutMs: 6_000, ...options }), options);
      const start = async (): Promise<Rcs300Info> => {
        await link.drain(options.drainMs ?? 20);
        return { firmware: await frontEnd.startSession() };
      };
      return openTypeBReader(link, frontEnd, start, () => frontEnd.endSession());
    },
  };
}

export class WebUsbRcs300Transport extends WebUsbTypeBTransport<Rcs300Info> {
  constructor(usb: UsbLike, options: WebUsbRcs300Options = {}) {
    super('webusb-rcs300', usb, rcs300(options), options);
  }

  /** What the reader reported when it became ready. */
  get readerFirmware(): string | undefined {
    return this.readerInfo?.firmware;
  }
}
