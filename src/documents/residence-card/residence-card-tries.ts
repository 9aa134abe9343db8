import type { CardChannel } from '../../cards/iso7816/card-channel';
import type { TriesByCredential } from '../document-driver';
import type { ResidenceCardCredential } from './residence-card-credentials';

/**
 * The card number has no counter a reader can query: 在留カード等仕様書 §4.2.2(2) defines no
 * retry counter for it and VERIFY answers a wrong number with 63 00 only (no 63 Cx). So nothing
 * is sent; the kiosk counts wrong entries per placement instead (attemptsPerPlacement).
 */
export async function readResidenceCardTries(_channel: CardChannel, needed: readonly ResidenceCardCredential[]): Promise<TriesByCredential<ResidenceCardCredential>> {
  const tries: TriesByCredential<ResidenceCardCredential> = {};
  for (const k of needed) tries[k] = { kind: 'not-readable' };
  return tries;
}
