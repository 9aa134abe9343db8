/**
 * One command APDU → one response APDU over PC_to_RDR_XfrBlock, at the two APDU exchange levels
 * of CCID rev 1.1 (§6.1.4, §6.2.1):
 *
 * - short APDU level: the whole short APDU in one XfrBlock, the whole response in one DataBlock;
 * - extended APDU level: an APDU longer than one message goes in pieces, wLevelParameter 01
 *   (begins), 03 (continues), 02 (ends); the reader acknowledges each non-final piece with an
 *   empty DataBlock whose bChainParameter is 10. A response longer than one message comes with
 *   bChainParameter 01, and each further piece is asked for with an empty XfrBlock,
 *   wLevelParameter 10, answered 03 (more follows) or 02 (last).
 *
 * The reader (not the host) runs ISO-DEP / T=1 to the card at these levels.
 */
import { concatBytes } from '../../bytes/byte-ops';
import { TransportError } from '../card-transport';
import type { CcidCommandChannel } from './ccid-command-channel';
import { CHAIN, PC_TO_RDR, type CcidResponse } from './ccid-message';
import { slotFailure } from './ccid-slot-error';

/** ISO 7816-4 short case 4 with Le: 4 + 1 + 255 + 1. */
export const SHORT_APDU_MAX_COMMAND = 261;
/** 256 data bytes + SW1 SW2. */
export const SHORT_APDU_MAX_RESPONSE = 258;

export type ApduLevel = 'short-apdu' | 'extended-apdu';

async function xfr(channel: CcidCommandChannel, data: Uint8Array, levelParameter: number): Promise<CcidResponse> {
  const r = await channel.command(PC_TO_RDR.XfrBlock, [0, levelParameter & 0xff, levelParameter >> 8], data);
  const failure = slotFailure(r, true);
  if (failure) throw failure;
  return r;
}

function checkResponse(response: Uint8Array, maxResponseLength: number): Uint8Array {
  if (response.length < 2) throw new TransportError('protocol', `Response of ${response.length} bytes has no status word`);
  if (response.length > maxResponseLength) throw new TransportError('protocol', `Response of ${response.length} bytes exceeds the path limit`);
  return response;
}

export async function exchangeShortApdu(channel: CcidCommandChannel, command: Uint8Array): Promise<Uint8Array> {
  const limit = Math.min(SHORT_APDU_MAX_COMMAND, channel.maxDataLength);
  if (command.length > limit) throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the short-APDU reader limit of ${limit}`);
  // bChainParameter is only defined at extended level (§6.2.1); it is not looked at here.
  const r = await xfr(channel, command, CHAIN.whole);
  return checkResponse(r.data, SHORT_APDU_MAX_RESPONSE);
}

export async function exchangeExtendedApdu(channel: CcidCommandChannel, command: Uint8Array, maxResponseLength: number): Promise<Uint8Array> {
  const chunk = channel.maxDataLength;
  const pieces = Math.max(1, Math.ceil(command.length / chunk));
  // All pieces but the last: each must be acknowledged with an empty "send more" DataBlock.
  for (let i = 0; i < pieces - 1; i++) {
    const ack = await xfr(channel, command.subarray(i * chunk, (i + 1) * chunk), i === 0 ? CHAIN.begins : CHAIN.continues);
    if (ack.specific !== CHAIN.more || ack.data.length !== 0) {
      throw new TransportError('protocol', `The reader did not ask for the next command piece (bChainParameter 0x${ack.specific.toString(16)})`);
    }
  }
  const r = await xfr(channel, command.subarray((pieces - 1) * chunk), pieces > 1 ? CHAIN.ends : CHAIN.whole);
  if (r.specific === CHAIN.whole) return checkResponse(r.data, maxResponseLength);
  if (r.specific !== CHAIN.begins) throw new TransportError('protocol', `Unexpected bChainParameter 0x${r.specific.toString(16)} on a response`);
  const parts: Uint8Array[] = [r.data];
  let total = r.data.length;
  // A reader sending tiny pieces still ends within this many; beyond it something is wrong.
  const maxPieces = Math.ceil(maxResponseLength / Math.min(chunk, 256)) + 1;
  for (let i = 1; ; i++) {
    if (i > maxPieces) throw new TransportError('protocol', `Response still not complete after ${maxPieces} pieces`);
    const next = await xfr(channel, new Uint8Array(0), CHAIN.more);
    if (next.specific !== CHAIN.continues && next.specific !== CHAIN.ends) {
      throw new TransportError('protocol', `Unexpected bChainParameter 0x${next.specific.toString(16)} in a chained response`);
    }
    total += next.data.length;
    if (total > maxResponseLength) throw new TransportError('protocol', `Response of more than ${maxResponseLength} bytes`);
    parts.push(next.data);
    if (next.specific === CHAIN.ends) break;
  }
  return checkResponse(concatBytes(...parts), maxResponseLength);
}
