import { CardStatusError } from '../../apdu/status-words';
import type { CardChannel } from '../../cards/iso7816/card-channel';
import { LicenceCard } from '../../cards/licence/licence-card';
import { detectMyNumberLicence } from '../../cards/licence/mynumber-ap/mynumber-licence-ap';
import type { Detection } from '../document-driver';
import type { LicenceVariant } from './licence-report';

/**
 * A driver's licence card answers SELECT MF (`00 A4 00 00`) and holds the free 共通データ要素
 * (MF/EF01, tag 45 with the spec version and dates; licence-facts §1.1, §1.5): variant `card`.
 * Otherwise a My Number Card carrying the licence application answers SELECT of its instance AID
 * A0 00 00 02 31 06 00… (licence-facts §5.2): variant `mynumber-card` (マイナ免許証). Only SELECT
 * and READ BINARY of a free file are sent; a My Number Card without the application (6A82), a
 * residence card or a passport is `no-match`.
 *
 * In the kiosk's detection order the My Number driver comes first and claims any My Number Card,
 * so a マイナ免許証 is read as a licence when staff choose the licence (or `--document
 * drivers-licence`); otherwise it is the My Number Card it also is.
 */
export async function detectLicence(channel: CardChannel): Promise<Detection & { variant?: LicenceVariant }> {
  const card = new LicenceCard(channel.transport, { channel });
  try {
    const found = await card.detect();
    if (found.kind === 'match') return { kind: 'match', variant: 'card' };
  } finally {
    card.close();
  }
  try {
    const ap = await detectMyNumberLicence(channel);
    return ap.kind === 'present' ? { kind: 'match', variant: 'mynumber-card' } : { kind: 'no-match' };
  } catch (e) {
    if (e instanceof CardStatusError) return { kind: 'no-match' };
    throw e;
  }
}

/** The variant on the channel the kiosk detected the card with (detection selected nothing else since). */
export async function licenceVariantOn(channel: CardChannel): Promise<LicenceVariant | undefined> {
  const d = await detectLicence(channel);
  return d.kind === 'match' ? d.variant : undefined;
}
