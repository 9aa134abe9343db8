/**
 * The verifier's one place to prepare its X.509 libraries (pki-and-perf.md §0.3, §1.6):
 *  - @peculiar/x509 needs `reflect-metadata` loaded before it (tsyringe) and a WebCrypto provider;
 *  - pkijs keeps a process-wide crypto engine; we install one over globalThis.crypto and also
 *    export it so verify code can pass it explicitly instead of trusting whatever engine another
 *    module installed last.
 * globalThis.crypto is WebCrypto in Node ≥ 20 and in browsers, so no Node import is needed.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

x509.cryptoProvider.set(globalThis.crypto);

const PKIJS_ENGINE_NAME = 'kazasu-webcrypto';

/** pkijs crypto engine over WebCrypto; pass it to pkijs calls that accept a `crypto` argument. */
export const pkijsCrypto: pkijs.CryptoEngine = new pkijs.CryptoEngine({ name: PKIJS_ENGINE_NAME, crypto: globalThis.crypto });

pkijs.setEngine(PKIJS_ENGINE_NAME, pkijsCrypto);

export { pkijs, x509 };
