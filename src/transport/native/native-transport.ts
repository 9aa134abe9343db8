/**
 * CardTransport over a native phone shell (`window.kazasuNative`; README.md in this folder):
 * Android IsoDep or iOS Core NFC NFCISO7816Tag do the ISO-DEP work, the page sends APDUs.
 *
 *   connect():    shell.startSession() — resolves once a card is connected; called again it
 *                 restarts discovery, so every connect() gives a freshly activated card
 *   transmit():   shell.transceive(APDU)
 *   disconnect(): shell.endSession()
 *
 * Presence is known only while a session runs (phones poll for tags only then): 'tag-discovered'
 * and 'tag-lost' events become 'card-present' / 'card-removed'; 'session-invalidated' ends the
 * session. A tag-lost or invalidation during a transceive fails that transmit at once instead of
 * waiting for the shell. Every call is bounded, every answer checked (native-shell-checks.ts),
 * every failure a NativeShellError with a reason the UI explains.
 */
import { TransportError, type CardTransport, type TransmitOptions, type TransportCapabilities } from '../card-transport';
import { ReaderTransport } from '../lifecycle/reader-transport';
import { OperationQueue } from '../operation-queue';
import { boundedOption, withDeadline } from '../smartcard-api/bounded-wait';
import { nativeAvailability } from './native-availability';
import type { NativeShellEventType, NativeShellListener } from './native-shell-contract';
import { checkShell, checkTagInfo, decodeApduAnswer, encodeApdu, shellEventOf, type CheckedShell } from './native-shell-checks';
import { NativeShellError, reasonOfInvalidation, toNativeShellError } from './native-shell-error';

export interface NativeTransportOptions {
  /** Text for the phone's NFC sheet (iOS alertMessage). */
  readonly alertMessage?: string;
  /** How long connect() waits for a card to be held to the phone (default 60 000 ms; iOS sessions last about 60 s, UNCONFIRMED exact limit). */
  readonly sessionTimeoutMs?: number;
  /** Bound of one transceive (default 30 000 ms). */
  readonly transceiveTimeoutMs?: number;
  /** Bound of endSession (default 10 000 ms). */
  readonly callTimeoutMs?: number;
}

/** Extra time the shell gets beyond the session timeout we asked it to use (at most the timeout itself). */
const SESSION_GRACE_MS = 5_000;
const MAX_ALERT_MESSAGE = 200;

export class NativeTransport extends ReaderTransport implements CardTransport {
  readonly kind = 'native' as const;
  readonly capabilities: TransportCapabilities;
  /** What the shell says it runs on ('android', 'ios', …); informational only. */
  readonly platform: string;

  private readonly checked: CheckedShell;
  private readonly shellListeners: [NativeShellEventType, NativeShellListener][];
  private readonly sessionTimeoutMs: number;
  private readonly transceiveTimeoutMs: number;
  private readonly callTimeoutMs: number;
  private sessionActive = false;
  private tagConnected = false;
  /** Why the current card session ended; later transmits fail the same way until connect(). */
  private sessionEnd: NativeShellError | undefined;
  /** Fails the transceive in flight when the tag or the session goes away. */
  private abortInFlight: ((e: NativeShellError) => void) | undefined;
  /** One shell operation at a time. */
  private readonly operations = new OperationQueue();

  /** `shell` is the untrusted object the shell injected; it is checked here (NativeShellError). */
  constructor(
    shell: unknown,
    private readonly options: NativeTransportOptions = {},
  ) {
    super();
    this.checked = checkShell(shell);
    this.platform = this.checked.platform;
    this.capabilities = {
      extendedLength: this.checked.extendedLength,
      maxCommandLength: this.checked.maxCommandLength,
      maxResponseLength: this.checked.maxResponseLength,
    };
    this.sessionTimeoutMs = boundedOption(options.sessionTimeoutMs, 60_000, 1, 600_000, 'sessionTimeoutMs');
    this.transceiveTimeoutMs = boundedOption(options.transceiveTimeoutMs, 30_000, 1, 600_000, 'transceiveTimeoutMs');
    this.callTimeoutMs = boundedOption(options.callTimeoutMs, 10_000, 1, 600_000, 'callTimeoutMs');
    this.shellListeners = [
      ['tag-discovered', (e) => this.onShellEvent(e, 'tag-discovered')],
      ['tag-lost', (e) => this.onShellEvent(e, 'tag-lost')],
      ['session-invalidated', (e) => this.onShellEvent(e, 'session-invalidated')],
    ];
    try {
      for (const [type, l] of this.shellListeners) this.checked.shell.addEventListener(type, l);
    } catch (e) {
      throw new NativeShellError('native-shell-malformed', 'addEventListener failed', { cause: e });
    }
  }

  /** A transport on this page's window.kazasuNative, or a NativeShellError saying why not. */
  static fromGlobal(global: unknown, options?: NativeTransportOptions): NativeTransport {
    const a = nativeAvailability(global);
    if (!a.usable) throw new NativeShellError(a.reason, 'No usable native shell');
    return new NativeTransport(a.shell.shell, options);
  }

  async connect(): Promise<void> {
    await this.operations.run(async () => {
      this.sessionEnd = undefined;
      this.tagConnected = false;
      const shell = this.checked.shell;
      const alertMessage = this.options.alertMessage?.slice(0, MAX_ALERT_MESSAGE);
      let info: unknown;
      try {
        info = await withDeadline(
          Promise.resolve().then(() => shell.startSession({ alertMessage, timeoutMs: this.sessionTimeoutMs })),
          this.sessionTimeoutMs + Math.min(SESSION_GRACE_MS, this.sessionTimeoutMs),
          () => new NativeShellError('shell-timeout', 'startSession() did not answer in time'),
        );
        checkTagInfo(info);
      } catch (e) {
        const error = toNativeShellError(e, 'startSession');
        this.sessionActive = false;
        // Leave nothing running on the phone after a failed start (best effort).
        await this.endShellSession();
        throw error;
      }
      this.sessionActive = true;
      this.tagConnected = true;
      this.presence.set(true);
    });
    // startSession() (re)activated the card: no DF is selected and no security status holds.
    this.presence.activated();
  }

  async transmit(command: Uint8Array, _options?: TransmitOptions): Promise<Uint8Array> {
    if (command.length > this.capabilities.maxCommandLength) {
      throw new NativeShellError('command-too-long', `Command of ${command.length} bytes exceeds the phone's limit of ${this.capabilities.maxCommandLength}`);
    }
    return this.operations.run(async () => {
      if (this.sessionEnd) throw this.sessionEnd.repeat();
      if (!this.sessionActive || !this.tagConnected) throw new TransportError('not-connected', 'transmit() before connect()');
      const shell = this.checked.shell;
      // Base64 text cannot be wiped afterwards; the 'bytes' encoding avoids a string copy of a PIN.
      const payload = encodeApdu(command, this.checked.encoding);
      const lost = new Promise<never>((_, reject) => {
        this.abortInFlight = reject;
      });
      lost.catch(() => undefined);
      let answer: unknown;
      try {
        answer = await Promise.race([
          withDeadline(
            Promise.resolve().then(() => shell.transceive(payload)),
            this.transceiveTimeoutMs,
            () => new NativeShellError('shell-timeout', 'transceive() did not answer in time'),
          ),
          lost,
        ]);
      } catch (e) {
        throw this.sessionFailed(toNativeShellError(e, 'transceive'));
      } finally {
        this.abortInFlight = undefined;
        if (payload instanceof Uint8Array) payload.fill(0);
      }
      try {
        return decodeApduAnswer(answer, this.capabilities.maxResponseLength);
      } catch (e) {
        throw this.sessionFailed(toNativeShellError(e, 'transceive'));
      }
    });
  }

  async disconnect(): Promise<void> {
    await this.operations.run(async () => {
      this.sessionEnd = undefined;
      this.tagConnected = false;
      if (this.sessionActive) {
        this.sessionActive = false;
        await this.endShellSession();
      }
      // Without a session the phone does not look for cards: presence is unknown, not "removed".
      this.presence.unknown();
    });
  }

  /** Disconnect and stop listening to the shell. */
  async close(): Promise<void> {
    await this.disconnect();
    for (const [type, l] of this.shellListeners) {
      try {
        this.checked.shell.removeEventListener(type, l);
      } catch {
        /* the shell's failure; nothing left to release */
      }
    }
  }

  // ------------------------------------------------------------------ internals

  private async endShellSession(): Promise<void> {
    const shell = this.checked.shell;
    try {
      await withDeadline(
        Promise.resolve().then(() => shell.endSession({})),
        this.callTimeoutMs,
        () => new NativeShellError('shell-timeout', 'endSession() did not answer in time'),
      );
    } catch {
      /* ending is best effort: the session is over for us either way */
    }
  }

  private onShellEvent(event: unknown, type: NativeShellEventType): void {
    const e = shellEventOf(event, type);
    if (!e) return; // a malformed event carries nothing we could act on
    if (e.type === 'tag-discovered') {
      if (this.sessionActive) this.presence.set(true);
      return;
    }
    if (e.type === 'tag-lost') {
      this.endCardSession(new NativeShellError('tag-lost', 'The card left the phone'));
      this.presence.set(false);
      return;
    }
    const wasActive = this.sessionActive;
    this.sessionActive = false;
    if (wasActive) this.endCardSession(new NativeShellError(reasonOfInvalidation(e.code), 'The phone ended the NFC session'));
    this.presence.set(false);
  }

  /** The connected tag is gone: fail what is in flight and what comes later. */
  private endCardSession(error: NativeShellError): void {
    if (!this.tagConnected) return;
    this.tagConnected = false;
    this.sessionEnd = error;
    this.abortInFlight?.(error);
  }

  private sessionFailed(error: NativeShellError): NativeShellError {
    this.tagConnected = false;
    this.sessionEnd ??= error;
    if (error.reason === 'tag-lost' || error.reason === 'session-invalidated' || error.reason === 'user-cancelled' || error.reason === 'session-timeout') {
      this.presence.set(false);
    }
    if (error.reason === 'session-invalidated' || error.reason === 'user-cancelled' || error.reason === 'session-timeout') this.sessionActive = false;
    return error;
  }
}
