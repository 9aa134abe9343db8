/**
 * Node HTTP servers on 127.0.0.1 (port 0 = any free port) for the revocation test responders.
 * `close()` ends every connection — including requests a 'hang' variant never answers — so
 * tests leave no handles open. Node only; never imported by src/verify.
 */
import { concatBytes } from '../../bytes/byte-ops';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SimRevocationError } from './sim-revocation-error';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  /** e.g. "http://127.0.0.1:39211" */
  readonly origin: string;
  close(): Promise<void>;
}

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('simulator error');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new SimRevocationError('sim-server-failed', 'no TCP address');
  let closed: Promise<void> | undefined;
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}

/** Read a request body, refusing more than `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of req) {
    const c = chunk as Uint8Array;
    n += c.length;
    if (n > maxBytes) return undefined;
    parts.push(c);
  }
  return concatBytes(...parts);
}
