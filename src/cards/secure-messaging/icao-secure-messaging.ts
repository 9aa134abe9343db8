/**
 * ICAO Doc 9303-11 §9.8 secure messaging after BAC, PACE or Chip Authentication.
 *
 * Command: CLA | 0C, header padded; data padded (ISO/IEC 9797-1 method 2) and encrypted into
 * DO'87' (01 ‖ cryptogram, even INS) or DO'85' (cryptogram, odd INS); Le in DO'97' (one byte,
 * 00 = 256; two bytes for extended Le, 0000 = 65536); MAC over SSC ‖ padded header ‖ DOs,
 * padded, in DO'8E'. The protected command always asks for a response (Le 00, or 0000 when the
 * answer cannot fit a short one).
 * Answer: [DO'87'/'85'] DO'99' DO'8E'; the MAC over SSC ‖ DOs is checked on every answer before
 * anything is decrypted. The SSC is pre-incremented for every command and every answer.
 * 3DES: two-key 3DES-CBC with IV 0 and retail MAC (§9.8.6); AES: CBC with IV = E(KS_enc, SSC)
 * and CMAC truncated to 8 bytes (§9.8.7).
 *
 * Any failure wipes the keys (§9.8.3: the chip aborts too), so a session never continues after
 * a MAC mismatch, a downgrade or malformed objects.
 */
import type { CommandApdu } from '../../apdu/command';
import type { ResponseApdu } from '../../apdu/response';
import { concatBytes } from '../../bytes/byte-ops';
import type { SecureMessaging } from './secure-messaging';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac8, aesEncryptBlock } from './icao-aes';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from './icao-des';
import { cipherBlockSize, cipherKeyLength, type IcaoCipher } from './icao-kdf';
import { padIso9797m2, unpadIso9797m2 } from './icao-padding';
import { IcaoSmError } from './icao-sm-error';
import { parseIcaoSmResponse, tlv } from './icao-sm-objects';

/** 6987 / 6988: the chip found an SM error and answers without SM (9303-11 §9.8.5). */
const SM_ABORT_SWS: ReadonlySet<number> = new Set([0x6987, 0x6988]);

export interface IcaoSessionKeys {
  readonly cipher: IcaoCipher;
  readonly ksEnc: Uint8Array;
  readonly ksMac: Uint8Array;
  /** Initial send sequence counter: 8 bytes (3DES) or 16 bytes (AES). Copied. */
  readonly ssc: Uint8Array;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Largest plain READ BINARY answer whose protected form fits a short (256-byte) response. */
export function maxShortPlainResponse(cipher: IcaoCipher): number {
  // 87 81 L 01 ‖ padded data, 99 02 SW, 8E 08 MAC: padded + 4 + 4 + 10 ≤ 256.
  const block = cipherBlockSize(cipher);
  const padded = Math.floor((256 - 18) / block) * block;
  return padded - 1;
}

/** Size of the protected answer carrying `plain` bytes of response data. */
export function protectedResponseLength(cipher: IcaoCipher, plain: number): number {
  const tail = 4 + 10; // DO'99' + DO'8E'
  if (plain === 0) return tail;
  const padded = (Math.floor(plain / cipherBlockSize(cipher)) + 1) * cipherBlockSize(cipher);
  const v = padded + 1;
  return 1 + (v < 0x80 ? 1 : v <= 0xff ? 2 : 3) + v + tail;
}

export class IcaoSecureMessaging implements SecureMessaging {
  readonly scheme: string;
  private ksEnc: Uint8Array;
  private ksMac: Uint8Array;
  private readonly ssc: Uint8Array;
  private readonly block: number;
  private closed = false;
  /** The command `protect` produced last, so `unprotect` can refuse an answer to another. */
  private pending: CommandApdu | undefined;

  constructor(keys: IcaoSessionKeys) {
    const { cipher } = keys;
    this.block = cipherBlockSize(cipher);
    if (keys.ksEnc.length !== cipherKeyLength(cipher) || keys.ksMac.length !== cipherKeyLength(cipher)) {
      throw new IcaoSmError('sm-bad-key', `session keys do not fit ${cipher}`);
    }
    if (keys.ssc.length !== this.block) throw new IcaoSmError('sm-bad-key', `SSC must be ${this.block} bytes for ${cipher}`);
    this.cipher = cipher;
    this.scheme = cipher === '3des' ? 'icao-3des' : `icao-${cipher}`;
    this.ksEnc = keys.ksEnc.slice();
    this.ksMac = keys.ksMac.slice();
    this.ssc = keys.ssc.slice();
  }

  readonly cipher: IcaoCipher;

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Current SSC (a copy), for tests that follow the worked examples step by step. */
  get sendSequenceCounter(): Uint8Array {
    return this.ssc.slice();
  }

  async protect(command: CommandApdu): Promise<CommandApdu> {
    this.ensureOpen();
    if ((command.cla & 0x0c) !== 0) {
      this.fail('sm-bad-command', 'command already carries secure-messaging class bits');
    }
    const cla = (command.cla & 0xf3) | 0x0c;
    const odd = (command.ins & 1) === 1;
    this.increment();
    const parts: Uint8Array[] = [];
    const data = command.data;
    if (data && data.length > 0) {
      const padded = padIso9797m2(data, this.block);
      const enc = this.encrypt(padded);
      padded.fill(0);
      parts.push(odd ? tlv(0x85, enc) : tlv(0x87, concatBytes(Uint8Array.of(0x01), enc)));
    }
    if (command.le !== undefined) parts.push(tlv(0x97, encodeLe(command.le)));
    const objects = concatBytes(...parts);
    const header = padIso9797m2(Uint8Array.of(cla, command.ins, command.p1, command.p2), this.block);
    const mac = this.mac(padIso9797m2(concatBytes(this.ssc, header, objects), this.block));
    const protectedData = concatBytes(objects, tlv(0x8e, mac));
    // The answer always carries at least DO'99' ‖ DO'8E'; ask for all of it.
    const expected = command.le === undefined ? 0 : command.le;
    const le = protectedResponseLength(this.cipher, expected) > 256 ? 65536 : 256;
    const out: CommandApdu = { cla, ins: command.ins, p1: command.p1, p2: command.p2, data: protectedData, le };
    this.pending = out;
    return out;
  }

  async unprotect(response: ResponseApdu, command: CommandApdu): Promise<ResponseApdu> {
    this.ensureOpen();
    if (this.pending === undefined || this.pending.ins !== command.ins || this.pending.p1 !== command.p1 || this.pending.p2 !== command.p2) {
      this.fail('sm-bad-command', 'answer given for a command that was not the last one protected');
    }
    this.pending = undefined;
    if (response.data.length === 0) {
      if (SM_ABORT_SWS.has(response.sw)) {
        this.fail('sm-aborted-by-chip', `the chip closed secure messaging (${hex4(response.sw)} without SM)`, undefined, response.sw);
      }
      this.fail('sm-downgrade', `plain answer ${hex4(response.sw)} while secure messaging is active`, undefined, response.sw);
    }
    let objects;
    try {
      objects = parseIcaoSmResponse(response.data);
    } catch (e) {
      this.close();
      // An answer with data but no DO'8E' at all is a plain answer in disguise.
      if (e instanceof IcaoSmError && looksPlain(response.data)) {
        throw new IcaoSmError('sm-downgrade', `answer without secure-messaging objects while SM is active (${hex4(response.sw)})`, 0, response.sw);
      }
      throw e;
    }
    this.increment();
    const expected = this.mac(padIso9797m2(concatBytes(this.ssc, objects.macInput), this.block));
    if (!constantTimeEqual(expected, objects.mac)) {
      this.fail('sm-mac-mismatch', 'the MAC of the answer is wrong (DO\'8E\')', objects.macInput.length);
    }
    if (!objects.status) this.fail('sm-missing-status', 'the answer has no DO\'99\': its status word is not authenticated');
    const sw = (objects.status![0]! << 8) | objects.status![1]!;
    let data: Uint8Array = new Uint8Array(0);
    if (objects.cryptogram) {
      const { tag, value } = objects.cryptogram;
      const odd = (command.ins & 1) === 1;
      if ((tag === 0x85) !== odd) this.fail('sm-malformed-response', `DO'${tag.toString(16)}' does not match INS parity`, 0);
      let body = value;
      if (tag === 0x87) {
        if (value.length < 1 || value[0] !== 0x01) this.fail('sm-malformed-response', 'DO\'87\' padding indicator is not 01', 2);
        body = value.subarray(1);
      }
      if (body.length === 0 || body.length % this.block !== 0) {
        this.fail('sm-malformed-response', `cryptogram of ${body.length} bytes is not whole blocks`, 2);
      }
      const plain = this.decrypt(body);
      try {
        data = unpadIso9797m2(plain, this.block);
      } catch (e) {
        this.close();
        throw e;
      } finally {
        plain.fill(0);
      }
    }
    return { data, sw };
  }

  destroy(): void {
    this.close();
  }

  private encrypt(padded: Uint8Array): Uint8Array {
    if (this.cipher === '3des') return tdesCbcEncrypt(this.ksEnc, new Uint8Array(8), padded);
    return aesCbcEncrypt(this.ksEnc, aesEncryptBlock(this.ksEnc, this.ssc), padded);
  }

  private decrypt(body: Uint8Array): Uint8Array {
    if (this.cipher === '3des') return tdesCbcDecrypt(this.ksEnc, new Uint8Array(8), body);
    return aesCbcDecrypt(this.ksEnc, aesEncryptBlock(this.ksEnc, this.ssc), body);
  }

  /** MAC over input the SM layer has already padded (§9.8.1 note: the MAC itself does not pad). */
  private mac(padded: Uint8Array): Uint8Array {
    return this.cipher === '3des' ? retailMac(this.ksMac, padded) : aesCmac8(this.ksMac, padded);
  }

  private increment(): void {
    for (let i = this.ssc.length - 1; i >= 0; i--) {
      this.ssc[i] = (this.ssc[i]! + 1) & 0xff;
      if (this.ssc[i] !== 0) return;
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new IcaoSmError('sm-session-closed', 'secure messaging was closed; authenticate again');
  }

  private fail(code: ConstructorParameters<typeof IcaoSmError>[0], message: string, offset?: number, sw?: number): never {
    this.close();
    throw new IcaoSmError(code, message, offset, sw);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ksEnc.fill(0);
    this.ksMac.fill(0);
    this.ssc.fill(0);
    this.ksEnc = new Uint8Array(0);
    this.ksMac = new Uint8Array(0);
    this.pending = undefined;
  }
}

/** DO'97' value: 1 byte for Le ≤ 256 (00 = 256), 2 bytes otherwise (0000 = 65536). */
export function encodeLe(le: number): Uint8Array {
  if (le <= 256) return Uint8Array.of(le === 256 ? 0 : le);
  return Uint8Array.of((le >> 8) & 0xff, le & 0xff);
}

function looksPlain(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; ) {
    const t = data[i];
    if (t === 0x8e) return false;
    if (i + 1 >= data.length) break;
    const l = data[i + 1]!;
    i += 2 + (l < 0x80 ? l : 0);
    if (l >= 0x80) break;
  }
  return true;
}

function hex4(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
