import type { CardChannel } from '../../cards/iso7816/card-channel';
import { EMRTD_AID } from '../../cards/passport/lds-files';
import type { Detection } from '../document-driver';

/**
 * An eMRTD answers SELECT of its LDS1 application (AID A0 00 00 02 47 10 01, 9303-10 §3.6.2)
 * with 9000, before any access control; a chip that allows the application only after PACE may
 * answer 6982 (security status not satisfied: the application exists), which counts as a match
 * too. Any other status word (6A82 from a My Number Card, a residence card or a licence) is not a
 * passport. No credential is touched; nothing but this SELECT is sent.
 */
export async function detectPassport(channel: CardChannel): Promise<Detection> {
  const res = await channel.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
  if (res.sw === 0x9000) return { kind: 'match', variant: 'emrtd' };
  if (res.sw === 0x6982) return { kind: 'match', variant: 'emrtd-pace-only' };
  return { kind: 'no-match' };
}
