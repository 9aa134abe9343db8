/**
 * Verification of the driver's licence and of the licence information on a My Number Card.
 * Entry points: `verifyLicenceReadout(readout, env, { pin2 })` and `verifyMyNumberLicence(readout,
 * env)`; issuer certificates: `importLicenceIssuerCertificate` / `licenceIssuersFromRecords`
 * (operator), `simulatorLicenceIssuerTrust` (simulator mode); check titles and reasons:
 * `LICENCE_CATALOGUE` (licence-checks.ts).
 */
export * from './licence-checks';
export * from './issuer-certificates';
export * from './licence-signature';
export * from './licence-record-checks';
export * from './licence-attributes';
export * from './verify-licence';
export * from './verify-mynumber-licence';
