/**
 * The driver's licence card library (運転免許証) and the licence application on a My Number Card
 * (マイナ免許証). Entry points for a document driver:
 *
 *  - detect: `new LicenceCard(transport, { channel }).detect()` — SELECT MF + the free 共通データ
 *    要素; no VERIFY. For the マイナ免許証: `detectMyNumberLicence(channel)` (SELECT only).
 *  - credential format: `checkLicencePin(value, 'pin1' | 'pin2' | 'mnc')` — 4 digits, or `****`
 *    meaning "no PIN was set"; throws LicenceCredentialFormatError ('credential-format').
 *  - tries: `card.readTries('pin1' | 'pin2')` / `ap.readTries()` — empty VERIFY, no try used;
 *    `{ kind: 'not-readable' }` when layout.emptyVerifyAllowed is false (licence-layout.ts says why
 *    it is believed allowed: [I×6] + the spec as quoted, not read in the primary text).
 *  - verify: `card.verify(pin, value, { confirmLastTry })` — licence-pin-guard.ts.
 *  - read: `readLicence(card, plan)` / `readMyNumberLicence(ap, plan)` after VERIFY.
 *  - 本籍: only `card.readHonseki(reason)`, only as ForbiddenBytes (forbidden-data.ts).
 * Every card fact is [I]/[U] and configurable: licence-layout.ts, mynumber-ap/mnc-layout.ts,
 * signed-data.ts.
 */
export * from './licence-layout';
export * from './licence-errors';
export * from './licence-tlv';
export * from './jis-x0208';
export * from './jis-x0201';
export * from './era-date';
export * from './common-data';
export * from './pin-setting';
export * from './entries';
export * from './licence-classes';
export * from './forbidden-data';
export * from './honseki';
export * from './gaiji';
export * from './change-records';
export * from './signature-file';
export * from './photo';
export * from './credentials';
export * from './licence-pin-guard';
export * from './signed-data';
export * from './licence-card';
export * from './licence-read';
export * from './mynumber-ap/mnc-layout';
export * from './mynumber-ap/mnc-licence-info';
export * from './mynumber-ap/mynumber-licence-ap';
