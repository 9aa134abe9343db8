/**
 * 有効期限 (券面AP EF 0002 DF29, spec §3.7; also DF …0100 and GET DATA 00F2): the card is valid
 * through the whole of its expiry day in Japan, i.e. until 00:00 JST (UTC+9, no DST) of the next
 * day. DF29 is outside the card-face signature, so this is a plausibility check, not a proof.
 */
import { check, type Check } from '../report';

const JST_OFFSET_MS = 9 * 3600_000;

/** The instant the card stops being valid, or undefined for anything but a real 'YYYY-MM-DD'. */
export function cardExpiryInstant(expiry: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expiry);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Reject dates that Date.UTC would roll over (2035-02-30 → March 2).
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  return new Date(Date.UTC(y, mo - 1, d + 1) - JST_OFFSET_MS);
}

export function checkCardExpiry(expiry: string, now: Date): Check {
  const end = cardExpiryInstant(expiry);
  if (!end) return check('card.expiry', 'fail', 'record-malformed', 'the expiry date is not a valid YYYY-MM-DD date', now);
  if (now.getTime() < end.getTime()) return check('card.expiry', 'pass', 'ok', `valid through ${expiry} (JST)`, now);
  return check('card.expiry', 'fail', 'card-expired', `expired at the end of ${expiry} (JST)`, now);
}
