/**
 * @peculiar/x509 needs the reflect-metadata polyfill loaded before it (reference
 * pki-and-perf.md §0.3: it throws at import otherwise). Import x509 from here, never directly.
 * Only parsing is done with it here, so no crypto provider is installed.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { x509 };
