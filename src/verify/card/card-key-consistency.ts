/**
 * The 券面AP records each carry the card key (EF 0001 DF12, EF 0002 DF24, EF 0005 DF42) and it
 * must be one key (spec §3.7). A mismatch means records from different cards were combined.
 */
import { sameRsaKey, type RsaKeyMaterial } from '../crypto/rsa-public-key';
import { check, type Check } from '../report';

/** Pass the keys of verified records only; an unverified record's key proves nothing. */
export function checkCardKeyConsistency(keys: readonly RsaKeyMaterial[]): Check {
  const id = 'face.card-key-consistency';
  const first = keys[0];
  if (!first) return check(id, 'skipped', 'not-read', 'no signed card-face record was verified');
  if (keys.every((k) => sameRsaKey(k, first))) return check(id, 'pass', 'ok', `${keys.length} record(s) carry the same card key`);
  return check(id, 'fail', 'card-key-mismatch', 'the card-face records carry different card keys');
}
