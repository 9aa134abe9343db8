/**
 * The card (PICC) side of ISO/IEC 14443-4 ISO-DEP, shared by the emulated Type A and Type B
 * cards: unwraps I-blocks into whole command APDUs for an ApduResponder and wraps the answers
 * back, chaining with the FSD the host announced; R-blocks, S(WTX), S(DESELECT); CID when the
 * card announced it (Type A ATS TC(1) b2).
 *
 * Written independently of the host code in src/transport/iso-dep (so a bug there is not
 * mirrored here), from the PICC rules of ISO/IEC 14443-4 §7.5.4 (block numbering rules C–E,
 * rules 9–13) and the frame facts of reference browser-readers.md §2.3–§2.4. Where the rules
 * leave a case open, the PICC stays silent and records a `violation` so tests can see it.
 */
import { concatBytes } from '../../bytes/byte-ops';
import type { ApduResponder } from '../../transport/apdu-responder';

/** Waiting-time extensions the card asks for before answering one APDU. */
export interface WtxRequest {
  readonly count: number;
  readonly wtxm: number;
}

export type PiccReply =
  | { readonly kind: 'silent'; readonly why: string }
  /**
   * `minTimeoutMs`: the reader must wait at least this long for the answer to arrive in time.
   * `crc`: the card sends CRC after the frame (false only for Type A ATQA and SDD_RES).
   */
  | { readonly kind: 'answer'; readonly frame: Uint8Array; readonly minTimeoutMs: number; readonly crc?: boolean };

export const FRAME_SIZES: readonly number[] = [16, 24, 32, 40, 48, 64, 96, 128, 256];
const FC = 13_560_000;
/** FWT for an FWI (card side): 256 × 16 / fc × 2^FWI, in ms. */
export const piccFwtMs = (fwi: number): number => ((256 * 16) / FC) * 2 ** fwi * 1000;
const FWT_MAX_MS = piccFwtMs(14);
/** A bound on one chained command, against a host that never ends a chain. */
const MAX_COMMAND = 70_000;

export function silent(why: string): PiccReply {
  return { kind: 'silent', why };
}

export function hexByte(b: number | undefined): string {
  return b === undefined ? '--' : b.toString(16).padStart(2, '0');
}

export interface IsoDepPiccOptions {
  readonly fsc: number;
  readonly fwtMs: number;
  /** Asked once per APDU (0-based index) whether to send S(WTX) before the answer. */
  readonly wtxFor: (apduIndex: number) => WtxRequest | undefined;
  /** S(DESELECT) arrived: the card goes to HALT. */
  readonly deselected: () => void;
  /** False once the card lost power (it left the field while the APDU was processed). */
  readonly alive: () => boolean;
}

export class IsoDepPicc {
  /** Complete APDUs processed since the card was made. */
  apduCount = 0;
  /** Rule breaks by the host (tests expect none). */
  readonly violations: string[] = [];
  private fsd = 256;
  /** The card's CID when it takes one (undefined: blocks with a CID byte are not for it). */
  private cid: number | undefined;
  private bn = 1;
  private lastSent: { frame: Uint8Array; minTimeoutMs: number } | undefined;
  private commandParts: Uint8Array[] = [];
  private commandLength = 0;
  private responseLeft: Uint8Array | undefined;
  private pendingWtx: { left: number; wtxm: number; then: Uint8Array } | undefined;
  /** Whether the frame being answered carried the CID byte (the answer then carries it too). */
  private withCid = false;

  constructor(
    readonly responder: ApduResponder,
    private readonly options: IsoDepPiccOptions,
  ) {}

  /** Activation done (ATTRIB or ATS): block numbering starts, FSD and CID as the host set them. */
  start(fsd: number, cid: number | undefined): void {
    this.fsd = fsd;
    this.cid = cid;
    this.reset();
    this.responder.powerOn();
  }

  reset(): void {
    this.bn = 1; // rule C
    this.lastSent = undefined;
    this.commandParts = [];
    this.commandLength = 0;
    this.responseLeft = undefined;
    this.pendingWtx = undefined;
  }

  violation(what: string): PiccReply {
    this.violations.push(what);
    return silent(what);
  }

  /** One block from the host (CRC already checked and removed). */
  async block(frame: Uint8Array): Promise<PiccReply> {
    if (frame.length === 0) return silent('empty frame');
    if (frame.length + 2 > this.options.fsc) return this.violation(`frame of ${frame.length + 2} bytes exceeds FSC ${this.options.fsc}`);
    let pcb = frame[0]!;
    let body = frame.subarray(1);
    // PCB b4: a CID byte follows (I-, R- and S-blocks alike).
    this.withCid = (pcb & 0x08) !== 0;
    if (this.withCid) {
      // ISO/IEC 14443-4 §7.1.1.2: a block with a CID that is not ours (or to a card without CID) is ignored.
      if (this.cid === undefined) return silent('block with a CID, card takes none');
      if (body.length === 0 || (body[0]! & 0x0f) !== this.cid) return silent('block for another CID');
      pcb &= ~0x08;
      body = body.subarray(1);
    } else if (this.cid !== undefined && this.cid !== 0) {
      return silent('block without CID, card has CID ≠ 0');
    }
    if ((pcb & 0xe2) === 0x02 && (pcb & 0x24) === 0) return this.iBlock(pcb, body);
    if ((pcb & 0xe6) === 0xa2 && body.length === 0) return this.rBlock(pcb);
    if (pcb === 0xf2 && body.length === 1) return this.wtxResponse(body[0]! & 0x3f);
    if (pcb === 0xc2 && body.length === 0) {
      this.responder.powerOff();
      this.reset();
      this.options.deselected();
      return { kind: 'answer', frame: this.framed(Uint8Array.of(0xc2)), minTimeoutMs: this.options.fwtMs };
    }
    return silent(`unknown block ${hexByte(pcb)}`);
  }

  // ---------------------------------------------------------------- internals

  /** The CID byte put back after the PCB when the host's block had one. */
  private framed(block: Uint8Array): Uint8Array {
    if (!this.withCid) return block;
    const out = new Uint8Array(block.length + 1);
    out[0] = block[0]! | 0x08;
    out[1] = this.cid ?? 0;
    out.set(block.subarray(1), 2);
    return out;
  }

  private send(block: Uint8Array, minTimeoutMs = this.options.fwtMs): PiccReply {
    const frame = this.framed(block);
    this.lastSent = { frame, minTimeoutMs: Math.min(minTimeoutMs, this.options.fwtMs) };
    return { kind: 'answer', frame, minTimeoutMs };
  }

  private resend(): PiccReply {
    if (!this.lastSent) return silent('nothing to retransmit');
    return { kind: 'answer', frame: this.lastSent.frame, minTimeoutMs: this.lastSent.minTimeoutMs };
  }

  private async iBlock(pcb: number, inf: Uint8Array): Promise<PiccReply> {
    if (this.responseLeft || this.pendingWtx) return this.violation('I-block while the card is chaining or waiting');
    const expected = this.bn ^ 1;
    if ((pcb & 1) !== expected) return this.violation(`I-block with block number ${pcb & 1}, expected ${expected}`);
    this.bn = expected; // rule D
    this.commandLength += inf.length;
    if (this.commandLength > MAX_COMMAND) {
      this.commandParts = [];
      this.commandLength = 0;
      return this.violation('chained command too long');
    }
    this.commandParts.push(inf.slice());
    if (pcb & 0x10) return this.send(Uint8Array.of(0xa2 | this.bn)); // rule 2
    const command = concatBytes(...this.commandParts);
    this.commandParts = [];
    this.commandLength = 0;
    const index = this.apduCount++;
    let response: Uint8Array;
    try {
      response = await this.responder.process(command);
    } catch (e) {
      return this.violation(`the card's APDU handler failed: ${String(e)}`);
    }
    if (!this.options.alive()) return silent('card left while processing');
    this.responseLeft = response;
    const first = this.nextResponseBlock();
    const wtx = this.options.wtxFor(index);
    if (wtx && wtx.count > 0) {
      const wtxm = Math.max(1, Math.min(59, wtx.wtxm));
      this.pendingWtx = { left: wtx.count, wtxm, then: first };
      return this.send(Uint8Array.of(0xf2, wtxm)); // rule 9
    }
    return this.send(first);
  }

  private nextResponseBlock(): Uint8Array {
    const data = this.responseLeft ?? new Uint8Array(0);
    const room = this.fsd - 3 - (this.withCid ? 1 : 0);
    const more = data.length > room;
    const chunk = data.subarray(0, Math.min(room, data.length));
    this.responseLeft = more ? data.subarray(room) : undefined;
    const out = new Uint8Array(1 + chunk.length);
    out[0] = 0x02 | (more ? 0x10 : 0) | this.bn;
    out.set(chunk, 1);
    return out;
  }

  private rBlock(pcb: number): PiccReply {
    const number = pcb & 1;
    const nak = (pcb & 0x10) !== 0;
    if (number === this.bn) return this.resend(); // rule 11
    if (nak) return this.send(Uint8Array.of(0xa2 | this.bn)); // rule 12
    if (this.responseLeft && !this.pendingWtx) {
      this.bn ^= 1; // rule E
      return this.send(this.nextResponseBlock()); // rule 13
    }
    return this.violation('R(ACK) with the other block number while not chaining');
  }

  private wtxResponse(wtxm: number): PiccReply {
    const pending = this.pendingWtx;
    if (!pending) return this.violation('S(WTX) response without a request');
    if (wtxm !== pending.wtxm) return this.violation(`S(WTX) response WTXM ${wtxm}, requested ${pending.wtxm}`);
    // The extra time the card asked for is used up before it answers.
    const needed = Math.min(pending.wtxm * this.options.fwtMs, FWT_MAX_MS);
    pending.left--;
    if (pending.left > 0) return this.send(Uint8Array.of(0xf2, pending.wtxm), needed);
    this.pendingWtx = undefined;
    return this.send(pending.then, needed);
  }
}
