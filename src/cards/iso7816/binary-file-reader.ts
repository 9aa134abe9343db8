import { CardStatusError } from '../../apdu/status-words';
import { describeCommandHeader, type CommandApdu } from '../../apdu/command';
import { toHex } from '../../bytes/hex';
import type { CardChannel } from './card-channel';
import { CardReadError } from './card-read-error';

/** READ BINARY offsets are 15 bits (spec §5.1), so no transparent EF can exceed this. */
export const MAX_EF_SIZE = 0x8000;

/** How much of a file to read. */
export type ReadPlan =
  /** Exactly `length` bytes from offset 0 (records of fixed size, e.g. 336-byte EF 0003). */
  | { readonly kind: 'fixed'; readonly length: number }
  /** One BER-TLV object: read its header, then exactly the object; FF filler is left unread. */
  | { readonly kind: 'ber-tlv'; readonly maxLength?: number }
  /** Everything up to the end of the file (answers 6B00 / short reads at the end). */
  | { readonly kind: 'whole-file'; readonly maxLength?: number };

/**
 * Reads transparent EFs by short EF identifier (spec §1.3: every EF used lies in 0001–001E).
 * The first READ BINARY uses the SFI form `00 B0 80|SFI 00`, which also makes the EF current,
 * so later chunks use plain 15-bit offsets with no SELECT EF at all. With extended length the
 * file comes in as few APDUs as possible; otherwise in 256-byte short reads.
 */
export class BinaryFileReader {
  constructor(private readonly channel: CardChannel) {}

  async read(sfi: number, plan: ReadPlan): Promise<Uint8Array> {
    if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) {
      throw new CardReadError('read-bad-sfi', `EF ${sfi} has no short identifier`);
    }
    switch (plan.kind) {
      case 'fixed':
        return this.readRange(sfi, plan.length, true);
      case 'whole-file':
        return this.readRange(sfi, Math.min(plan.maxLength ?? MAX_EF_SIZE, MAX_EF_SIZE), false);
      case 'ber-tlv':
        return this.readBerObject(sfi, plan.maxLength ?? MAX_EF_SIZE);
    }
  }

  /** Read the BER-TLV header (at most 8 bytes: 3 tag + 5 length), then the rest of the object. */
  private async readBerObject(sfi: number, maxLength: number): Promise<Uint8Array> {
    const head = await this.readChunk(sfi, 0, 8, true);
    const total = berObjectLength(head);
    if (total > maxLength || total > MAX_EF_SIZE) {
      throw new CardReadError('read-file-too-large', `EF ${hexFid(sfi)} declares ${total} bytes (limit ${maxLength})`);
    }
    if (head.length >= total) return head.slice(0, total);
    const out = new Uint8Array(total);
    out.set(head);
    await this.fill(sfi, out, head.length, true);
    return out;
  }

  /**
   * Read `length` bytes (or up to the end of the file when !exact). Each chunk is as large as
   * the path allows; the loop always advances or stops, and is bounded by MAX_EF_SIZE.
   */
  private async readRange(sfi: number, length: number, exact: boolean): Promise<Uint8Array> {
    const first = await this.readChunk(sfi, 0, Math.min(length, this.channel.maxReadLength), !exact);
    if (first.length >= length) return first.slice(0, length);
    if (exact && first.length < Math.min(length, this.channel.maxReadLength)) {
      throw new CardReadError('read-file-truncated', `EF ${hexFid(sfi)} ended after ${first.length} of ${length} bytes`, first.length);
    }
    const out = new Uint8Array(length);
    out.set(first);
    const got = await this.fill(sfi, out, first.length, exact);
    return got === length ? out : out.slice(0, got);
  }

  /** Fill `out` from `from` onwards with offset reads. Returns the number of bytes in `out`. */
  private async fill(sfi: number, out: Uint8Array, from: number, exact: boolean): Promise<number> {
    let offset = from;
    while (offset < out.length) {
      const want = Math.min(out.length - offset, this.channel.maxReadLength);
      const chunk = await this.readChunk(sfi, offset, want, !exact);
      if (chunk.length === 0) {
        if (exact) {
          throw new CardReadError('read-file-truncated', `EF ${hexFid(sfi)} ended at ${offset} of ${out.length} bytes`, offset);
        }
        return offset;
      }
      out.set(chunk, offset);
      offset += chunk.length;
      if (chunk.length < want) {
        // The card returned what remains of the file (JICSAP 6.4.1(4)): the file ends here.
        if (exact && offset < out.length) {
          throw new CardReadError('read-file-truncated', `EF ${hexFid(sfi)} ended at ${offset} of ${out.length} bytes`, offset);
        }
        return offset;
      }
    }
    return offset;
  }

  /**
   * One READ BINARY. Offset 0 uses the SFI form; later offsets use P1-P2 on the now-current EF.
   * `endOk`: an end-of-file answer (6B00, or 6282 with data) yields what was read instead of an error.
   */
  private async readChunk(sfi: number, offset: number, le: number, endOk: boolean): Promise<Uint8Array> {
    if (offset > 0x7fff) throw new CardReadError('read-file-too-large', `offset ${offset} beyond 15 bits`, offset);
    const cmd: CommandApdu =
      offset === 0
        ? { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: 0x00, le }
        : { cla: 0x00, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le };
    const res = await this.channel.send(cmd);
    if (res.sw === 0x9000 || (res.sw === 0x6282 && endOk)) {
      if (res.data.length > le) {
        throw new CardReadError('read-response-too-long', `card sent ${res.data.length} bytes for Le ${le}`, offset);
      }
      return res.data;
    }
    if (res.sw === 0x6b00 && endOk && offset > 0) return new Uint8Array(0);
    throw new CardStatusError(res.sw, describeCommandHeader(cmd));
  }
}

/**
 * Total size of the BER-TLV object whose first bytes are `head` (tag + length, spec §3).
 * Accepts multi-byte tags and non-minimal long-form lengths up to 4 length bytes.
 */
export function berObjectLength(head: Uint8Array): number {
  let i = 0;
  if (head.length < 2) throw new CardReadError('read-bad-header', 'file too short for a TLV header', 0);
  const first = head[i++]!;
  if ((first & 0x1f) === 0x1f) {
    // Subsequent tag bytes while bit 8 is set; at most 3 tag bytes in all.
    for (let n = 0; ; n++) {
      if (i >= head.length || n >= 2) throw new CardReadError('read-bad-header', 'bad or over-long tag', i);
      if ((head[i++]! & 0x80) === 0) break;
    }
  }
  if (i >= head.length) throw new CardReadError('read-bad-header', 'missing length', i);
  const l0 = head[i++]!;
  let length: number;
  if (l0 < 0x80) length = l0;
  else {
    const n = l0 & 0x7f;
    if (n === 0 || n > 4) throw new CardReadError('read-bad-header', `unsupported length byte ${toHex(Uint8Array.of(l0))}`, i - 1);
    if (i + n > head.length) throw new CardReadError('read-bad-header', 'length cut short', i);
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + head[i++]!;
  }
  return i + length;
}

function hexFid(sfi: number): string {
  return sfi.toString(16).toUpperCase().padStart(4, '0');
}
