import { COMMON_EF } from './application-ids';
import type { MyNumberSession } from './mynumber-session';
import { parseCommonCardInfo, type CommonCardInfo } from './records';

/**
 * DF …0100 (共通カードAP per MC): record EF 0001 holds the card serial, municipality code and
 * expiry as simple-TLV (spec §2.7), read with `00 B2 01 0C` (record 1, SFI 1).
 */
export class CommonAp {
  constructor(private readonly session: MyNumberSession) {}

  async readCardInfo(): Promise<CommonCardInfo> {
    await this.session.select('common');
    const record = await this.session.channel.sendOk({
      cla: 0x00,
      ins: 0xb2,
      p1: 0x01,
      p2: (COMMON_EF.cardInfo << 3) | 0x04,
      le: 256,
    });
    return parseCommonCardInfo(record);
  }
}
