import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP front for the simulator's revocation responders (src/sim/revocation), which
 * answer Node clients and send no CORS headers: the kiosk page (another origin) needs
 * `Access-Control-Allow-Origin` on the answer and a preflight answer for the OCSP POST
 * (application/ocsp-request is not a "simple" content type). Bodies are forwarded unchanged.
 */
export interface CorsFront {
  readonly origin: string;
  /** Requests forwarded (not preflights). */
  readonly forwarded: number;
  /**
   * false: the front is unreachable — open connections are cut and every new one is closed at
   * once, so the page's fetch fails with a network error, as with a service out of reach.
   */
  setReachable(reachable: boolean): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export async function startCorsFront(target: string): Promise<CorsFront> {
  let forwarded = 0;
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' };
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    void (async () => {
      forwarded++;
      const payload = req.method === 'POST' ? await body(req) : undefined;
      const answer = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        ...(payload ? { body: new Uint8Array(payload), headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' } } : {}),
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { ...cors, 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(bytes);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502, cors);
      res.end();
    });
  });
  let reachable = true;
  server.on('connection', (socket) => {
    if (!reachable) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    get forwarded() {
      return forwarded;
    },
    setReachable(value) {
      reachable = value;
      if (!value) server.closeAllConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
