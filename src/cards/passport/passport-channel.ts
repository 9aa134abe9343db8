/**
 * The passport's command path: plain APDUs before access control, then every command through
 * the ICAO secure-messaging session (and a new one after Chip Authentication). Card modules call
 * `send`; whether SM applies is decided here, once.
 */
import type { CommandApdu } from '../../apdu/command';
import { describeCommandHeader } from '../../apdu/command';
import type { ResponseApdu } from '../../apdu/response';
import { CardStatusError } from '../../apdu/status-words';
import type { CardChannel } from '../iso7816/card-channel';
import type { IcaoSecureMessaging } from '../secure-messaging/icao-secure-messaging';

export class PassportChannel {
  private sm: IcaoSecureMessaging | undefined;

  constructor(readonly card: CardChannel) {}

  get secureMessaging(): IcaoSecureMessaging | undefined {
    return this.sm?.isOpen ? this.sm : undefined;
  }

  get extendedLength(): boolean {
    return this.card.extendedLength;
  }

  /** Start (or restart, after Chip Authentication) secure messaging; the old session is wiped. */
  startSecureMessaging(sm: IcaoSecureMessaging): void {
    if (this.sm && this.sm !== sm) this.sm.destroy();
    this.sm = sm;
  }

  endSecureMessaging(): void {
    this.sm?.destroy();
    this.sm = undefined;
  }

  /** One command; protected when SM is active. SM failures throw IcaoSmError and end the session. */
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    const sm = this.sm;
    if (!sm) return this.card.send(cmd);
    if (!sm.isOpen) {
      // The session was closed by an earlier failure: never fall back to plain commands.
      await sm.protect(cmd);
    }
    const prot = await sm.protect(cmd);
    const res = await this.card.send(prot);
    return sm.unprotect(res, cmd);
  }

  async sendOk(cmd: CommandApdu): Promise<Uint8Array> {
    const res = await this.send(cmd);
    if (res.sw !== 0x9000) throw new CardStatusError(res.sw, describeCommandHeader(cmd));
    return res.data;
  }
}
