/**
 * An emulated Sony RC-S380/P at the USB-transfer level, with a Type B card in its field.
 *
 *   FakeUsb (navigator.usb) ─ FakeUsbDevice 054c:06c3, interface 0 class FF, bulk IN 1 / OUT 2,
 *   packetSize 64 ─ Port100Firmware (frames, ACK, D7 answers) ─ RF faults ─ TypeBPicc
 *   (SENSB/ATTRIB/ISO-DEP) ─ ApduResponder (the simulated My Number Card)
 *
 * Runs unchanged in vitest (Node) and in a page: no Node imports. For Playwright, bundle this
 * module with the card snapshot into the init script and call `installAsNavigatorUsb` before the
 * app's scripts run (reference browser-readers.md §8).
 *
 * Fault knobs (`faults`) count InCommRF frames from 0 since the emulator was made (SENSB_REQ
 * and ATTRIB included; `rfFrameCount` tells how many went by).
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { FakeUsb, FakeUsbDevice, type FakeUsbAccessFaults, type FakeUsbDeviceSpec } from './fake-webusb';
import { Port100Firmware, type BadFrameReply, type RfResult, type RfSettings } from './port100-firmware';
import { TypeBPicc, type TypeBCardOptions, type WtxRequest } from './type-b-picc';

export const RCS380_VENDOR_ID = 0x054c;
export const RCS380P_PRODUCT_ID = 0x06c3;
export const RCS380S_PRODUCT_ID = 0x06c1;
const IN_ENDPOINT = 1;
const OUT_ENDPOINT = 2;

/** InCommRF error bits the emulator reports (nfcpy CommunicationError). */
const STATUS_CRC = 0x04;
const STATUS_RECEIVE_TIMEOUT = 0x80;

export interface Rcs380Faults {
  /** InCommRF indexes whose frame never reaches the card (the card's state does not change). */
  loseCommand: number[];
  /** InCommRF indexes whose answer is lost (the card acted on the frame). */
  loseAnswer: number[];
  /** InCommRF indexes whose answer arrives with a CRC error (the card acted on the frame). */
  garbleAnswer: number[];
  /** The card leaves the field just before this InCommRF reaches it. */
  removeAtFrame?: number;
  /** The reader is unplugged when this InCommRF arrives (it is never answered). */
  unplugAtFrame?: number;
  /** S(WTX) requests before answering these APDUs (0-based, counted over the card's life). */
  wtx?: { apdus: 'all' | number[]; count: number; wtxm: number };
}

export type RfOutcome = 'answered' | 'no-card' | 'not-type-b' | 'silent' | 'lost-command' | 'lost-answer' | 'garbled' | 'late' | 'unplugged';

export interface RfLogEntry {
  readonly index: number;
  readonly sent: Uint8Array;
  /** The InCommRF timeout the host gave, in ms. */
  readonly timeoutMs: number;
  readonly outcome: RfOutcome;
  readonly answer?: Uint8Array;
  readonly why?: string;
}

export interface Rcs380EmulatorOptions {
  /** 0x06c3 (RC-S380/P, default) or 0x06c1 (RC-S380/S). */
  readonly productId?: number;
  readonly serialNumber?: string;
  /** The page already has permission (as with the WebUsbAllowDevicesForUrls policy). Default false. */
  readonly granted?: boolean;
  /** Share one fake navigator.usb between several emulated devices. */
  readonly usb?: FakeUsb;
  readonly badFrameReply?: BadFrameReply;
  /**
   * An answer only counts if the host waited long enough for it: FWT for ISO-DEP blocks, the
   * extended time after S(WTX). Otherwise the host sees RECEIVE_TIMEOUT ('late'). Default true.
   */
  readonly strictTiming?: boolean;
  /** Delay per IN transfer, for demos (default 0). */
  readonly latencyMs?: number;
  /** InSetRF rate codes the card hears (7 = 106, 8 = 212, 9 = 424 kbit/s). Default [7]. */
  readonly cardBitRates?: readonly number[];
}

function noFaults(): Rcs380Faults {
  return { loseCommand: [], loseAnswer: [], garbleAnswer: [] };
}

export class Rcs380Emulator {
  readonly usb: FakeUsb;
  readonly rfLog: RfLogEntry[] = [];
  faults: Rcs380Faults = noFaults();
  /** open()/claimInterface() failures, applied to this and later plug-ins. */
  readonly accessFaults: FakeUsbAccessFaults = {};
  strictTiming: boolean;
  /** Damage this many of the next OUT transfers (one DATA byte flipped: the DCS no longer matches). */
  corruptOutTransfers = 0;
  private deviceValue: FakeUsbDevice;
  private firmwareValue: Port100Firmware;
  private picc: TypeBPicc | undefined;
  private fieldOn = false;
  private frameIndex = 0;
  private readonly spec: FakeUsbDeviceSpec;
  private readonly cardBitRates: ReadonlySet<number>;
  private readonly latencyMs: number;
  private readonly badFrameReply: BadFrameReply | undefined;

  constructor(options: Rcs380EmulatorOptions = {}) {
    this.usb = options.usb ?? new FakeUsb();
    this.strictTiming = options.strictTiming ?? true;
    this.cardBitRates = new Set(options.cardBitRates ?? [7]);
    this.latencyMs = options.latencyMs ?? 0;
    this.badFrameReply = options.badFrameReply;
    this.spec = {
      vendorId: RCS380_VENDOR_ID,
      productId: options.productId ?? RCS380P_PRODUCT_ID,
      productName: 'RC-S380/P',
      manufacturerName: 'SONY',
      serialNumber: options.serialNumber ?? 'KAZASU-EMU-0001',
      interfaces: [
        {
          interfaceNumber: 0,
          interfaceClass: 0xff,
          interfaceSubclass: 0xff,
          interfaceProtocol: 0x00,
          endpoints: [
            { endpointNumber: IN_ENDPOINT, direction: 'in', type: 'bulk', packetSize: 64 },
            { endpointNumber: OUT_ENDPOINT, direction: 'out', type: 'bulk', packetSize: 64 },
          ],
        },
      ],
    };
    if (options.granted) this.usb.grant(this.spec.serialNumber);
    [this.deviceValue, this.firmwareValue] = this.build();
    this.usb.plugIn(this.deviceValue);
  }

  /** The current USB device object (a new one after each replug, as in a browser). */
  get device(): FakeUsbDevice {
    return this.deviceValue;
  }

  get firmware(): Port100Firmware {
    return this.firmwareValue;
  }

  get card(): TypeBPicc | undefined {
    return this.picc;
  }

  /** InCommRF frames seen so far (the next one gets this index). */
  get rfFrameCount(): number {
    return this.frameIndex;
  }

  get pluggedIn(): boolean {
    return this.deviceValue.isAttached;
  }

  /** Put a card in the field. */
  placeCard(responder: ApduResponder, options: TypeBCardOptions = {}): TypeBPicc {
    this.removeCard();
    const picc = new TypeBPicc(responder, options, (i) => this.wtxFor(i));
    this.picc = picc;
    if (this.fieldOn) picc.fieldOn();
    return picc;
  }

  /** Take the card out of the field: it loses power and every state. */
  removeCard(): void {
    this.picc?.fieldOff();
    this.picc = undefined;
  }

  /** Pull the cable: transfers fail with NetworkError, navigator.usb fires 'disconnect'. */
  unplug(): void {
    if (!this.deviceValue.isAttached) return;
    this.firmwareValue.reset();
    this.usb.unplug(this.deviceValue);
  }

  /** Plug the reader back in: a new device object, 'connect' if the page had permission. */
  replug(): FakeUsbDevice {
    this.unplug();
    [this.deviceValue, this.firmwareValue] = this.build();
    this.usb.plugIn(this.deviceValue);
    return this.deviceValue;
  }

  private build(): [FakeUsbDevice, Port100Firmware] {
    let device: FakeUsbDevice | undefined;
    const firmware = new Port100Firmware(
      (bytes) => device?.queueIn(bytes),
      () => device?.clearIn(),
      { inCommRf: (rf, t, s) => this.inCommRf(rf, t, s), field: (on) => this.setField(on) },
      this.badFrameReply ? { badFrameReply: this.badFrameReply } : {},
    );
    const onTransferOut = (ep: number, bytes: Uint8Array): void => {
      if (ep !== OUT_ENDPOINT) return;
      if (this.corruptOutTransfers > 0 && bytes.length > 8) {
        this.corruptOutTransfers--;
        bytes[8] = bytes[8]! ^ 0xff;
      }
      firmware.onTransferOut(bytes);
    };
    device = new FakeUsbDevice(this.spec, { onTransferOut }, this.accessFaults);
    device.latencyMs = this.latencyMs;
    return [device, firmware];
  }

  private setField(on: boolean): void {
    this.fieldOn = on;
    if (on) this.picc?.fieldOn();
    else this.picc?.fieldOff();
  }

  private wtxFor(apduIndex: number): WtxRequest | undefined {
    const w = this.faults.wtx;
    if (!w) return undefined;
    if (w.apdus !== 'all' && !w.apdus.includes(apduIndex)) return undefined;
    return { count: w.count, wtxm: w.wtxm };
  }

  private typeBReady(settings: RfSettings): boolean {
    const rf = settings.inSetRf;
    if (!rf || rf[0] !== 0x03 || rf[2] !== 0x0f || rf[1] !== rf[3] || !this.cardBitRates.has(rf[1]!)) return false;
    // CRC_B added and checked, SOF/EOF added and checked (nfcpy sense_ttb settings).
    return [0x01, 0x02, 0x09, 0x0a, 0x0b, 0x0c].every((k) => settings.protocol.get(k) === 1);
  }

  private async inCommRf(rf: Uint8Array, timeoutMs: number, settings: RfSettings): Promise<RfResult | undefined> {
    const index = this.frameIndex++;
    const log = (outcome: RfOutcome, extra: { answer?: Uint8Array; why?: string } = {}) => {
      this.rfLog.push({ index, sent: rf.slice(), timeoutMs, outcome, ...extra });
    };
    const timeout: RfResult = { status: STATUS_RECEIVE_TIMEOUT };
    if (this.faults.unplugAtFrame === index) {
      log('unplugged');
      this.unplug();
      return undefined;
    }
    if (this.faults.removeAtFrame === index) this.removeCard();
    const picc = this.picc;
    if (!picc) {
      log('no-card');
      return timeout;
    }
    if (!this.typeBReady(settings)) {
      log('not-type-b');
      return timeout;
    }
    if (this.faults.loseCommand.includes(index)) {
      log('lost-command');
      return timeout;
    }
    const reply = await picc.receive(rf);
    if (this.picc !== picc) {
      log('no-card', { why: 'removed while answering' });
      return timeout;
    }
    if (reply.kind === 'silent') {
      log('silent', { why: reply.why });
      return timeout;
    }
    if (this.faults.loseAnswer.includes(index)) {
      log('lost-answer', { answer: reply.frame });
      return timeout;
    }
    if (this.faults.garbleAnswer.includes(index)) {
      log('garbled', { answer: reply.frame });
      return { status: STATUS_CRC };
    }
    if (this.strictTiming && reply.minTimeoutMs > timeoutMs) {
      log('late', { answer: reply.frame, why: `needs ${reply.minTimeoutMs.toFixed(1)} ms, host waited ${timeoutMs} ms` });
      return timeout;
    }
    log('answered', { answer: reply.frame });
    return { status: 0, rf: reply.frame };
  }
}

/**
 * Make `usb` the page's navigator.usb (for Playwright's addInitScript, or a demo page).
 * Reference §8: Object.defineProperty(navigator, 'usb', { configurable: true, value }).
 */
export function installAsNavigatorUsb(usb: FakeUsb, nav: object = globalThis.navigator): void {
  Object.defineProperty(nav, 'usb', { configurable: true, value: usb });
}
