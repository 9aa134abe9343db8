/**
 * CardTransport over a Sony RC-S380 (NFC Port-100) through WebUSB, with ISO/IEC 14443 Type B
 * activation and ISO-DEP done here in the host (reference §2; the reader only moves frames).
 *
 *   connect():  [open + init reader] → InSetRF 106B → InSetProtocol ×2 → SENSB_REQ → ATTRIB
 *   transmit(): IsoDepSession.transceive (chaining, WTX, R(NAK) recovery)
 *   disconnect(): S(DESELECT) → SwitchRF off
 *
 * Presence: `startPolling()` sends SENSB_REQ on an interval while no card session is open
 * ('card-present' / 'card-removed'), and an ISO-DEP R(NAK) presence check while one is open but
 * idle. A card that stops answering mid-command fails that command with 'card-removed'. A USB
 * 'disconnect' (or a transfer failing with NetworkError) gives 'reader-removed' and
 * TransportError('reader-unplugged'); a later 'connect' of a matching reader re-opens it.
 */
import { ListenerSet } from '../listener-set';
import { OperationQueue } from '../operation-queue';
import {
  TransportError,
  type CardEvent,
  type CardEventListener,
  type CardTransport,
  type TransportCapabilities,
} from '../card-transport';
import { IsoDepSession } from '../iso-dep/iso-dep-session';
import { DELTA_FWT_MS, FWT_MAX_MS, MAX_FRAME_SIZE_INDEX, frameSizeFromIndex } from '../iso-dep/iso-dep-timing';
import {
  ACTIVATION_TIMEOUT_MS,
  buildAttrib,
  isIsoDepCapable,
  parseAttribResponse,
  parseSensbRes,
  SENSB_REQ,
  type TypeBTarget,
} from '../iso-dep/type-b-activation';
import { describeInCommRfStatus, IN_COMM_RF_STATUS, type TypeBBitRate } from './port100-commands';
import { Port100Chipset, type Port100Timing, type Port100Versions } from './port100-chipset';
import { isPort100Device, openPort100Device, rememberedPort100Devices } from './port100-device-access';
import { Port100UsbLink } from './port100-usb-link';
import { ReaderAccessError } from './reader-access-error';
import { deviceOfEvent, type UsbDeviceLike, type UsbLike } from './webusb-types';

export interface WebUsbPort100Options extends Port100Timing {
  /** Use this device (e.g. from requestPort100Device); otherwise the first remembered one. */
  readonly device?: UsbDeviceLike;
  /** Type B bit rate for InSetRF (default 106B; 212B/424B UNCONFIRMED with real cards). */
  readonly bitRate?: TypeBBitRate;
  /** FSDI announced in ATTRIB (default 8 = 256 bytes; the RC-S380 receives up to 290). */
  readonly fsdi?: number;
  /** ISO-DEP retransmissions per block (default 3). */
  readonly maxRetries?: number;
  /** Presence polling interval for startPolling() (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Re-open a matching reader when navigator.usb fires 'connect' after an unplug (default true). */
  readonly autoReconnect?: boolean;
}

export type ReaderEvent =
  | { readonly type: 'reader-ready'; readonly versions: Port100Versions }
  | { readonly type: 'reader-lost'; readonly error: TransportError };

/** RC-S380 limit on the RF payload of one InCommRF (nfcpy get_max_send/recv_data_size). */
const PORT100_MAX_RF_PAYLOAD = 290;

type ReaderState = 'closed' | 'opening' | 'ready' | 'unplugged';

export class WebUsbPort100Transport implements CardTransport {
  readonly kind = 'webusb-port100' as const;
  /**
   * ISO-DEP chains in both directions, so the path carries extended-length APDUs of any size the
   * card accepts; the bounds are those of ISO 7816-4 extended case 4 (65 544 in, 65 538 out).
   * Whether the card itself takes extended APDUs is the card's business.
   */
  readonly capabilities: TransportCapabilities = { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 };

  private readonly listeners = new ListenerSet<CardEvent>();
  private readonly readerListeners = new ListenerSet<ReaderEvent>();
  private device: UsbDeviceLike | undefined;
  private link: Port100UsbLink | undefined;
  private chipset: Port100Chipset | undefined;
  private versions: Port100Versions | undefined;
  private state: ReaderState = 'closed';
  private opening: Promise<Port100Versions> | undefined;
  private session: IsoDepSession | undefined;
  /** Why the last card session ended, so later transmits fail the same way. */
  private sessionEnd: TransportError | undefined;
  private target: TypeBTarget | undefined;
  private rfConfigured = false;
  private present = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private pollBusy: Promise<void> | undefined;
  /** One card operation at a time (activation, APDU, poll). */
  private readonly operations = new OperationQueue();
  private readonly bitRate: TypeBBitRate;
  private readonly fsdi: number;

  private readonly onUsbDisconnect = (event: Event): void => {
    const d = deviceOfEvent(event);
    if (d && d === this.device) this.readerGone(new TransportError('reader-unplugged', 'The reader was unplugged'));
  };

  private readonly onUsbConnect = (event: Event): void => {
    const d = deviceOfEvent(event);
    if (!d || !isPort100Device(d) || this.state !== 'unplugged' || this.options.autoReconnect === false) return;
    this.device = d;
    this.state = 'closed';
    void this.openReader().catch(() => undefined);
  };

  constructor(
    private readonly usb: UsbLike,
    private readonly options: WebUsbPort100Options = {},
  ) {
    this.device = options.device;
    this.bitRate = options.bitRate ?? '106B';
    const fsdi = options.fsdi ?? MAX_FRAME_SIZE_INDEX;
    if (!Number.isInteger(fsdi) || fsdi < 0 || fsdi > MAX_FRAME_SIZE_INDEX) throw new TransportError('protocol', `FSDI ${fsdi} out of range 0..8`);
    this.fsdi = fsdi;
    usb.addEventListener('disconnect', this.onUsbDisconnect);
    usb.addEventListener('connect', this.onUsbConnect);
  }

  /** Firmware versions once the reader is open. */
  get readerVersions(): Port100Versions | undefined {
    return this.versions;
  }

  get readerState(): ReaderState {
    return this.state;
  }

  /** The activated card's SENSB_RES parameters (FSC, FWT), for diagnostics. */
  get activeTarget(): TypeBTarget | undefined {
    return this.target;
  }

  /** Open the reader (the given device, else the first remembered RC-S380), claim it, initialise it. */
  async openReader(device?: UsbDeviceLike): Promise<Port100Versions> {
    if (device && device !== this.device) {
      if (this.state === 'ready' || this.state === 'opening') throw new TransportError('protocol', 'Close the current reader first');
      this.device = device;
    } else if (!device && this.state === 'unplugged') {
      // The old device object is dead; look for the reader among the remembered ones again.
      this.device = undefined;
    }
    if (this.state === 'ready' && this.versions) return this.versions;
    this.opening ??= this.doOpen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  isCardPresent(): boolean {
    return this.present;
  }

  onEvent(listener: CardEventListener): () => void {
    return this.listeners.add(listener);
  }

  /** Reader attach / loss, for the UI's reader status line. */
  onReaderEvent(listener: (event: ReaderEvent) => void): () => void {
    return this.readerListeners.add(listener);
  }

  async connect(): Promise<void> {
    await this.openReader();
    await this.operations.run(async () => {
      this.sessionEnd = undefined;
      const chipset = this.requireChipset();
      if (this.session) {
        await this.session.deselect().catch(() => undefined);
        this.session = undefined;
      }
      // Field off and on again: the card restarts in IDLE, whatever state an earlier session
      // or poll left it in.
      await chipset.switchRf(false);
      this.rfConfigured = false;
      await this.ensureRfConfigured(chipset);
      const target = await this.sense(chipset);
      if (!target) {
        this.setPresent(false);
        throw new TransportError('no-card', 'No Type B card answered SENSB_REQ');
      }
      if (!isIsoDepCapable(target)) throw new TransportError('unsupported', 'The card does not support ISO/IEC 14443-4');
      this.setPresent(true);
      const attribTimeout = Math.min(Math.max(ACTIVATION_TIMEOUT_MS, target.fwtMs + DELTA_FWT_MS), FWT_MAX_MS);
      const attrib = await chipset.inCommRf(buildAttrib(target, this.fsdi), attribTimeout);
      if (attrib.status !== 0) {
        if ((attrib.status & IN_COMM_RF_STATUS.RECEIVE_TIMEOUT) !== 0) {
          this.setPresent(false);
          throw new TransportError('card-removed', 'The card left before ATTRIB');
        }
        throw new TransportError('protocol', `ATTRIB failed: ${describeInCommRfStatus(attrib.status)}`);
      }
      parseAttribResponse(attrib.rf);
      this.target = target;
      this.session = new IsoDepSession((frame, timeoutMs) => chipset.exchangeFrame(frame, timeoutMs), {
        fsc: Math.min(target.fsc, PORT100_MAX_RF_PAYLOAD),
        fsd: Math.min(frameSizeFromIndex(this.fsdi), PORT100_MAX_RF_PAYLOAD),
        fwtMs: target.fwtMs,
        maxRetries: this.options.maxRetries,
        maxCommandLength: this.capabilities.maxCommandLength,
        maxResponseLength: this.capabilities.maxResponseLength,
      });
    }).catch((e: unknown) => {
      throw this.readerFailure(e);
    });
    // A (re)activated card has no selected DF and no security status.
    this.emit({ type: 'card-activated' });
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (command.length > this.capabilities.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the path limit`);
    }
    return this.operations.run(async () => {
      const session = this.session;
      if (!session) {
        if (this.state === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
        if (this.sessionEnd) throw new TransportError(this.sessionEnd.code, this.sessionEnd.message, { cause: this.sessionEnd });
        throw new TransportError('not-connected', 'transmit() before connect()');
      }
      let response: Uint8Array;
      try {
        response = await session.transceive(command);
      } catch (e) {
        throw this.sessionFailed(e);
      }
      if (response.length < 2) throw this.sessionFailed(new TransportError('protocol', `Response of ${response.length} bytes has no status word`));
      return response;
    });
  }

  async disconnect(): Promise<void> {
    await this.operations.run(async () => {
      const session = this.session;
      this.session = undefined;
      this.target = undefined;
      if (!this.chipset || this.state !== 'ready') return;
      try {
        await session?.deselect();
        await this.chipset.switchRf(false);
      } catch (e) {
        this.readerFailure(e);
      }
      this.rfConfigured = false;
    });
  }

  /** Stop polling, switch the field off, release and close the reader. */
  async close(): Promise<void> {
    this.stopPolling();
    await this.disconnect();
    await this.operations.run(async () => {
      await this.chipset?.shutdown();
      await this.link?.close();
      this.link = undefined;
      this.chipset = undefined;
      if (this.state !== 'unplugged') this.state = 'closed';
    });
    this.usb.removeEventListener('disconnect', this.onUsbDisconnect);
    this.usb.removeEventListener('connect', this.onUsbConnect);
  }

  /** Poll for card arrival and removal every `intervalMs` until stopPolling(). */
  startPolling(intervalMs = this.options.pollIntervalMs ?? 500): void {
    if (this.polling) return;
    this.polling = true;
    const tick = async () => {
      if (!this.polling) return;
      await this.pollOnce().catch(() => undefined);
      if (this.polling) this.pollTimer = setTimeout(() => void tick(), intervalMs);
    };
    this.pollTimer = setTimeout(() => void tick(), 0);
  }

  stopPolling(): void {
    this.polling = false;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  /**
   * One presence check: SENSB_REQ when no card session is open, R(NAK) when one is. Emits
   * 'card-present' / 'card-removed' on a change. Rejects only with TransportError.
   */
  async pollOnce(): Promise<void> {
    if (this.pollBusy) return this.pollBusy;
    this.pollBusy = this.operations.run(async () => {
      if (this.state !== 'ready' || !this.chipset) return;
      if (this.session) {
        let alive: boolean;
        try {
          alive = await this.session.checkPresence();
        } catch (e) {
          throw this.sessionFailed(e);
        }
        if (!alive) this.sessionFailed(new TransportError('card-removed', 'The card left the reader'));
        return;
      }
      try {
        await this.ensureRfConfigured(this.chipset);
        this.setPresent((await this.sense(this.chipset)) !== undefined);
      } catch (e) {
        throw this.readerFailure(e);
      }
    }).finally(() => {
      this.pollBusy = undefined;
    });
    return this.pollBusy;
  }

  // ------------------------------------------------------------------ internals

  private async doOpen(): Promise<Port100Versions> {
    this.state = 'opening';
    try {
      let device = this.device;
      if (!device) {
        device = (await rememberedPort100Devices(this.usb))[0];
        if (!device) throw new ReaderAccessError('reader-unplugged', 'no-reader', 'No RC-S380 reader that this page may use is plugged in');
        this.device = device;
      }
      const endpoints = await openPort100Device(device);
      const link = new Port100UsbLink(device, endpoints);
      const chipset = new Port100Chipset(link, this.options);
      const versions = await chipset.initialize();
      this.link = link;
      this.chipset = chipset;
      this.versions = versions;
      this.rfConfigured = false;
      this.state = 'ready';
      this.emitReader({ type: 'reader-ready', versions });
      return versions;
    } catch (e) {
      const error = e instanceof TransportError ? e : new TransportError('protocol', 'Could not open the reader', { cause: e });
      this.state = error.code === 'reader-unplugged' ? 'unplugged' : 'closed';
      throw error;
    }
  }

  private requireChipset(): Port100Chipset {
    if (this.state === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
    if (!this.chipset || this.state !== 'ready') throw new TransportError('not-connected', 'The reader is not open');
    return this.chipset;
  }

  private async ensureRfConfigured(chipset: Port100Chipset): Promise<void> {
    if (this.rfConfigured) return;
    await chipset.configureTypeB(this.bitRate);
    this.rfConfigured = true;
  }

  /** SENSB_REQ with the 30 ms timeout; undefined when no card answers (or two collide). */
  private async sense(chipset: Port100Chipset): Promise<TypeBTarget | undefined> {
    const res = await chipset.inCommRf(SENSB_REQ, ACTIVATION_TIMEOUT_MS);
    if (res.status !== 0) return undefined;
    return parseSensbRes(res.rf);
  }

  /** Any failure as a TransportError; an unplugged reader is noted on the way. */
  private readerFailure(e: unknown): TransportError {
    const error = e instanceof TransportError ? e : new TransportError('protocol', 'The reader failed', { cause: e });
    if (error.code === 'reader-unplugged') this.readerGone(error);
    return error;
  }

  /** A card session failed: decide what it means, update state, return the error to throw. */
  private sessionFailed(e: unknown): TransportError {
    const error = this.readerFailure(e);
    this.session = undefined;
    this.target = undefined;
    this.sessionEnd = error;
    if (error.code === 'card-removed') this.setPresent(false);
    return error;
  }

  private readerGone(error: TransportError): void {
    if (this.state === 'unplugged') return;
    this.state = 'unplugged';
    this.link?.fail(error);
    this.link = undefined;
    this.chipset = undefined;
    this.session = undefined;
    this.target = undefined;
    this.present = false;
    this.rfConfigured = false;
    this.sessionEnd = error;
    this.emit({ type: 'reader-removed' });
    this.emitReader({ type: 'reader-lost', error });
  }

  private setPresent(present: boolean): void {
    if (present === this.present) return;
    this.present = present;
    this.emit({ type: present ? 'card-present' : 'card-removed' });
  }

  private emit(event: CardEvent): void {
    this.listeners.emit(event);
  }

  private emitReader(event: ReaderEvent): void {
    this.readerListeners.emit(event);
  }
}
