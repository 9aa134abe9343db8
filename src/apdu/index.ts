export * from './apdu-error';
export * from './command';
export * from './response';
export * from './status-words';
export * from './exchange';
export * from './ber-tlv';
export * from './simple-tlv';
