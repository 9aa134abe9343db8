import { parseRcProfile, type RcProfile } from '../rc-profile';
import rc1Adult from './rc1-adult.json';
import rc1ExpiredCertificate from './rc1-expired-certificate.json';
import rc1SpecialPermanent from './rc1-special-permanent.json';
import rc1Under16 from './rc1-under-16.json';
import rc2Adult from './rc2-adult.json';
import rc2ExpiredCard from './rc2-expired-card.json';
import rc2LongName from './rc2-long-name.json';
import rc2SpecialPermanent from './rc2-special-permanent.json';

/** The named residence-card profiles, in the order a picker shows them. */
export const RC_PROFILES: readonly RcProfile[] = [rc1Adult, rc1SpecialPermanent, rc1ExpiredCertificate, rc1Under16, rc2Adult, rc2SpecialPermanent, rc2ExpiredCard, rc2LongName].map(parseRcProfile);

export function namedRcProfile(id: string): RcProfile | undefined {
  return RC_PROFILES.find((p) => p.id === id);
}
