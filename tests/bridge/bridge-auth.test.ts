/**
 * Who may use the bridge: the exact Origin allow-list, the pairing MAC over a fresh nonce (no
 * token, a wrong token, a replayed handshake), the handshake deadline, the connection limit and
 * the loopback-only listener. Real server, real client, real WebSockets on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newPairingToken } from '../../src/node/bridge/bridge-config';
import { startBridgeServer } from '../../src/node/bridge/bridge-server';
import { SimulatedPcscService } from '../../src/node/bridge/simulated-pcsc-service';
import { computeAuthMac } from '../../src/transport/bridge/bridge-auth';
import { BridgeError } from '../../src/transport/bridge/bridge-error';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { ORIGIN, RawClient, openTransport, startTestBridge, type TestBridge } from './bridge-rig';

let bridge: TestBridge | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await bridge?.close();
  bridge = undefined;
});

function raw(origin: string | undefined): RawClient {
  const c = new RawClient(bridge!.bridge.url, origin);
  clients.push(c);
  return c;
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isKazasuError(e), String(e)).toBe(true);
    expect(e).toBeInstanceOf(BridgeError);
    return (e as BridgeError).reason;
  }
  throw new Error('expected a BridgeError');
}

describe('bridge handshake', () => {
  it('pairs a page from an allowed origin with the right token', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    const t = await openTransport(bridge);
    expect(t.readers().map((r) => r.name)).toEqual(['Kazasu Simulated Reader 00']);
    t.close();
    expect(bridge.log.some((l) => l.includes('paired'))).toBe(true);
  });

  it('refuses an origin not on the allow-list, and one that differs only by port or scheme', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    for (const origin of ['https://evil.example', 'http://127.0.0.1:4174', 'https://127.0.0.1:4173', 'http://localhost:4173', 'null']) {
      expect(await reason(openTransport(bridge, { origin })), origin).toBe('origin-not-allowed');
    }
    const c = raw('https://evil.example');
    expect((await c.frame('refused')).reason).toBe('origin-not-allowed');
    expect(await c.closed()).toBe(4403);
    // No hello, so no nonce was ever handed to the foreign page.
    expect(c.frames.some((f) => f.t === 'hello')).toBe(false);
  });

  it('refuses a client that sends no Origin header at all', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    const c = raw(undefined);
    expect((await c.frame('refused')).reason).toBe('origin-not-allowed');
    expect(await c.closed()).toBe(4403);
  });

  it('refuses a wrong token, and a missing or malformed one before connecting', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    expect(await reason(openTransport(bridge, { token: newPairingToken() }))).toBe('pairing-failed');
    expect(await reason(openTransport(bridge, { token: '' }))).toBe('pairing-missing');
    expect(await reason(openTransport(bridge, { token: 'not-a-token' }))).toBe('pairing-missing');
    expect(bridge.log.filter((l) => l.includes('wrong pairing MAC'))).toHaveLength(1);
  });

  it('refuses a replayed handshake: the MAC of one connection does not open another', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    const first = raw(ORIGIN);
    const hello1 = await first.frame('hello');
    const mac = await computeAuthMac(bridge.token, String(hello1.nonce), ORIGIN);
    first.send({ t: 'auth', mac });
    await first.frame('ready');

    const second = raw(ORIGIN);
    const hello2 = await second.frame('hello');
    expect(hello2.nonce).not.toBe(hello1.nonce);
    second.send({ t: 'auth', mac });
    expect((await second.frame('refused')).reason).toBe('auth-failed');
    expect(await second.closed()).toBe(4401);
  });

  it('refuses a MAC made for another origin (the token alone is not enough)', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    const c = raw(ORIGIN);
    const hello = await c.frame('hello');
    c.send({ t: 'auth', mac: await computeAuthMac(bridge.token, String(hello.nonce), 'https://evil.example') });
    expect((await c.frame('refused')).reason).toBe('auth-failed');
  });

  it('refuses requests before pairing, binary frames and malformed JSON', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    const early = raw(ORIGIN);
    await early.frame('hello');
    early.send({ t: 'list', id: 1 });
    expect((await early.frame('refused')).reason).toBe('protocol');
    expect(await early.closed()).toBe(4400);
    expect(early.frames.some((f) => f.t === 'result')).toBe(false);

    const binary = raw(ORIGIN);
    await binary.frame('hello');
    binary.sendBinary(Uint8Array.of(1, 2, 3));
    expect(await binary.closed()).toBe(4400);

    const junk = raw(ORIGIN);
    await junk.frame('hello');
    junk.send('{"t":"auth","mac":');
    expect(await junk.closed()).toBe(4400);
  });

  it('closes a connection that does not pair in time', async () => {
    bridge = await startTestBridge(new SimulatedPcscService(), { authTimeoutMs: 200 });
    const c = raw(ORIGIN);
    await c.frame('hello');
    expect((await c.frame('refused')).reason).toBe('auth-timeout');
    expect(await c.closed()).toBe(4408);
  });

  it('limits concurrent connections', async () => {
    bridge = await startTestBridge(new SimulatedPcscService(), { maxConnections: 1 });
    const a = await openTransport(bridge);
    expect(await reason(openTransport(bridge))).toBe('too-many-connections');
    a.close();
  });

  it('reports an unreachable bridge as bridge-unreachable', async () => {
    bridge = await startTestBridge(new SimulatedPcscService());
    const url = bridge.bridge.url;
    await bridge.close();
    bridge = undefined;
    expect(await reason(openTransport({ bridge: { url } } as TestBridge, { token: newPairingToken() }))).toBe('bridge-unreachable');
  });

  it('listens on loopback only and needs a real token and at least one origin', async () => {
    const service = new SimulatedPcscService();
    const token = newPairingToken();
    await expect(startBridgeServer({ service, token, allowedOrigins: [ORIGIN], host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'bridge-config' });
    await expect(startBridgeServer({ service, token: 'short', allowedOrigins: [ORIGIN], port: 0 })).rejects.toMatchObject({ code: 'bridge-config' });
    await expect(startBridgeServer({ service, token, allowedOrigins: [], port: 0 })).rejects.toMatchObject({ code: 'bridge-config' });
    await expect(startBridgeServer({ service, token, allowedOrigins: ['http://127.0.0.1:4173/path'], port: 0 })).rejects.toMatchObject({ code: 'bridge-config' });
  });
});
