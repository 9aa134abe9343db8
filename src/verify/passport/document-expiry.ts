/**
 * `pp.document.expiry`: the MRZ expiry date (DG1, covered by the SOD). The passport is taken as
 * valid through the whole expiry day in Japan, like the residence and My Number cards
 * (verify/card/card-expiry.ts); 9303 leaves the time zone to the reader.
 */
import type { Mrz } from '../../cards/passport/lds/mrz';
import { mrzDateToIso } from '../../cards/passport/lds/mrz';
import { cardExpiryInstant } from '../card/card-expiry';
import { ppCheck, type PassportCheck } from './passport-checks';

export function checkDocumentExpiry(mrz: Mrz, now: Date): PassportCheck {
  const id = 'pp.document.expiry' as const;
  const iso = mrzDateToIso(mrz.expiryDate, 'expiry', now);
  const end = iso ? cardExpiryInstant(iso) : undefined;
  if (!iso || !end) return ppCheck(id, 'fail', 'pp-lds-malformed', `expiry "${mrz.expiryDate}" is not a calendar date`, now);
  if (now.getTime() < end.getTime()) return ppCheck(id, 'pass', 'ok', `valid through ${iso} (JST)`, now);
  return ppCheck(id, 'fail', 'pp-document-expired', `expired at the end of ${iso} (JST)`, now);
}
