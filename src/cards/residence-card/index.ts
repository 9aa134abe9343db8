/**
 * The residence-card library: entry points for the session layer and the document driver.
 * - detect: ResidenceCard.detect() (MF files only, never VERIFY)
 * - credentials: checkCardNumber / isCardNumberFormat
 * - authenticate: ResidenceCard.authenticate() (counted; CardNumberRejectedError to count)
 * - read files: ResidenceCard.readAll() / readFile()
 * Verification lives in verify/residence-card.
 */
export { ResidenceCard, MAX_FAILED_AUTHENTICATIONS, type ResidenceCardOptions } from './residence-card';
export { checkCardNumber, isCardNumberFormat, CheckedCardNumber } from './card-number';
export { ResidenceCardError, CardNumberRejectedError, type ResidenceCardErrorCode, type AuthenticationStage } from './residence-card-error';
export type { ResidenceCardRead, Gen1Read, Gen2Read, ReadScope } from './read-result';
export type { CardIdentity, ResidenceGeneration, ResidenceKind } from './records/card-identity';
export type { CardText } from './records/card-text';
export type { PrintedEntries, WorkRestrictionCode, Gen2Permissions, Gen2Other } from './records/gen2-records';
export type { Gen1Address } from './records/gen1-records';
export { cryptoRandom, type RandomSource } from './mutual-authentication';
