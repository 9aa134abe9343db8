import { toHex } from '../../bytes/hex';
import { fromSnapshot } from '../../sim/card/card-snapshot';
import { SimulatedCard } from '../../sim/card/simulated-card';
import { simCardSigner } from '../../sim/mynumber/card-signing';
import type { DemoBundle, DemoCard } from '../../sim/mynumber/demo-card';
import { simulatorAnchorSet } from '../../sim/pki/sim-trust-anchors';
import { fromDemoModel, type RcDemoCard } from '../../sim/residence-card/rc-demo-card';
import { SimulatedResidenceCard } from '../../sim/residence-card/residence-sim-card';
import { simulatorResidenceAnchors } from '../../sim/residence-card/sim-trust-anchors';
import { fromLicenceDemoModel, type LicenceDemoCard } from '../../sim/licence/licence-demo-card';
import { simulatorLicenceIssuerCertificates } from '../../sim/licence/licence-issuer';
import { SimulatedLicenceCard } from '../../sim/licence/simulated-licence-card';
import type { ApduResponder } from '../../transport/apdu-responder';
import { DemoRevocationChecker } from '../../sim/revocation/demo-revocation-checker';
import type { PurposeId } from '../../session/purposes';
import type { VerificationEnvironment } from '../../session/verification-environment';
import { SimulatedTransport } from '../../transport/simulated-transport';
import { OfflineRevocationChecker } from '../../verify/revocation/offline-checker';
import { allKnownAnchors, createTrustStore } from '../../verify/trust/trust-store';
import type { AnchorSet, DocumentAnchor } from '../../verify/trust/trust-anchors';
import { SlowResponder } from './slow-responder';
import { PendingChip, passportDemoCards, passportDemoChip, type PassportDemoCard } from './passport-demo-cards';
import { simulatorPassportCscas } from '../../sim/passport/pki/sim-passport-trust';
import { simCscaCrl } from '../../sim/passport/pki/crl';
import { createPassportTrustStore, type PassportTrustStore } from '../../verify/passport/trust/passport-trust';
import { importCscaCrl } from '../../verify/passport/trust/csca-crl';

/**
 * Demo mode's simulated world: every demo card, one simulated reader, and simulator trust.
 * This module (and everything under sim/) is loaded only by dynamic import, so the production
 * first-load bundle never carries the simulator.
 */

/** A demo card of any document: a My Number Card (no `document`), a residence card, a licence or a passport. */
export type AnyDemoCard = (DemoCard & { readonly document?: undefined }) | RcDemoCard | LicenceDemoCard | PassportDemoCard;

export interface DemoWorld {
  readonly cards: readonly AnyDemoCard[];
  readonly transport: SimulatedTransport;
  /** Put a demo card on the simulated reader (replacing any card already there). */
  placeCard(id: string): void;
  removeCard(): void;
  /** The demo card on the reader, if any (its printed face and what its holder knows). */
  placedCard(): AnyDemoCard | undefined;
  /** Trust and revocation for one verification. */
  environment(purpose: PurposeId): VerificationEnvironment;
  /** The simulator's anchors, so production verification can say "a simulator card". */
  readonly simulatorAnchors: AnchorSet;
  /** The simulator's CAs of documents that chain to their own issuer (the residence card). */
  readonly simulatorDocumentAnchors: readonly DocumentAnchor[];
}

export async function loadDemoWorld(apduDelayMs: () => number): Promise<DemoWorld> {
  const [{ demoBundle }, simulator, residence, licence, passportTrust] = await Promise.all([import('virtual:kazasu-sim-cards'), simulatorAnchorSet(), simulatorResidenceAnchors(), simulatorLicenceAnchors(), simulatorPassportTrust()]);
  const documentAnchors = [...residence.map((a): DocumentAnchor => ({ ...a, document: 'residence-card' })), ...licence];
  return createDemoWorld(demoBundle, simulator, documentAnchors, apduDelayMs, passportTrust);
}

/** The simulated licence issuers (both genuine signers, never the rogue), as the CLI's `SIMULATED_LICENCE.anchors()` gives them. */
async function simulatorLicenceAnchors(): Promise<DocumentAnchor[]> {
  const certs = await simulatorLicenceIssuerCertificates();
  return Promise.all(
    certs.map(async (der, i): Promise<DocumentAnchor> => ({
      document: 'drivers-licence',
      der,
      name: `Kazasu Simulator licence issuer ${i + 1}`,
      hierarchy: 'simulator',
      provenance: 'kazasu-simulator',
      sha256: toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice()))),
    })),
  );
}

/**
 * Passport trust in demo mode: the simulator CSCAs only, with the simulator CSCA's CRL (which
 * lists the revoked simulator DSC), checked like any imported CRL (node/passport-trust-file.ts
 * does the same for the CLI's simulator mode).
 */
async function simulatorPassportTrust(): Promise<PassportTrustStore> {
  const simulator = await simulatorPassportCscas();
  const store = createPassportTrustStore('simulator', { simulator });
  const crl = await importCscaCrl(await simCscaCrl(), store, new Date(), 'kazasu-simulator CSCA CRL');
  return crl.crl ? createPassportTrustStore('simulator', { simulator, crls: [crl.crl] }) : store;
}

function createDemoWorld(bundle: DemoBundle & { readonly residenceCards?: readonly RcDemoCard[]; readonly licenceCards?: readonly LicenceDemoCard[] }, simulator: Awaited<ReturnType<typeof simulatorAnchorSet>>, documentAnchors: readonly DocumentAnchor[], apduDelayMs: () => number, passportTrust: PassportTrustStore): DemoWorld {
  const transport = new SimulatedTransport(undefined);
  const trust = createTrustStore('simulator', { simulator });
  const allAnchors = allKnownAnchors({ simulator });
  const online = new DemoRevocationChecker(bundle.revokedSerials);
  // The field purpose runs with no network by design: revocation stays pending (ux §6 step 6).
  const offline = new OfflineRevocationChecker();
  // One simulated chip per card for the whole demo run: like a real card, it remembers the
  // tries used (reload the page to get fresh cards).
  const chips = new Map<string, ApduResponder>();
  let placed: AnyDemoCard | undefined;
  const cards: readonly AnyDemoCard[] = [...bundle.cards, ...(bundle.residenceCards ?? []), ...(bundle.licenceCards ?? []), ...passportDemoCards()];

  const chipFor = (card: AnyDemoCard): ApduResponder => {
    let chip = chips.get(card.id);
    if (!chip) {
      chip =
        card.document === 'passport'
          ? new PendingChip(passportDemoChip(card))
          : card.document === 'residence-card'
            ? new SimulatedResidenceCard(fromDemoModel(card.model))
            : card.document === 'drivers-licence'
              ? card.chip.kind === 'card'
                ? new SimulatedLicenceCard(fromLicenceDemoModel(card.chip.model))
                : new SimulatedCard(fromSnapshot(card.chip.snapshot), simCardSigner)
              : new SimulatedCard(fromSnapshot(card.snapshot), simCardSigner);
      chips.set(card.id, chip);
    }
    return chip;
  };

  return {
    cards,
    transport,
    placeCard(id) {
      const card = cards.find((c) => c.id === id);
      if (!card) return;
      if (placed) transport.removeCard();
      placed = card;
      transport.placeCard(new SlowResponder(chipFor(card), apduDelayMs));
    },
    removeCard() {
      placed = undefined;
      transport.removeCard();
    },
    placedCard: () => placed,
    simulatorAnchors: simulator,
    simulatorDocumentAnchors: documentAnchors,
    environment: (purpose) => ({
      trust,
      allAnchors,
      documentAnchors,
      revocation: purpose === 'field' ? offline : online,
      passportTrust,
      now: () => new Date(),
    }),
  };
}
