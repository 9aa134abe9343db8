/**
 * An emulated `navigator.smartCard` (WICG/web-smart-card index.bs) over PC/SC-like readers, with
 * any ApduResponder (the simulated My Number Card) as the card. Runs in Node and in a page: no
 * Node imports, only DOMException, AbortSignal, timers and promises.
 *
 * Spec behaviour it keeps (section names of index.bs):
 * - one operation per context at a time: a second call rejects with InvalidStateError
 *   ([[operationInProgress]]); connection methods share their context's slot;
 * - getStatusChange resolves only when some state differs from `currentState` / `currentCount`
 *   (or `unaware` is set); an aborted signal rejects with the signal's reason (SCARD_E_CANCELLED);
 *   an expired `timeout` rejects with "UnknownError" (SCARD_E_TIMEOUT is not mapped, §SmartCardError
 *   step 22);
 * - PC/SC codes as SmartCardError with the spec's responseCode strings; a refused permission
 *   prompt at connect() as NotAllowedError (what Chromium does: blink smart_card_error.cc);
 *   a blocked "smart-card" permissions policy as SecurityError at establishContext();
 * - a handle outlives its card: after removal (even if a card is put back) transmit answers
 *   removed-card, after another program's reset reset-card, after the reader left
 *   reader-unavailable, after disconnect() InvalidStateError;
 * - transmit copies its input at the call (§transmit step 10).
 * Where PC/SC stacks differ, it follows pcsc-lite (ChromeOS's Smart Card Connector is built on
 * it): an unknown reader name in getStatusChange yields eventState {unknown, changed} rather than
 * an error, and the PnP pseudo reader's count is the number of readers (UNCONFIRMED details).
 *
 * Fault knobs (`faults`) count transmits from 0 since the emulator was made (`transmitCount`).
 * The log keeps instruction bytes and lengths only: never command or response data (VERIFY).
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import {
  PNP_NOTIFICATION_READER,
  type SmartCardAccessMode,
  type SmartCardConnectionLike,
  type SmartCardConnectionStatus,
  type SmartCardConnectOptions,
  type SmartCardConnectResult,
  type SmartCardContextLike,
  type SmartCardDisposition,
  type SmartCardGetStatusChangeOptions,
  type SmartCardProtocol,
  type SmartCardReaderStateFlagsIn,
  type SmartCardReaderStateFlagsOut,
  type SmartCardReaderStateIn,
  type SmartCardReaderStateOut,
  type SmartCardResourceManagerLike,
  type SmartCardResponseCode,
  type SmartCardTransactionOptions,
} from '../../transport/smartcard-api/smartcard-api-types';

export const DEFAULT_EMULATED_READER = 'Kazasu Emulated Contactless Reader 00 00';

/** SmartCardError (§SmartCardError): a DOMException named "SmartCardError" with a responseCode. */
export class EmulatedSmartCardError extends DOMException {
  readonly responseCode: SmartCardResponseCode;
  constructor(message: string, options: { responseCode: SmartCardResponseCode }) {
    super(message, 'SmartCardError');
    this.responseCode = options.responseCode;
  }
}

function scardError(responseCode: SmartCardResponseCode): EmulatedSmartCardError {
  return new EmulatedSmartCardError(`Emulated PC/SC error: ${responseCode}`, { responseCode });
}

function domError(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

/** "In parallel … queue a global task": answer on a later microtask, never synchronously. */
function inParallel(): Promise<void> {
  return Promise.resolve().then(() => undefined);
}

function copyOf(source: BufferSource): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
  throw new TypeError('Not a BufferSource');
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

export interface EmulatedCardOptions {
  /** ATR to report; default: what the responder answers on power-up. */
  readonly atr?: Uint8Array;
  /** Protocols the card (as the reader presents it) offers; default ['t1'] (contactless, PC/SC part 3). */
  readonly protocols?: readonly ('t0' | 't1')[];
  /** A card that does not answer: state `mute`, connect() → unresponsive-card. */
  readonly mute?: boolean;
}

interface EmulatedCard {
  readonly responder: ApduResponder;
  readonly options: EmulatedCardOptions;
  readonly generation: number;
  atr: Uint8Array;
  powered: boolean;
  resets: number;
}

interface EmulatedReader {
  readonly name: string;
  attached: boolean;
  card: EmulatedCard | undefined;
  /** Insertions + removals, the high word of EventState (§SmartCardReaderStateOut). */
  eventCount: number;
  readonly connections: Set<EmulatedConnection>;
  /** Another program holds the card exclusively. */
  heldElsewhere: boolean;
}

export interface SmartCardApiEmulatorFaults {
  /** The card leaves the reader at this transmit (before the card sees the command, or after). */
  removeCardAtTransmit?: number;
  removeCardTiming?: 'before-command' | 'after-command';
  /** The reader is unplugged at this transmit (before the card sees the command). */
  unplugReaderAtTransmit?: number;
  /** This transmit never settles (a hung driver); the context stays busy. */
  hangAtTransmit?: number;
  /** This transmit answers `oversizeLength` zero bytes: beyond any PC/SC buffer, a pure fault. */
  oversizeAtTransmit?: number;
  oversizeLength?: number;
  /** This transmit answers a string instead of an ArrayBuffer: a non-conforming implementation. */
  wrongTypeAtTransmit?: number;
  /** getStatusChange ignores its AbortSignal (a non-conforming implementation). */
  ignoreAbort?: boolean;
}

export interface SmartCardApiEmulatorAccess {
  /** The permission prompt at connect(): 'denied' → NotAllowedError. */
  permission: 'granted' | 'denied';
  /** The "smart-card" permissions policy; false → establishContext() SecurityError. */
  policyAllowed: boolean;
  /** The PC/SC service; false → SmartCardError no-service. */
  serviceRunning: boolean;
}

export interface TransmitLogEntry {
  readonly index: number;
  readonly readerName: string;
  /** INS of the command (no data is ever kept). */
  readonly ins: number | undefined;
  readonly commandLength: number;
  readonly responseLength: number | undefined;
  readonly outcome: 'answered' | 'card-removed' | 'reader-removed' | 'reset-card' | 'hung' | 'fault';
}

export interface SmartCardApiEmulatorOptions {
  /** Readers attached at the start (default: one, DEFAULT_EMULATED_READER). */
  readonly readers?: readonly string[];
}

export class SmartCardApiEmulator {
  /** What goes on `navigator.smartCard`. */
  readonly smartCard: SmartCardResourceManagerLike;
  readonly access: SmartCardApiEmulatorAccess = { permission: 'granted', policyAllowed: true, serviceRunning: true };
  faults: SmartCardApiEmulatorFaults = {};
  readonly transmitLog: TransmitLogEntry[] = [];
  /** Contexts handed out by establishContext(), for tests. */
  readonly contexts: EmulatedContext[] = [];
  /** getStatusChange calls made, for tests (each call, whatever its outcome). */
  statusChangeCalls = 0;

  private readonly readers: EmulatedReader[] = [];
  private readonly waiters = new Set<() => void>();
  private generation = 0;
  private transmits = 0;
  private quiet = false;

  constructor(options: SmartCardApiEmulatorOptions = {}) {
    for (const name of options.readers ?? [DEFAULT_EMULATED_READER]) this.addReader(name);
    const establishContext = async (): Promise<SmartCardContextLike> => {
      // §establishContext step 1: the policy check throws before any PC/SC call.
      if (!this.access.policyAllowed) throw domError('SecurityError', 'Access to the feature "smart-card" is disallowed by permissions policy.');
      await inParallel();
      if (!this.access.serviceRunning) throw scardError('no-service');
      const context = new EmulatedContext(this);
      this.contexts.push(context);
      return context;
    };
    this.smartCard = { establishContext };
  }

  get transmitCount(): number {
    return this.transmits;
  }

  get readerNames(): string[] {
    return this.readers.filter((r) => r.attached).map((r) => r.name);
  }

  /** Whether the card in `readerName` is powered (false after 'unpower', removal, or before any connect). */
  isCardPowered(readerName = DEFAULT_EMULATED_READER): boolean {
    return this.reader(readerName)?.card?.powered ?? false;
  }

  /** Connections open on `readerName`, by access mode. */
  openConnections(readerName = DEFAULT_EMULATED_READER): SmartCardAccessMode[] {
    return [...(this.reader(readerName)?.connections ?? [])].map((c) => c.mode);
  }

  addReader(name: string): void {
    if (this.reader(name)) return;
    this.readers.push({ name, attached: true, card: undefined, eventCount: 0, connections: new Set(), heldElsewhere: false });
    this.changed();
  }

  /** Unplug a reader: its connections answer reader-unavailable from now on. */
  removeReader(name = DEFAULT_EMULATED_READER): void {
    const r = this.reader(name);
    if (!r) return;
    r.attached = false;
    r.card?.responder.powerOff();
    this.readers.splice(this.readers.indexOf(r), 1);
    this.changed();
  }

  insertCard(responder: ApduResponder, readerName = DEFAULT_EMULATED_READER, options: EmulatedCardOptions = {}): void {
    const r = this.requireReader(readerName);
    if (r.card) this.removeCard(readerName);
    const card: EmulatedCard = { responder, options, generation: ++this.generation, atr: new Uint8Array(0), powered: false, resets: 0 };
    // pcsc-lite powers a card up on insertion to read its ATR (which getStatusChange reports).
    this.powerUp(card);
    r.card = card;
    r.eventCount = (r.eventCount + 1) & 0xffff;
    this.changed();
  }

  removeCard(readerName = DEFAULT_EMULATED_READER): void {
    const r = this.reader(readerName);
    if (!r?.card) return;
    r.card.responder.powerOff();
    r.card = undefined;
    r.eventCount = (r.eventCount + 1) & 0xffff;
    this.changed();
  }

  /**
   * The card is taken away and a card put back within one poll of the reader driver: PC/SC
   * only sees the event count go up by two while the reader still reads "present".
   */
  swapCard(responder: ApduResponder, readerName = DEFAULT_EMULATED_READER, options: EmulatedCardOptions = {}): void {
    this.quiet = true;
    try {
      this.removeCard(readerName);
      this.insertCard(responder, readerName, options);
    } finally {
      this.quiet = false;
    }
    this.changed();
  }

  /** The PC/SC service stops: waiting and later calls answer no-service. */
  stopService(): void {
    this.access.serviceRunning = false;
    this.changed();
  }

  /** Another program reset the card (SCARD_RESET_CARD): our handles answer reset-card. */
  resetByOtherProgram(readerName = DEFAULT_EMULATED_READER): void {
    const card = this.requireReader(readerName).card;
    if (!card) return;
    this.resetCard(card);
  }

  /** Another program holds (or releases) the card exclusively: connect() → sharing-violation. */
  holdElsewhere(held: boolean, readerName = DEFAULT_EMULATED_READER): void {
    this.requireReader(readerName).heldElsewhere = held;
    this.changed();
  }

  // ------------------------------------------------------------------ used by contexts/connections

  /** @internal */
  reader(name: string): EmulatedReader | undefined {
    return this.readers.find((r) => r.name === name && r.attached);
  }

  /** @internal Re-evaluate every waiting getStatusChange. */
  changed(): void {
    if (this.quiet) return;
    for (const w of [...this.waiters]) w();
  }

  /** @internal */
  addWaiter(w: () => void): () => void {
    this.waiters.add(w);
    return () => this.waiters.delete(w);
  }

  /** @internal */
  nextTransmitIndex(): number {
    return this.transmits++;
  }

  /** @internal */
  powerUp(card: EmulatedCard): void {
    if (card.powered) return;
    const atr = card.responder.powerOn();
    card.atr = card.options.atr ?? atr;
    card.powered = true;
  }

  /** @internal */
  resetCard(card: EmulatedCard): void {
    card.responder.powerOff();
    card.powered = false;
    this.powerUp(card);
    card.resets++;
  }

  /** @internal §SmartCardReaderStateOut for one SmartCardReaderStateIn, given the call's baseline. */
  stateOut(stateIn: SmartCardReaderStateIn, pnpBaseline: number): SmartCardReaderStateOut {
    const none: SmartCardReaderStateFlagsOut = {
      ignore: false,
      changed: false,
      unavailable: false,
      unknown: false,
      empty: false,
      present: false,
      exclusive: false,
      inuse: false,
      mute: false,
      unpowered: false,
    };
    const cur = stateIn.currentState;
    if (cur.ignore) return { readerName: stateIn.readerName, eventState: { ...none, ignore: true }, eventCount: 0 };
    if (stateIn.readerName === PNP_NOTIFICATION_READER) {
      const count = this.readerNames.length;
      return { readerName: stateIn.readerName, eventState: { ...none, changed: count !== pnpBaseline }, eventCount: count };
    }
    const r = this.reader(stateIn.readerName);
    if (!r) return { readerName: stateIn.readerName, eventState: { ...none, unknown: true, changed: true }, eventCount: 0 };
    const card = r.card;
    const conns = [...r.connections];
    const flags: SmartCardReaderStateFlagsOut = {
      ...none,
      empty: !card,
      present: !!card,
      mute: !!card?.options.mute,
      exclusive: !!card && (r.heldElsewhere || conns.some((c) => c.mode === 'exclusive')),
      inuse: !!card && conns.length > 0,
    };
    const keys: (keyof SmartCardReaderStateFlagsIn & keyof SmartCardReaderStateFlagsOut)[] = ['unavailable', 'empty', 'present', 'exclusive', 'inuse', 'mute', 'unpowered'];
    const changed =
      cur.unaware === true ||
      keys.some((k) => (cur[k] ?? false) !== flags[k]) ||
      (stateIn.currentCount !== undefined && stateIn.currentCount !== r.eventCount);
    const out: SmartCardReaderStateOut = { readerName: r.name, eventState: { ...flags, changed }, eventCount: r.eventCount };
    return card ? { ...out, answerToReset: arrayBufferOf(card.atr) } : out;
  }

  private requireReader(name: string): EmulatedReader {
    const r = this.reader(name);
    if (!r) throw new Error(`no emulated reader ${name}`);
    return r;
  }
}

/** §SmartCardContext. */
export class EmulatedContext implements SmartCardContextLike {
  /** [[operationInProgress]] */
  busy = false;

  constructor(private readonly emu: SmartCardApiEmulator) {}

  /** @internal Take the context's one operation slot, or reject like the spec. */
  begin(): void {
    if (this.busy) throw domError('InvalidStateError', 'An operation is already in progress on this context.');
    this.busy = true;
  }

  async listReaders(): Promise<string[]> {
    this.begin();
    try {
      await inParallel();
      if (!this.emu.access.serviceRunning) throw scardError('no-service');
      return this.emu.readerNames;
    } finally {
      this.busy = false;
    }
  }

  getStatusChange(readerStates: readonly SmartCardReaderStateIn[], options: SmartCardGetStatusChangeOptions = {}): Promise<SmartCardReaderStateOut[]> {
    this.emu.statusChangeCalls++;
    try {
      this.begin();
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = options.signal;
    if (signal?.aborted) {
      this.busy = false;
      return Promise.reject(signal.reason);
    }
    const states = readerStates.map((s) => ({ ...s, currentState: { ...s.currentState } }));
    const pnpBaseline = this.emu.readerNames.length;
    return new Promise<SmartCardReaderStateOut[]>((resolve, reject) => {
      let done = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        removeWaiter();
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) clearTimeout(timer);
        this.busy = false;
        settle();
      };
      const evaluate = () => {
        if (!this.emu.access.serviceRunning) return finish(() => reject(scardError('no-service')));
        const out = states.map((s) => this.emu.stateOut(s, s.readerName === PNP_NOTIFICATION_READER && s.currentCount !== undefined ? s.currentCount : pnpBaseline));
        if (out.some((o) => o.eventState.changed)) finish(() => resolve(out));
      };
      // §getStatusChange 3.4 / 9.3.5.1: Cancel() → SCARD_E_CANCELLED → reject with the abort reason.
      const onAbort = () => {
        if (this.emu.faults.ignoreAbort) return;
        void inParallel().then(() => finish(() => reject(signal!.reason)));
      };
      const removeWaiter = this.emu.addWaiter(evaluate);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeout !== undefined) {
        timer = setTimeout(() => finish(() => reject(domError('UnknownError', 'An unexpected card error has occurred.'))), Math.max(0, options.timeout));
      }
      void inParallel().then(evaluate);
    });
  }

  async connect(readerName: string, accessMode: SmartCardAccessMode, options: SmartCardConnectOptions = {}): Promise<SmartCardConnectResult> {
    this.begin();
    try {
      await inParallel();
      const emu = this.emu;
      if (!emu.access.serviceRunning) throw scardError('no-service');
      const r = emu.reader(readerName);
      if (!r) throw scardError('unknown-reader');
      // The permission prompt comes with connect() (§User Consent); Chromium rejects a refusal
      // with NotAllowedError.
      if (emu.access.permission === 'denied') throw domError('NotAllowedError', 'The user has denied permission.');
      if (accessMode === 'direct') {
        const connection = new EmulatedConnection(this, emu, r, undefined, accessMode, undefined);
        r.connections.add(connection);
        emu.changed();
        return { connection };
      }
      const card = r.card;
      if (!card) throw scardError('no-smartcard');
      if (card.options.mute) throw scardError('unresponsive-card');
      const conns = [...r.connections];
      if (r.heldElsewhere || conns.some((c) => c.mode === 'exclusive') || (accessMode === 'exclusive' && conns.length > 0)) {
        throw scardError('sharing-violation');
      }
      const preferred = options.preferredProtocols ?? [];
      // pcsc-lite rejects a connect that names no protocol with SCARD_E_INVALID_VALUE, which the
      // spec maps to "UnknownError" (§SmartCardError step 22).
      if (preferred.length === 0) throw domError('UnknownError', 'An unexpected card error has occurred.');
      const offered: readonly ('t0' | 't1')[] = card.options.protocols ?? ['t1'];
      const protocol = offered.find((p) => preferred.includes(p));
      if (!protocol) throw scardError('proto-mismatch');
      emu.powerUp(card);
      const connection = new EmulatedConnection(this, emu, r, card, accessMode, protocol);
      r.connections.add(connection);
      emu.changed();
      return { connection, activeProtocol: protocol };
    } finally {
      this.busy = false;
    }
  }
}

/** §SmartCardConnection. */
export class EmulatedConnection implements SmartCardConnectionLike {
  /** [[comm]] is non-null */
  private open = true;
  private readonly resetsAtConnect: number;

  constructor(
    private readonly context: EmulatedContext,
    private readonly emu: SmartCardApiEmulator,
    private readonly reader: EmulatedReader,
    private readonly card: EmulatedCard | undefined,
    readonly mode: SmartCardAccessMode,
    private readonly protocol: 't0' | 't1' | undefined,
  ) {
    this.resetsAtConnect = card?.resets ?? 0;
  }

  /** Take the context slot and require an open handle (the common steps 2–4 of every method). */
  private begin(): void {
    this.context.begin();
    if (!this.open) {
      this.context.busy = false;
      throw domError('InvalidStateError', 'The connection is closed.');
    }
  }

  /** What PC/SC answers for a handle whose reader or card changed under it, if anything. */
  private handleProblem(): SmartCardResponseCode | undefined {
    if (!this.reader.attached) return 'reader-unavailable';
    if (!this.card || this.reader.card !== this.card) return 'removed-card';
    if (this.card.resets !== this.resetsAtConnect) return 'reset-card';
    return undefined;
  }

  async transmit(sendBuffer: BufferSource, _options?: { protocol?: SmartCardProtocol }): Promise<ArrayBuffer> {
    this.begin();
    // §transmit step 10: the bytes are copied at the call, before anything runs in parallel.
    let command: Uint8Array;
    try {
      command = copyOf(sendBuffer);
    } catch (e) {
      this.context.busy = false;
      throw e;
    }
    const index = this.emu.nextTransmitIndex();
    const f = this.emu.faults;
    const log = (outcome: TransmitLogEntry['outcome'], responseLength?: number) =>
      this.emu.transmitLog.push({ index, readerName: this.reader.name, ins: command[1], commandLength: command.length, responseLength, outcome });
    if (f.hangAtTransmit === index) {
      log('hung');
      return new Promise<ArrayBuffer>(() => undefined);
    }
    try {
      await inParallel();
      if (f.unplugReaderAtTransmit === index) this.emu.removeReader(this.reader.name);
      if (f.removeCardAtTransmit === index && (f.removeCardTiming ?? 'before-command') === 'before-command') this.emu.removeCard(this.reader.name);
      const before = this.handleProblem();
      if (before) {
        log(before === 'reader-unavailable' ? 'reader-removed' : before === 'removed-card' ? 'card-removed' : 'reset-card');
        throw scardError(before);
      }
      const card = this.card!;
      const response = await card.responder.process(command);
      if (f.removeCardAtTransmit === index && f.removeCardTiming === 'after-command') this.emu.removeCard(this.reader.name);
      // The card may have left (or the reader gone) while it was working.
      const after = this.handleProblem();
      if (after) {
        log(after === 'reader-unavailable' ? 'reader-removed' : after === 'removed-card' ? 'card-removed' : 'reset-card');
        throw scardError(after);
      }
      if (f.oversizeAtTransmit === index) {
        const n = f.oversizeLength ?? 70_000;
        log('fault', n);
        return new ArrayBuffer(n);
      }
      if (f.wrongTypeAtTransmit === index) {
        log('fault');
        return '9000' as unknown as ArrayBuffer;
      }
      log('answered', response.length);
      return arrayBufferOf(response);
    } finally {
      command.fill(0);
      this.context.busy = false;
    }
  }

  async status(): Promise<SmartCardConnectionStatus> {
    this.begin();
    try {
      await inParallel();
      const problem = this.handleProblem();
      if (problem) throw scardError(problem);
      if (!this.card || !this.protocol) return { readerName: this.reader.name, state: this.reader.card ? 'present' : 'absent' };
      return { readerName: this.reader.name, state: this.protocol, answerToReset: arrayBufferOf(this.card.atr) };
    } finally {
      this.context.busy = false;
    }
  }

  async disconnect(disposition: SmartCardDisposition = 'leave'): Promise<void> {
    this.begin();
    try {
      await inParallel();
      this.open = false;
      this.reader.connections.delete(this);
      const card = this.card;
      if (card && this.reader.attached && this.reader.card === card) {
        if (disposition === 'reset') this.emu.resetCard(card);
        else if (disposition === 'unpower' || disposition === 'eject') {
          card.responder.powerOff();
          card.powered = false;
        }
      }
      this.emu.changed();
    } finally {
      this.context.busy = false;
    }
  }

  async startTransaction(transaction: () => Promise<SmartCardDisposition | null | undefined>, _options?: SmartCardTransactionOptions): Promise<void> {
    this.begin();
    try {
      await inParallel();
      const problem = this.handleProblem();
      if (problem) throw scardError(problem);
    } finally {
      this.context.busy = false;
    }
    let disposition: SmartCardDisposition = 'reset';
    let failure: unknown;
    try {
      // §process the result of a BeginTransaction 9: a fulfilled undefined means "reset".
      disposition = (await transaction()) ?? 'reset';
    } catch (e) {
      failure = e;
    }
    const card = this.card;
    if (card && this.reader.attached && this.reader.card === card && disposition === 'reset') this.emu.resetCard(card);
    if (failure !== undefined) throw failure;
  }

  async control(_controlCode: number, _data: BufferSource): Promise<ArrayBuffer> {
    return this.unsupported();
  }

  async getAttribute(_tag: number): Promise<ArrayBuffer> {
    return this.unsupported();
  }

  async setAttribute(_tag: number, _value: BufferSource): Promise<void> {
    await this.unsupported();
  }

  private async unsupported(): Promise<never> {
    this.begin();
    try {
      await inParallel();
      throw scardError('unsupported-feature');
    } finally {
      this.context.busy = false;
    }
  }
}

/** Put the emulator on `navigator.smartCard` (a page, or a test's fake navigator). */
export function installAsNavigatorSmartCard(smartCard: SmartCardResourceManagerLike, nav: object = globalThis.navigator): void {
  Object.defineProperty(nav, 'smartCard', { configurable: true, value: smartCard });
}
