/**
 * `kazasu bridge`: the PC/SC bridge as a WebSocket server on loopback only (reference
 * browser-readers.md §6: never 0.0.0.0; Origin allow-list; per-install secret).
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { KazasuError } from '../../errors/kazasu-error';
import { BRIDGE_MAX_MESSAGE_CHARS } from '../../transport/bridge/bridge-protocol';
import { isPairingToken } from '../../transport/bridge/bridge-auth';
import { BridgeConnection } from './bridge-connection';
import type { PcscService } from './pcsc-service';
import { BRIDGE_DEFAULT_PORT } from './bridge-help';

export { BRIDGE_DEFAULT_PORT };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1']);

export class BridgeConfigError extends KazasuError {
  readonly code = 'bridge-config' as const;
}

export interface BridgeServerOptions {
  readonly service: PcscService;
  readonly token: string;
  /** Exact origins (scheme://host[:port]) whose pages may connect. */
  readonly allowedOrigins: readonly string[];
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Whether the readers pass extended-length APDUs (UNCONFIRMED per reader; default true). */
  readonly extendedLength?: boolean;
  readonly maxConnections?: number;
  readonly authTimeoutMs?: number;
  readonly maxPinCommands?: number;
  readonly log?: (line: string) => void;
}

export interface RunningBridge {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** An origin as browsers send it: scheme://host[:port], nothing else. */
export function normaliseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new BridgeConfigError(`not an origin: ${origin}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.replace(/\/$/, '')) {
    throw new BridgeConfigError(`not an origin (scheme://host[:port]): ${origin}`);
  }
  return url.origin;
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new BridgeConfigError(`the bridge listens on loopback only (127.0.0.1 or ::1), not ${host}`);
  if (!isPairingToken(options.token)) throw new BridgeConfigError('the pairing token is not 32 bytes of base64url');
  if (options.allowedOrigins.length === 0) throw new BridgeConfigError('no allowed origin: pass --allow-origin');
  const allowedOrigins = new Set(options.allowedOrigins.map(normaliseOrigin));
  const maxConnections = options.maxConnections ?? 4;
  const log = options.log ?? (() => undefined);

  const wss = new WebSocketServer({ host, port: options.port ?? BRIDGE_DEFAULT_PORT, maxPayload: BRIDGE_MAX_MESSAGE_CHARS * 4, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', (e) => reject(new BridgeConfigError(`cannot listen on ${host}:${options.port ?? BRIDGE_DEFAULT_PORT}: ${e.message}`, { cause: e })));
  });
  wss.on('error', () => undefined);

  const live = new Set<BridgeConnection>();
  wss.on('connection', (socket, request) => {
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const connection = new BridgeConnection(socket, {
      origin,
      allowedOrigins,
      token: options.token,
      service: options.service,
      extendedLength: options.extendedLength ?? true,
      authTimeoutMs: options.authTimeoutMs ?? 5_000,
      maxPinCommands: options.maxPinCommands ?? 8,
      log,
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) connection.refuse('protocol');
      else connection.receive(data.toString('utf8'));
    });
    socket.on('close', () => {
      live.delete(connection);
      connection.closed();
    });
    socket.on('error', () => connection.closed());
    if (live.size >= maxConnections) {
      connection.refuse('too-many-connections');
      return;
    }
    live.add(connection);
    connection.open();
  });

  const address = wss.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port: address.port,
    url: `ws://${urlHost}:${address.port}/`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
