/**
 * VpcdClient against a fake vpcd (a node:net server speaking the vsmartcard framing): no pcscd
 * needed. Covers partial reads, several frames per chunk, control messages, the frame-size
 * bound, reconnection, and stop() closing the socket (= card removed).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeVpcdFrame, VpcdClient, VpcdFrameParser, VpcdProtocolError } from '../../src/node/vpcd/vpcd-client';
import type { ApduResponder } from '../../src/transport/apdu-responder';

const ATR = Uint8Array.of(0x3b, 0xe0, 0x00, 0xff, 0x81, 0x31, 0xfe, 0x45, 0x14);

class EchoCard implements ApduResponder {
  readonly log: string[] = [];
  powerOn(): Uint8Array {
    this.log.push('on');
    return ATR.slice();
  }
  powerOff(): void {
    this.log.push('off');
  }
  async process(command: Uint8Array): Promise<Uint8Array> {
    this.log.push(`apdu:${command.length}`);
    return Uint8Array.of(...command.subarray(0, 2), 0x90, 0x00);
  }
}

/** Fake vpcd: accepts one vicc at a time and lets the test write raw bytes and read frames. */
class FakeVpcd {
  readonly server: Server;
  sockets: Socket[] = [];
  private received = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  constructor() {
    this.server = createServer((s) => {
      this.sockets.push(s);
      s.on('data', (d: Buffer) => {
        this.received = Buffer.concat([this.received, d]);
        for (const w of this.waiters.splice(0)) w();
      });
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return (this.server.address() as { port: number }).port;
  }
  async waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timeout');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  /** Next reply frame from the card. */
  async frame(): Promise<Buffer> {
    await this.waitFor(() => this.received.length >= 2 && this.received.length >= 2 + this.received.readUInt16BE(0));
    const len = this.received.readUInt16BE(0);
    const f = this.received.subarray(2, 2 + len);
    this.received = this.received.subarray(2 + len);
    return Buffer.from(f);
  }
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('VpcdFrameParser', () => {
  it('handles partial reads and several frames per chunk', () => {
    const p = new VpcdFrameParser();
    const bytes = Buffer.concat([Buffer.from(encodeVpcdFrame(Uint8Array.of(4))), Buffer.from(encodeVpcdFrame(Uint8Array.of(0, 0xa4, 4, 0x0c)))]);
    expect(p.push(bytes.subarray(0, 1))).toEqual([]);
    expect(p.push(bytes.subarray(1, 4)).map((f) => [...f])).toEqual([[4]]);
    expect(p.pending).toBe(1);
    expect(p.push(bytes.subarray(4)).map((f) => [...f])).toEqual([[0, 0xa4, 4, 0x0c]]);
    expect(p.pending).toBe(0);
    const both = new VpcdFrameParser().push(bytes);
    expect(both).toHaveLength(2);
  });

  it('rejects frames over the bound and empty frames with a typed error', () => {
    expect(() => new VpcdFrameParser(16).push(Uint8Array.of(0, 17))).toThrow(VpcdProtocolError);
    expect(() => new VpcdFrameParser().push(Uint8Array.of(0, 0))).toThrow(VpcdProtocolError);
  });
});

describe('VpcdClient', () => {
  let fake: FakeVpcd | undefined;
  let client: VpcdClient | undefined;
  afterEach(async () => {
    await client?.stop();
    await fake?.close();
    client = undefined;
    fake = undefined;
  });

  it('answers get-ATR, power control and APDUs; stop() closes the socket', async () => {
    fake = new FakeVpcd();
    const port = await fake.listen();
    const card = new EchoCard();
    client = new VpcdClient(card, { port, initialBackoffMs: 20 });
    client.start();
    await client.waitConnected();
    const s = fake.sockets[0]!;
    s.write(Buffer.from(encodeVpcdFrame(Uint8Array.of(4))));
    expect([...(await fake.frame())]).toEqual([...ATR]);
    // power on + an APDU in one chunk, the APDU split in two writes.
    const apdu = Buffer.from(encodeVpcdFrame(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, 0x01, 0xd3)));
    s.write(Buffer.concat([Buffer.from(encodeVpcdFrame(Uint8Array.of(1))), apdu.subarray(0, 3)]));
    await new Promise((r) => setTimeout(r, 20));
    s.write(apdu.subarray(3));
    expect([...(await fake.frame())]).toEqual([0x00, 0xa4, 0x90, 0x00]);
    // reset = off + on; polling ATR afterwards does not touch the card.
    s.write(Buffer.from(encodeVpcdFrame(Uint8Array.of(2))));
    s.write(Buffer.from(encodeVpcdFrame(Uint8Array.of(4))));
    expect([...(await fake.frame())]).toEqual([...ATR]);
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    await client.stop();
    await closed;
    expect(card.log.filter((l) => l !== 'off')).toEqual(['on', 'on', 'apdu:6', 'on']);
  });

  it('drops the connection on an oversized frame and reconnects', async () => {
    fake = new FakeVpcd();
    const port = await fake.listen();
    const errors: Error[] = [];
    client = new VpcdClient(new EchoCard(), { port, initialBackoffMs: 20, maxFrame: 32, onEvent: (e) => e.type === 'error' && errors.push(e.error) });
    client.start();
    await client.waitConnected();
    fake.sockets[0]!.write(Uint8Array.of(0x01, 0x00));
    await fake.waitFor(() => fake!.sockets.length === 2);
    expect(errors[0]).toBeInstanceOf(VpcdProtocolError);
    fake.sockets[1]!.write(Buffer.from(encodeVpcdFrame(Uint8Array.of(4))));
    expect([...(await fake.frame())]).toEqual([...ATR]);
  });

  it('keeps retrying with backoff until vpcd listens', async () => {
    fake = new FakeVpcd();
    const port = await fake.listen();
    await new Promise<void>((r) => fake!.server.close(() => r()));
    const events: string[] = [];
    client = new VpcdClient(new EchoCard(), { port, initialBackoffMs: 10, maxBackoffMs: 40, onEvent: (e) => events.push(e.type) });
    client.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(events.filter((e) => e === 'connecting').length).toBeGreaterThan(1);
    await new Promise<void>((r) => fake!.server.listen(port, '127.0.0.1', () => r()));
    await client.waitConnected(3000);
  });
});
