import type { CardProfile } from '../card-profile';
import { parseCardProfile } from '../profile-validation';
import defaultProfile from './default.json';
import expiredCertificate from './expired-certificate.json';
import foreignResident from './foreign-resident.json';
import gaijiName from './gaiji-name.json';
import lastTry from './last-try.json';
import lockedPin from './locked-pin.json';
import under15 from './under-15.json';

/** The named simulator profiles, in the order the demo picker shows them. */
export const NAMED_PROFILES: readonly CardProfile[] = [
  defaultProfile,
  gaijiName,
  foreignResident,
  under15,
  expiredCertificate,
  lockedPin,
  lastTry,
].map(parseCardProfile);

export function namedProfile(id: string): CardProfile | undefined {
  return NAMED_PROFILES.find((p) => p.id === id);
}
