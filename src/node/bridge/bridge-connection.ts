/**
 * One WebSocket connection to the bridge: handshake (exact Origin allow-list, then the pairing
 * MAC over a fresh nonce), then at most one card session, with the PIN-try guard in front of
 * every command that uses a try. Requests are handled one at a time in arrival order.
 *
 * Logs name the origin, the request kind, the command's CLA/INS and the status word — never
 * command or response data (a VERIFY carries a PIN, responses carry personal data).
 */
import { base64ToBytes, bytesToBase64 } from '../../bytes/base64';
import { isKazasuError } from '../../errors/kazasu-error';
import { checkAuthMac } from '../../transport/bridge/bridge-auth';
import {
  BRIDGE_MAX_APDU_BYTES,
  BRIDGE_PROTOCOL_VERSION,
  parseClientMessage,
  type BridgeErrorCode,
  type BridgeRefusal,
  type ClientMessage,
  type ResultPayload,
  type ServerMessage,
} from '../../transport/bridge/bridge-protocol';
import { PcscError, type PcscCardSession, type PcscService } from './pcsc-service';
import { classifyPinCommand, counterQueryFor, decideFromCounter } from './pin-command-guard';

/** The socket as the connection sees it (a `ws` WebSocket fits). */
export interface BridgeSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface BridgeConnectionOptions {
  readonly origin: string | undefined;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly token: string;
  readonly service: PcscService;
  readonly extendedLength: boolean;
  readonly authTimeoutMs: number;
  /** PIN commands (VERIFY / CHANGE REFERENCE DATA with data) one connection may send. */
  readonly maxPinCommands: number;
  readonly log: (line: string) => void;
}

/** WebSocket close codes (4000–4999: application range, RFC 6455 §7.4.2). */
export const CLOSE_CODES: Readonly<Record<BridgeRefusal, number>> = {
  protocol: 4400,
  'auth-failed': 4401,
  'origin-not-allowed': 4403,
  'auth-timeout': 4408,
  'too-many-connections': 4429,
};

function randomNonce(): string {
  return bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}

class RequestError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    readonly tries?: number,
  ) {
    super(code);
  }
}

export class BridgeConnection {
  private state: 'awaiting-auth' | 'ready' | 'closed' = 'awaiting-auth';
  private readonly nonce = randomNonce();
  private session: PcscCardSession | undefined;
  private pinCommands = 0;
  private queue: Promise<void> = Promise.resolve();
  private authTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly socket: BridgeSocket,
    private readonly options: BridgeConnectionOptions,
  ) {}

  /** Start: refuse a foreign origin at once, else greet and wait for the MAC. */
  open(): void {
    const { origin } = this.options;
    if (origin === undefined || !this.options.allowedOrigins.has(origin)) {
      this.options.log(`refused connection from origin ${JSON.stringify(origin ?? null)}: not on the allow-list`);
      this.refuse('origin-not-allowed');
      return;
    }
    this.send({ t: 'hello', v: BRIDGE_PROTOCOL_VERSION, nonce: this.nonce });
    this.authTimer = setTimeout(() => this.refuse('auth-timeout'), this.options.authTimeoutMs);
  }

  /** A text frame arrived. */
  receive(text: string): void {
    this.queue = this.queue.then(() => this.handle(text)).catch(() => this.refuse('protocol'));
  }

  /** The socket closed: end the card session (resetting the card). */
  closed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.teardown();
  }

  refuse(reason: BridgeRefusal): void {
    if (this.state === 'closed') return;
    this.send({ t: 'refused', reason });
    this.state = 'closed';
    this.teardown();
    this.socket.close(CLOSE_CODES[reason], reason);
  }

  private teardown(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.unsubscribe?.();
    const session = this.session;
    this.session = undefined;
    void session?.disconnect().catch(() => undefined);
  }

  private send(message: ServerMessage): void {
    if (this.state === 'closed') return;
    this.socket.send(JSON.stringify(message));
  }

  private async handle(text: string): Promise<void> {
    if (this.state === 'closed') return;
    let message: ClientMessage;
    try {
      message = parseClientMessage(text);
    } catch {
      this.options.log('closed a connection that sent a malformed message');
      this.refuse('protocol');
      return;
    }
    if (this.state === 'awaiting-auth') {
      if (message.t !== 'auth') return this.refuse('protocol');
      const ok = await checkAuthMac(this.options.token, this.nonce, this.options.origin!, message.mac);
      if (!ok) {
        this.options.log(`refused connection from ${this.options.origin}: wrong pairing MAC`);
        return this.refuse('auth-failed');
      }
      if (this.authTimer) clearTimeout(this.authTimer);
      this.state = 'ready';
      this.unsubscribe = this.options.service.onEvent((e) => this.send({ t: 'event', event: e.type, reader: e.reader }));
      this.options.log(`connection from ${this.options.origin} paired`);
      this.send({ t: 'ready', readers: this.options.service.readers(), extendedLength: this.options.extendedLength });
      return;
    }
    if (message.t === 'auth') return this.refuse('protocol');
    try {
      const result = await this.request(message);
      this.send({ t: 'result', id: message.id, ok: true, result });
    } catch (e) {
      const code: BridgeErrorCode = e instanceof RequestError ? e.code : e instanceof PcscError ? e.code : 'transmit-failed';
      if (!(e instanceof RequestError) && !isKazasuError(e)) this.options.log(`unexpected error: ${e instanceof Error ? e.name : 'unknown'}`);
      const tries = e instanceof RequestError ? e.tries : undefined;
      this.send(tries === undefined ? { t: 'result', id: message.id, ok: false, error: code } : { t: 'result', id: message.id, ok: false, error: code, tries });
    }
  }

  private async request(message: Exclude<ClientMessage, { t: 'auth' }>): Promise<ResultPayload> {
    switch (message.t) {
      case 'list':
        return { kind: 'list', readers: this.options.service.readers() };
      case 'connect': {
        if (this.session) throw new RequestError('already-connected');
        const session = await this.options.service.connect(message.reader);
        if (this.state === 'closed') {
          await session.disconnect();
          throw new RequestError('not-connected');
        }
        this.session = session;
        this.pinCommands = 0;
        this.options.log(`card session opened on "${message.reader}"`);
        return { kind: 'connect', atr: bytesToBase64(session.atr) };
      }
      case 'transmit':
        return { kind: 'transmit', response: bytesToBase64(await this.transmit(base64ToBytes(message.apdu), message.lastTryConfirmed === true)) };
      case 'disconnect': {
        const session = this.session;
        this.session = undefined;
        await session?.disconnect();
        if (session) this.options.log('card session closed');
        return { kind: 'disconnect' };
      }
    }
  }

  private async transmit(apdu: Uint8Array, lastTryConfirmed: boolean): Promise<Uint8Array> {
    const session = this.session;
    if (!session) throw new RequestError('not-connected');
    if (apdu.length < 4 || apdu.length > BRIDGE_MAX_APDU_BYTES) throw new RequestError('bad-request');
    const head = `${hex2(apdu[0]!)} ${hex2(apdu[1]!)}`;
    const pin = classifyPinCommand(apdu);
    if (pin.kind === 'refused') {
      this.options.log(`refused command ${head}`);
      throw new RequestError('command-refused');
    }
    if (pin.kind === 'uses-try') {
      this.pinCommands++;
      if (this.pinCommands > this.options.maxPinCommands) {
        this.options.log(`refused PIN command ${head}: limit of ${this.options.maxPinCommands} per connection`);
        throw new RequestError('verify-limit');
      }
      const counter = await session.transmit(counterQueryFor(pin.cla, pin.p2));
      const sw = statusWord(counter);
      const decision = decideFromCounter(sw, lastTryConfirmed);
      if (decision.action === 'refuse') {
        this.options.log(`refused PIN command ${head}: ${decision.error} (counter SW ${sw.toString(16)})`);
        throw new RequestError(decision.error, decision.tries);
      }
    }
    const response = await session.transmit(apdu);
    if (response.length < 2 || response.length > 65_538) throw new RequestError('transmit-failed');
    this.options.log(`APDU ${head} → SW ${hex2(response[response.length - 2]!)}${hex2(response[response.length - 1]!)}`);
    return response;
  }
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}

function statusWord(response: Uint8Array): number {
  if (response.length < 2) return 0;
  return (response[response.length - 2]! << 8) | response[response.length - 1]!;
}
