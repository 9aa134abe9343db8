/** Shared test plumbing: a recording responder, the real transport + card library, replayed randomness. */
import { CardChannel } from '../../src/cards/iso7816/card-channel';
import { PassportCard } from '../../src/cards/passport/passport-card';
import type { RandomSource } from '../../src/cards/passport/random-source';
import { toHex } from '../../src/bytes/hex';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';

export class RecordingResponder implements ApduResponder {
  readonly log: { command: string; response: string }[] = [];
  constructor(readonly inner: ApduResponder) {}
  powerOn(): Uint8Array {
    return this.inner.powerOn();
  }
  powerOff(): void {
    this.inner.powerOff();
  }
  async process(command: Uint8Array): Promise<Uint8Array> {
    const response = await this.inner.process(command);
    this.log.push({ command: toHex(command), response: toHex(response) });
    return response;
  }
}

/** Random bytes replayed from a queue; any request of another length fails the test loudly. */
export function queueRandom(...chunks: Uint8Array[]): RandomSource & { remaining(): number } {
  const queue = chunks.map((c) => c.slice());
  const fn = ((length: number) => {
    const next = queue.shift();
    if (!next) throw new Error(`queueRandom: no bytes left for a request of ${length}`);
    if (next.length !== length) throw new Error(`queueRandom: next chunk has ${next.length} bytes, request was ${length}`);
    return next;
  }) as RandomSource & { remaining(): number };
  fn.remaining = () => queue.length;
  return fn;
}

/** A deterministic pseudo-random source for round trips (not for the worked examples). */
export function seededRandom(seed: number): RandomSource {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

export async function connect(chip: ApduResponder, options: { extendedLength?: boolean; random?: RandomSource; chunkSize?: number } = {}) {
  const recorder = new RecordingResponder(chip);
  const transport = new SimulatedTransport(recorder, { extendedLength: options.extendedLength ?? true });
  await transport.connect();
  const channel = new CardChannel(transport);
  const card = new PassportCard(channel, { ...(options.random ? { random: options.random } : {}), ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}) });
  return { recorder, transport, channel, card };
}
