/**
 * NFC Port-100 (Sony RC-S380) USB framing. Facts: reference browser-readers.md §2.1, from nfcpy
 * `src/nfc/clf/rcs380.py` (class Frame) and `tests/test_clf_rcs380.py` (FRAME/ACK helpers):
 *
 *   data frame  00 00 FF FF FF | LEN (2, little-endian) | LCS | DATA | DCS | 00
 *               LCS = (256 − sum(LEN bytes)) & 0xFF, DCS = (256 − sum(DATA)) & 0xFF
 *   ACK         00 00 FF 00 FF 00
 *   error       00 00 FF FF FF            (a transfer holding only these five bytes)
 *
 * The short PN53x-style form `00 00 FF LEN LCS DATA DCS 00` is also decoded, because the PN53x
 * application-level error frame `00 00 FF 01 FF 7F 81 00` has that form (nfcpy's rcs380 tests
 * define it as ERR()); a decoded payload of just `7F` is reported as an error frame.
 */

export const PORT100_ACK: Uint8Array = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);
export const PORT100_ERROR_FRAME: Uint8Array = Uint8Array.of(0x00, 0x00, 0xff, 0xff, 0xff);
const PREAMBLE = [0x00, 0x00, 0xff] as const;

/**
 * Largest DATA we send or accept. nfcpy caps RF payloads at 290 bytes (get_max_send_data_size);
 * command overhead (D6/D7, code, InCommRF timeout and status) stays well under the 512 here.
 */
export const MAX_PORT100_DATA = 512;

/** (256 − sum) & 0xFF: the LCS / DCS checksum. */
export function port100Checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

/** Wrap DATA (`D6 <cmd> <params>`) in an extended data frame. */
export function encodePort100Frame(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length > MAX_PORT100_DATA) {
    throw new RangeError(`Port-100 frame data of ${data.length} bytes (1..${MAX_PORT100_DATA})`);
  }
  const out = new Uint8Array(8 + data.length + 2);
  out.set([0x00, 0x00, 0xff, 0xff, 0xff], 0);
  out[5] = data.length & 0xff;
  out[6] = data.length >> 8;
  out[7] = port100Checksum(out.subarray(5, 7));
  out.set(data, 8);
  out[8 + data.length] = port100Checksum(data);
  out[9 + data.length] = 0x00;
  return out;
}

export type Port100Frame =
  | { readonly type: 'ack' }
  | { readonly type: 'error' }
  | { readonly type: 'data'; readonly data: Uint8Array }
  /** Bytes that could not be a frame: bad checksum, bad postamble, oversize, stray bytes. */
  | { readonly type: 'corrupt'; readonly reason: string };

function startsWithPreamble(buf: Uint8Array, at = 0): boolean {
  return buf[at] === PREAMBLE[0] && buf[at + 1] === PREAMBLE[1] && buf[at + 2] === PREAMBLE[2];
}

function indexOfPreamble(buf: Uint8Array, from: number): number {
  for (let i = from; i + 2 < buf.length; i++) if (startsWithPreamble(buf, i)) return i;
  return -1;
}

/** Largest amount of unframed input kept while waiting for the rest of a frame. */
const MAX_BUFFERED = 4 * (MAX_PORT100_DATA + 10);

/**
 * Turns bulk-IN transfers into frames. A frame may arrive split over several transfers, or two
 * frames in one; anything unparseable is reported as a 'corrupt' frame and skipped up to the next
 * preamble. Loops are bounded by the buffer size, which is itself capped.
 */
export class Port100FrameAssembler {
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly ready: Port100Frame[] = [];

  /** Feed one transfer's bytes. */
  push(transfer: Uint8Array): void {
    if (this.buffer.length === 0 && transfer.length === PORT100_ERROR_FRAME.length && startsWithPreamble(transfer) && transfer[3] === 0xff && transfer[4] === 0xff) {
      this.ready.push({ type: 'error' });
      return;
    }
    const joined = new Uint8Array(this.buffer.length + transfer.length);
    joined.set(this.buffer, 0);
    joined.set(transfer, this.buffer.length);
    this.buffer = joined;
    this.parse();
    if (this.buffer.length > MAX_BUFFERED) {
      this.buffer = new Uint8Array(0);
      this.ready.push({ type: 'corrupt', reason: 'too many bytes without a complete frame' });
    }
  }

  /** The next complete frame, if any. */
  next(): Port100Frame | undefined {
    return this.ready.shift();
  }

  /** Forget partial input and undelivered frames (after an abort). */
  clear(): void {
    this.buffer = new Uint8Array(0);
    this.ready.length = 0;
  }

  private parse(): void {
    let buf = this.buffer;
    // Each pass consumes at least one byte or stops: bounded by buf.length.
    for (;;) {
      if (buf.length === 0) break;
      if (!startsWithPreamble(buf)) {
        const at = indexOfPreamble(buf, 1);
        if (at < 0) {
          // Keep a possible partial preamble at the end, report the rest.
          const keep = buf.length >= 2 && buf[buf.length - 2] === 0x00 && buf[buf.length - 1] === 0x00 ? 2 : buf[buf.length - 1] === 0x00 ? 1 : 0;
          if (buf.length - keep > 0) this.ready.push({ type: 'corrupt', reason: `${buf.length - keep} stray bytes` });
          buf = buf.slice(buf.length - keep);
          break;
        }
        this.ready.push({ type: 'corrupt', reason: `${at} stray bytes` });
        buf = buf.slice(at);
        continue;
      }
      if (buf.length < 6) break;
      if (buf[3] === 0x00 && buf[4] === 0xff) {
        if (buf[5] !== 0x00) {
          this.ready.push({ type: 'corrupt', reason: 'ACK without postamble' });
          buf = buf.slice(3);
          continue;
        }
        this.ready.push({ type: 'ack' });
        buf = buf.slice(6);
        continue;
      }
      let header: number;
      let length: number;
      if (buf[3] === 0xff && buf[4] === 0xff) {
        if (buf.length < 8) break;
        length = buf[5]! | (buf[6]! << 8);
        if (((buf[5]! + buf[6]! + buf[7]!) & 0xff) !== 0) {
          this.ready.push({ type: 'corrupt', reason: 'length checksum (LCS) mismatch' });
          buf = buf.slice(3);
          continue;
        }
        header = 8;
      } else {
        length = buf[3]!;
        if (((buf[3]! + buf[4]!) & 0xff) !== 0) {
          this.ready.push({ type: 'corrupt', reason: 'length checksum (LCS) mismatch' });
          buf = buf.slice(3);
          continue;
        }
        header = 5;
      }
      if (length === 0 || length > MAX_PORT100_DATA) {
        this.ready.push({ type: 'corrupt', reason: `frame length ${length}` });
        buf = buf.slice(3);
        continue;
      }
      const total = header + length + 2;
      if (buf.length < total) break;
      const data = buf.slice(header, header + length);
      if (port100Checksum(data) !== buf[header + length]) {
        this.ready.push({ type: 'corrupt', reason: 'data checksum (DCS) mismatch' });
        buf = buf.slice(total);
        continue;
      }
      if (buf[header + length + 1] !== 0x00) {
        this.ready.push({ type: 'corrupt', reason: 'missing postamble' });
        buf = buf.slice(total);
        continue;
      }
      this.ready.push(header === 5 && length === 1 && data[0] === 0x7f ? { type: 'error' } : { type: 'data', data });
      buf = buf.slice(total);
    }
    this.buffer = buf;
  }
}

/** Decode exactly one frame from one buffer (tests, diagnostics). */
export function decodePort100Frame(bytes: Uint8Array): Port100Frame | undefined {
  const a = new Port100FrameAssembler();
  a.push(bytes);
  return a.next();
}
