/**
 * The residence card's secure messaging (在留カード等仕様書 Ver 1.5 §3.4.2, §4.1.1, §4.2.2, §4.2.5,
 * 別添1; 第二世代在留カード等仕様書 the same with AES): encryption only — no MAC, no send sequence
 * counter. The session key KSenc comes from the card-number mutual authentication
 * (cards/residence-card/mutual-authentication.ts).
 *
 * - Command data (only VERIFY carries any): DO 86 = 01 ‖ E(KSenc, data ‖ 80 00…), CBC, IV 0.
 *   §4.2.2: `08 20 00 86 13 86 11 01 ‖ cryptogram`.
 * - Le (READ BINARY): DO 96 with a 2-byte Le, 00 00 = "everything" (§4.2.5 `96 02 XX XX`); the
 *   protected command asks for the whole protected answer (extended Le 00 00 as the spec shows,
 *   or a short Le 00 on readers without extended length — UNCONFIRMED that cards accept the short
 *   form; the spec shows only the extended one).
 * - Answer data: DO 86 = 01 ‖ cryptogram; decrypt, strip method-2 padding. Status-only answers
 *   (errors, and VERIFY's 9000) are not protected (別添2 step 13: `Recv <- 90 00`).
 *
 * Generation 1: two-key triple DES, 8-byte blocks. Generation 2: AES-128, 16-byte blocks.
 */
import type { CommandApdu } from '../../apdu/command';
import type { ResponseApdu } from '../../apdu/response';
import { concatBytes, copyBytes, wipe } from '../../bytes/byte-ops';
import { AES_BLOCK, DES_BLOCK, aesCbcDecrypt, aesCbcEncrypt, tdesCbcDecrypt, tdesCbcEncrypt } from './block-ciphers';
import { SM_TAG, encodeCryptogramDo, encodeLeDo, indicatedCryptogram, parseSmDataObjects } from './data-objects';
import { padIso9797M2, unpadIso9797M2 } from './padding';
import type { SecureMessaging } from './secure-messaging';
import { SecureMessagingError } from './sm-error';

export type ResidenceGeneration = 1 | 2;

/** CLA 08: SM, header not authenticated (§4.1.1 表4-3). */
export const RESIDENCE_SM_CLA = 0x08;

/** Overhead of a protected answer around n plain bytes: 86 L(≤3) 01 + padding to the block. */
export function residenceProtectedLength(plainLength: number, generation: ResidenceGeneration): number {
  const block = generation === 1 ? DES_BLOCK : AES_BLOCK;
  const c = (Math.floor(plainLength / block) + 1) * block;
  const v = 1 + c;
  const lengthField = v < 0x80 ? 1 : v <= 0xff ? 2 : 3;
  return 1 + lengthField + v;
}

/**
 * The largest plain chunk whose protected answer (plus SW1 SW2) fits `maxResponse` bytes:
 * 247 bytes (gen 1) / 239 bytes (gen 2) for a 258-byte short response.
 */
export function residenceMaxPlainChunk(maxResponse: number, generation: ResidenceGeneration): number {
  const block = generation === 1 ? DES_BLOCK : AES_BLOCK;
  // Start from the bound without framing, then step down a block at a time until it fits.
  let n = Math.max(0, Math.floor((maxResponse - 2 - 5) / block) * block - 1);
  while (n > 0 && residenceProtectedLength(n, generation) + 2 > maxResponse) n -= block;
  return Math.max(0, n);
}

export class ResidenceCardSecureMessaging implements SecureMessaging {
  readonly scheme: string;
  private readonly block: number;
  private key: Uint8Array | undefined;

  constructor(
    readonly generation: ResidenceGeneration,
    sessionKey: Uint8Array,
  ) {
    if (!(sessionKey instanceof Uint8Array) || sessionKey.length !== 16) throw new SecureMessagingError('sm-bad-key', 'KSenc must be 16 bytes');
    this.scheme = generation === 1 ? 'residence-gen1-3des' : 'residence-gen2-aes';
    this.block = generation === 1 ? DES_BLOCK : AES_BLOCK;
    this.key = copyBytes(sessionKey);
  }

  private requireKey(): Uint8Array {
    if (!this.key) throw new SecureMessagingError('sm-session-closed', 'the secure messaging session has ended');
    return this.key;
  }

  private encrypt(data: Uint8Array): Uint8Array {
    const key = this.requireKey();
    const padded = padIso9797M2(data, this.block);
    try {
      return this.generation === 1 ? tdesCbcEncrypt(key, padded) : aesCbcEncrypt(key, padded);
    } finally {
      wipe(padded);
    }
  }

  private decrypt(cryptogram: Uint8Array): Uint8Array {
    const key = this.requireKey();
    return this.generation === 1 ? tdesCbcDecrypt(key, cryptogram) : aesCbcDecrypt(key, cryptogram);
  }

  async protect(command: CommandApdu): Promise<CommandApdu> {
    this.requireKey();
    if ((command.cla & 0x0c) !== 0 || (command.cla & 0x80) !== 0) {
      throw new SecureMessagingError('sm-unsupported-command', 'only interindustry CLA without SM bits can be protected');
    }
    const parts: Uint8Array[] = [];
    if (command.data && command.data.length > 0) {
      const cryptogram = this.encrypt(command.data);
      parts.push(encodeCryptogramDo(SM_TAG.cryptogramIndicated, cryptogram, true));
    }
    let le: number | undefined;
    if (command.le !== undefined) {
      parts.push(encodeLeDo(SM_TAG.le96, command.le, 2));
      // The protected answer is longer than the plain data: ask for a short Le 00 when it fits,
      // else extended 00 00 (§4.2.5 SM コマンド: Le "00 00").
      le = command.le < 65536 && residenceProtectedLength(command.le, this.generation) <= 256 ? 256 : 65536;
    }
    return { cla: command.cla | RESIDENCE_SM_CLA, ins: command.ins, p1: command.p1, p2: command.p2, ...(parts.length ? { data: concatBytes(...parts) } : {}), ...(le !== undefined ? { le } : {}) };
  }

  async unprotect(response: ResponseApdu, command: CommandApdu): Promise<ResponseApdu> {
    this.requireKey();
    if (response.data.length === 0) {
      // A protected READ that succeeds must carry DO 86; status-only answers pass as they are.
      if (response.sw === 0x9000 && command.le !== undefined) {
        throw new SecureMessagingError('sm-missing-do', 'the card answered 9000 without the DO 86 the SM read requires');
      }
      return response;
    }
    const dos = parseSmDataObjects(response.data, [SM_TAG.cryptogramIndicated]);
    const do86 = dos[0];
    if (!do86) throw new SecureMessagingError('sm-missing-do', 'no DO 86 in the protected answer');
    const cryptogram = indicatedCryptogram(do86, this.block);
    const padded = this.decrypt(cryptogram);
    const plain = unpadIso9797M2(padded, this.block).slice();
    wipe(padded);
    return { data: plain, sw: response.sw };
  }

  destroy(): void {
    wipe(this.key);
    this.key = undefined;
  }
}
