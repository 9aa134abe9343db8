/**
 * The simulator CAs of the documents that chain to their own issuer's X.509 CA, loaded only for
 * the documents asked for, so a command that verifies one document never builds another
 * document's simulator (bench/cli-startup.bench.ts: minting the residence card's and licence's
 * simulator CAs was a fifth of `kazasu verify --sim default`). Each entry is that document's own
 * `SimulatedDocument.anchors()` (./index.ts); the My Number Card's simulator keys travel in the
 * AnchorSet and the passport's CSCAs in VerificationEnvironment.passportTrust, so neither has
 * one here (tests/node/simulator-document-anchors.test.ts keeps this list and theirs the same).
 */
import type { DocumentKind } from '../../verify/report';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';

export const SIMULATOR_DOCUMENT_ANCHORS: Readonly<Partial<Record<DocumentKind, () => Promise<readonly DocumentAnchor[]>>>> = {
  'residence-card': async () => (await import('./residence-card')).SIMULATED_RESIDENCE_CARD.anchors(),
  'drivers-licence': async () => (await import('./licence')).SIMULATED_LICENCE.anchors(),
};

/** The simulator CAs of `documents` (all documents when undefined). */
export async function simulatorAnchorsOf(documents?: readonly DocumentKind[]): Promise<DocumentAnchor[]> {
  const kinds = (Object.keys(SIMULATOR_DOCUMENT_ANCHORS) as DocumentKind[]).filter((k) => !documents || documents.includes(k));
  return (await Promise.all(kinds.map((k) => SIMULATOR_DOCUMENT_ANCHORS[k]!()))).flat();
}
