import { connect, type Socket } from 'node:net';
import { KazasuError } from '../../errors/kazasu-error';
import type { ApduResponder } from '../../transport/apdu-responder';

/**
 * The simulated card as a vsmartcard "vicc": a TCP client of vpcd (the pcscd reader driver),
 * which listens on 127.0.0.1:35963 for slot 0. Every message either way is a 2-byte big-endian
 * length followed by that many bytes. From vpcd, a 1-byte message is a control message
 * (00 power off, 01 power on, 02 reset, 04 get ATR); anything longer is a command APDU. The
 * card answers get-ATR and APDUs with a length-prefixed reply, and nothing else. Closing the
 * socket means the card was removed.
 */

export const VPCD_DEFAULT_HOST = '127.0.0.1';
export const VPCD_DEFAULT_PORT = 35963;
/** Largest frame vpcd can send (an extended-length APDU fits comfortably); larger is a protocol error. */
export const VPCD_MAX_FRAME = 0xffff;

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_GET_ATR = 0x04;

/** A vpcd framing or protocol violation (from the peer), or a reply too large to frame. */
export class VpcdProtocolError extends KazasuError {
  readonly code = 'vpcd-protocol';
}

/** The card could not answer a message (the responder threw). */
export class VpcdResponderError extends KazasuError {
  readonly code = 'vpcd-responder';
}

/**
 * Incremental parser for length-prefixed frames: tolerates partial reads and several frames per
 * chunk, and never holds more than one maximum frame plus its header.
 */
export class VpcdFrameParser {
  private buffer = new Uint8Array(0);

  constructor(private readonly maxFrame: number = VPCD_MAX_FRAME) {
    if (!Number.isInteger(maxFrame) || maxFrame < 1 || maxFrame > 0xffff) {
      throw new RangeError(`maxFrame must be 1..65535, got ${maxFrame}`);
    }
  }

  /** Feed received bytes; returns the complete frames they finish (possibly none). */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (joined.length - pos >= 2) {
      const len = (joined[pos]! << 8) | joined[pos + 1]!;
      if (len === 0) throw new VpcdProtocolError('vpcd sent an empty frame');
      if (len > this.maxFrame) throw new VpcdProtocolError(`vpcd frame of ${len} bytes exceeds the ${this.maxFrame}-byte limit`);
      if (joined.length - pos - 2 < len) break;
      frames.push(joined.slice(pos + 2, pos + 2 + len));
      pos += 2 + len;
    }
    this.buffer = joined.slice(pos);
    return frames;
  }

  /** Bytes held waiting for the rest of a frame. */
  get pending(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

/** Frame `data` with its 2-byte big-endian length. */
export function encodeVpcdFrame(data: Uint8Array): Uint8Array {
  if (data.length > 0xffff) throw new VpcdProtocolError(`reply of ${data.length} bytes does not fit a vpcd frame`);
  const out = new Uint8Array(2 + data.length);
  out[0] = data.length >> 8;
  out[1] = data.length & 0xff;
  out.set(data, 2);
  return out;
}

export type VpcdEvent =
  | { readonly type: 'connecting'; readonly host: string; readonly port: number }
  | { readonly type: 'connected' }
  | { readonly type: 'disconnected'; readonly error?: Error; readonly willRetry: boolean }
  | { readonly type: 'control'; readonly control: 'power-off' | 'power-on' | 'reset' | 'get-atr' }
  | { readonly type: 'apdu'; readonly command: Uint8Array; readonly response: Uint8Array }
  | { readonly type: 'error'; readonly error: Error };

export interface VpcdClientOptions {
  readonly host?: string;
  readonly port?: number;
  /** First reconnect delay in ms (doubles up to maxBackoffMs). */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly maxFrame?: number;
  /** The ATR to answer before the first power-on; otherwise the first get-ATR powers the card on. */
  readonly atr?: Uint8Array;
  readonly onEvent?: (event: VpcdEvent) => void;
}

/** Connects an ApduResponder (the simulated card) to vpcd and keeps reconnecting until stop(). */
export class VpcdClient {
  private readonly host: string;
  private readonly port: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxFrame: number;
  private readonly onEvent: (event: VpcdEvent) => void;
  private atr: Uint8Array | undefined;
  private socket: Socket | undefined;
  private stopped = true;
  private backoffMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Messages are answered strictly in order: vpcd waits for each reply before the next command. */
  private queue: Promise<void> = Promise.resolve();
  private connectedWaiters: (() => void)[] = [];

  constructor(
    private readonly responder: ApduResponder,
    options: VpcdClientOptions = {},
  ) {
    this.host = options.host ?? VPCD_DEFAULT_HOST;
    this.port = options.port ?? VPCD_DEFAULT_PORT;
    this.initialBackoffMs = options.initialBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.maxFrame = options.maxFrame ?? VPCD_MAX_FRAME;
    this.onEvent = options.onEvent ?? (() => {});
    this.atr = options.atr;
    this.backoffMs = this.initialBackoffMs;
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.connecting && !this.socket.destroyed;
  }

  /** Start connecting (and reconnecting) to vpcd. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.backoffMs = this.initialBackoffMs;
    this.connect();
  }

  /** Resolves once connected to vpcd (rejects after timeoutMs). */
  waitConnected(timeoutMs = 10_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connectedWaiters = this.connectedWaiters.filter((w) => w !== done);
        reject(new VpcdProtocolError(`not connected to vpcd at ${this.host}:${this.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.connectedWaiters.push(done);
    });
  }

  /** Close the connection (vpcd sees the card removed) and stop reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    this.responder.powerOff();
  }

  private connect(): void {
    if (this.stopped) return;
    this.onEvent({ type: 'connecting', host: this.host, port: this.port });
    const parser = new VpcdFrameParser(this.maxFrame);
    const socket = connect({ host: this.host, port: this.port });
    this.socket = socket;
    this.queue = Promise.resolve();
    socket.setNoDelay(true);
    let failure: Error | undefined;
    socket.on('connect', () => {
      this.backoffMs = this.initialBackoffMs;
      this.onEvent({ type: 'connected' });
      const waiters = this.connectedWaiters;
      this.connectedWaiters = [];
      for (const w of waiters) w();
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = parser.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (e) {
        failure = e instanceof Error ? e : new VpcdProtocolError(String(e));
        this.onEvent({ type: 'error', error: failure });
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        this.queue = this.queue.then(() => this.answer(socket, frame));
      }
    });
    socket.on('error', (e) => {
      failure = e;
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      parser.reset();
      this.responder.powerOff();
      const willRetry = !this.stopped;
      this.onEvent(failure ? { type: 'disconnected', error: failure, willRetry } : { type: 'disconnected', willRetry });
      if (!this.stopped) {
        const delay = this.backoffMs;
        this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.connect();
        }, delay);
      }
    });
  }

  private async answer(socket: Socket, frame: Uint8Array): Promise<void> {
    if (socket.destroyed) return;
    let reply: Uint8Array | undefined;
    try {
      reply = await this.handle(frame);
    } catch (e) {
      const error = e instanceof VpcdProtocolError ? e : new VpcdResponderError('the card failed to answer', { cause: e });
      this.onEvent({ type: 'error', error });
      socket.destroy(error);
      return;
    }
    if (reply !== undefined && !socket.destroyed) {
      try {
        socket.write(encodeVpcdFrame(reply));
      } catch (e) {
        const error = e instanceof Error ? e : new VpcdProtocolError(String(e));
        this.onEvent({ type: 'error', error });
        socket.destroy(error);
      }
    }
  }

  /** One message from vpcd → the reply to send, or undefined for power/reset. */
  private async handle(frame: Uint8Array): Promise<Uint8Array | undefined> {
    if (frame.length === 1) {
      switch (frame[0]) {
        case CTRL_POWER_OFF:
          this.onEvent({ type: 'control', control: 'power-off' });
          this.responder.powerOff();
          return undefined;
        case CTRL_POWER_ON:
          this.onEvent({ type: 'control', control: 'power-on' });
          this.atr = this.responder.powerOn();
          return undefined;
        case CTRL_RESET:
          this.onEvent({ type: 'control', control: 'reset' });
          this.responder.powerOff();
          this.atr = this.responder.powerOn();
          return undefined;
        case CTRL_GET_ATR:
          this.onEvent({ type: 'control', control: 'get-atr' });
          // Presence polling: answer without touching the card's state once the ATR is known.
          this.atr ??= this.responder.powerOn();
          return this.atr;
        default:
          throw new VpcdProtocolError(`unknown vpcd control message ${frame[0]!.toString(16).padStart(2, '0')}`);
      }
    }
    const response = await this.responder.process(frame);
    this.onEvent({ type: 'apdu', command: frame, response });
    return response;
  }
}
