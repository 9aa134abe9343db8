/**
 * Child process for e2e/kiosk-revocation.spec.ts (run with tsx: Playwright's loader cannot import
 * the simulator's JSON profiles): starts the simulator's CRL server and OCSP responder on
 * 127.0.0.1 for the sign hierarchy (generation 1) with the revoked-certificate profile's signature
 * certificate revoked, and prints one JSON line: where they are, and the simulator's anchors as
 * production import records. Stops on SIGTERM or when stdin closes.
 */
import 'reflect-metadata';
import { buildSimCard } from '../../src/node/sim-loader';
import { namedProfile } from '../../src/sim/mynumber/profiles';
import { simJpkiRoot } from '../../src/sim/pki/sim-hierarchy';
import { startCrlServer } from '../../src/sim/revocation/crl-server';
import { startOcspResponder } from '../../src/sim/revocation/ocsp-responder';
import { parseJpkiCertificateSummary } from '../../src/verify/jpki/jpki-certificate-summary';
import { simulatorAnchorsAsProduction } from '../../tests/app-revocation/revocation-fixtures';

const revokedSerial = parseJpkiCertificateSummary((await buildSimCard(namedProfile('revoked-certificate')!)).certificates.sign!).serialHex;
const [sign, auth] = await Promise.all([simJpkiRoot('sign', 'gen1'), simJpkiRoot('auth', 'gen1')]);
const crl = await startCrlServer({
  crls: {
    sign: { issuer: sign, entries: [{ serialHex: revokedSerial, revokedAt: new Date('2026-10-01T00:00:00Z'), reason: 'keyCompromise' }] },
    auth: { issuer: auth, entries: [] },
  },
});
const ocsp = await startOcspResponder({ issuer: sign, revoked: [revokedSerial], purpose: 'sign' });
const anchors = await simulatorAnchorsAsProduction();
process.stdout.write(`${JSON.stringify({ crlOrigin: new URL(crl.url('sign')).origin, ocspOrigin: new URL(ocsp.url).origin, ocspPath: new URL(ocsp.url).pathname, anchors })}\n`);

const stop = () => void Promise.all([crl.close(), ocsp.close()]).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
