/** Shared pieces of the passport driver tests: the simulator trust, a run through the runner. */
import 'reflect-metadata';
import { simulatedPassportChip } from '../../src/node/sim-documents/passport';
import { passportTrustFor, PassportTrustFile } from '../../src/node/passport-trust-file';
import { PASSPORT_DRIVER } from '../../src/documents/passport/passport-driver';
import type { PassportReport } from '../../src/documents/passport/passport-report';
import { runVerification, type VerificationCredentials } from '../../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import type { VerificationEnvironment } from '../../src/session/verification-environment';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { TrustMode } from '../../src/verify/report';
import { environment, NOW } from '../verify-flows/flow-helpers';

export { NOW };

/** The specimen MRZ key fields and CANs of the simulator's profiles (sim/passport/lds/profiles.ts). */
export const MRZ: Readonly<Record<string, string>> = {
  'utopia-bac': 'L898902C3 740812 340415',
  'germany-pace-gm': 'C01X00T47 640812 331031',
  'japan-no-address': 'ZZ0000001 900101 350101',
  'utopia-id-pace-im': 'D23145890 740812 340415',
  'utopia-pace-cam': 'L898902D5 740812 340415',
};
export const CAN: Readonly<Record<string, string>> = { 'germany-pace-gm': '500540', 'utopia-id-pace-im': '654321' };

/** The kiosk's environment with the passport trust of `mode` (simulator: simulator CSCAs + their CRL). */
export async function passportEnvironment(mode: TrustMode = 'simulator'): Promise<VerificationEnvironment> {
  // A path that does not exist: no operator imports.
  const file = new PassportTrustFile(`/nonexistent/kazasu-test-${process.pid}/passport-trust.json`);
  return { ...(await environment(mode)), passportTrust: (await passportTrustFor(mode, NOW, file)).store };
}

export async function verifyChip(chip: ApduResponder, purpose: PurposeId, credentials: VerificationCredentials, env?: VerificationEnvironment, steps?: string[]): Promise<PassportReport> {
  const transport = new SimulatedTransport(chip, { extendedLength: true });
  await transport.connect();
  try {
    return (await runVerification(transport, PURPOSES[purpose], credentials, env ?? (await passportEnvironment()), steps ? (s) => void steps.push(s) : undefined, { document: PASSPORT_DRIVER })) as PassportReport;
  } finally {
    await transport.disconnect();
  }
}

export async function verifyProfile(profile: string, purpose: PurposeId, opts: { forgery?: string; credentials?: VerificationCredentials; env?: VerificationEnvironment } = {}): Promise<PassportReport> {
  return verifyChip(await simulatedPassportChip(profile, opts.forgery), purpose, opts.credentials ?? { mrz: MRZ[profile]! }, opts.env);
}

export function checkOf(r: PassportReport, id: string) {
  return r.checks.find((c) => c.id === id);
}
