import type { CardChannel } from '../../cards/iso7816/card-channel';
import { LicenceCard } from '../../cards/licence/licence-card';
import { mncLayout } from '../../cards/licence/mynumber-ap/mnc-layout';
import { MyNumberLicenceAp } from '../../cards/licence/mynumber-ap/mynumber-licence-ap';
import type { TriesByCredential } from '../document-driver';
import type { LicenceCredential } from './licence-credentials';
import { detectLicence } from './licence-detect';

/**
 * Tries left per PIN without spending one: an empty VERIFY (`00 20 00 81` / `82`, no Lc, no
 * data) in the MF. The spec's 「残りの照合許容回数の出力指定」 case as TAKU quotes it (v009 p.24),
 * used before every VERIFY by six independent readers (SOFT, MATS, HMPOW, WATA, TAKU, libjeid);
 * not read in the primary text (licence-facts §2.2), so licence-layout.ts keeps it switchable
 * (`emptyVerifyAllowed`; off → `not-readable`, and the guard then needs the person's
 * acknowledgement before any VERIFY).
 *
 * マイナ免許証: the licence application's own PIN (IEF01, 10 tries), read with `00 20 00 86`
 * [I: HMPOW on a real card], reported as `pin1`; PIN2 does not exist there, so it is left out
 * and the kiosk does not ask for it.
 */
export async function readLicenceTries(channel: CardChannel, needed: readonly LicenceCredential[]): Promise<TriesByCredential<LicenceCredential>> {
  // Detection left the licence application selected on a マイナ免許証, the MF on a licence card.
  const variant = channel.isSelected(mncLayout().instanceAid) ? 'mynumber-card' : (await detectLicence(channel)).variant;
  const tries: TriesByCredential<LicenceCredential> = {};
  if (variant === 'mynumber-card') {
    const ap = new MyNumberLicenceAp(channel.transport, { channel });
    try {
      if (needed.includes('pin1')) tries.pin1 = await ap.readTries();
    } finally {
      ap.close();
    }
    return tries;
  }
  const card = new LicenceCard(channel.transport, { channel });
  try {
    for (const pin of needed) tries[pin] = await card.readTries(pin);
  } finally {
    card.close();
  }
  return tries;
}
