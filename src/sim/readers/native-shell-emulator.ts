/**
 * An emulated phone shell: the `window.kazasuNative` object an Android (IsoDep) or iOS (Core NFC)
 * app injects (src/transport/native/README.md), with any ApduResponder as the card held to the
 * phone. No Node imports: it runs in vitest and in a page.
 *
 * Behaviour follows the contract: startSession() resolves once a card is connected (restarting
 * re-activates the card), transceive() takes and returns the declared encoding, rejections carry
 * `{ code }`, events arrive asynchronously as `{ type, detail }` objects, as a WebView bridge
 * would deliver them. Fault knobs count transceive calls from 0 since the emulator was made; the
 * log keeps INS and lengths only, never APDU data (VERIFY).
 */
import { base64ToBytes, bytesToBase64 } from '../../bytes/base64';
import type { ApduResponder } from '../../transport/apdu-responder';
import type {
  KazasuNativeShell,
  NativePayloadEncoding,
  NativeSessionOptions,
  NativeShellErrorCode,
  NativeShellEventType,
  NativeShellListener,
  NativeTagInfo,
} from '../../transport/native/native-shell-contract';

export interface NativeShellEmulatorOptions {
  readonly platform?: string;
  readonly encoding?: NativePayloadEncoding;
  /** Default false with maxTransceiveLength 261 (a phone without extended-length IsoDep). */
  readonly extendedLength?: boolean;
  readonly maxTransceiveLength?: number;
  readonly maxResponseLength?: number;
  /** 'disabled': NFC off in settings; 'absent': no NFC hardware. */
  readonly nfc?: 'enabled' | 'disabled' | 'absent';
  /** The shell's own wait for a card before session-timeout (iOS: about 60 s); default: none. */
  readonly sessionTimeoutMs?: number;
}

export interface NativeShellFaults {
  /** The card leaves the phone at this transceive (before the card sees the command, or after). */
  loseTagAtTransceive?: number;
  loseTagTiming?: 'before-command' | 'after-command';
  /** The phone invalidates the session at this transceive (iOS time limit, app backgrounded). */
  invalidateAtTransceive?: number;
  /** The event sent after a tag loss is dropped, so only the transceive rejection tells. */
  silentTagLoss?: boolean;
  /** This transceive never settles. */
  hangAtTransceive?: number;
  /** This transceive resolves with `value` instead of the card's answer (malformed answers). */
  answerAtTransceive?: { readonly index: number; readonly value: unknown };
  /** This transceive rejects with `error` (anything, including codes outside the contract). */
  rejectAtTransceive?: { readonly index: number; readonly error: unknown };
  /** startSession() resolves with this instead of tag info. */
  startSessionAnswer?: { readonly value: unknown };
}

export interface NativeTransceiveLogEntry {
  readonly index: number;
  readonly ins: number | undefined;
  readonly commandLength: number;
  readonly responseLength: number | undefined;
  readonly outcome: 'answered' | 'tag-lost' | 'invalidated' | 'hung' | 'fault' | 'refused';
}

function shellError(code: NativeShellErrorCode, message: string): Error & { code: NativeShellErrorCode } {
  return Object.assign(new Error(message), { code });
}

interface PendingStart {
  readonly resolve: (info: NativeTagInfo | undefined) => void;
  readonly reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class NativeShellEmulator {
  /** What the app would put on `window.kazasuNative`. */
  readonly shell: KazasuNativeShell;
  faults: NativeShellFaults = {};
  readonly log: NativeTransceiveLogEntry[] = [];
  startSessionCalls = 0;
  endSessionCalls = 0;
  /** The options of the last startSession() call, as the shell saw them. */
  lastSessionOptions: NativeSessionOptions | undefined;

  private readonly listeners = new Map<string, Set<NativeShellListener>>();
  private readonly encoding: NativePayloadEncoding;
  private readonly maxTransceiveLength: number;
  private card: ApduResponder | undefined;
  private session = false;
  private tagConnected = false;
  private pending: PendingStart | undefined;
  private transceives = 0;

  constructor(private readonly options: NativeShellEmulatorOptions = {}) {
    this.encoding = options.encoding ?? 'base64';
    const extendedLength = options.extendedLength ?? false;
    this.maxTransceiveLength = options.maxTransceiveLength ?? (extendedLength ? 65_544 : 261);
    const capabilities = {
      extendedLength,
      maxTransceiveLength: this.maxTransceiveLength,
      encoding: this.encoding,
      ...(options.maxResponseLength !== undefined ? { maxResponseLength: options.maxResponseLength } : {}),
    };
    this.shell = {
      version: 1,
      platform: options.platform ?? 'android',
      capabilities,
      startSession: (o) => this.startSession(o),
      transceive: (apdu) => this.transceive(apdu),
      endSession: () => this.endSession(),
      addEventListener: (type, l) => {
        let set = this.listeners.get(type);
        if (!set) this.listeners.set(type, (set = new Set()));
        set.add(l);
      },
      removeEventListener: (type, l) => {
        this.listeners.get(type)?.delete(l);
      },
    };
  }

  get transceiveCount(): number {
    return this.transceives;
  }

  get sessionActive(): boolean {
    return this.session;
  }

  get listenerCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** Hold a card to the phone; a waiting session connects it. */
  placeCard(card: ApduResponder): void {
    this.card = card;
    if (this.session) this.connectTag();
  }

  /** Take the card away from the phone. */
  removeCard(): void {
    if (!this.card) return;
    this.card.powerOff();
    this.card = undefined;
    if (this.tagConnected) {
      this.tagConnected = false;
      if (!this.faults.silentTagLoss) this.dispatch('tag-lost', {});
    }
  }

  /** The system ends the session (the person closes the iOS sheet, the app goes to background, …). */
  invalidate(code: NativeShellErrorCode = 'session-invalidated'): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      if (pending.timer !== undefined) clearTimeout(pending.timer);
      pending.reject(shellError(code, 'Session invalidated'));
    }
    if (!this.session) return;
    this.session = false;
    this.tagConnected = false;
    this.card?.powerOff();
    this.dispatch('session-invalidated', { code });
  }

  /** Send any event object to the page (malformed events for tests). */
  dispatchRaw(type: NativeShellEventType, event: unknown): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) queueMicrotask(() => l(event));
  }

  // ------------------------------------------------------------------ the contract

  private startSession(options: NativeSessionOptions | undefined): Promise<NativeTagInfo | undefined> {
    this.startSessionCalls++;
    this.lastSessionOptions = options;
    const nfc = this.options.nfc ?? 'enabled';
    if (nfc === 'absent') return Promise.reject(shellError('nfc-unavailable', 'This device has no NFC'));
    if (nfc === 'disabled') return Promise.reject(shellError('nfc-disabled', 'NFC is turned off'));
    if (this.pending) return Promise.reject(shellError('session-busy', 'A session is already starting'));
    const answer = this.faults.startSessionAnswer;
    this.session = true;
    this.tagConnected = false;
    // Restarting discovery re-activates a card still on the phone (contract: fresh activation).
    this.card?.powerOff();
    return new Promise<NativeTagInfo | undefined>((resolve, reject) => {
      const pending: PendingStart = {
        resolve: (info) => resolve(answer ? (answer.value as NativeTagInfo | undefined) : info),
        reject,
        timer: undefined,
      };
      this.pending = pending;
      if (this.options.sessionTimeoutMs !== undefined) {
        pending.timer = setTimeout(() => this.invalidate('session-timeout'), this.options.sessionTimeoutMs);
      }
      if (this.card) queueMicrotask(() => this.connectTag());
    });
  }

  private connectTag(): void {
    const pending = this.pending;
    if (!this.session || !this.card || !pending) return;
    this.pending = undefined;
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    this.card.powerOn();
    this.tagConnected = true;
    this.dispatch('tag-discovered', {});
    pending.resolve({ nfcType: 'B' });
  }

  private async transceive(apdu: string | Uint8Array): Promise<string | Uint8Array | ArrayBuffer> {
    const index = this.transceives++;
    let command: Uint8Array;
    if (this.encoding === 'base64' && typeof apdu === 'string') command = base64ToBytes(apdu);
    else if (this.encoding === 'bytes' && apdu instanceof Uint8Array) command = apdu.slice();
    else throw shellError('io-error', 'Payload in the wrong encoding');
    const log = (outcome: NativeTransceiveLogEntry['outcome'], responseLength?: number) =>
      this.log.push({ index, ins: command[1], commandLength: command.length, responseLength, outcome });
    const f = this.faults;
    try {
      await Promise.resolve();
      if (!this.session || !this.tagConnected || !this.card) {
        log('refused');
        throw shellError(this.session ? 'tag-lost' : 'not-connected', 'No tag connected');
      }
      if (command.length > this.maxTransceiveLength) {
        log('refused');
        throw shellError('too-long', 'Transceive length exceeds supported maximum');
      }
      if (f.hangAtTransceive === index) {
        log('hung');
        return await new Promise<never>(() => undefined);
      }
      if (f.rejectAtTransceive?.index === index) {
        log('fault');
        throw f.rejectAtTransceive.error;
      }
      if (f.invalidateAtTransceive === index) {
        log('invalidated');
        this.invalidate('session-invalidated');
        throw shellError('session-invalidated', 'Session invalidated');
      }
      const loseBefore = f.loseTagAtTransceive === index && (f.loseTagTiming ?? 'before-command') === 'before-command';
      if (loseBefore) {
        log('tag-lost');
        this.removeCard();
        throw shellError('tag-lost', 'Tag was lost');
      }
      const card = this.card;
      const response = await card.process(command);
      if (f.loseTagAtTransceive === index || this.card !== card || !this.tagConnected) {
        log('tag-lost');
        this.removeCard();
        throw shellError('tag-lost', 'Tag was lost');
      }
      if (f.answerAtTransceive?.index === index) {
        log('fault');
        return f.answerAtTransceive.value as string;
      }
      log('answered', response.length);
      return this.encoding === 'base64' ? bytesToBase64(response) : response.slice();
    } finally {
      command.fill(0);
    }
  }

  private async endSession(): Promise<void> {
    this.endSessionCalls++;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      if (pending.timer !== undefined) clearTimeout(pending.timer);
      pending.reject(shellError('session-invalidated', 'Session ended'));
    }
    this.session = false;
    this.tagConnected = false;
    this.card?.powerOff();
  }

  private dispatch(type: NativeShellEventType, detail: { code?: NativeShellErrorCode }): void {
    this.dispatchRaw(type, { type, detail: { type, ...detail } });
  }
}

/** Put the emulated shell on a page's global as `kazasuNative`. */
export function installAsKazasuNative(shell: KazasuNativeShell, global: object = globalThis): void {
  Object.defineProperty(global, 'kazasuNative', { configurable: true, value: shell });
}
