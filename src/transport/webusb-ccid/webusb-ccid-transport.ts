/**
 * CardTransport over a USB CCID reader (Smart Card class 0x0B) through WebUSB, at short or
 * extended APDU exchange level: the reader runs ISO-DEP / T=1 to the card, the host sends whole
 * APDUs in PC_to_RDR_XfrBlock messages (CCID rev 1.1; reference browser-readers.md §3).
 *
 *   openReader(): [open + claim (SecurityError outside an IWA/Electron: 'protected-class-blocked')]
 *                 → class descriptor via GET_DESCRIPTOR (else declared / known / short level)
 *                 → GetSlotStatus (is a card there?) → interrupt-IN watcher if the reader has one
 *   connect():    IccPowerOn → ATR                         ('card-present', 'card-activated')
 *                 bPowerSelect from dwFeatures: automatic only when advertised, else 5 V, 3 V,
 *                 1.8 V in turn (ccid-power-select.ts)
 *   transmit():   XfrBlock (chained at extended level)
 *   disconnect(): IccPowerOff
 *
 * Presence: NotifySlotChange on the interrupt endpoint when the reader has one; otherwise
 * `startPolling()` sends GetSlotStatus on an interval. A card that leaves mid-command fails that
 * command with 'card-removed'. A USB 'disconnect' (or a transfer failing with NetworkError) gives
 * 'reader-removed' and TransportError('reader-unplugged'); a later 'connect' of a CCID reader
 * re-opens it (the reader's life: ../webusb/usb-reader-lifecycle.ts, shared with the other USB
 * paths).
 *
 * Only usable where the browser lets the page claim a Smart Card class interface: an Isolated Web
 * App with "usb-unrestricted", or Electron with its protected-class handler (see
 * ccid-availability.ts). Everywhere else the local PC/SC bridge is the way (reference §6).
 */
import { TransportError, type CardTransport, type TransportCapabilities } from '../card-transport';
import { UsbReaderTransport, type UsbReaderLost, type UsbReaderTransportOptions } from '../webusb/usb-reader-transport';
import type { UsbDeviceLike, UsbLike } from '../webusb/webusb-types';
import { CcidAccessError } from './ccid-access-error';
import { exchangeExtendedApdu, exchangeShortApdu, SHORT_APDU_MAX_COMMAND, SHORT_APDU_MAX_RESPONSE } from './ccid-apdu-exchange';
import type { CcidExchangeLevel } from './ccid-class-descriptor';
import { CcidCommandChannel, type CcidTiming } from './ccid-command-channel';
import { isCcidDevice, openCcidDevice, readCcidDescriptor, rememberedCcidDevices, type CcidEndpoints } from './ccid-device-access';
import { CcidInterruptWatcher } from './ccid-interrupt-watcher';
import { CCID_HEADER_LENGTH, PC_TO_RDR, type CcidResponse, type IccStatus, type PowerSelect, type SlotChange } from './ccid-message';
import { powerSelectOrder } from './ccid-power-select';
import { resolveReaderProfile, type CcidReaderProfile } from './ccid-reader-profile';
import { CcidSlotError, slotFailure } from './ccid-slot-error';
import { CcidUsbLink } from './ccid-usb-link';

export interface WebUsbCcidOptions extends CcidTiming, UsbReaderTransportOptions {
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
  /**
   * bPowerSelect for IccPowerOn. Default: from the reader's dwFeatures / bVoltageSupport
   * (ccid-power-select.ts). A value given here is the only one tried.
   */
  readonly powerSelect?: PowerSelect;
  /** 'auto': interrupt endpoint when present, else polling (default); 'poll': always GetSlotStatus polling. */
  readonly presence?: 'auto' | 'poll';
  /** Quiet time used to swallow stale answers when opening and after a failed command (default 20 ms). */
  readonly drainMs?: number;
  /** IccPowerOn retries while the slot is busy (default 3), and the pause between them (default 50 ms). */
  readonly busyRetries?: number;
  readonly busyRetryMs?: number;
}

export type CcidReaderEvent =
  | { readonly type: 'reader-ready'; readonly profile: CcidReaderProfile; readonly descriptorProblem?: string }
  | UsbReaderLost
  /** RDR_to_PC_HardwareError on the interrupt endpoint (0x01: overcurrent). */
  | { readonly type: 'hardware-error'; readonly code: number };

/** What opening a CCID reader yields. */
interface OpenedCcid {
  readonly device: UsbDeviceLike;
  readonly endpoints: CcidEndpoints;
  readonly link: CcidUsbLink;
  readonly channel: CcidCommandChannel;
  readonly profile: CcidReaderProfile;
  readonly descriptorProblem?: string;
  readonly iccStatus: IccStatus;
}

/** ISO/IEC 7816-3 §8.2: an ATR has at most 33 bytes (TS + 32). */
const MAX_ATR_LENGTH = 33;
const EXTENDED_CAPABILITIES: TransportCapabilities = { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 };

/** Power-on failures after which another voltage may work: the card is there but did not come up. */
const TRY_NEXT_VOLTAGE: ReadonlySet<string> = new Set(['card-mute', 'bad-atr', 'card-unsupported', 'bad-parameter']);

function capabilitiesFor(level: CcidExchangeLevel | undefined, maxMessageLength: number | undefined): TransportCapabilities {
  if (level === 'extended-apdu') return EXTENDED_CAPABILITIES;
  const data = (maxMessageLength ?? CCID_HEADER_LENGTH + SHORT_APDU_MAX_COMMAND) - CCID_HEADER_LENGTH;
  return { extendedLength: false, maxCommandLength: Math.min(SHORT_APDU_MAX_COMMAND, data), maxResponseLength: SHORT_APDU_MAX_RESPONSE };
}

export class WebUsbCcidTransport extends UsbReaderTransport<OpenedCcid, CcidReaderEvent> implements CardTransport {
  readonly kind = 'webusb-ccid' as const;

  private opened: OpenedCcid | undefined;
  private watcher: CcidInterruptWatcher | undefined;
  /** A card was powered by connect() and has not failed or left since. */
  private cardActive = false;
  /** Why the last card session ended, so later transmits fail the same way. */
  private sessionEnd: TransportError | undefined;
  private atrValue: Uint8Array | undefined;
  /** The bPowerSelect the card came up with. */
  private powerSelectValue: PowerSelect | undefined;
  /** Answers may still be on their way (after a timeout or a garbled message): swallow them first. */
  private needsDrain = false;
  private readonly slot: number;

  constructor(
    usb: UsbLike,
    private readonly options: WebUsbCcidOptions = {},
  ) {
    super(
      usb,
      {
        isReader: isCcidDevice,
        remembered: rememberedCcidDevices,
        noReader: () => new CcidAccessError('reader-unplugged', 'no-reader', 'No CCID reader that this page may use is plugged in'),
      },
      options,
    );
    this.slot = options.slot ?? 0;
    if (!Number.isInteger(this.slot) || this.slot < 0 || this.slot > 0xff) throw new TransportError('protocol', `CCID slot ${this.slot} out of range`);
  }

  /**
   * Short level: short APDUs only (≤ 261 in, 258 out). Extended level: the reader chains, so the
   * bounds are those of ISO 7816-4 extended case 4. Before the reader is open, what was declared.
   */
  get capabilities(): TransportCapabilities {
    const profile = this.opened?.profile;
    return capabilitiesFor(profile?.exchangeLevel ?? this.options.exchangeLevel, profile?.maxMessageLength ?? this.options.maxMessageLength);
  }

  /** Exchange level and message size in use, and where they came from. */
  get readerProfile(): CcidReaderProfile | undefined {
    return this.opened?.profile;
  }

  /** The ATR of the powered card (a copy). */
  get atr(): Uint8Array | undefined {
    return this.atrValue?.slice();
  }

  /** The bPowerSelect the card came up with (0 automatic, 1 5 V, 2 3 V, 3 1.8 V). */
  get powerSelect(): PowerSelect | undefined {
    return this.powerSelectValue;
  }

  /** True while NotifySlotChange messages are being listened for. */
  get watchingInterrupt(): boolean {
    return this.watcher?.active ?? false;
  }

  /** Open the reader (the given device, else the first remembered CCID reader) and claim it. */
  async openReader(device?: UsbDeviceLike): Promise<CcidReaderProfile> {
    return (await this.lifecycle.openReader(device)).profile;
  }

  async connect(): Promise<void> {
    await this.activateCard(async () => {
      const channel = this.requireChannel();
      this.sessionEnd = undefined;
      this.cardActive = false;
      this.atrValue = undefined;
      this.powerSelectValue = undefined;
      if (this.needsDrain) await this.drain();
      const { response: r, powerSelect } = await this.powerOn(channel);
      const failure = slotFailure(r, false);
      if (failure) {
        if (failure.code === 'no-card') this.presence.set(false);
        throw failure;
      }
      if (r.data.length < 2 || r.data.length > MAX_ATR_LENGTH) throw new TransportError('protocol', `ATR of ${r.data.length} bytes`);
      this.atrValue = r.data;
      this.powerSelectValue = powerSelect;
      this.presence.set(true);
      this.cardActive = true;
    });
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const caps = this.capabilities;
    if (command.length < 4 || command.length > caps.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes is outside the path limits (4..${caps.maxCommandLength})`);
    }
    return this.operations.run(async () => {
      const opened = this.opened;
      if (!this.cardActive || !opened) {
        if (this.lifecycle.state === 'unplugged') throw new TransportError('reader-unplugged', 'The reader was unplugged');
        if (this.sessionEnd) throw this.sessionEnd.repeat();
        throw new TransportError('not-connected', 'transmit() before connect()');
      }
      try {
        return opened.profile.exchangeLevel === 'extended-apdu'
          ? await exchangeExtendedApdu(opened.channel, command, caps.maxResponseLength)
          : await exchangeShortApdu(opened.channel, command);
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
      if (!wasActive || !this.opened || this.lifecycle.state !== 'ready') return;
      try {
        await this.opened.channel.command(PC_TO_RDR.IccPowerOff, [0, 0, 0]);
      } catch (e) {
        this.readerFailure(e);
      }
    });
  }

  /** Stop presence monitoring, power the card off, release and close the reader. */
  async close(): Promise<void> {
    this.poller.stop();
    this.watcher?.stop();
    await this.disconnect();
    await this.operations.run(async () => {
      this.watcher = undefined;
      await this.opened?.link.close();
      this.opened = undefined;
      this.lifecycle.closed();
    });
  }

  /** PC_to_RDR_GetParameters, for diagnostics: bProtocolNum (0 = T=0, 1 = T=1) and the protocol data. */
  async readParameters(): Promise<{ readonly protocol: number; readonly data: Uint8Array }> {
    return this.operations
      .run(async () => {
        const r = await this.requireChannel().command(PC_TO_RDR.GetParameters, [0, 0, 0]);
        const failure = slotFailure(r, false);
        if (failure) throw failure;
        return { protocol: r.specific, data: r.data };
      })
      .catch((e: unknown) => {
        throw this.readerFailure(e);
      });
  }

  // ------------------------------------------------------------------ internals

  /** Claim, find the exchange level, drain stale answers, ask the slot's status. */
  protected async openDevice(device: UsbDeviceLike): Promise<OpenedCcid> {
    const endpoints = await openCcidDevice(device, this.options.interfaceNumber);
    try {
      const read = this.options.readDescriptor === false ? { descriptor: undefined, problem: 'not read (readDescriptor: false)' } : await readCcidDescriptor(device, endpoints.interfaceNumber);
      const profile = resolveReaderProfile({ exchangeLevel: this.options.exchangeLevel, maxMessageLength: this.options.maxMessageLength }, read.descriptor, device);
      if (profile.exchangeLevel !== 'short-apdu' && profile.exchangeLevel !== 'extended-apdu') {
        throw new CcidAccessError('unsupported', 'unsupported-exchange-level', `The reader works at ${profile.exchangeLevel} level; this path needs short or extended APDU level`);
      }
      if (this.slot > profile.maxSlotIndex) throw new TransportError('protocol', `The reader has no slot ${this.slot} (bMaxSlotIndex ${profile.maxSlotIndex})`);
      const link = new CcidUsbLink(device, endpoints, profile.maxMessageLength);
      const channel = new CcidCommandChannel(link, this.slot, this.options);
      // Answers to commands an earlier page or session left behind must not be taken for ours.
      await link.drain(this.options.drainMs ?? 20);
      this.needsDrain = false;
      const status = await channel.command(PC_TO_RDR.GetSlotStatus, [0, 0, 0]);
      return { device, endpoints, link, channel, profile, iccStatus: status.iccStatus, ...(read.problem ? { descriptorProblem: read.problem } : {}) };
    } catch (e) {
      // Leave the reader unclaimed so another attempt (or another program) can have it.
      if (!(e instanceof TransportError && e.code === 'reader-unplugged')) {
        await device.releaseInterface(endpoints.interfaceNumber).catch(() => undefined);
        await device.close().catch(() => undefined);
      }
      throw e;
    }
  }

  protected readerDropped(error: TransportError): void {
    this.watcher?.stop();
    this.watcher = undefined;
    this.opened?.link.fail(error);
    this.opened = undefined;
    this.cardActive = false;
    this.atrValue = undefined;
    this.sessionEnd = error;
  }

  /** While the interrupt watcher runs it reports changes itself: no GetSlotStatus is sent. */
  protected override reportsPresenceItself(): boolean {
    return this.watchingInterrupt;
  }

  protected readerReady(opened: OpenedCcid): void {
    this.opened = opened;
    this.cardActive = false;
    this.slotStatus(opened.iccStatus);
    const interrupt = opened.endpoints.interrupt;
    if (interrupt && this.options.presence !== 'poll') {
      const watcher = new CcidInterruptWatcher(opened.device, interrupt, this.slot, {
        onSlotChange: (c) => this.onSlotChange(c),
        onHardwareError: (code) => this.readerEvents.emit({ type: 'hardware-error', code }),
        onStopped: (error) => {
          if (error.code === 'reader-unplugged') this.lifecycle.gone(error);
        },
      });
      this.watcher = watcher;
      watcher.start();
    }
    this.readerEvents.emit({ type: 'reader-ready', profile: opened.profile, ...(opened.descriptorProblem ? { descriptorProblem: opened.descriptorProblem } : {}) });
  }

  /** One GetSlotStatus. */
  protected async checkPresence(): Promise<void> {
    const opened = this.opened;
    if (this.lifecycle.state !== 'ready' || !opened) return;
    let r: CcidResponse;
    try {
      if (this.needsDrain) await this.drain();
      r = await opened.channel.command(PC_TO_RDR.GetSlotStatus, [0, 0, 0]);
    } catch (e) {
      throw this.readerFailure(e);
    }
    if (r.commandStatus === 'failed' && r.iccStatus !== 'absent') throw slotFailure(r, false)!;
    this.slotStatus(r.iccStatus);
  }

  /**
   * IccPowerOn with each bPowerSelect in turn (ccid-power-select.ts) while the card is present
   * but does not come up; at each, bounded retries while the reader says it is busy.
   */
  private async powerOn(channel: CcidCommandChannel): Promise<{ readonly response: CcidResponse; readonly powerSelect: PowerSelect }> {
    const profile = this.opened?.profile ?? {};
    const order = this.options.powerSelect !== undefined ? [this.options.powerSelect] : powerSelectOrder(profile);
    let last: { response: CcidResponse; powerSelect: PowerSelect } | undefined;
    for (const powerSelect of order) {
      const response = await this.powerOnAt(channel, powerSelect);
      last = { response, powerSelect };
      const failure = slotFailure(response, false);
      if (!failure || response.iccStatus === 'absent' || !TRY_NEXT_VOLTAGE.has(failure.reason)) return last;
    }
    return last!;
  }

  private async powerOnAt(channel: CcidCommandChannel, powerSelect: PowerSelect): Promise<CcidResponse> {
    const retries = this.options.busyRetries ?? 3;
    // Bounded: one attempt plus `retries` while the reader says it is busy.
    for (let attempt = 0; ; attempt++) {
      const r = await channel.command(PC_TO_RDR.IccPowerOn, [powerSelect, 0, 0]);
      const failure = slotFailure(r, false);
      if (!(failure instanceof CcidSlotError) || failure.reason !== 'reader-busy' || attempt >= retries) return r;
      await new Promise((resolve) => setTimeout(resolve, this.options.busyRetryMs ?? 50));
    }
  }

  private async drain(): Promise<void> {
    await this.opened?.link.drain(this.options.drainMs ?? 20);
    this.needsDrain = false;
  }

  private requireChannel(): CcidCommandChannel {
    this.lifecycle.requireReady();
    if (!this.opened) throw new TransportError('not-connected', 'The reader is not open');
    return this.opened.channel;
  }

  /** Any failure as a TransportError; an unplugged reader is noted, stray answers are scheduled to be drained. */
  protected override readerFailure(e: unknown): TransportError {
    const error = super.readerFailure(e);
    if (error.code === 'timeout' || (error.code === 'protocol' && !(error instanceof CcidSlotError))) this.needsDrain = true;
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
    if (error.code === 'card-removed') this.presence.set(false);
  }

  /** The slot's ICC status from GetSlotStatus. */
  private slotStatus(status: IccStatus): void {
    if (status === 'absent') {
      if (this.cardActive) this.endSession(new CcidSlotError('card-removed', 'no-card', 0, 'The card left the reader'));
      this.presence.set(false);
      return;
    }
    if (status === 'inactive' && this.cardActive) {
      // Powered off behind our back (removed and put back between two polls): the session is gone.
      this.endSession(new CcidSlotError('card-removed', 'card-deactivated', 0, 'The card was deactivated'));
    }
    this.presence.set(true);
  }

  /**
   * NotifySlotChange. Only "absent" ends a session: a "present, changed" may be the late notice of
   * the very arrival that connect() has already served, so it must not end the new session (a
   * swapped card is caught anyway, its next XfrBlock fails).
   */
  private onSlotChange(change: SlotChange): void {
    if (this.lifecycle.state !== 'ready') return;
    if (!change.present) {
      if (this.cardActive) this.endSession(new CcidSlotError('card-removed', 'no-card', 0, 'The card left the reader'));
      this.presence.set(false);
    } else {
      this.presence.set(true);
    }
  }
}
