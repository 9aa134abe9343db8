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
import { FakeUsb, FakeUsbDevice, type FakeUsbAccessFaults, type FakeUsbDeviceSpec, type FakeUsbInterfaceSpec } from './fake-webusb';

export { installAsNavigatorUsb } from './rcs380-emulator';

export const RCS300_VENDOR_ID = 0x054c;
export const RCS300P_PRODUCT_ID = 0x0dc9;
const BULK_OUT = 1;
const BULK_IN = 2;
const INTERRUPT_IN = 3;

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

export interface CcidEmulatorOptions {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly productName?: string;
  readonly manufacturerName?: string;
  readonly serialNumber?: string;
  /** The page already has permission (as with the WebUsbAllowDevicesForUrls policy). Default false. */
  readonly granted?: boolean;
  /** Share one fake navigator.usb between several emulated devices. */
  readonly usb?: FakeUsb;
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
  /** Delay per IN transfer, for demos (default 0). */
  readonly latencyMs?: number;
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

export class CcidEmulator {
  readonly usb: FakeUsb;
  /** Every bulk OUT message (type, bSeq, lengths, outcome; never its data). */
  readonly messageLog: CcidMessageRecord[] = [];
  faults: CcidFaults = noFaults();
  /** open()/claimInterface()/controlTransferIn() failures, applied to this and later plug-ins. */
  readonly accessFaults: FakeUsbAccessFaults = {};
  private deviceValue: FakeUsbDevice;
  private firmwareValue: CcidFirmware;
  private card: ApduResponder | undefined;
  private readonly spec: FakeUsbDeviceSpec;
  private readonly level: CcidEmulatedLevel;
  private readonly maxMessageLength: number;
  private readonly hasInterrupt: boolean;
  private readonly latencyMs: number;

  constructor(options: CcidEmulatorOptions = {}) {
    this.usb = options.usb ?? new FakeUsb();
    if (options.usbUnrestricted !== undefined) this.usb.policy.usbUnrestricted = options.usbUnrestricted;
    this.level = options.level ?? 'extended-apdu';
    this.maxMessageLength = options.maxMessageLength ?? 522;
    this.hasInterrupt = options.interruptEndpoint ?? true;
    this.latencyMs = options.latencyMs ?? 0;
    const packetSize = options.packetSize ?? 64;
    const ccidInterface: FakeUsbInterfaceSpec = {
      interfaceNumber: 0,
      interfaceClass: 0x0b,
      interfaceSubclass: 0,
      interfaceProtocol: 0,
      endpoints: [
        { endpointNumber: BULK_OUT, direction: 'out', type: 'bulk', packetSize },
        { endpointNumber: BULK_IN, direction: 'in', type: 'bulk', packetSize },
        ...(this.hasInterrupt ? [{ endpointNumber: INTERRUPT_IN, direction: 'in' as const, type: 'interrupt' as const, packetSize: 8 }] : []),
      ],
      ...(options.classDescriptor === false ? {} : { classDescriptors: ccidClassDescriptor({ level: this.level, maxMessageLength: this.maxMessageLength, maxSlotIndex: 0 }) }),
    };
    const vendorInterface: FakeUsbInterfaceSpec = {
      interfaceNumber: 1,
      interfaceClass: 0xff,
      interfaceSubclass: 0,
      interfaceProtocol: 0,
      endpoints: [
        { endpointNumber: 4, direction: 'out', type: 'bulk', packetSize },
        { endpointNumber: 5, direction: 'in', type: 'bulk', packetSize },
      ],
    };
    this.spec = {
      vendorId: options.vendorId ?? RCS300_VENDOR_ID,
      productId: options.productId ?? RCS300P_PRODUCT_ID,
      productName: options.productName ?? 'RC-S300/P',
      manufacturerName: options.manufacturerName ?? 'SONY',
      serialNumber: options.serialNumber ?? 'KAZASU-CCID-0001',
      interfaces: options.vendorInterface === false ? [ccidInterface] : [ccidInterface, vendorInterface],
    };
    if (options.granted) this.usb.grant(this.spec.serialNumber);
    [this.deviceValue, this.firmwareValue] = this.build(0);
    this.usb.plugIn(this.deviceValue);
  }

  /** The current USB device object (a new one after each replug, as in a browser). */
  get device(): FakeUsbDevice {
    return this.deviceValue;
  }

  /** Bulk OUT messages seen so far (the next one gets this index). */
  get messageCount(): number {
    return this.firmwareValue.messageCount;
  }

  get pluggedIn(): boolean {
    return this.deviceValue.isAttached;
  }

  get hasCard(): boolean {
    return this.card !== undefined;
  }

  /** True while the card in the field is powered (between IccPowerOn and IccPowerOff / removal). */
  get cardPowered(): boolean {
    return this.firmwareValue.cardPowered;
  }

  /** Put a card in the field (NotifySlotChange on the interrupt endpoint). */
  placeCard(card: ApduResponder): void {
    this.removeCard();
    this.card = card;
    this.firmwareValue.insert(card);
  }

  /** Take the card out of the field: it loses power and every state. */
  removeCard(): void {
    if (!this.card) return;
    this.card = undefined;
    this.firmwareValue.remove();
  }

  /** Pull the cable: transfers fail with NetworkError, navigator.usb fires 'disconnect'. */
  unplug(): void {
    if (!this.deviceValue.isAttached) return;
    this.usb.unplug(this.deviceValue);
  }

  /** Plug the reader back in: a new device object, 'connect' if the page had permission. */
  replug(): FakeUsbDevice {
    this.unplug();
    [this.deviceValue, this.firmwareValue] = this.build(this.firmwareValue.messageCount);
    if (this.card) this.firmwareValue.insert(this.card);
    this.usb.plugIn(this.deviceValue);
    return this.deviceValue;
  }

  private build(firstIndex: number): [FakeUsbDevice, CcidFirmware] {
    let device: FakeUsbDevice | undefined;
    const firmware = new CcidFirmware(
      { level: this.level, maxMessageLength: this.maxMessageLength, maxSlotIndex: 0 },
      {
        onMessage: (record) => this.onMessage(record),
        timeExtensions: (record) => this.timeExtensionsFor(record),
        answer: (record, message, final) => this.sendAnswer(device, record, message, final),
        notify: (message) => {
          if (!device || !this.hasInterrupt) return;
          // Only the latest slot state matters to a host that has not read the earlier one.
          device.clearIn(INTERRUPT_IN);
          device.queueIn(message, INTERRUPT_IN);
        },
      },
      firstIndex,
    );
    const onTransferOut = (ep: number, bytes: Uint8Array): void => {
      if (ep === BULK_OUT) firmware.onBulkOut(bytes);
    };
    device = new FakeUsbDevice(this.spec, { onTransferOut }, this.accessFaults);
    device.latencyMs = this.latencyMs;
    return [device, firmware];
  }

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

  private sendAnswer(device: FakeUsbDevice | undefined, record: CcidMessageRecord, message: Uint8Array, final: boolean): void {
    if (!device || device !== this.deviceValue) return;
    const fault = final ? this.faults.answer[record.index] : undefined;
    if (fault === 'silent') return;
    if (fault === 'stall') {
      device.queueInStall(BULK_IN);
      return;
    }
    device.queueIn(fault ? damage(message, fault) : message, BULK_IN);
  }
}
