/**
 * An emulated USB CCID contactless reader at the USB-transfer level, with a card in its field.
 *
 *   FakeUsb (navigator.usb, Chrome's protected-class rule) ─ FakeUsbDevice (default 054c:0dc9
 *   "RC-S300/P" layout: interface 0 class 0B with bulk OUT 1 / bulk IN 2 / interrupt IN 3,
 *   packetSize 64, CCID class descriptor; interface 1 vendor class FF) ─ CcidFirmware (messages,
 *   slot, chaining, NotifySlotChange) ─ faults ─ ApduResponder (the simulated My Number Card)
 *
 * The RC-S300 layout follows reference browser-readers.md §1.3 (if0 CCID with bulk IN, bulk OUT,
 * interrupt IN; T=1; 522-byte messages; short and extended APDU level; if1 vendor class); its
 * endpoint numbers are the emulator's choice (UNCONFIRMED).
 *
 * Chrome's rule comes with it: claiming interface 0 fails with SecurityError unless the emulator
 * is told the page may use "usb-unrestricted" (`usbUnrestricted: true`, an Isolated Web App).
 *
 * Runs unchanged in vitest (Node) and in a page: no Node imports. Fault knobs (`faults`) count
 * bulk OUT messages from 0 since the emulator was made (`messageCount` tells how many went by).
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { ccidClassDescriptor, type CcidEmulatedLevel } from './ccid-descriptor';
import { CcidFirmware, type CcidMessageRecord } from './ccid-firmware';
import { EmulatedUsbReader, type EmulatedUsbReaderOptions } from './emulated-usb-reader';
import type { FakeUsbFunction, FakeUsbInterfaceSpec } from './fake-webusb';

export { installAsNavigatorUsb } from './rcs380-emulator';

export const RCS300_VENDOR_ID = 0x054c;
export const RCS300P_PRODUCT_ID = 0x0dc9;
/** Emulator choice (UNCONFIRMED for the RC-S300's interface 0): bulk OUT 1, bulk IN 1, interrupt IN 3. */
const BULK_OUT = 1;
const BULK_IN = 1;
const INTERRUPT_IN = 3;
/** Interface 1's bulk endpoints: number 2 both ways, as marimelon/rcs300-poc and laddge/esp32-pasori-rcs300 use it. */
export const RCS300_VENDOR_BULK = 2;
const VENDOR_BULK = RCS300_VENDOR_BULK;

/**
 * What goes wrong with the answer to one message:
 * - `truncate`: the message ends (short packet) before dwLength bytes;
 * - `wrong-seq`: bSeq is off by one (the host must drop it and keep waiting);
 * - `wrong-type`: DataBlock and SlotStatus swapped;
 * - `huge-length`: dwLength says 16 MiB;
 * - `reserved-status`: bmCommandStatus 3 (RFU);
 * - `hardware-error`: the command fails with bError HW_ERROR;
 * - `silent`: no answer at all;
 * - `stall`: the bulk IN endpoint STALLs instead of answering.
 */
export type CcidAnswerFault = 'truncate' | 'wrong-seq' | 'wrong-type' | 'huge-length' | 'reserved-status' | 'hardware-error' | 'silent' | 'stall';

export interface CcidFaults {
  /** The card leaves the field just before this message is handled. */
  removeAtMessage?: number;
  /** The reader is unplugged when this message arrives (it is never answered). */
  unplugAtMessage?: number;
  /** Time extensions before answering these XfrBlock messages ('all', or message indexes). */
  timeExtension?: { messages: 'all' | number[]; count: number; multiplier?: number };
  /** Damage the (final) answer to these messages. */
  answer: Record<number, CcidAnswerFault>;
}

export interface CcidEmulatorOptions extends EmulatedUsbReaderOptions {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly productName?: string;
  readonly manufacturerName?: string;
  readonly serialNumber?: string;
  /** The page may claim protected classes ("usb-unrestricted": an IWA). Default false, as Chrome in an ordinary page. */
  readonly usbUnrestricted?: boolean;
  /** Exchange level the reader works at (default extended APDU). */
  readonly level?: CcidEmulatedLevel;
  /** dwMaxCCIDMessageLength (default 522, the RC-S300's). */
  readonly maxMessageLength?: number;
  /** Has an interrupt IN endpoint for NotifySlotChange (default true). */
  readonly interruptEndpoint?: boolean;
  /** Puts the CCID class descriptor into the configuration descriptor (default true). */
  readonly classDescriptor?: boolean;
  /** Adds the RC-S300's vendor-class interface 1 (default true). */
  readonly vendorInterface?: boolean;
  /** wMaxPacketSize of the bulk endpoints (default 64). */
  readonly packetSize?: number;
  /**
   * The reader advertises automatic ICC voltage selection (dwFeatures 0x08). Default true (as
   * the ACR1252U); false for a reader such as the ACR122U, which then refuses bPowerSelect 00.
   */
  readonly autoVoltage?: boolean;
  /** bVoltageSupport (bit 0 5 V, bit 1 3 V, bit 2 1.8 V). Default 07. */
  readonly voltageSupport?: number;
  /** bPowerSelect values (1 5 V, 2 3 V, 3 1.8 V) at which the card answers. Default all. */
  readonly cardVoltages?: readonly number[];
  /**
   * What answers on vendor interface 1 (bulk OUT and IN endpoint 2), made afresh for each plug-in
   * with that device's IN queue; default: nothing answers there. The RC-S300 emulator puts its
   * transparent session here (rcs300-emulator.ts).
   */
  readonly vendorFunction?: (queueIn: (bytes: Uint8Array) => void, live: () => boolean) => { onBulkOut(bytes: Uint8Array): void };
}

function noFaults(): CcidFaults {
  return { answer: {} };
}

/** Apply an answer fault to one RDR_to_PC message (a copy). */
function damage(message: Uint8Array, fault: Exclude<CcidAnswerFault, 'silent' | 'stall'>): Uint8Array {
  const m = message.slice();
  switch (fault) {
    case 'truncate':
      return m.slice(0, Math.max(6, Math.floor(m.length / 2)));
    case 'wrong-seq':
      m[6] = (m[6]! + 1) & 0xff;
      return m;
    case 'wrong-type':
      m[0] = m[0] === 0x80 ? 0x81 : 0x80;
      return m;
    case 'huge-length':
      new DataView(m.buffer).setUint32(1, 0x0100_0000, true);
      return m;
    case 'reserved-status':
      m[7] = m[7]! | 0xc0;
      return m;
    case 'hardware-error': {
      const out = m.slice(0, 10);
      new DataView(out.buffer).setUint32(1, 0, true);
      out[7] = 0x40 | (m[7]! & 0x03);
      out[8] = 0xfb;
      out[9] = 0;
      return out;
    }
  }
}

export class CcidEmulator extends EmulatedUsbReader<CcidFirmware> {
  /** Every bulk OUT message (type, bSeq, lengths, outcome; never its data). */
  readonly messageLog: CcidMessageRecord[] = [];
  faults: CcidFaults = noFaults();
  private card: ApduResponder | undefined;
  private readonly level: CcidEmulatedLevel;
  private readonly maxMessageLength: number;
  private readonly hasInterrupt: boolean;
  private readonly autoVoltage: boolean;
  private readonly voltageSupport: number;
  private readonly cardVoltages: readonly number[] | undefined;
  private readonly vendorFunction: CcidEmulatorOptions['vendorFunction'];

  constructor(options: CcidEmulatorOptions = {}) {
    const level = options.level ?? 'extended-apdu';
    const maxMessageLength = options.maxMessageLength ?? 522;
    const hasInterrupt = options.interruptEndpoint ?? true;
    const autoVoltage = options.autoVoltage ?? true;
    const voltageSupport = options.voltageSupport ?? 0x07;
    const packetSize = options.packetSize ?? 64;
    const ccidInterface: FakeUsbInterfaceSpec = {
      interfaceNumber: 0,
      interfaceClass: 0x0b,
      interfaceSubclass: 0,
      interfaceProtocol: 0,
      endpoints: [
        { endpointNumber: BULK_OUT, direction: 'out', type: 'bulk', packetSize },
        { endpointNumber: BULK_IN, direction: 'in', type: 'bulk', packetSize },
        ...(hasInterrupt ? [{ endpointNumber: INTERRUPT_IN, direction: 'in' as const, type: 'interrupt' as const, packetSize: 8 }] : []),
      ],
      ...(options.classDescriptor === false ? {} : { classDescriptors: ccidClassDescriptor({ level, maxMessageLength, maxSlotIndex: 0, autoVoltage, voltageSupport }) }),
    };
    const vendorInterface: FakeUsbInterfaceSpec = {
      interfaceNumber: 1,
      interfaceClass: 0xff,
      interfaceSubclass: 0,
      interfaceProtocol: 0,
      endpoints: [
        { endpointNumber: VENDOR_BULK, direction: 'out', type: 'bulk', packetSize },
        { endpointNumber: VENDOR_BULK, direction: 'in', type: 'bulk', packetSize },
      ],
    };
    super(
      {
        vendorId: options.vendorId ?? RCS300_VENDOR_ID,
        productId: options.productId ?? RCS300P_PRODUCT_ID,
        productName: options.productName ?? 'RC-S300/P',
        manufacturerName: options.manufacturerName ?? 'SONY',
        serialNumber: options.serialNumber ?? 'KAZASU-CCID-0001',
        interfaces: options.vendorInterface === false ? [ccidInterface] : [ccidInterface, vendorInterface],
      },
      options,
    );
    if (options.usbUnrestricted !== undefined) this.usb.policy.usbUnrestricted = options.usbUnrestricted;
    this.level = level;
    this.maxMessageLength = maxMessageLength;
    this.hasInterrupt = hasInterrupt;
    this.autoVoltage = autoVoltage;
    this.voltageSupport = voltageSupport;
    this.cardVoltages = options.cardVoltages;
    this.vendorFunction = options.vendorFunction;
    this.plugIn();
  }

  /** Bulk OUT messages seen so far (the next one gets this index). */
  get messageCount(): number {
    return this.firmwareOf.messageCount;
  }

  get hasCard(): boolean {
    return this.card !== undefined;
  }

  /** True while the card in the field is powered (between IccPowerOn and IccPowerOff / removal). */
  get cardPowered(): boolean {
    return this.firmwareOf.cardPowered;
  }

  /** Put a card in the field (NotifySlotChange on the interrupt endpoint). */
  placeCard(card: ApduResponder): void {
    this.removeCard();
    this.card = card;
    this.firmwareOf.insert(card);
  }

  /** Take the card out of the field: it loses power and every state. */
  removeCard(): void {
    if (!this.card) return;
    this.card = undefined;
    this.firmwareOf.remove();
  }

  protected makeFunction(
    queueIn: (bytes: Uint8Array, endpoint?: number) => void,
    clearIn: (endpoint?: number) => void,
    stallIn: (endpoint?: number) => void,
    live: () => boolean,
  ): [CcidFirmware, FakeUsbFunction] {
    // Message indexes go on across replugs, as the fault knobs count them.
    const firstIndex = this.pluggedInBefore ? this.firmwareOf.messageCount : 0;
    this.pluggedInBefore = true;
    const firmware = new CcidFirmware(
      { level: this.level, maxMessageLength: this.maxMessageLength, maxSlotIndex: 0, autoVoltage: this.autoVoltage, voltageSupport: this.voltageSupport, cardVoltages: this.cardVoltages },
      {
        onMessage: (record) => this.onMessage(record),
        timeExtensions: (record) => this.timeExtensionsFor(record),
        answer: (record, message, final) => {
          if (!live()) return;
          const fault = final ? this.faults.answer[record.index] : undefined;
          if (fault === 'silent') return;
          if (fault === 'stall') stallIn(BULK_IN);
          else queueIn(fault ? damage(message, fault) : message, BULK_IN);
        },
        notify: (message) => {
          if (!this.hasInterrupt) return;
          // Only the latest slot state matters to a host that has not read the earlier one.
          clearIn(INTERRUPT_IN);
          queueIn(message, INTERRUPT_IN);
        },
      },
      firstIndex,
    );
    if (this.card) firmware.insert(this.card);
    const vendor = this.vendorFunction?.((bytes) => queueIn(bytes, VENDOR_BULK), live);
    const onTransferOut = (ep: number, bytes: Uint8Array): void => {
      if (ep === BULK_OUT) firmware.onBulkOut(bytes);
      else if (ep === VENDOR_BULK) vendor?.onBulkOut(bytes);
    };
    return [firmware, { onTransferOut }];
  }

  private pluggedInBefore = false;

  private onMessage(record: CcidMessageRecord): boolean {
    this.messageLog.push(record);
    if (this.faults.unplugAtMessage === record.index) {
      record.outcome = 'ignored';
      this.unplug();
      return false;
    }
    if (this.faults.removeAtMessage === record.index) this.removeCard();
    return true;
  }

  private timeExtensionsFor(record: CcidMessageRecord): { count: number; multiplier: number } {
    const t = this.faults.timeExtension;
    if (!t || (t.messages !== 'all' && !t.messages.includes(record.index))) return { count: 0, multiplier: 1 };
    return { count: t.count, multiplier: t.multiplier ?? 1 };
  }

}
