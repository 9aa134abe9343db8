import { CardStatusError } from '../../apdu/status-words';
import type { CardChannel } from '../../cards/iso7816/card-channel';
import { AID } from '../../cards/mynumber/application-ids';
import type { Detection, DetectionHint } from '../document-driver';

/**
 * A My Number Card answers 9000 to SELECT of its 券面事項入力補助AP / 券面事項確認AP by full AID
 * (spec §1.2: D3 92 10 00 31 00 01 01 04 08 / …04 02, names registered to J-LIS; a residence
 * card's DFs are D3 92 F0 00 4F …, a passport's A0 00 00 02 47 10 01). No credential is touched.
 *
 * The AP probed is the one the purpose's tries are read from first (the card-face AP for the age
 * check, the text AP otherwise): the kiosk reads the tries on the same channel, which does not
 * select a DF twice, so detection costs the card no extra APDU.
 */
export async function detectMyNumberCard(channel: CardChannel, hint: DetectionHint): Promise<Detection> {
  try {
    await channel.selectDf(hint.purpose === 'age' ? AID.face : AID.text);
    return { kind: 'match' };
  } catch (e) {
    if (e instanceof CardStatusError) return { kind: 'no-match' };
    throw e;
  }
}
