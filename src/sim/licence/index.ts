/**
 * The simulated driver's licence (SIMULATOR ONLY): profiles → files → a SimulatedLicenceCard
 * (an ApduResponder), simulator issuers ("Kazasu Simulator … not NPA"), the forgery catalogue, and
 * the licence application added to a simulated My Number Card (マイナ免許証). Written on its own:
 * nothing here imports the card library or the verifier.
 */
export * from './licence-profile';
export * from './profile-validation';
export * from './profiles';
export * from './sim-text';
export * from './licence-issuer';
export * from './licence-files';
export * from './licence-signing';
export * from './gaiji-glyphs';
export * from './simulated-licence-card';
export * from './build-licence';
export * from './forgeries';
export * from './mynumber-licence-app';
export { licenceFaceJ2k, LICENCE_FACE_SIZE } from './assets/licence-faces-data';
