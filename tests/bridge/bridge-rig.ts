/**
 * The real bridge server (src/node/bridge) on an ephemeral loopback port, and the real browser
 * client (BridgeTransport) talking to it through the `ws` package's WebSocket — which, unlike a
 * browser, lets a test set any Origin header, the way an attacker's non-browser client could.
 */
import WebSocket from 'ws';
import { newPairingToken } from '../../src/node/bridge/bridge-config';
import { startBridgeServer, type BridgeServerOptions, type RunningBridge } from '../../src/node/bridge/bridge-server';
import type { PcscService } from '../../src/node/bridge/pcsc-service';
import { BridgeTransport, type BridgeTransportOptions, type WebSocketLike } from '../../src/transport/bridge/bridge-transport';

export const ORIGIN = 'http://127.0.0.1:4173';

export interface TestBridge {
  readonly bridge: RunningBridge;
  readonly token: string;
  readonly log: string[];
  close(): Promise<void>;
}

export async function startTestBridge(service: PcscService, options: Partial<BridgeServerOptions> = {}): Promise<TestBridge> {
  const log: string[] = [];
  const token = options.token ?? newPairingToken();
  const bridge = await startBridgeServer({ service, token, allowedOrigins: [ORIGIN], port: 0, log: (l) => log.push(l), ...options });
  return { bridge, token, log, close: () => bridge.close() };
}

/** A WebSocket factory sending `origin` (undefined: no Origin header at all). */
export function socketWithOrigin(origin: string | undefined): (url: string) => WebSocketLike {
  return (url) => (origin === undefined ? new WebSocket(url) : new WebSocket(url, { origin })) as unknown as WebSocketLike;
}

export function openTransport(b: TestBridge, overrides: Partial<BridgeTransportOptions> = {}): Promise<BridgeTransport> {
  const origin = overrides.origin ?? ORIGIN;
  return BridgeTransport.open({ url: b.bridge.url, token: b.token, origin, createSocket: socketWithOrigin(origin), openTimeoutMs: 3_000, ...overrides });
}

/** A raw protocol client: every frame it receives, in order, and a way to wait for the close. */
export class RawClient {
  readonly frames: Record<string, unknown>[] = [];
  closeCode: number | undefined;
  private readonly ws: WebSocket;
  private readonly waiters: (() => void)[] = [];

  constructor(url: string, origin: string | undefined) {
    this.ws = origin === undefined ? new WebSocket(url) : new WebSocket(url, { origin });
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) this.frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      this.wake();
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    this.ws.on('error', () => this.wake());
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async until<T>(what: string, pick: () => T | undefined, timeoutMs = 5_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = pick();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  frame(t: string, extra: (f: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    return this.until(`a ${t} frame`, () => this.frames.find((f) => f.t === t && extra(f)));
  }

  closed(): Promise<number> {
    return this.until('the close', () => this.closeCode);
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  sendBinary(bytes: Uint8Array): void {
    this.ws.send(bytes, { binary: true });
  }

  close(): void {
    this.ws.close();
  }
}
