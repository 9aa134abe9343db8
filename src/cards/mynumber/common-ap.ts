import { COMMON_EF } from './application-ids';
import type { MyNumberSession } from './mynumber-session';
import { parseCommonCardInfo, type CommonCardInfo } from './records';

/**
 * DF …0100 (共通カードAP per MC): record EF 0001 holds the card serial, municipality code and
 * expiry as simple-TLV (spec §2.7), read with `00 B2 01 0C` (record 1, SFI 1).
 */
export class CommonAp {
  constructor(private readonly session: MyNumberSession) {}

  /** Read once per session (the session caches the record like every EF). */
  async readCardInfo(): Promise<CommonCardInfo> {
    return parseCommonCardInfo(await this.session.readRecord('common', COMMON_EF.cardInfo, 1));
  }
}
