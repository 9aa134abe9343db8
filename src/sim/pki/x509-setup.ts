/**
 * One place that prepares @peculiar/x509 for use: it needs reflect-metadata loaded first and a
 * WebCrypto provider. globalThis.crypto exists in Node 20 and in browsers.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
