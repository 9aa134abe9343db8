/**
 * One logical command over a byte-level sender, with the transport-level status words handled
 * as ISO 7816-4 §5.3.2 / §5.6 describe (spec §2.10 row 61xx / 6Cxx): 61xx -> GET RESPONSE,
 * 6Cxx -> resend with the right Le. Every other status word is returned for expectOk.
 */
import { concatBytes } from '../bytes/byte-ops';
import { ApduError } from './apdu-error';
import { describeCommandHeader, encodeCommand, type CommandApdu, type LengthEncoding } from './command';
import { parseResponse, type ResponseApdu } from './response';

export type ApduSender = (command: Uint8Array) => Promise<Uint8Array>;

export interface ExchangeOptions {
  readonly encoding?: LengthEncoding;
  /** Most GET RESPONSE commands sent for one command (default 64). */
  readonly maxGetResponse?: number;
}

const DEFAULT_MAX_GET_RESPONSE = 64;
const INS_GET_RESPONSE = 0xc0;

/**
 * GET RESPONSE is interindustry, so drop the proprietary bit (b8), secure-messaging and
 * chaining bits, and keep only the logical-channel number (ISO 7816-4 §5.4.1):
 * first interindustry CLA 000x xxcc -> channel in b2-b1; further interindustry 01xx cccc ->
 * channel in b4-b1. Proprietary CLAs such as 80 are read with the same layout.
 */
export function getResponseCla(cla: number): number {
  const base = cla & 0x7f;
  return (base & 0x40) !== 0 ? 0x40 | (base & 0x0f) : base & 0x03;
}

function swLength(sw: number): number {
  const sw2 = sw & 0xff;
  return sw2 === 0 ? 256 : sw2;
}

export async function exchange(send: ApduSender, cmd: CommandApdu, opts?: ExchangeOptions): Promise<ResponseApdu> {
  const encoding = opts?.encoding ?? 'auto';
  const maxGetResponse = opts?.maxGetResponse ?? DEFAULT_MAX_GET_RESPONSE;
  if (!Number.isInteger(maxGetResponse) || maxGetResponse < 0) {
    throw new ApduError('apdu-invalid-command', 'maxGetResponse must be a non-negative integer');
  }
  const header = describeCommandHeader(cmd);

  let res = parseResponse(await send(encodeCommand(cmd, encoding)));
  // 6Cxx corrects the Le field (ISO 7816-4 §5.6), so only a command that has one (case 2/4) is
  // resent. A command without Le gets the status back as is: resending it would repeat its
  // effect, e.g. a second VERIFY (a second PIN try) the person never asked for (issue 6).
  if (res.sw >> 8 === 0x6c && cmd.le !== undefined) {
    // 6Cxx: exactly xx bytes are available; one retry, a second 6Cxx means the card is confused.
    res = parseResponse(await send(encodeCommand({ ...cmd, le: swLength(res.sw) }, encoding)));
    if (res.sw >> 8 === 0x6c) {
      throw new ApduError('apdu-wrong-le-loop', `${header}: card answered 6Cxx twice`);
    }
  }

  const parts: Uint8Array[] = [res.data];
  const grCla = getResponseCla(cmd.cla);
  let sent = 0;
  while (res.sw >> 8 === 0x61) {
    if (sent >= maxGetResponse) {
      throw new ApduError('apdu-get-response-loop', `${header}: still 61xx after ${sent} GET RESPONSE commands`);
    }
    sent++;
    const gr = encodeCommand({ cla: grCla, ins: INS_GET_RESPONSE, p1: 0, p2: 0, le: swLength(res.sw) }, 'short');
    res = parseResponse(await send(gr));
    parts.push(res.data);
  }
  return parts.length === 1 ? res : { data: concatBytes(...parts), sw: res.sw };
}
