import type { LicenceProfile } from '../licence-profile';
import type { MncLicenceProfile } from '../mynumber-licence-app';
import mncDefault from './mynumber-licence.json';
import mncNoPin from './mynumber-licence-no-pin.json';
import { parseLicenceProfile } from '../profile-validation';
import defaultProfile from './licence-default.json';
import expired from './licence-expired.json';
import gaijiName from './licence-gaiji-name.json';
import manyClasses from './licence-many-classes.json';
import moved from './licence-moved.json';
import noPins from './licence-no-pins.json';
import pin1Blocked from './licence-pin1-blocked.json';
import pin1LastTry from './licence-pin1-last-try.json';

/** The named simulated licences, in the order a demo picker would show them. */
export const LICENCE_PROFILES: readonly LicenceProfile[] = [defaultProfile, noPins, gaijiName, moved, manyClasses, expired, pin1LastTry, pin1Blocked].map(parseLicenceProfile);

export function licenceProfile(id: string): LicenceProfile | undefined {
  return LICENCE_PROFILES.find((p) => p.id === id);
}

/** My Number Cards with the licence application (マイナ免許証): the base My Number profile and the licence data. */
export const MNC_LICENCE_PROFILES: readonly MncLicenceProfile[] = [mncDefault as MncLicenceProfile, mncNoPin as MncLicenceProfile];

export function mncLicenceProfile(id: string): MncLicenceProfile | undefined {
  return MNC_LICENCE_PROFILES.find((p) => p.id === id);
}
