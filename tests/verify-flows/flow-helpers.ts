import 'reflect-metadata';
import { buildSimCard } from '../../src/node/sim-loader';
import { runVerification, type VerificationCredentials } from '../../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import type { VerificationEnvironment } from '../../src/session/verification-environment';
import type { CardModel } from '../../src/sim/card/card-model';
import type { BuiltCard } from '../../src/sim/mynumber/build-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { CardProfile } from '../../src/sim/mynumber/card-profile';
import { namedProfile } from '../../src/sim/mynumber/profiles';
import { simulatorAnchorSet } from '../../src/sim/pki/sim-trust-anchors';
import { simulatorResidenceAnchors } from '../../src/sim/residence-card/sim-trust-anchors';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { TrustMode } from '../../src/verify/report';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import { OfflineRevocationChecker } from '../../src/verify/revocation/offline-checker';
import type { RevocationChecker } from '../../src/verify/revocation/revocation-checker';
import { allKnownAnchors, createTrustStore } from '../../src/verify/trust/trust-store';

/** A fixed verification time so results do not drift with the calendar: 2026-11-20 12:00 JST. */
export const NOW = new Date('2026-11-20T03:00:00Z');

export function profile(id: string): CardProfile {
  const p = namedProfile(id);
  if (!p) throw new Error(`no profile ${id}`);
  return p;
}

const built = new Map<string, Promise<BuiltCard>>();
export function card(id: string): Promise<BuiltCard> {
  let b = built.get(id);
  if (!b) {
    b = buildSimCard(profile(id));
    built.set(id, b);
  }
  return b;
}

/** 照合番号B worked out by hand from each profile's printed birth date, expiry and security code. */
export const CODE_B: Record<string, string> = {
  default: '55021720352285', // 1980-02-17 = 昭和55; 2035; 2285
  'gaiji-name': '50110320344816', // 1975-11-03 = 昭和50; 2034; 4816
  'foreign-resident': '02071420315519', // 1990-07-14 = 平成2; 2031; 5519
  'under-15': '26060120297351', // 2014-06-01 = 平成26; 2029; 7351
  'expired-certificate': '43082020309024', // 1968-08-20 = 昭和43; 2030; 9024
  'locked-pin': '04040520333158', // 1992-04-05 = 平成4; 2033; 3158
  'last-try': '60122420346402', // 1985-12-24 = 昭和60; 2034; 6402
  'revoked-certificate': '54093020328120', // 1979-09-30 = 昭和54; 2032; 8120
};
/** 券面AP birth-date key (和暦 YYMMDD), by hand. */
export const BIRTH_KEY: Record<string, string> = {
  default: '550217',
  'gaiji-name': '501103',
  'foreign-resident': '020714',
  'under-15': '260601',
  'expired-certificate': '430820',
  'locked-pin': '040405',
  'last-try': '601224',
  'revoked-certificate': '540930',
};

export async function environment(mode: TrustMode = 'simulator', revocation: RevocationChecker = new OfflineRevocationChecker()): Promise<VerificationEnvironment> {
  const simulator = await simulatorAnchorSet();
  // Every document's simulator CAs of its own (residence card); the driver keeps the mode's.
  const documentAnchors = (await simulatorResidenceAnchors()).map((a) => ({ ...a, document: 'residence-card' as const }));
  return { trust: createTrustStore(mode, { simulator }), allAnchors: allKnownAnchors({ simulator }), documentAnchors, revocation, now: () => NOW };
}

export async function verifyModel(
  model: CardModel,
  purposeId: PurposeId,
  credentials: VerificationCredentials,
  env: VerificationEnvironment,
  wrap?: (card: ApduResponder) => ApduResponder,
): Promise<VerificationReport> {
  const sim = simulatedCardFor(model);
  const transport = new SimulatedTransport(wrap ? wrap(sim) : sim);
  await transport.connect();
  try {
    return await runVerification(transport, PURPOSES[purposeId], credentials, env);
  } finally {
    await transport.disconnect();
  }
}

export function failing(report: VerificationReport): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`);
}
