/**
 * The base of every USB reader transport (RC-S380, RC-S300, CCID): the reader's life
 * (usb-reader-lifecycle.ts), card presence and reader events (../lifecycle), presence polling,
 * and one reader operation at a time. A path supplies how to open its reader, what to do when it
 * is ready or gone, and one presence check.
 */
import type { TransportError } from '../card-transport';
import { PresencePoller } from '../lifecycle/presence-poller';
import { ReaderTransport } from '../lifecycle/reader-transport';
import { OperationQueue } from '../operation-queue';
import { UsbReaderLifecycle, type UsbReaderLifecycleOptions, type UsbReaderState } from './usb-reader-lifecycle';
import type { UsbDeviceLike, UsbLike } from './webusb-types';

/** How to recognise a path's readers. */
export interface UsbReaderKind {
  isReader(device: UsbDeviceLike): boolean;
  remembered(usb: UsbLike): Promise<UsbDeviceLike[]>;
  noReader(): TransportError;
}

export interface UsbReaderTransportOptions extends UsbReaderLifecycleOptions {
  /** Presence polling interval for startPolling() (default 500 ms). */
  readonly pollIntervalMs?: number;
}

export type UsbReaderLost = { readonly type: 'reader-lost'; readonly error: TransportError };

export abstract class UsbReaderTransport<Opened, E> extends ReaderTransport<E | UsbReaderLost> {
  protected readonly lifecycle: UsbReaderLifecycle<Opened>;
  protected readonly poller: PresencePoller;
  /** One reader operation at a time (activation, APDU, poll). */
  protected readonly operations = new OperationQueue();

  constructor(usb: UsbLike, kind: UsbReaderKind, options: UsbReaderTransportOptions) {
    super();
    this.lifecycle = new UsbReaderLifecycle(
      usb,
      {
        isReader: (d) => kind.isReader(d),
        remembered: (u) => kind.remembered(u),
        noReader: () => kind.noReader(),
        open: (device) => this.openDevice(device),
        ready: (opened) => this.readerReady(opened),
        dropped: (error) => this.readerDropped(error),
        lost: (error) => this.readerEvents.emit({ type: 'reader-lost', error }),
      },
      this.presence,
      options,
    );
    this.poller = new PresencePoller(() => this.operations.run(() => this.checkPresence()), options.pollIntervalMs ?? 500);
  }

  get readerState(): UsbReaderState {
    return this.lifecycle.state;
  }

  /**
   * Watch for card arrival and removal every `intervalMs` until stopPolling() (ticks are skipped
   * while the reader reports changes by itself).
   */
  startPolling(intervalMs?: number): void {
    this.poller.start(intervalMs, () => this.reportsPresenceItself());
  }

  stopPolling(): void {
    this.poller.stop();
  }

  /** One presence check; emits 'card-present' / 'card-removed' on a change. Rejects only with TransportError. */
  pollOnce(): Promise<void> {
    return this.poller.once();
  }

  /**
   * connect()'s frame: open the reader if needed, run `activate` as a reader operation (any
   * failure noted, see `readerFailure`), then tell listeners the card was (re)activated: no DF is
   * selected and no security status holds.
   */
  protected async activateCard(activate: () => Promise<void>): Promise<void> {
    await this.lifecycle.openReader();
    await this.operations.run(activate).catch((e: unknown) => {
      throw this.readerFailure(e);
    });
    this.presence.activated();
  }

  /** Any failure as a TransportError; an unplugged reader is noted on the way. */
  protected readerFailure(e: unknown): TransportError {
    return this.lifecycle.failure(e);
  }

  /** Open, claim and initialise `device` (leaving it as found on failure). */
  protected abstract openDevice(device: UsbDeviceLike): Promise<Opened>;
  /** The reader is open and usable: announce it. */
  protected abstract readerReady(opened: Opened): void;
  /** The reader is gone: drop links and watchers, remember why sessions end. */
  protected abstract readerDropped(error: TransportError): void;
  /** One presence check, run as a reader operation. */
  protected abstract checkPresence(): Promise<void>;

  /** True while the reader reports card changes by itself (then polling ticks are skipped). */
  protected reportsPresenceItself(): boolean {
    return false;
  }
}
