/**
 * `import { … } from 'kazasu'` in Node: everything of the browser entry (src/lib/browser.ts), plus
 * PC/SC readers in this process (@pokusew/pcsclite, an optional dependency loaded only when a
 * reader is opened), verification with the CLI's PIN safety, and recordings on disk. README
 * "Library" has a worked example (examples/verify-on-reader.mjs, run by tests/pcsc).
 */
export * from './browser';
export * from '../node/library/node-api';
