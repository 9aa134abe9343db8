import type { CardTransport } from '../../transport/card-transport';
import type { CardChannel } from '../iso7816/card-channel';
import { CommonAp } from './common-ap';
import { FaceAp } from './face-ap';
import { JpkiAp } from './jpki-ap';
import { MyNumberSession } from './mynumber-session';
import { TextAp } from './text-ap';

/**
 * The My Number Card over any CardTransport: one object per card session, with one module per
 * application. It reads what it is asked to and decides nothing about policy (the session
 * engine does). `close()` wipes every cached byte.
 */
export class MyNumberCard {
  readonly session: MyNumberSession;
  readonly text: TextAp;
  readonly face: FaceAp;
  readonly jpki: JpkiAp;
  readonly common: CommonAp;

  /** `options.channel`: continue on an open channel to this card (see MyNumberSession). */
  constructor(transport: CardTransport, options: { readonly channel?: CardChannel } = {}) {
    this.session = new MyNumberSession(transport, options.channel);
    this.text = new TextAp(this.session);
    this.face = new FaceAp(this.session);
    this.jpki = new JpkiAp(this.session);
    this.common = new CommonAp(this.session);
  }

  /** Random bytes from the card (`00 84 00 00 Le`, short Le only, spec §2.9). */
  async getChallenge(length = 16): Promise<Uint8Array> {
    const n = Math.max(1, Math.min(256, length));
    return this.session.channel.sendOk({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: n });
  }

  close(): void {
    this.session.close();
  }
}
