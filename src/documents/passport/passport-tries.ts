import type { CardChannel } from '../../cards/iso7816/card-channel';
import type { TriesByCredential } from '../document-driver';
import type { PassportCredential } from './passport-credentials';

/**
 * Neither the MRZ key nor the CAN has a counter a reader can query: BAC has no retry counter
 * (9303-11 §4.3), and PACE with MRZ or CAN has none either (§4.4; an eMRTD has no PIN/PUK). So
 * nothing is sent: each is { kind: 'not-readable' } and the kiosk limits wrong entries per
 * placement (CredentialSpec.attemptsPerPlacement).
 */
export async function readPassportTries(_channel: CardChannel, needed: readonly PassportCredential[]): Promise<TriesByCredential<PassportCredential>> {
  const tries: TriesByCredential<PassportCredential> = {};
  for (const c of needed) tries[c] = { kind: 'not-readable' };
  return tries;
}
