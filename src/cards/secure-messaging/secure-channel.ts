/**
 * A card channel with secure messaging: every command goes through the scheme's `protect`, the
 * card's answer through `unprotect`, so card modules work with plain commands and plain answers
 * and never build protected APDUs themselves. Scheme-neutral (residence card, ICAO).
 *
 * Commands a card expects in plain (SELECT, or READ BINARY of a file without the SM attribute)
 * go through `channel` directly; the secure channel is for the ones the card's access rules
 * mark "SM". One protected command is sent exactly once and its answer opened before the next
 * (schemes with a send sequence counter depend on it).
 */
import { describeCommandHeader, type CommandApdu } from '../../apdu/command';
import type { ResponseApdu } from '../../apdu/response';
import { CardStatusError } from '../../apdu/status-words';
import type { CardChannel } from '../iso7816/card-channel';
import type { SecureMessaging } from './secure-messaging';
import { SecureMessagingError } from './sm-error';

export class SecureChannel {
  private closed = false;

  constructor(
    readonly channel: CardChannel,
    private readonly sm: SecureMessaging,
  ) {}

  get scheme(): string {
    return this.sm.scheme;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Protect, send, open. Status words other than 9000 come back as the card meant them. */
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    if (this.closed) throw new SecureMessagingError('sm-session-closed', 'the secure messaging session has ended');
    const protectedCommand = await this.sm.protect(cmd);
    const answer = await this.channel.send(protectedCommand);
    return this.sm.unprotect(answer, cmd);
  }

  /** Like send, but anything but 9000 is a CardStatusError naming the plain command's header. */
  async sendOk(cmd: CommandApdu): Promise<Uint8Array> {
    const res = await this.send(cmd);
    if (res.sw !== 0x9000) throw new CardStatusError(res.sw, describeCommandHeader(cmd));
    return res.data;
  }

  /** Forget the session keys; later sends fail with 'sm-session-closed'. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sm.destroy();
  }
}
