/**
 * Reads an LDS file through the passport channel: SELECT EF (00 A4 02 0C), then READ BINARY in
 * chunks sized so the protected answer fits the path — 223 plain bytes per short answer with
 * AES SM (231 with 3DES), or larger chunks with extended length where the caller says the chip
 * and reader allow it (9303-11 §9.3.1.2: terminals use extended length for other commands only
 * when the chip states its buffer sizes). Offsets above 32767 use READ BINARY with odd INS B1
 * and the offset in DO'54' (ISO/IEC 7816-4 §11.2.3; 9303-10 allows it for large files), the
 * answer's data in DO'53'. The file length comes from its BER-TLV header, so each file is read
 * once and never past its end.
 */
import { CardStatusError } from '../../apdu/status-words';
import { describeCommandHeader, type CommandApdu } from '../../apdu/command';
import { berObjectLength } from '../iso7816/binary-file-reader';
import { CardReadError } from '../iso7816/card-read-error';
import { maxShortPlainResponse } from '../secure-messaging/icao-secure-messaging';
import { tlv } from '../secure-messaging/icao-sm-objects';
import type { PassportChannel } from './passport-channel';
import { PassportError } from './passport-error';

/** Largest LDS file Kazasu accepts (DG2 is typically 15–25 KB; offsets are 24-bit with B1). */
export const MAX_LDS_FILE = 1 << 20;

export interface ReadOptions {
  /** Plain bytes per READ BINARY. Default: what fits a short protected answer (223 AES / 231 3DES; 231 plain). */
  readonly chunkSize?: number;
}

export class LdsFileReader {
  constructor(
    private readonly channel: PassportChannel,
    private readonly options: ReadOptions = {},
  ) {}

  chunkSize(): number {
    const requested = this.options.chunkSize;
    const sm = this.channel.secureMessaging;
    const shortMax = sm ? maxShortPlainResponse(sm.cipher) : 256;
    if (requested === undefined) return shortMax;
    if (!Number.isInteger(requested) || requested < 1) throw new PassportError('read-failed', 'chunk size must be a positive integer');
    if (requested > shortMax && !this.channel.extendedLength) return shortMax;
    return Math.min(requested, 65_000);
  }

  async select(fid: number): Promise<void> {
    const res = await this.channel.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
    if (res.sw !== 0x9000) throw new CardStatusError(res.sw, `SELECT EF ${fid.toString(16).padStart(4, '0')}`);
  }

  /** SELECT the EF and read it whole. */
  async readFile(fid: number, maxLength = MAX_LDS_FILE): Promise<Uint8Array> {
    await this.select(fid);
    return this.readSelected(maxLength);
  }

  /** Read the currently selected EF: first chunk, then the rest the TLV header announces. */
  async readSelected(maxLength = MAX_LDS_FILE): Promise<Uint8Array> {
    const chunk = this.chunkSize();
    const first = await this.readChunk(0, chunk, true);
    if (first.length < 2) throw new PassportError('file-malformed', `file starts with only ${first.length} bytes`);
    let total: number;
    try {
      total = berObjectLength(first.subarray(0, Math.min(first.length, 8)));
    } catch (e) {
      throw new PassportError('file-malformed', 'file does not start with a BER-TLV header', { cause: e, offset: e instanceof CardReadError ? e.offset ?? 0 : 0 });
    }
    if (total > maxLength) throw new PassportError('file-too-large', `file declares ${total} bytes (limit ${maxLength})`);
    if (first.length >= total) return first.slice(0, total);
    const out = new Uint8Array(total);
    out.set(first);
    let offset = first.length;
    while (offset < total) {
      const want = Math.min(total - offset, chunk);
      const got = await this.readChunk(offset, want, false);
      if (got.length === 0) throw new PassportError('file-malformed', `file ended at ${offset} of ${total} bytes`, { offset });
      if (got.length > want) throw new PassportError('file-malformed', `chip sent ${got.length} bytes for ${want}`, { offset });
      out.set(got, offset);
      offset += got.length;
    }
    first.fill(0);
    return out;
  }

  private async readChunk(offset: number, le: number, first: boolean): Promise<Uint8Array> {
    if (offset <= 0x7fff) {
      const cmd: CommandApdu = { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le };
      const res = await this.channel.send(cmd);
      // The first read may ask for more than a short file holds: 6282 with what there is.
      if (res.sw === 0x9000 || (res.sw === 0x6282 && first)) {
        if (res.data.length > le) throw new PassportError('file-malformed', `chip sent ${res.data.length} bytes for Le ${le}`, { offset });
        return res.data;
      }
      throw new CardStatusError(res.sw, describeCommandHeader(cmd));
    }
    // Odd INS: DO'54' offset (minimal big-endian), answer wrapped in DO'53'.
    const off: number[] = [];
    for (let v = offset; v > 0; v = Math.floor(v / 256)) off.unshift(v & 0xff);
    const wrapped = Math.max(1, le - 4); // room for 53 82 LL LL
    const cmd: CommandApdu = { cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: tlv(0x54, Uint8Array.from(off)), le: wrapped + 4 };
    const res = await this.channel.send(cmd);
    if (res.sw !== 0x9000 && res.sw !== 0x6282) throw new CardStatusError(res.sw, describeCommandHeader(cmd));
    return unwrapDo53(res.data, offset).subarray(0, wrapped);
  }
}

function unwrapDo53(data: Uint8Array, offset: number): Uint8Array {
  if (data.length < 2 || data[0] !== 0x53) throw new PassportError('file-malformed', 'READ BINARY (B1) answer is not DO\'53\'', { offset });
  const l0 = data[1]!;
  let start = 2;
  let len: number;
  if (l0 < 0x80) len = l0;
  else if (l0 === 0x81 && data.length >= 3) {
    len = data[2]!;
    start = 3;
  } else if (l0 === 0x82 && data.length >= 4) {
    len = (data[2]! << 8) | data[3]!;
    start = 4;
  } else throw new PassportError('file-malformed', 'bad DO\'53\' length', { offset });
  if (start + len !== data.length) throw new PassportError('file-malformed', 'DO\'53\' length does not match the answer', { offset });
  return data.subarray(start);
}
