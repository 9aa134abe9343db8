/**
 * CardTransport over a USB reader that only moves ISO/IEC 14443 frames, with activation, the bit
 * rate and ISO-DEP done in the host (iso-dep/rf-card-link.ts over type-b-card-link.ts and
 * type-a-card-link.ts): the Sony RC-S380 (Port-100 InCommRF) and the Sony RC-S300 (PC/SC
 * transparent session on its vendor interface). Each reader kind brings its device access and its
 * RF front end (`TypeBUsbReader`, which runs both technologies); the reader's life (open once,
 * unplug, replug: usb-reader-lifecycle.ts), card presence and polling are the same for both.
 * (The names say "Type B" for history: the readers first carried only the Japanese Type B cards.)
 *
 *   connect():    [open + init reader] → the technology found last first (B at first):
 *                 B: field off/on → SENSB_REQ → ATTRIB (best bit rate, or 106)
 *                 A: field off/on → REQA → anticollision/SELECT → RATS → PPS (best rate, or 106)
 *   transmit():   ISO-DEP transceive (chaining, WTX, R(NAK) recovery)
 *   disconnect(): S(DESELECT) → field off
 *
 * Presence: `startPolling()` sends SENSB_REQ and WUPA (+ HLTA) on an interval while no card
 * session is open ('card-present' / 'card-removed'), and an ISO-DEP R(NAK) presence check while
 * one is open but idle. A card that stops answering mid-command fails that command with 'card-removed'. A USB
 * 'disconnect' (or a transfer failing with NetworkError) gives 'reader-removed' and
 * TransportError('reader-unplugged'); a later 'connect' of a matching reader re-opens it.
 */
import { TransportError, type CardTransport, type TransportCapabilities, type TransportKind } from '../card-transport';
import { RfCardLink, type RfFrontEnd, type RfTechnology } from '../iso-dep/rf-card-link';
import type { TypeATarget } from '../iso-dep/type-a-activation';
import type { TypeBBitRate } from '../iso-dep/type-b-bit-rate';
import type { TypeBTarget } from '../iso-dep/type-b-activation';
import { UsbReaderTransport, type UsbReaderKind, type UsbReaderLost, type UsbReaderTransportOptions } from './usb-reader-transport';
import type { UsbDeviceLike, UsbLike } from './webusb-types';

/** One opened reader of the kind. */
export interface OpenedTypeBReader<Info> {
  readonly frontEnd: RfFrontEnd;
  /** What 'reader-ready' reports (firmware versions, …). */
  readonly info: Info;
  /** Field off, release and close (errors ignored: it may be gone). */
  shutdown(): Promise<void>;
  /** The reader is gone: pending and later transfers fail with `error`. */
  fail(error: TransportError): void;
}

/** What a reader's USB link offers the opened reader. */
export interface TypeBUsbLink {
  close(): Promise<void>;
  fail(error: TransportError): void;
}

/**
 * `frontEnd` over `link`, initialised by `start` (the link closed again if that fails); shutdown
 * runs the front end's own `stop` before closing the link.
 */
export async function openTypeBReader<Info>(link: TypeBUsbLink, frontEnd: RfFrontEnd, start: () => Promise<Info>, stop: () => Promise<void>): Promise<OpenedTypeBReader<Info>> {
  try {
    const info = await start();
    return {
      frontEnd,
      info,
      shutdown: async () => {
        await stop();
        await link.close();
      },
      fail: (error) => link.fail(error),
    };
  } catch (e) {
    await link.close();
    throw e;
  }
}

/** A reader kind: how to find, open and initialise it. */
export interface TypeBUsbReader<Info> extends UsbReaderKind {
  open(device: UsbDeviceLike): Promise<OpenedTypeBReader<Info>>;
}

export interface WebUsbTypeBOptions extends UsbReaderTransportOptions {
  /** FSDI announced in ATTRIB and RATS (default 8 = 256 bytes). */
  readonly fsdi?: number;
  /** ISO-DEP retransmissions per block (default 3). */
  readonly maxRetries?: number;
  /** Highest bit rate to use (default: the highest the card's ATQB or ATS and the reader share). */
  readonly maxBitRate?: TypeBBitRate;
  /** Technologies to poll for (default ['B', 'A']: the Japanese cards are B, passports either). */
  readonly technologies?: readonly RfTechnology[];
  /** Type A: CID in RATS and, if the card takes one, in every block (default none; type-a-card-link.ts). */
  readonly cid?: number;
}

export type TypeBReaderEvent<Info> = { readonly type: 'reader-ready'; readonly reader: Info } | UsbReaderLost;

/**
 * ISO-DEP chains in both directions, so the path carries extended-length APDUs of any size the
 * card accepts; the bounds are those of ISO 7816-4 extended case 4 (65 544 in, 65 538 out).
 * Whether the card itself takes extended APDUs is the card's business.
 */
const HOST_ISO_DEP_CAPABILITIES: TransportCapabilities = { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 };

export class WebUsbTypeBTransport<Info> extends UsbReaderTransport<OpenedTypeBReader<Info>, TypeBReaderEvent<Info>> implements CardTransport {
  readonly capabilities = HOST_ISO_DEP_CAPABILITIES;

  private reader: OpenedTypeBReader<Info> | undefined;
  private link: RfCardLink | undefined;
  /** Why the last card session ended, so later transmits fail the same way. */
  private sessionEnd: TransportError | undefined;

  constructor(
    readonly kind: TransportKind,
    usb: UsbLike,
    private readonly kindOfReader: TypeBUsbReader<Info>,
    private readonly options: WebUsbTypeBOptions = {},
  ) {
    super(usb, kindOfReader, options);
  }

  /** The activated Type B card's SENSB_RES parameters (FSC, FWT, bit rates), for diagnostics. */
  get activeTarget(): TypeBTarget | undefined {
    return this.link?.typeBTarget;
  }

  /** The activated Type A card's ATQA, UID, SAK and ATS, for diagnostics. */
  get activeTypeATarget(): TypeATarget | undefined {
    return this.link?.typeATarget;
  }

  /** The technology of the open card session (undefined when none). */
  get activeTechnology(): RfTechnology | undefined {
    return this.link?.technology;
  }

  /** The bit rate the card session runs at (106 when none is open). */
  get activeBitRate(): TypeBBitRate {
    return this.link?.bitRate ?? 106;
  }

  /** What the open reader reported when it became ready. */
  protected get readerInfo(): Info | undefined {
    return this.lifecycle.opened?.info;
  }

  /** Open the reader (the given device, else the first remembered one), claim it, initialise it. */
  async openReader(device?: UsbDeviceLike): Promise<Info> {
    return (await this.lifecycle.openReader(device)).info;
  }

  async connect(): Promise<void> {
    await this.activateCard(async () => {
      this.sessionEnd = undefined;
      const link = this.requireLink();
      try {
        await link.activate(() => this.presence.set(true));
      } catch (e) {
        if (e instanceof TransportError && (e.code === 'no-card' || e.code === 'card-removed')) this.presence.set(false);
        throw e;
      }
    });
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (command.length > this.capabilities.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the path limit`);
    }
    return this.operations.run(async () => {
      const link = this.link;
      if (!link?.active) {
        if (this.lifecycle.state === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
        if (this.sessionEnd) throw this.sessionEnd.repeat();
        throw new TransportError('not-connected', 'transmit() before connect()');
      }
      let response: Uint8Array;
      try {
        response = await link.transceive(command);
      } catch (e) {
        throw this.sessionFailed(e);
      }
      if (response.length < 2) throw this.sessionFailed(new TransportError('protocol', `Response of ${response.length} bytes has no status word`));
      return response;
    });
  }

  async disconnect(): Promise<void> {
    await this.operations.run(async () => {
      const link = this.link;
      if (!link || this.lifecycle.state !== 'ready') {
        link?.forget();
        return;
      }
      try {
        await link.deselect();
      } catch (e) {
        this.readerFailure(e);
      }
    });
  }

  /** Stop polling, switch the field off, release and close the reader. */
  async close(): Promise<void> {
    this.poller.stop();
    await this.disconnect();
    await this.operations.run(async () => {
      await this.reader?.shutdown();
      this.reader = undefined;
      this.link = undefined;
      this.lifecycle.closed();
    });
  }

  // ------------------------------------------------------------------ internals

  protected openDevice(device: UsbDeviceLike): Promise<OpenedTypeBReader<Info>> {
    return this.kindOfReader.open(device);
  }

  protected readerReady(opened: OpenedTypeBReader<Info>): void {
    this.reader = opened;
    this.link = new RfCardLink(opened.frontEnd, {
      fsdi: this.options.fsdi,
      maxRetries: this.options.maxRetries,
      maxBitRate: this.options.maxBitRate,
      technologies: this.options.technologies,
      cid: this.options.cid,
      maxCommandLength: this.capabilities.maxCommandLength,
      maxResponseLength: this.capabilities.maxResponseLength,
    });
    this.readerEvents.emit({ type: 'reader-ready', reader: opened.info });
  }

  protected readerDropped(error: TransportError): void {
    this.reader?.fail(error);
    this.reader = undefined;
    this.link = undefined;
    this.sessionEnd = error;
  }

  /** SENSB_REQ / WUPA when no card session is open, R(NAK) when one is. */
  protected async checkPresence(): Promise<void> {
    const link = this.link;
    if (this.lifecycle.state !== 'ready' || !link) return;
    if (link.active) {
      let alive: boolean;
      try {
        alive = await link.checkPresence();
      } catch (e) {
        throw this.sessionFailed(e);
      }
      if (!alive) this.sessionFailed(new TransportError('card-removed', 'The card left the reader'));
      return;
    }
    try {
      this.presence.set(await link.sense());
    } catch (e) {
      throw this.readerFailure(e);
    }
  }

  private requireLink(): RfCardLink {
    this.lifecycle.requireReady();
    if (!this.link) throw new TransportError('not-connected', 'The reader is not open');
    return this.link;
  }

  /** A card session failed: decide what it means, update state, return the error to throw. */
  private sessionFailed(e: unknown): TransportError {
    const error = this.readerFailure(e);
    this.link?.forget();
    this.sessionEnd = error;
    if (error.code === 'card-removed') this.presence.set(false);
    return error;
  }
}
