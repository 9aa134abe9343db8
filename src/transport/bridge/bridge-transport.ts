/**
 * CardTransport through the local PC/SC bridge (`kazasu bridge`, src/node/bridge) over a
 * loopback WebSocket. The OS PC/SC stack does ISO-DEP, chaining and WTX (reference
 * browser-readers.md §6); this side only frames APDUs. Every frame from the bridge is parsed
 * strictly (bridge-protocol.ts) and every failure ends in a TransportError / BridgeError.
 */
import { base64ToBytes, bytesToBase64 } from '../../bytes/base64';
import {
  TransportError,
  type CardEvent,
  type CardEventListener,
  type CardTransport,
  type TransmitOptions,
  type TransportCapabilities,
} from '../card-transport';
import { computeAuthMac, isPairingToken } from './bridge-auth';
import { BridgeError } from './bridge-error';
import {
  BRIDGE_PROTOCOL_VERSION,
  parseServerMessage,
  type BridgeErrorCode,
  type BridgeReaderInfo,
  type BridgeRefusal,
  type ClientMessage,
  type ResultPayload,
  type ServerMessage,
} from './bridge-protocol';

/** The part of the WebSocket API used here (browser WebSocket; `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface BridgeTransportOptions {
  /** e.g. ws://127.0.0.1:47811/ */
  readonly url: string;
  /** The pairing token shown by `kazasu bridge --show-token`. */
  readonly token: string;
  /** This page's origin (location.origin): the MAC binds it, and the bridge checks it. */
  readonly origin: string;
  /** Preferred reader name; otherwise the first reader holding a card. */
  readonly reader?: string;
  readonly createSocket?: (url: string) => WebSocketLike;
  readonly openTimeoutMs?: number;
  /** Per request; a PC/SC transmit with many WTX can take seconds. */
  readonly requestTimeoutMs?: number;
}

const REFUSAL_REASONS: Record<BridgeRefusal, [TransportError['code'], BridgeError['reason']]> = {
  'origin-not-allowed': ['permission-denied', 'origin-not-allowed'],
  'auth-failed': ['permission-denied', 'pairing-failed'],
  'auth-timeout': ['timeout', 'pairing-timeout'],
  'too-many-connections': ['permission-denied', 'too-many-connections'],
  protocol: ['protocol', 'bridge-protocol'],
};

/** A failed request → the error the card layer and UI understand. */
function requestError(code: BridgeErrorCode): TransportError {
  switch (code) {
    case 'card-removed':
      return new TransportError('card-removed', 'The card was removed');
    case 'no-card':
      return new TransportError('no-card', 'No card in the reader');
    case 'not-connected':
      return new TransportError('not-connected', 'No card session on the bridge');
    case 'reader-removed':
      return new TransportError('reader-unplugged', 'The reader was unplugged');
    case 'no-such-reader':
      return new BridgeError('reader-unplugged', 'no-reader', 'The bridge has no such reader');
    case 'pcsc-unavailable':
      return new BridgeError('unsupported', 'pcsc-unavailable', 'PC/SC is not available on the bridge');
    case 'reader-busy':
    case 'already-connected':
      return new BridgeError('permission-denied', 'reader-busy', 'The reader is in use');
    case 'last-try-unconfirmed':
    case 'pin-blocked':
    case 'verify-limit':
      return new BridgeError('permission-denied', 'pin-refused', `The bridge refused a PIN command (${code})`);
    case 'command-refused':
      return new BridgeError('permission-denied', 'command-refused', 'The bridge refused the command');
    case 'transmit-failed':
    case 'bad-request':
      return new TransportError('protocol', `The bridge could not send the command (${code})`);
  }
}

interface Pending {
  resolve(result: ResultPayload): void;
  reject(error: TransportError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class BridgeTransport implements CardTransport {
  readonly kind = 'bridge' as const;
  readonly capabilities: TransportCapabilities;
  private readonly listeners = new Set<CardEventListener>();
  private readonly pending = new Map<number, Pending>();
  private readerList: BridgeReaderInfo[];
  private current: string | undefined;
  private sessionOpen = false;
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly socket: WebSocketLike,
    ready: Extract<ServerMessage, { t: 'ready' }>,
    private readonly options: BridgeTransportOptions,
  ) {
    this.readerList = [...ready.readers];
    this.capabilities = ready.extendedLength
      ? { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 }
      : { extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 };
    this.current = this.pickReader();
  }

  /** Connect to the bridge and pair. Rejects with BridgeError explaining why not. */
  static async open(options: BridgeTransportOptions): Promise<BridgeTransport> {
    if (!isPairingToken(options.token)) throw new BridgeError('permission-denied', 'pairing-missing', 'No valid pairing token is configured');
    const create = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
    let socket: WebSocketLike;
    try {
      socket = create(options.url);
    } catch (e) {
      throw new BridgeError('reader-unplugged', 'bridge-unreachable', 'The bridge address is not a WebSocket URL', { cause: e });
    }
    const timeoutMs = options.openTimeoutMs ?? 5_000;
    return new Promise<BridgeTransport>((resolve, reject) => {
      let settled = false;
      let transport: BridgeTransport | undefined;
      let hello = false;
      const finish = (error: TransportError | undefined, value?: BridgeTransport): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          try {
            socket.close();
          } catch {
            /* already closed */
          }
          reject(error);
        } else resolve(value!);
      };
      const timer = setTimeout(() => finish(new BridgeError('timeout', hello ? 'pairing-timeout' : 'bridge-unreachable', 'The bridge did not answer in time')), timeoutMs);
      socket.addEventListener('message', (event) => {
        if (transport) return transport.onMessage(event.data);
        let message: ServerMessage;
        try {
          message = parseServerMessage(event.data);
        } catch (e) {
          return finish(new BridgeError('protocol', 'bridge-protocol', 'The bridge sent a malformed message', { cause: e }));
        }
        if (message.t === 'hello') {
          if (hello || message.v !== BRIDGE_PROTOCOL_VERSION) return finish(new BridgeError('protocol', 'bridge-protocol', `Unsupported bridge protocol ${message.v}`));
          hello = true;
          void computeAuthMac(options.token, message.nonce, options.origin).then(
            (mac) => socket.send(JSON.stringify({ t: 'auth', mac } satisfies ClientMessage)),
            (e: unknown) => finish(new BridgeError('permission-denied', 'pairing-missing', 'The pairing token could not be used', { cause: e })),
          );
        } else if (message.t === 'refused') {
          const [code, reason] = REFUSAL_REASONS[message.reason];
          finish(new BridgeError(code, reason, `The bridge refused the connection (${message.reason})`));
        } else if (message.t === 'ready' && hello) {
          transport = new BridgeTransport(socket, message, options);
          finish(undefined, transport);
        } else {
          finish(new BridgeError('protocol', 'bridge-protocol', `Unexpected ${message.t} during the handshake`));
        }
      });
      socket.addEventListener('error', () => finish(new BridgeError('reader-unplugged', 'bridge-unreachable', 'Could not reach the bridge')));
      socket.addEventListener('close', () => {
        if (transport) transport.onClose();
        else finish(new BridgeError('reader-unplugged', hello ? 'bridge-closed' : 'bridge-unreachable', 'The bridge closed the connection'));
      });
    });
  }

  /** Readers the bridge reported (names as PC/SC gives them). */
  readers(): readonly BridgeReaderInfo[] {
    return this.readerList;
  }

  /** The reader this transport uses, if any. */
  readerName(): string | undefined {
    return this.current;
  }

  isCardPresent(): boolean {
    return this.readerList.some((r) => r.name === this.current && r.cardPresent);
  }

  async connect(): Promise<void> {
    this.assertOpen();
    if (this.sessionOpen) {
      this.sessionOpen = false;
      await this.request({ t: 'disconnect', id: 0 });
    }
    if (!this.current || !this.isCardPresent()) this.current = this.pickReader();
    if (!this.current) throw new BridgeError('reader-unplugged', 'no-reader', 'The bridge sees no reader');
    await this.request({ t: 'connect', id: 0, reader: this.current });
    this.sessionOpen = true;
    // A fresh PC/SC connection: the previous session ended with a card reset.
    this.emit({ type: 'card-activated' });
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    this.assertOpen();
    if (!this.sessionOpen) throw new TransportError('not-connected', 'transmit() before connect()');
    if (command.length > this.capabilities.maxCommandLength) throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the reader limit`);
    const message: ClientMessage = options?.lastTryConfirmed
      ? { t: 'transmit', id: 0, apdu: bytesToBase64(command), lastTryConfirmed: true }
      : { t: 'transmit', id: 0, apdu: bytesToBase64(command) };
    const result = await this.request(message);
    if (result.kind !== 'transmit') throw new BridgeError('protocol', 'bridge-protocol', 'The bridge answered a transmit with something else');
    const response = base64ToBytes(result.response);
    if (response.length < 2 || response.length > this.capabilities.maxResponseLength) throw new TransportError('protocol', `Response of ${response.length} bytes from the bridge`);
    return response;
  }

  async disconnect(): Promise<void> {
    if (!this.sessionOpen || this.closed) return;
    this.sessionOpen = false;
    await this.request({ t: 'disconnect', id: 0 });
  }

  /** Close the WebSocket (the bridge resets the card). */
  close(): void {
    if (this.closed) return;
    try {
      this.socket.close(1000, 'done');
    } finally {
      this.onClose();
    }
  }

  onEvent(listener: CardEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private pickReader(): string | undefined {
    const preferred = this.options.reader;
    if (preferred && this.readerList.some((r) => r.name === preferred)) return preferred;
    return (this.readerList.find((r) => r.cardPresent) ?? this.readerList[0])?.name;
  }

  private assertOpen(): void {
    if (this.closed) throw new BridgeError('reader-unplugged', 'bridge-closed', 'The bridge connection is closed');
  }

  private request(message: ClientMessage & { id: number }): Promise<ResultPayload> {
    const id = this.nextId++;
    return new Promise<ResultPayload>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TransportError('timeout', `The bridge did not answer a ${message.t} in time`));
      }, this.options.requestTimeoutMs ?? 30_000);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.socket.send(JSON.stringify({ ...message, id }));
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new BridgeError('reader-unplugged', 'bridge-closed', 'The bridge connection is closed', { cause: e }));
      }
    });
  }

  private onMessage(data: unknown): void {
    let message: ServerMessage;
    try {
      message = parseServerMessage(data);
    } catch (e) {
      this.failAll(new BridgeError('protocol', 'bridge-protocol', 'The bridge sent a malformed message', { cause: e }));
      this.close();
      return;
    }
    if (message.t === 'result') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.result);
      else p.reject(requestError(message.error));
    } else if (message.t === 'event') {
      this.onBridgeEvent(message.event, message.reader);
    } else if (message.t === 'refused') {
      this.failAll(new BridgeError('protocol', 'bridge-protocol', `The bridge closed the session (${message.reason})`));
    }
  }

  private onBridgeEvent(event: Extract<ServerMessage, { t: 'event' }>['event'], reader: string): void {
    if (event === 'reader-added') {
      if (!this.readerList.some((r) => r.name === reader)) this.readerList = [...this.readerList, { name: reader, cardPresent: false }];
      this.current ??= reader;
      return;
    }
    if (event === 'reader-removed') {
      this.readerList = this.readerList.filter((r) => r.name !== reader);
      if (reader === this.current) {
        this.sessionOpen = false;
        this.current = this.pickReader();
        this.emit({ type: 'reader-removed' });
      }
      return;
    }
    const present = event === 'card-present';
    this.readerList = this.readerList.map((r) => (r.name === reader ? { name: r.name, cardPresent: present } : r));
    // Follow the card: with no session open, a card placed on another reader makes it current.
    if (present && reader !== this.current && !this.sessionOpen && !this.isCardPresent()) this.current = reader;
    if (reader !== this.current) return;
    if (!present) this.sessionOpen = false;
    this.emit({ type: present ? 'card-present' : 'card-removed' });
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.sessionOpen = false;
    this.failAll(new BridgeError('reader-unplugged', 'bridge-closed', 'The bridge connection closed'));
    this.emit({ type: 'reader-removed' });
  }

  private failAll(error: TransportError): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.pending.delete(id);
    }
  }

  private emit(event: CardEvent): void {
    for (const l of this.listeners) l(event);
  }
}
