import { copyBytes } from '../../bytes/byte-ops';
import { fromHex } from '../../bytes/hex';
import type { PinEf } from '../card/card-model';
import { textBytes } from './card-tlv';

/**
 * The simulator's own copy of the application ids (spec §1.2). Kept apart from cards/ on purpose:
 * the simulator must not share constants with the code it tests.
 */
export const AID_BYTES = {
  jpki: fromHex('D392F000260100000001'),
  text: fromHex('D3921000310001010408'),
  face: fromHex('D3921000310001010402'),
  common: fromHex('D3921000310001010100'),
  juki: fromHex('D3921000310001010401'),
} as const;

/** Max and initial tries of one key. */
export interface TriesSpec {
  readonly max: number;
  readonly initial: number;
}

export function pinEf(fid: number, value: string, tries: TriesSpec): PinEf {
  return { kind: 'pin', fid, secret: textBytes(value), maxTries: tries.max, initialTries: tries.initial };
}

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(data)));
}
