/**
 * `import { … } from 'kazasu'` in a browser (and any other runtime without Node's built-ins):
 * the card library, the document drivers and their registry, the verifier and its report, the
 * trust store, revocation checkers, recordings, and the browser's reader transports. The
 * dependency rules (.dependency-cruiser.cjs `browser-entry-*`) keep Node built-ins, Node-only
 * packages, node/, app/ and sim/ out of everything this file reaches, and `npm run build`
 * bundles it for `platform: 'browser'`, which fails on any Node import.
 *
 * The Node entry (src/lib/node.ts) re-exports all of this and adds PC/SC readers and recordings
 * on disk. API documentation: `npm run docs:api` (docs/api/).
 */

// ---------------------------------------------------------------- transports (reader paths)
export { TransportError, type CardTransport, type CardEvent, type CardEventListener, type TransportCapabilities, type TransportKind, type TransportErrorCode, type TransmitOptions } from '../transport/card-transport';
export type { ApduResponder } from '../transport/apdu-responder';
export { SimulatedTransport, type SimulatedTransportOptions } from '../transport/simulated-transport';
export { SwitchableTransport } from '../transport/switchable-transport';
export { TracingTransport, redactCommand, type ApduTraceEntry, type ApduTraceSink } from '../transport/apdu-trace';
export { BridgeTransport, type BridgeTransportOptions, type WebSocketLike } from '../transport/bridge/bridge-transport';
export { WebUsbCcidTransport, type WebUsbCcidOptions } from '../transport/webusb-ccid/webusb-ccid-transport';
export { WebUsbPort100Transport, type WebUsbPort100Options } from '../transport/webusb-port100/webusb-port100-transport';
export { SmartCardApiTransport, type SmartCardApiTransportOptions } from '../transport/smartcard-api/smartcard-api-transport';
export { NativeTransport, type NativeTransportOptions } from '../transport/native/native-transport';

// ---------------------------------------------------------------- card library
export { CardChannel } from '../cards/iso7816/card-channel';
export { PinError, queryRetries, verifyGuarded, type PinErrorCode, type RetryStatus, type VerifyOptions } from '../cards/iso7816/pin-guard';
export { MyNumberCard } from '../cards/mynumber/mynumber-card';
export { AID as MYNUMBER_AID } from '../cards/mynumber/application-ids';
export {
  buildBirthDateKey,
  buildVerificationCodeB,
  checkBirthDateKey,
  checkPin4,
  checkSignPassword,
  checkVerificationCodeB,
  CredentialFormatError,
} from '../cards/mynumber/credentials';
export type { MyNumberLegalBasis } from '../cards/mynumber/legal-basis';
export { ResidenceCard, type ResidenceCardOptions } from '../cards/residence-card/residence-card';
export { PassportCard, type PassportCardOptions, type PassportPassword } from '../cards/passport/passport-card';

// ---------------------------------------------------------------- documents (drivers, registry, recordings)
export type {
  AnyDocumentDriver,
  CheckCatalogue,
  CredentialSpec,
  Detection,
  DetectionHint,
  DocumentDriver,
  DocumentPurpose,
  DocumentReadout,
  DocumentRecordingSupport,
  EnteredCredentials,
  ReadoutRequest,
  RevocationPolicy,
  Text,
  TriesByCredential,
  VerificationPlan,
} from '../documents/document-driver';
export { CardProbe, DOCUMENT_DRIVERS, documentDriver, documentKinds, type CredentialKind, type DocumentReport, type RegisteredDocumentKind } from '../documents/registry';
export { MYNUMBER_DRIVER } from '../documents/mynumber/mynumber-driver';
export type { MyNumberReport, MyNumberAttributes, MyNumberImages, MyNumberMaterial } from '../documents/mynumber/mynumber-report';
export { UnknownDocumentError, UnsupportedPurposeError } from '../documents/document-errors';
export { CATALOGUE, checkTitle, reasonText } from '../documents/check-catalogue';
export type { CardRecording, RecordedChallenge, RecordingSource, WithheldPart } from '../documents/card-recording';
export {
  buildRecordingManifest,
  parseRecordingManifest,
  recordingFromManifest,
  RecordingManifestError,
  RECORDING_MANIFEST_FILE,
  type RecordingManifest,
} from '../documents/recording-manifest';
export { RecordingIncompleteError } from '../documents/recording-checks';
export type { VerificationEnvironment } from '../documents/verification-environment';

// ---------------------------------------------------------------- verification
export { runVerification, MissingCredentialError, type VerificationCredentials, type VerificationOptions } from '../session/run-verification';
export { verifyRecording, RecordingUnsupportedError } from '../session/verify-recording';
export { PURPOSES, purpose, type Purpose } from '../session/purposes';
export type { ProgressListener } from '../session/verification-environment';
export {
  check,
  decideOutcome,
  DOCUMENT_KINDS,
  PURPOSE_IDS,
  type AnchorUse,
  type AnyCheck,
  type Check,
  type CheckStatus,
  type CoreAttributes,
  type DocumentKind,
  type Outcome,
  type PurposeId,
  type TrustMode,
  type VerificationReport,
} from '../verify/report';

// ---------------------------------------------------------------- trust store and revocation
export { allKnownAnchors, createTrustStore, type TrustStoreInputs } from '../verify/trust/trust-store';
export type { AnchorSet, CvCaKey, TrustStore, X509Anchor } from '../verify/trust/trust-anchors';
export { anchorSetFromRecords, importCvCaKey, importX509Root, type AnchorRepository, type ImportedAnchorRecord, type ImportMode } from '../verify/trust/anchor-import';
export type { RevocationChecker, RevocationRequest, RevocationResult, PendingRevocation } from '../verify/revocation/revocation-checker';
export { CrlRevocationChecker, type CrlCheckerOptions } from '../verify/revocation/crl-client';
export { OcspRevocationChecker, type OcspCheckerOptions } from '../verify/revocation/ocsp-client';
export { PlatformRevocationChecker, type PlatformCheckerOptions } from '../verify/revocation/platform-client';
export { OfflineRevocationChecker } from '../verify/revocation/offline-checker';

// ---------------------------------------------------------------- errors
export { KazasuError, isKazasuError } from '../errors/kazasu-error';
