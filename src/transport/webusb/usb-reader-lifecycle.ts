/**
 * The life of one USB reader behind a transport (RC-S380, RC-S300, CCID): which device, whether
 * it is open, opening it once however many callers ask, and what happens when the cable is
 * pulled or put back.
 *
 *   closed ──openReader()──▶ opening ──▶ ready ──(USB 'disconnect' / NetworkError)──▶ unplugged
 *      ▲                        │                                                      │
 *      └──── open failed ───────┘         ◀── USB 'connect' of a reader of the kind ───┘
 *                                              (autoReconnect: opens it again)
 *
 * A loss is announced once: the path drops its links (`driver.dropped`), listeners get
 * 'reader-removed', the path's reader listeners 'reader-lost'. Every USB path shares this; what
 * "open" means (claiming, descriptors, firmware init) is the path's `driver`.
 */
import { TransportError } from '../card-transport';
import type { CardPresence } from '../lifecycle/card-presence';
import { deviceOfEvent, type UsbDeviceLike, type UsbLike } from './webusb-types';

export type UsbReaderState = 'closed' | 'opening' | 'ready' | 'unplugged';

export interface UsbReaderDriver<T> {
  /** A device of this path's kind (for hot-plug). */
  isReader(device: UsbDeviceLike): boolean;
  /** This path's readers the origin was already given. */
  remembered(usb: UsbLike): Promise<UsbDeviceLike[]>;
  /** The error when none of them is plugged in. */
  noReader(): TransportError;
  /** Open, claim and initialise; on failure leave the device as it was found. */
  open(device: UsbDeviceLike): Promise<T>;
  /** The reader became usable: `opened` is what open() resolved with. */
  ready(opened: T): void;
  /** The reader is gone: drop links and watchers. Called once per loss, before the events. */
  dropped(error: TransportError): void;
  /** Announce the loss to the path's reader listeners. */
  lost(error: TransportError): void;
}

export interface UsbReaderLifecycleOptions {
  /** Use this device; otherwise the first remembered reader of the kind. */
  readonly device?: UsbDeviceLike;
  /** Re-open a reader of the kind when navigator.usb fires 'connect' after an unplug (default true). */
  readonly autoReconnect?: boolean;
}

export class UsbReaderLifecycle<T> {
  private stateValue: UsbReaderState = 'closed';
  private deviceValue: UsbDeviceLike | undefined;
  private openedValue: T | undefined;
  private opening: Promise<T> | undefined;

  private readonly onUsbDisconnect = (event: Event): void => {
    const d = deviceOfEvent(event);
    if (d && d === this.deviceValue) this.gone(new TransportError('reader-unplugged', 'The reader was unplugged'));
  };

  private readonly onUsbConnect = (event: Event): void => {
    const d = deviceOfEvent(event);
    if (!d || !this.driver.isReader(d) || this.stateValue !== 'unplugged' || this.options.autoReconnect === false) return;
    this.deviceValue = d;
    this.stateValue = 'closed';
    void this.openReader().catch(() => undefined);
  };

  constructor(
    private readonly usb: UsbLike,
    private readonly driver: UsbReaderDriver<T>,
    private readonly presence: CardPresence,
    private readonly options: UsbReaderLifecycleOptions = {},
  ) {
    this.deviceValue = options.device;
    usb.addEventListener('disconnect', this.onUsbDisconnect);
    usb.addEventListener('connect', this.onUsbConnect);
  }

  get state(): UsbReaderState {
    return this.stateValue;
  }

  get device(): UsbDeviceLike | undefined {
    return this.deviceValue;
  }

  /** What the last successful open resolved with. */
  get opened(): T | undefined {
    return this.openedValue;
  }

  /** Open the reader (the given device, else the remembered one); callers share one attempt. */
  openReader(device?: UsbDeviceLike): Promise<T> {
    if (device && device !== this.deviceValue) {
      if (this.stateValue === 'ready' || this.stateValue === 'opening') return Promise.reject(new TransportError('protocol', 'Close the current reader first'));
      this.deviceValue = device;
    } else if (!device && this.stateValue === 'unplugged') {
      // The old device object is dead; look for the reader among the remembered ones again.
      this.deviceValue = undefined;
    }
    if (this.stateValue === 'ready' && this.openedValue !== undefined) return Promise.resolve(this.openedValue);
    this.opening ??= this.doOpen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Throws unless the reader is open: 'reader-unplugged' after a loss, else 'not-connected'. */
  requireReady(): void {
    if (this.stateValue === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
    if (this.stateValue !== 'ready') throw new TransportError('not-connected', 'The reader is not open');
  }

  /** Any failure as a TransportError; an unplugged reader is noted on the way. */
  failure(e: unknown): TransportError {
    const error = e instanceof TransportError ? e : new TransportError('protocol', 'The reader failed', { cause: e });
    if (error.code === 'reader-unplugged') this.gone(error);
    return error;
  }

  /** The reader is gone (once per loss). */
  gone(error: TransportError): void {
    if (this.stateValue === 'unplugged') return;
    this.stateValue = 'unplugged';
    this.openedValue = undefined;
    this.driver.dropped(error);
    this.presence.readerRemoved();
    this.driver.lost(error);
  }

  /** The path closed the reader: stop listening to navigator.usb. */
  closed(): void {
    if (this.stateValue !== 'unplugged') this.stateValue = 'closed';
    this.openedValue = undefined;
    this.usb.removeEventListener('disconnect', this.onUsbDisconnect);
    this.usb.removeEventListener('connect', this.onUsbConnect);
  }

  private async doOpen(): Promise<T> {
    this.stateValue = 'opening';
    let opened: T;
    try {
      let device = this.deviceValue;
      if (!device) {
        device = (await this.driver.remembered(this.usb))[0];
        if (!device) throw this.driver.noReader();
        this.deviceValue = device;
      }
      opened = await this.driver.open(device);
    } catch (e) {
      const error = e instanceof TransportError ? e : new TransportError('protocol', 'Could not open the reader', { cause: e });
      this.stateValue = error.code === 'reader-unplugged' ? 'unplugged' : 'closed';
      throw error;
    }
    this.openedValue = opened;
    this.stateValue = 'ready';
    this.driver.ready(opened);
    return opened;
  }
}
