/**
 * Active Authentication, protocol side (9303-11 §6.1): INTERNAL AUTHENTICATE `00 88 00 00` with
 * an 8-byte nonce (§6.1.2.1), under secure messaging. The signature (RSA ISO/IEC 9796-2 scheme 1
 * or plain ECDSA r‖s) goes to the verifier with the nonce and DG15; this module checks nothing
 * but the shape of the answer.
 */
import { CardStatusError } from '../../apdu/status-words';
import type { PassportChannel } from './passport-channel';
import { PassportError } from './passport-error';
import type { RandomSource } from './random-source';

export interface ActiveAuthenticationResponse {
  /** RND.IFD as sent. */
  readonly nonce: Uint8Array;
  /** The chip's signature σ, exactly as returned. */
  readonly signature: Uint8Array;
}

export interface ActiveAuthenticationOptions {
  readonly random: RandomSource;
  /**
   * Expected signature length in bytes (the DG15 key's modulus or 2 × field size). Signatures
   * larger than a short protected answer need extended length (§6.1.4 note). Default 256.
   */
  readonly signatureLength?: number;
}

export async function activeAuthenticate(channel: PassportChannel, options: ActiveAuthenticationOptions): Promise<ActiveAuthenticationResponse> {
  if (!channel.secureMessaging) throw new PassportError('not-authenticated', 'Active Authentication runs after BAC or PACE');
  const nonce = options.random(8);
  if (nonce.length !== 8) throw new PassportError('aa-failed', 'AA nonce must be 8 bytes');
  const expected = options.signatureLength ?? 256;
  const cmd = { cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: nonce, le: Math.min(65536, Math.max(1, expected)) };
  const res = await channel.send(cmd);
  if (res.sw !== 0x9000) {
    throw new PassportError('aa-failed', `INTERNAL AUTHENTICATE answered ${res.sw.toString(16).toUpperCase().padStart(4, '0')}`, { sw: res.sw, cause: new CardStatusError(res.sw, '00 88 00 00') });
  }
  if (res.data.length === 0) throw new PassportError('aa-failed', 'INTERNAL AUTHENTICATE returned no signature');
  return { nonce: nonce.slice(), signature: res.data.slice() };
}
