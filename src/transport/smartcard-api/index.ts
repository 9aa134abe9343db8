/** The Web Smart Card API path (navigator.smartCard, Isolated Web Apps only): what the kiosk UI uses. */
export { smartCardAvailability, type SmartCardAvailability, type SmartCardUnavailableReason } from './smartcard-availability';
export { SmartCardApiTransport, type SmartCardApiTransportOptions, type SmartCardReaderEvent } from './smartcard-api-transport';
export { SmartCardApiError, SMART_CARD_REASON_CODES, type SmartCardApiReason } from './smartcard-api-error';
export { chooseReader, listSmartCardReaders } from './smartcard-readers';
export type { SmartCardResourceManagerLike } from './smartcard-api-types';
