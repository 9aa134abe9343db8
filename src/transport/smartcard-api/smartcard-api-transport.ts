/**
 * CardTransport over the Web Smart Card API (`navigator.smartCard`, WICG/web-smart-card;
 * reference browser-readers.md §4): PC/SC in the browser, for Isolated Web Apps only.
 *
 *   connect():    establishContext → listReaders → connect(reader, exclusive, [t1, t0])
 *                 → disconnect('reset') → connect again → status() for the ATR
 *   transmit():   connection.transmit(APDU) — the reader driver does T=1 / ISO-DEP framing
 *   disconnect(): connection.disconnect('reset')
 *
 * Why these choices:
 * - Exclusive access by default. A My Number session spans many APDUs and holds state on the
 *   card (selected DF, PIN status); in "shared" mode another program could interleave commands
 *   unless each run is wrapped in startTransaction (WICG README "Transmissions in a
 *   transaction"), which the per-APDU CardTransport contract cannot express. "shared" remains an
 *   option for stacks where something else keeps a handle open.
 * - "reset" on disconnect by default: the card's security status after VERIFY must not outlive
 *   our session for the next program (or person) using the reader. "leave" is an option for
 *   diagnostics. (§SmartCardDisposition; "unpower"/"eject" are not needed to end a session.)
 * - Presence comes from a getStatusChange loop on a second context (smartcard-presence-monitor.ts)
 *   and only drives events. Whether a session is still valid is decided by PC/SC itself: a
 *   connection handle whose card left answers removed-card even after a new card arrives, so a
 *   swapped card can never continue a session.
 * - Every call is bounded; every answer is checked (smartcard-answers.ts); every failure is a
 *   SmartCardApiError with a reason the UI explains. Any transmit failure ends the session:
 *   whether the card executed the command is then unknown.
 */
import { TransportError, type CardTransport, type TransmitOptions, type TransportCapabilities } from '../card-transport';
import { ReaderTransport } from '../lifecycle/reader-transport';
import { OperationQueue } from '../operation-queue';
import { boundedOption, withDeadline } from './bounded-wait';
import { bytesOfBuffer, connectionStatusOf, connectResultOf } from './smartcard-answers';
import { SmartCardApiError, toSmartCardApiError, type SmartCardOperation } from './smartcard-api-error';
import type { SmartCardConnectionLike, SmartCardContextLike, SmartCardResourceManagerLike } from './smartcard-api-types';
import { smartCardAvailability } from './smartcard-availability';
import { SmartCardPresenceMonitor, type PresenceMonitorTiming, type PresenceObservation } from './smartcard-presence-monitor';
import { chooseReader, DEFAULT_CALL_TIMEOUT_MS, establishSmartCardContext, listReaderNames } from './smartcard-readers';

export interface SmartCardApiTransportOptions extends PresenceMonitorTiming {
  /** Use this reader; otherwise the first attached reader that is not a SAM slot. */
  readonly readerName?: string;
  /** Default 'exclusive' (see the header comment). */
  readonly accessMode?: 'exclusive' | 'shared';
  /** Default ['t1', 't0']: contactless readers present ISO-DEP cards as T=1 (PC/SC part 3). */
  readonly preferredProtocols?: readonly ('t0' | 't1')[];
  /** Default 'reset' (see the header comment). */
  readonly disposition?: 'reset' | 'leave';
  /**
   * Reset the card right after connecting (disconnect 'reset' + connect again), so a session
   * never inherits another program's selection or PIN status. Default true.
   */
  readonly resetOnConnect?: boolean;
  /**
   * Whether the reader passes extended-length APDUs. PC/SC does not tell: it depends on the
   * reader's CCID exchange level (UNCONFIRMED per model, e.g. RC-S300, ACR1252U). Default false:
   * short APDUs work on every reader, only slower for large files.
   */
  readonly extendedLength?: boolean;
  /** Bound of connect(), which may show a permission prompt (default 120 000 ms). */
  readonly connectTimeoutMs?: number;
  /** Bound of one transmit (default 30 000 ms; an RSA signature takes a few seconds at most). */
  readonly transmitTimeoutMs?: number;
}

export type SmartCardReaderEvent =
  | { readonly type: 'reader-ready'; readonly readerName: string }
  | { readonly type: 'reader-lost'; readonly readerName: string; readonly error: SmartCardApiError }
  /** The presence loop gave up after repeated failures; startMonitoring() restarts it. */
  | { readonly type: 'monitor-failed'; readonly error: SmartCardApiError };

type MonitorOwner = 'session' | 'ui';

export class SmartCardApiTransport extends ReaderTransport<SmartCardReaderEvent> implements CardTransport {
  readonly kind = 'smartcard-api' as const;
  readonly capabilities: TransportCapabilities;

  private readonly accessMode: 'exclusive' | 'shared';
  private readonly protocols: readonly ('t0' | 't1')[];
  private readonly disposition: 'reset' | 'leave';
  private readonly resetOnConnect: boolean;
  private readonly callTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly transmitTimeoutMs: number;
  private readonly monitor: SmartCardPresenceMonitor;
  private readonly monitorOwners = new Set<MonitorOwner>();

  private context: SmartCardContextLike | undefined;
  private reader: string | undefined;
  private connection: SmartCardConnectionLike | undefined;
  /** Why the current session ended; later transmits fail the same way until connect(). */
  private sessionEnd: SmartCardApiError | undefined;
  private protocol: 't0' | 't1' | undefined;
  private atrBytes: Uint8Array | undefined;
  private lastEventCount: number | undefined;
  /** One PC/SC operation at a time on the session context (§[[operationInProgress]]). */
  private readonly operations = new OperationQueue();

  constructor(
    private readonly smartCard: SmartCardResourceManagerLike,
    private readonly options: SmartCardApiTransportOptions = {},
  ) {
    super();
    this.accessMode = options.accessMode ?? 'exclusive';
    const protocols = options.preferredProtocols ?? ['t1', 't0'];
    if (protocols.length === 0 || protocols.some((p) => p !== 't0' && p !== 't1')) throw new TransportError('protocol', 'preferredProtocols must name t0 and/or t1');
    this.protocols = [...protocols];
    this.disposition = options.disposition ?? 'reset';
    this.resetOnConnect = options.resetOnConnect ?? true;
    this.callTimeoutMs = boundedOption(options.callTimeoutMs, DEFAULT_CALL_TIMEOUT_MS, 1, 600_000, 'callTimeoutMs');
    this.connectTimeoutMs = boundedOption(options.connectTimeoutMs, 120_000, 1, 600_000, 'connectTimeoutMs');
    this.transmitTimeoutMs = boundedOption(options.transmitTimeoutMs, 30_000, 1, 600_000, 'transmitTimeoutMs');
    this.capabilities = options.extendedLength
      ? { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 }
      : { extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 };
    this.monitor = new SmartCardPresenceMonitor(
      smartCard,
      {
        pickReader: (names) => chooseReader(names, options.readerName),
        observe: (o) => this.observe(o),
        failed: (error) => {
          this.monitorOwners.clear();
          this.readerEvents.emit({ type: 'monitor-failed', error });
        },
      },
      options,
    );
  }

  /** A transport on this page's navigator.smartCard, or a SmartCardApiError saying why not. */
  static fromGlobal(global: unknown, options?: SmartCardApiTransportOptions): SmartCardApiTransport {
    const a = smartCardAvailability(global);
    if (!a.usable) throw new SmartCardApiError(a.reason, 'The Web Smart Card API is not available to this page');
    return new SmartCardApiTransport(a.smartCard, options);
  }

  /** The reader in use (after openReader/connect), if any. */
  get readerName(): string | undefined {
    return this.reader;
  }

  /** ATR of the connected card (from status()), a copy. */
  get atr(): Uint8Array | undefined {
    return this.atrBytes?.slice();
  }

  get activeProtocol(): 't0' | 't1' | undefined {
    return this.protocol;
  }

  get monitoring(): boolean {
    return this.monitor.running;
  }

  /** Establish the PC/SC context and pick the reader; resolves with its name. */
  openReader(): Promise<string> {
    return this.operations.run(() => this.ensureReader());
  }

  /** Watch for cards arriving and leaving (e.g. while the UI waits for a card) until stopMonitoring(). */
  startMonitoring(): void {
    this.monitorOwners.add('ui');
    this.monitor.start(this.reader);
  }

  async stopMonitoring(): Promise<void> {
    await this.releaseMonitor('ui');
  }

  async connect(): Promise<void> {
    await this.operations.run(async () => {
      await this.dropConnection(this.disposition);
      this.sessionEnd = undefined;
      const reader = await this.ensureReader();
      const context = this.context!;
      let { connection, activeProtocol } = await this.connectOnce(context, reader);
      if (this.resetOnConnect) {
        // PC/SC hands over the card in whatever state the last program left it (its disposition
        // may have been "leave", with a PIN still verified). Reset it ourselves, so that
        // 'card-activated' is true: nothing selected, no security status.
        try {
          await this.bounded(() => connection.disconnect('reset'), this.callTimeoutMs, 'disconnect()');
        } catch (e) {
          this.connection = undefined;
          throw this.callFailed(e, 'disconnect');
        }
        ({ connection, activeProtocol } = await this.connectOnce(context, reader));
      }
      if (activeProtocol !== 't0' && activeProtocol !== 't1') {
        await this.dropConnection('leave');
        throw new SmartCardApiError('card-unsupported', `The reader connected with protocol ${activeProtocol ?? 'none'}, not T=0 or T=1`);
      }
      let status;
      try {
        status = connectionStatusOf(await this.bounded(() => connection.status(), this.callTimeoutMs, 'status()'));
      } catch (e) {
        const error = this.callFailed(e, 'status');
        await this.dropConnection('leave');
        throw error;
      }
      if (status.state === 'absent') {
        await this.dropConnection('leave');
        this.presence.set(false);
        throw new SmartCardApiError('no-card', 'The card left the reader while connecting');
      }
      this.protocol = activeProtocol;
      this.atrBytes = status.atr;
      this.presence.set(true);
    });
    // A (re)connected card was reset: no DF is selected and no security status holds.
    this.presence.activated();
    this.monitorOwners.add('session');
    this.monitor.start(this.reader);
  }

  async transmit(command: Uint8Array, _options?: TransmitOptions): Promise<Uint8Array> {
    if (command.length > this.capabilities.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the path limit`);
    }
    return this.operations.run(async () => {
      if (this.sessionEnd) throw this.sessionEnd.repeat();
      const connection = this.connection;
      if (!connection) throw new TransportError('not-connected', 'transmit() before connect()');
      // transmit() copies its input at the call (§transmit step 10), so our copy — which may
      // hold a PIN — can be wiped as soon as the call is made.
      const sent = command.slice();
      let answer: unknown;
      try {
        answer = await this.bounded(() => connection.transmit(sent), this.transmitTimeoutMs, 'transmit()');
      } catch (e) {
        throw this.sessionFailed(this.callFailed(e, 'transmit'));
      } finally {
        sent.fill(0);
      }
      let response: Uint8Array;
      try {
        response = bytesOfBuffer(answer, this.capabilities.maxResponseLength, 'response APDU');
      } catch (e) {
        throw this.sessionFailed(toSmartCardApiError(e, 'transmit'));
      }
      if (response.length < 2) throw this.sessionFailed(new SmartCardApiError('malformed-answer', `Response of ${response.length} bytes has no status word`));
      return response;
    });
  }

  async disconnect(): Promise<void> {
    await this.operations.run(async () => {
      await this.dropConnection(this.disposition);
      this.sessionEnd = undefined;
    });
    await this.releaseMonitor('session');
  }

  /** Disconnect, stop monitoring and forget the context (the spec has no explicit release). */
  async close(): Promise<void> {
    this.monitorOwners.clear();
    await this.monitor.stop();
    await this.disconnect();
    this.context = undefined;
  }

  // ------------------------------------------------------------------ internals

  private async ensureReader(): Promise<string> {
    this.context ??= await establishSmartCardContext(this.smartCard, this.callTimeoutMs);
    if (this.reader !== undefined) return this.reader;
    let names: string[];
    try {
      names = await listReaderNames(this.context, this.callTimeoutMs);
    } catch (e) {
      throw this.callFailed(e, 'list-readers');
    }
    const reader = chooseReader(names, this.options.readerName);
    if (reader === undefined) {
      throw new SmartCardApiError('no-reader', this.options.readerName !== undefined ? 'The chosen reader is not attached' : 'No smart card reader is attached');
    }
    this.reader = reader;
    this.readerEvents.emit({ type: 'reader-ready', readerName: reader });
    return reader;
  }

  /** One context.connect(), bounded and checked; the result becomes the current connection. */
  private async connectOnce(context: SmartCardContextLike, reader: string): Promise<{ connection: SmartCardConnectionLike; activeProtocol: string | undefined }> {
    let answer: unknown;
    try {
      answer = await this.bounded(() => context.connect(reader, this.accessMode, { preferredProtocols: this.protocols }), this.connectTimeoutMs, 'connect()');
    } catch (e) {
      throw this.callFailed(e, 'connect');
    }
    const checked = connectResultOf(answer);
    this.connection = checked.connection;
    return checked;
  }

  /** End the current connection (best effort: PC/SC frees the handle even for a card that left). */
  private async dropConnection(disposition: 'reset' | 'leave'): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.protocol = undefined;
    this.atrBytes = undefined;
    if (!connection) return;
    // A card that already left cannot be reset.
    const how = this.sessionEnd ? 'leave' : disposition;
    try {
      await this.bounded(() => connection.disconnect(how), this.callTimeoutMs, 'disconnect()');
    } catch (e) {
      this.callFailed(e, 'disconnect');
    }
  }

  /** Map a rejection and note what it says about the reader and the context. */
  private callFailed(e: unknown, during: SmartCardOperation): SmartCardApiError {
    const error = toSmartCardApiError(e, during);
    if (error.reason === 'reader-removed') this.readerGone(error);
    // A call that never answered may still hold the context's single operation slot.
    if (error.reason === 'reader-timeout') this.context = undefined;
    if (error.reason === 'no-card') this.presence.set(false);
    return error;
  }

  /** A card session failed: it is over; later transmits fail the same way until connect(). */
  private sessionFailed(error: SmartCardApiError): SmartCardApiError {
    this.sessionEnd = error;
    if (error.reason === 'card-removed') this.presence.set(false);
    if (error.reason === 'reader-timeout') {
      // The handle belongs to a context we no longer use; forget it without a call.
      this.connection = undefined;
      this.protocol = undefined;
      this.atrBytes = undefined;
    }
    return error;
  }

  private readerGone(error: SmartCardApiError): void {
    const name = this.reader;
    if (name === undefined) return;
    this.reader = undefined;
    this.lastEventCount = undefined;
    this.presence.readerRemoved();
    this.readerEvents.emit({ type: 'reader-lost', readerName: name, error });
  }

  private observe(o: PresenceObservation): void {
    if (o.kind === 'reader-gone') {
      if (o.readerName === this.reader) this.readerGone(new SmartCardApiError('reader-removed', 'The reader was removed'));
      return;
    }
    if (o.kind === 'reader-back') {
      this.lastEventCount = undefined;
      if (this.reader === undefined) {
        this.reader = o.readerName;
        this.readerEvents.emit({ type: 'reader-ready', readerName: o.readerName });
      }
      return;
    }
    if (o.readerName !== this.reader) return;
    const present = o.state.flags.present;
    const count = o.state.eventCount;
    const before = this.lastEventCount;
    this.lastEventCount = count;
    // eventCount counts insertions and removals (0: not supported, §SmartCardReaderStateOut).
    // Two or more events between two looks at a present card: it was taken away and a card
    // (maybe another one) put back.
    const swapped = present && this.presence.present && before !== undefined && before !== 0 && count !== 0 && ((count - before) & 0xffff) >= 2;
    if (swapped) this.presence.set(false);
    this.presence.set(present);
  }

  private async releaseMonitor(owner: MonitorOwner): Promise<void> {
    this.monitorOwners.delete(owner);
    if (this.monitorOwners.size === 0) await this.monitor.stop();
  }

  private bounded<T>(call: () => Promise<T>, ms: number, what: string): Promise<T> {
    return withDeadline(
      Promise.resolve().then(call),
      ms,
      () => new SmartCardApiError('reader-timeout', `${what} did not answer within ${ms} ms`),
    );
  }

}
