/**
 * CardTransport over a USB CCID reader (Smart Card class 0x0B) through WebUSB, at short or
 * extended APDU exchange level: the reader runs ISO-DEP / T=1 to the card, the host sends whole
 * APDUs in PC_to_RDR_XfrBlock messages (CCID rev 1.1; reference browser-readers.md §3).
 *
 *   openReader(): [open + claim (SecurityError outside an IWA/Electron: 'protected-class-blocked')]
 *                 → class descriptor via GET_DESCRIPTOR (else declared / known / short level)
 *                 → GetSlotStatus (is a card there?) → interrupt-IN watcher if the reader has one
 *   connect():    IccPowerOn → ATR                         ('card-present', 'card-activated')
 *   transmit():   XfrBlock (chained at extended level)
 *   disconnect(): IccPowerOff
 *
 * Presence: NotifySlotChange on the interrupt endpoint when the reader has one; otherwise
 * `startPolling()` sends GetSlotStatus on an interval. A card that leaves mid-command fails that
 * command with 'card-removed'. A USB 'disconnect' (or a transfer failing with NetworkError) gives
 * 'reader-removed' and TransportError('reader-unplugged'); a later 'connect' of a CCID reader
 * re-opens it.
 *
 * Only usable where the browser lets the page claim a Smart Card class interface: an Isolated Web
 * App with "usb-unrestricted", or Electron with its protected-class handler (see
 * ccid-availability.ts). Everywhere else the local PC/SC bridge is the way (reference §6).
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
import { deviceOfEvent, type UsbDeviceLike, type UsbLike } from '../webusb-port100/webusb-types';
import { CcidAccessError } from './ccid-access-error';
import { exchangeExtendedApdu, exchangeShortApdu, SHORT_APDU_MAX_COMMAND, SHORT_APDU_MAX_RESPONSE } from './ccid-apdu-exchange';
import type { CcidExchangeLevel } from './ccid-class-descriptor';
import { CcidCommandChannel, type CcidTiming } from './ccid-command-channel';
import { isCcidDevice, openCcidDevice, readCcidDescriptor, rememberedCcidDevices, type CcidEndpoints } from './ccid-device-access';
import { CcidInterruptWatcher } from './ccid-interrupt-watcher';
import { CCID_HEADER_LENGTH, PC_TO_RDR, type CcidResponse, type IccStatus, type PowerSelect, type SlotChange } from './ccid-message';
import { resolveReaderProfile, type CcidReaderProfile } from './ccid-reader-profile';
import { CcidSlotError, slotFailure } from './ccid-slot-error';
import { CcidUsbLink } from './ccid-usb-link';

export interface WebUsbCcidOptions extends CcidTiming {
  /** Use this device (e.g. from requestCcidDevice); otherwise the first remembered CCID reader. */
  readonly device?: UsbDeviceLike;
  /** The CCID interface to claim (default: the first class-0x0B interface). */
  readonly interfaceNumber?: number;
  /** The slot (default 0; contactless readers have one). */
  readonly slot?: number;
  /**
   * Declared exchange level and message size. When given they win over the class descriptor;
   * when neither is given nor readable, known readers, then short level / 271 bytes, are assumed
   * (ccid-reader-profile.ts). Use this for a reader whose descriptor the browser will not show.
   */
  readonly exchangeLevel?: CcidExchangeLevel;
  readonly maxMessageLength?: number;
  /** Read the configuration descriptor with GET_DESCRIPTOR to find the CCID descriptor (default true). */
  readonly readDescriptor?: boolean;
  /** bPowerSelect for IccPowerOn (default 0, automatic; contactless readers ignore it). */
  readonly powerSelect?: PowerSelect;
  /** 'auto': interrupt endpoint when present, else polling (default); 'poll': always GetSlotStatus polling. */
  readonly presence?: 'auto' | 'poll';
  /** Presence polling interval for startPolling() (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Re-open a CCID reader when navigator.usb fires 'connect' after an unplug (default true). */
  readonly autoReconnect?: boolean;
  /** Quiet time used to swallow stale answers when opening and after a failed command (default 20 ms). */
  readonly drainMs?: number;
  /** IccPowerOn retries while the slot is busy (default 3), and the pause between them (default 50 ms). */
  readonly busyRetries?: number;
  readonly busyRetryMs?: number;
}

export type CcidReaderEvent =
  | { readonly type: 'reader-ready'; readonly profile: CcidReaderProfile; readonly descriptorProblem?: string }
  | { readonly type: 'reader-lost'; readonly error: TransportError }
  /** RDR_to_PC_HardwareError on the interrupt endpoint (0x01: overcurrent). */
  | { readonly type: 'hardware-error'; readonly code: number };

type ReaderState = 'closed' | 'opening' | 'ready' | 'unplugged';

/** ISO/IEC 7816-3 §8.2: an ATR has at most 33 bytes (TS + 32). */
const MAX_ATR_LENGTH = 33;
const EXTENDED_CAPABILITIES: TransportCapabilities = { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 };

/** A fresh error (own stack) saying the same as `e`, reason included. */
function repeatError(e: TransportError): TransportError {
  if (e instanceof CcidSlotError) return new CcidSlotError(e.code, e.reason, e.slotError, e.message);
  return new TransportError(e.code, e.message, { cause: e });
}

function capabilitiesFor(level: CcidExchangeLevel | undefined, maxMessageLength: number | undefined): TransportCapabilities {
  if (level === 'extended-apdu') return EXTENDED_CAPABILITIES;
  const data = (maxMessageLength ?? CCID_HEADER_LENGTH + SHORT_APDU_MAX_COMMAND) - CCID_HEADER_LENGTH;
  return { extendedLength: false, maxCommandLength: Math.min(SHORT_APDU_MAX_COMMAND, data), maxResponseLength: SHORT_APDU_MAX_RESPONSE };
}

export class WebUsbCcidTransport implements CardTransport {
  readonly kind = 'webusb-ccid' as const;

  private readonly listeners = new ListenerSet<CardEvent>();
  private readonly readerListeners = new ListenerSet<CcidReaderEvent>();
  private device: UsbDeviceLike | undefined;
  private link: CcidUsbLink | undefined;
  private channel: CcidCommandChannel | undefined;
  private watcher: CcidInterruptWatcher | undefined;
  private profile: CcidReaderProfile | undefined;
  private state: ReaderState = 'closed';
  private opening: Promise<CcidReaderProfile> | undefined;
  /** A card was powered by connect() and has not failed or left since. */
  private cardActive = false;
  /** Why the last card session ended, so later transmits fail the same way. */
  private sessionEnd: TransportError | undefined;
  private atrValue: Uint8Array | undefined;
  private present = false;
  /** Answers may still be on their way (after a timeout or a garbled message): swallow them first. */
  private needsDrain = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private pollBusy: Promise<void> | undefined;
  /** One reader operation at a time (power, APDU, poll): a CCID slot takes one command at a time. */
  private readonly operations = new OperationQueue();
  private readonly slot: number;

  private readonly onUsbDisconnect = (event: Event): void => {
    const d = deviceOfEvent(event);
    if (d && d === this.device) this.readerGone(new TransportError('reader-unplugged', 'The reader was unplugged'));
  };

  private readonly onUsbConnect = (event: Event): void => {
    const d = deviceOfEvent(event);
    if (!d || !isCcidDevice(d) || this.state !== 'unplugged' || this.options.autoReconnect === false) return;
    this.device = d;
    this.state = 'closed';
    void this.openReader().catch(() => undefined);
  };

  constructor(
    private readonly usb: UsbLike,
    private readonly options: WebUsbCcidOptions = {},
  ) {
    this.device = options.device;
    this.slot = options.slot ?? 0;
    if (!Number.isInteger(this.slot) || this.slot < 0 || this.slot > 0xff) throw new TransportError('protocol', `CCID slot ${this.slot} out of range`);
    usb.addEventListener('disconnect', this.onUsbDisconnect);
    usb.addEventListener('connect', this.onUsbConnect);
  }

  /**
   * Short level: short APDUs only (≤ 261 in, 258 out). Extended level: the reader chains, so the
   * bounds are those of ISO 7816-4 extended case 4. Before the reader is open, what was declared.
   */
  get capabilities(): TransportCapabilities {
    const level = this.profile?.exchangeLevel ?? this.options.exchangeLevel;
    return capabilitiesFor(level, this.profile?.maxMessageLength ?? this.options.maxMessageLength);
  }

  get readerState(): ReaderState {
    return this.state;
  }

  /** Exchange level and message size in use, and where they came from. */
  get readerProfile(): CcidReaderProfile | undefined {
    return this.profile;
  }

  /** The ATR of the powered card (a copy). */
  get atr(): Uint8Array | undefined {
    return this.atrValue?.slice();
  }

  /** True while NotifySlotChange messages are being listened for. */
  get watchingInterrupt(): boolean {
    return this.watcher?.active ?? false;
  }

  /** Open the reader (the given device, else the first remembered CCID reader) and claim it. */
  async openReader(device?: UsbDeviceLike): Promise<CcidReaderProfile> {
    if (device && device !== this.device) {
      if (this.state === 'ready' || this.state === 'opening') throw new TransportError('protocol', 'Close the current reader first');
      this.device = device;
    } else if (!device && this.state === 'unplugged') {
      // The old device object is dead; look among the remembered readers again.
      this.device = undefined;
    }
    if (this.state === 'ready' && this.profile) return this.profile;
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

  onReaderEvent(listener: (event: CcidReaderEvent) => void): () => void {
    return this.readerListeners.add(listener);
  }

  async connect(): Promise<void> {
    await this.openReader();
    await this.operations.run(async () => {
      const channel = this.requireChannel();
      this.sessionEnd = undefined;
      this.cardActive = false;
      this.atrValue = undefined;
      if (this.needsDrain) await this.drain();
      const r = await this.powerOn(channel);
      const failure = slotFailure(r, false);
      if (failure) {
        if (failure.code === 'no-card') this.setPresent(false);
        throw failure;
      }
      if (r.data.length < 2 || r.data.length > MAX_ATR_LENGTH) throw new TransportError('protocol', `ATR of ${r.data.length} bytes`);
      this.atrValue = r.data;
      this.setPresent(true);
      this.cardActive = true;
    }).catch((e: unknown) => {
      throw this.readerFailure(e);
    });
    // A (re)activated card has no selected DF and no security status.
    this.emit({ type: 'card-activated' });
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const caps = this.capabilities;
    if (command.length < 4 || command.length > caps.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes is outside the path limits (4..${caps.maxCommandLength})`);
    }
    return this.operations.run(async () => {
      const channel = this.channel;
      if (!this.cardActive || !channel || !this.profile) {
        if (this.state === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
        if (this.sessionEnd) throw repeatError(this.sessionEnd);
        throw new TransportError('not-connected', 'transmit() before connect()');
      }
      try {
        return this.profile.exchangeLevel === 'extended-apdu'
          ? await exchangeExtendedApdu(channel, command, caps.maxResponseLength)
          : await exchangeShortApdu(channel, command);
      } catch (e) {
        throw this.sessionFailed(e);
      }
    });
  }

  async disconnect(): Promise<void> {
    await this.operations.run(async () => {
      const wasActive = this.cardActive;
      this.cardActive = false;
      this.atrValue = undefined;
      if (!wasActive || !this.channel || this.state !== 'ready') return;
      try {
        await this.channel.command(PC_TO_RDR.IccPowerOff, [0, 0, 0]);
      } catch (e) {
        this.readerFailure(e);
      }
    });
  }

  /** Stop presence monitoring, power the card off, release and close the reader. */
  async close(): Promise<void> {
    this.stopPolling();
    this.watcher?.stop();
    await this.disconnect();
    await this.operations.run(async () => {
      this.watcher = undefined;
      await this.link?.close();
      this.link = undefined;
      this.channel = undefined;
      if (this.state !== 'unplugged') this.state = 'closed';
    });
    this.usb.removeEventListener('disconnect', this.onUsbDisconnect);
    this.usb.removeEventListener('connect', this.onUsbConnect);
  }

  /**
   * Watch for card arrival and removal until stopPolling(). While the interrupt watcher runs it
   * reports changes itself and no GetSlotStatus is sent; without one (or after it failed), one
   * GetSlotStatus every `intervalMs`.
   */
  startPolling(intervalMs = this.options.pollIntervalMs ?? 500): void {
    if (this.polling) return;
    this.polling = true;
    const tick = async () => {
      if (!this.polling) return;
      if (!this.watchingInterrupt) await this.pollOnce().catch(() => undefined);
      if (this.polling) this.pollTimer = setTimeout(() => void tick(), intervalMs);
    };
    this.pollTimer = setTimeout(() => void tick(), 0);
  }

  stopPolling(): void {
    this.polling = false;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** One GetSlotStatus; emits 'card-present' / 'card-removed' on a change. Rejects only with TransportError. */
  async pollOnce(): Promise<void> {
    if (this.pollBusy) return this.pollBusy;
    this.pollBusy = this.operations.run(async () => {
      if (this.state !== 'ready' || !this.channel) return;
      let r: CcidResponse;
      try {
        if (this.needsDrain) await this.drain();
        r = await this.channel.command(PC_TO_RDR.GetSlotStatus, [0, 0, 0]);
      } catch (e) {
        throw this.readerFailure(e);
      }
      if (r.commandStatus === 'failed' && r.iccStatus !== 'absent') throw slotFailure(r, false)!;
      this.slotStatus(r.iccStatus);
    }).finally(() => {
      this.pollBusy = undefined;
    });
    return this.pollBusy;
  }

  /** PC_to_RDR_GetParameters, for diagnostics: bProtocolNum (0 = T=0, 1 = T=1) and the protocol data. */
  async readParameters(): Promise<{ readonly protocol: number; readonly data: Uint8Array }> {
    return this.operations.run(async () => {
      const channel = this.requireChannel();
      const r = await channel.command(PC_TO_RDR.GetParameters, [0, 0, 0]);
      const failure = slotFailure(r, false);
      if (failure) throw failure;
      return { protocol: r.specific, data: r.data };
    }).catch((e: unknown) => {
      throw this.readerFailure(e);
    });
  }

  // ------------------------------------------------------------------ internals

  private async doOpen(): Promise<CcidReaderProfile> {
    this.state = 'opening';
    let device: UsbDeviceLike | undefined;
    let claimed: CcidEndpoints | undefined;
    try {
      device = this.device;
      if (!device) {
        device = (await rememberedCcidDevices(this.usb))[0];
        if (!device) throw new CcidAccessError('reader-unplugged', 'no-reader', 'No CCID reader that this page may use is plugged in');
        this.device = device;
      }
      claimed = await openCcidDevice(device, this.options.interfaceNumber);
      const read = this.options.readDescriptor === false ? { descriptor: undefined, problem: 'not read (readDescriptor: false)' } : await readCcidDescriptor(device, claimed.interfaceNumber);
      const profile = resolveReaderProfile({ exchangeLevel: this.options.exchangeLevel, maxMessageLength: this.options.maxMessageLength }, read.descriptor, device);
      if (profile.exchangeLevel !== 'short-apdu' && profile.exchangeLevel !== 'extended-apdu') {
        throw new CcidAccessError('unsupported', 'unsupported-exchange-level', `The reader works at ${profile.exchangeLevel} level; this path needs short or extended APDU level`);
      }
      if (this.slot > profile.maxSlotIndex) throw new TransportError('protocol', `The reader has no slot ${this.slot} (bMaxSlotIndex ${profile.maxSlotIndex})`);
      const link = new CcidUsbLink(device, claimed, profile.maxMessageLength);
      const channel = new CcidCommandChannel(link, this.slot, this.options);
      this.link = link;
      this.channel = channel;
      this.profile = profile;
      // Answers to commands an earlier page or session left behind must not be taken for ours.
      await link.drain(this.options.drainMs ?? 20);
      this.needsDrain = false;
      const status = await channel.command(PC_TO_RDR.GetSlotStatus, [0, 0, 0]);
      this.cardActive = false;
      this.state = 'ready';
      this.slotStatus(status.iccStatus);
      if (claimed.interrupt && this.options.presence !== 'poll') {
        const watcher = new CcidInterruptWatcher(device, claimed.interrupt, this.slot, {
          onSlotChange: (c) => this.onSlotChange(c),
          onHardwareError: (code) => this.emitReader({ type: 'hardware-error', code }),
          onStopped: (error) => {
            if (error.code === 'reader-unplugged') this.readerGone(error);
          },
        });
        this.watcher = watcher;
        watcher.start();
      }
      this.emitReader({ type: 'reader-ready', profile, ...(read.problem ? { descriptorProblem: read.problem } : {}) });
      return profile;
    } catch (e) {
      const error = e instanceof TransportError ? e : new TransportError('protocol', 'Could not open the reader', { cause: e });
      this.link = undefined;
      this.channel = undefined;
      this.profile = undefined;
      if (error.code === 'reader-unplugged') {
        this.state = 'unplugged';
      } else {
        this.state = 'closed';
        // Leave the reader unclaimed so another attempt (or another program) can have it.
        if (device && claimed) {
          await device.releaseInterface(claimed.interfaceNumber).catch(() => undefined);
          await device.close().catch(() => undefined);
        }
      }
      throw error;
    }
  }

  private async powerOn(channel: CcidCommandChannel): Promise<CcidResponse> {
    const retries = this.options.busyRetries ?? 3;
    // Bounded: one attempt plus `retries` while the reader says it is busy.
    for (let attempt = 0; ; attempt++) {
      const r = await channel.command(PC_TO_RDR.IccPowerOn, [this.options.powerSelect ?? 0, 0, 0]);
      const failure = slotFailure(r, false);
      if (!(failure instanceof CcidSlotError) || failure.reason !== 'reader-busy' || attempt >= retries) return r;
      await new Promise((resolve) => setTimeout(resolve, this.options.busyRetryMs ?? 50));
    }
  }

  private async drain(): Promise<void> {
    await this.link?.drain(this.options.drainMs ?? 20);
    this.needsDrain = false;
  }

  private requireChannel(): CcidCommandChannel {
    if (this.state === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
    if (!this.channel || this.state !== 'ready') throw new TransportError('not-connected', 'The reader is not open');
    return this.channel;
  }

  /** Any failure as a TransportError; an unplugged reader is noted, stray answers are scheduled to be drained. */
  private readerFailure(e: unknown): TransportError {
    const error = e instanceof TransportError ? e : new TransportError('protocol', 'The reader failed', { cause: e });
    if (error.code === 'reader-unplugged') this.readerGone(error);
    else if (error.code === 'timeout' || (error.code === 'protocol' && !(error instanceof CcidSlotError))) this.needsDrain = true;
    return error;
  }

  /** A card session failed: whatever the cause, the card's state is unknown now. */
  private sessionFailed(e: unknown): TransportError {
    const error = this.readerFailure(e);
    this.endSession(error);
    return error;
  }

  private endSession(error: TransportError): void {
    this.cardActive = false;
    this.atrValue = undefined;
    this.sessionEnd = error;
    if (error.code === 'card-removed') this.setPresent(false);
  }

  /** The slot's ICC status from GetSlotStatus. */
  private slotStatus(status: IccStatus): void {
    if (status === 'absent') {
      if (this.cardActive) this.endSession(new CcidSlotError('card-removed', 'no-card', 0, 'The card left the reader'));
      this.setPresent(false);
      return;
    }
    if (status === 'inactive' && this.cardActive) {
      // Powered off behind our back (removed and put back between two polls): the session is gone.
      this.endSession(new CcidSlotError('card-removed', 'card-deactivated', 0, 'The card was deactivated'));
    }
    this.setPresent(true);
  }

  /**
   * NotifySlotChange. Only "absent" ends a session: a "present, changed" may be the late notice of
   * the very arrival that connect() has already served, so it must not end the new session (a
   * swapped card is caught anyway, its next XfrBlock fails).
   */
  private onSlotChange(change: SlotChange): void {
    if (this.state !== 'ready') return;
    if (!change.present) {
      if (this.cardActive) this.endSession(new CcidSlotError('card-removed', 'no-card', 0, 'The card left the reader'));
      this.setPresent(false);
    } else {
      this.setPresent(true);
    }
  }

  private readerGone(error: TransportError): void {
    if (this.state === 'unplugged') return;
    this.state = 'unplugged';
    this.watcher?.stop();
    this.watcher = undefined;
    this.link?.fail(error);
    this.link = undefined;
    this.channel = undefined;
    this.cardActive = false;
    this.atrValue = undefined;
    this.present = false;
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

  private emitReader(event: CcidReaderEvent): void {
    this.readerListeners.emit(event);
  }
}
