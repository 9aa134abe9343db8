import type { CardProfile } from '../card-profile';
import { parseCardProfile } from '../profile-validation';
import defaultProfile from './default.json';
import expiredCertificate from './expired-certificate.json';
import foreignResident from './foreign-resident.json';
import gaijiName from './gaiji-name.json';
import lastTry from './last-try.json';
import lockedPin from './locked-pin.json';
import revokedCertificate from './revoked-certificate.json';
import under15 from './under-15.json';

/** The named simulator profiles, in the order the demo picker shows them. */
export const NAMED_PROFILES: readonly CardProfile[] = [
  defaultProfile,
  gaijiName,
  foreignResident,
  under15,
  expiredCertificate,
  revokedCertificate,
  lockedPin,
  lastTry,
].map(parseCardProfile);

export function namedProfile(id: string): CardProfile | undefined {
  return NAMED_PROFILES.find((p) => p.id === id);
}

/**
 * Profiles whose JPKI certificates the simulated revocation service lists as revoked
 * (demo mode; the real clients are tested against the test responders instead).
 */
export const REVOKED_PROFILE_IDS: readonly string[] = ['revoked-certificate'];
