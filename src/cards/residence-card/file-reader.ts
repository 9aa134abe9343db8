/**
 * READ BINARY for residence-card files, plain or under secure messaging (§4.2.5), read once and
 * chunked to the reader path's limits. The first READ names the file by short EF identifier
 * (P1 = 1 0 0 x x x x x, P2 = offset 0), which also makes it the current file ("対象ファイルは
 * カレントファイルとなる"); later chunks give a 15-bit offset in P1-P2 on that file. With extended
 * length a whole file comes in one APDU with Le "00 00" (§4.2.5: 00 00 = the whole file), as in
 * 別添2; on a short-length path plain reads take 256 bytes and SM reads the largest plain chunk
 * whose protected answer fits 256 bytes (247 / 239 bytes for gen 1 / gen 2).
 */
import { describeCommandHeader, type CommandApdu } from '../../apdu/command';
import type { ResponseApdu } from '../../apdu/response';
import { CardStatusError } from '../../apdu/status-words';
import type { CardChannel } from '../iso7816/card-channel';
import { residenceMaxPlainChunk, type ResidenceGeneration } from '../secure-messaging/residence-sm';
import type { SecureChannel } from '../secure-messaging/secure-channel';
import { ResidenceCardError } from './residence-card-error';

export interface ReadTarget {
  readonly sfi: number;
  readonly capacity: number;
}

type Sender = (cmd: CommandApdu) => Promise<ResponseApdu>;

const SHORT_RESPONSE_MAX = 258;

export async function readPlainFile(channel: CardChannel, target: ReadTarget): Promise<Uint8Array> {
  const max = channel.maxReadLength;
  return readChunks((cmd) => channel.send(cmd), target, max, channel.extendedLength);
}

export async function readSecureFile(secure: SecureChannel, generation: ResidenceGeneration, target: ReadTarget): Promise<Uint8Array> {
  const channel = secure.channel;
  const maxResponse = channel.extendedLength ? Math.min(channel.transport.capabilities.maxResponseLength, 65_538) : SHORT_RESPONSE_MAX;
  const max = residenceMaxPlainChunk(maxResponse, generation);
  if (max < 1) throw new ResidenceCardError('rc-read-failed', 'the reader path cannot carry a protected answer');
  return readChunks((cmd) => secure.send(cmd), target, max, channel.extendedLength);
}

async function readChunks(send: Sender, target: ReadTarget, maxChunk: number, extended: boolean): Promise<Uint8Array> {
  const { sfi, capacity } = target;
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30 || !Number.isInteger(capacity) || capacity < 1 || capacity > 0x7fff) {
    throw new ResidenceCardError('rc-read-failed', `no such file: SFI ${sfi}, capacity ${capacity}`);
  }
  const out = new Uint8Array(capacity);
  let offset = 0;
  while (offset < capacity) {
    const want = Math.min(capacity - offset, maxChunk);
    // The whole file in one go: Le 00 00 exactly as the spec's examples (別添2 steps 15, 17, 20).
    const le = offset === 0 && want === capacity && extended ? 65536 : want;
    const cmd: CommandApdu =
      offset === 0
        ? { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: 0x00, le }
        : { cla: 0x00, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le };
    const res = await send(cmd);
    let chunk: Uint8Array;
    if (res.sw === 0x9000 || res.sw === 0x6282) chunk = res.data;
    else if (res.sw === 0x6b00 && offset > 0) chunk = new Uint8Array(0);
    else throw new CardStatusError(res.sw, describeCommandHeader(cmd));
    if (chunk.length > want) {
      throw new ResidenceCardError('rc-read-failed', `EF SFI ${sfi}: the card sent ${chunk.length} bytes where at most ${want} fit`, offset);
    }
    out.set(chunk, offset);
    offset += chunk.length;
    // A short answer is the end of the file (§4.2.5: "読み出せるだけ読出し").
    if (chunk.length < want) break;
  }
  return offset === capacity ? out : out.slice(0, offset);
}
