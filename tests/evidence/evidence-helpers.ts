/**
 * Real VerificationReports from the simulated card (the same flow the kiosk runs), plus the
 * identifiers the session would derive from what it read, and fresh fake IndexedDB factories
 * (passed explicitly: nothing global is installed).
 */
import { IDBFactory } from 'fake-indexeddb';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import { deriveCardIdentifiers, type CardIdentifiers } from '../../src/evidence/card-identifiers';
import { evidencePolicyFor, requiredStaffItems } from '../../src/evidence/evidence-policy';
import { buildEvidenceRecord, type EvidenceStaffConfirmations, type VerificationDraft } from '../../src/evidence/evidence-record';
import { EvidenceStore } from '../../src/evidence/evidence-store';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import { MYNUMBER_PURPOSES } from '../../src/documents/mynumber/mynumber-purposes';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import { OfflineRevocationChecker } from '../../src/verify/revocation/offline-checker';
import type { PendingRevocation, RevocationRequest, RevocationResult } from '../../src/verify/revocation/revocation-checker';
import { BIRTH_KEY, card, CODE_B, environment, NOW, profile, verifyModel } from '../verify-flows/flow-helpers';

export { NOW };

/** The secrets of the default profile, read from its JSON (src/sim/mynumber/profiles/default.json). */
export const SECRETS = (() => {
  const p = profile('default');
  return {
    myNumber: p.person.myNumber,
    codeB: CODE_B.default!,
    birthDateKey: BIRTH_KEY.default!,
    pins: [...new Set([p.credentials.textPin, p.credentials.authPin, p.credentials.jukiPin, p.credentials.signPassword])],
  };
})();

/** Offline checker that also remembers what it was asked (certificates) and the pending records it gave. */
class RecordingOfflineChecker extends OfflineRevocationChecker {
  readonly certificates: { purpose: 'sign' | 'auth'; der: Uint8Array }[] = [];
  readonly pending: PendingRevocation[] = [];
  override async check(req: RevocationRequest): Promise<RevocationResult> {
    this.certificates.push({ purpose: req.purpose, der: req.certificate });
    const r = await super.check(req);
    if (r.status === 'pending') this.pending.push(r.pending);
    return r;
  }
}

async function cardFaceSignature(profileId: string): Promise<Uint8Array> {
  const transport = new SimulatedTransport(simulatedCardFor((await card(profileId)).model));
  await transport.connect();
  try {
    const c = new MyNumberCard(transport);
    await c.face.verify('codeB', CODE_B[profileId]!);
    const face = await c.face.readCardFace();
    c.close();
    return face.signature;
  } finally {
    await transport.disconnect();
  }
}

export interface ReadCheck {
  readonly report: VerificationReport;
  readonly identifiers: CardIdentifiers;
  readonly pending: readonly PendingRevocation[];
  /** The raw card-face signature (to re-derive the fingerprint independently in tests). */
  readonly faceSignature?: Uint8Array;
  readonly certificates: readonly { purpose: 'sign' | 'auth'; der: Uint8Array }[];
}

const cache = new Map<string, Promise<ReadCheck>>();

/** Run the real verification for a purpose on the default card (cached per purpose). */
export function readCheck(purposeId: PurposeId, profileId = 'default'): Promise<ReadCheck> {
  const k = `${profileId}/${purposeId}`;
  let p = cache.get(k);
  if (!p) {
    p = (async () => {
      const checker = new RecordingOfflineChecker();
      const prof = profile(profileId);
      const credentials = { codeB: CODE_B[profileId]!, birthDateKey: BIRTH_KEY[profileId]!, signPassword: prof.credentials.signPassword };
      const report = await verifyModel((await card(profileId)).model, purposeId, credentials, await environment('simulator', checker));
      const readsFace = MYNUMBER_PURPOSES[purposeId].reads.cardFace;
      const faceSignature = readsFace ? await cardFaceSignature(profileId) : undefined;
      const identifiers = await deriveCardIdentifiers({
        ...(report.attributes.cardExpiry ? { cardExpiry: report.attributes.cardExpiry } : {}),
        ...(faceSignature ? { cardFaceSignature: faceSignature } : {}),
        jpkiCertificates: checker.certificates,
      });
      return { report, identifiers, pending: [...checker.pending], certificates: [...checker.certificates], ...(faceSignature ? { faceSignature } : {}) };
    })();
    cache.set(k, p);
  }
  return p;
}

export const CONFIRMED_AT = new Date(NOW.getTime() + 60_000);

/** Every item the purpose asks answered 一致する (a record that may say "confirmed"). */
export function confirmedBy(purposeId: PurposeId, at: Date = CONFIRMED_AT): EvidenceStaffConfirmations {
  return { result: 'confirmed', answers: requiredStaffItems(purposeId).map((item) => ({ item, answer: 'match' as const })), faceComparedWith: 'chip-photo', confirmedAt: at };
}

export async function draftFor(purposeId: PurposeId, overrides: { operatorId?: string; kioskId?: string } = {}): Promise<VerificationDraft> {
  const r = await readCheck(purposeId);
  return buildEvidenceRecord(r.report, {
    purpose: PURPOSES[purposeId],
    policy: evidencePolicyFor(purposeId),
    kioskId: overrides.kioskId ?? 'kiosk-tokyo-01',
    operatorId: overrides.operatorId ?? 'staff-042',
    appVersion: '0.1.0+test',
    staffConfirmations: confirmedBy(purposeId),
    credentialEntry: 'manual',
    cardIdentifiers: r.identifiers,
    pendingRevocations: r.pending,
  });
}

/** A settable clock for the store. */
export function clock(start: Date = new Date(NOW.getTime() + 120_000)) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => {
      t = d.getTime();
    },
    advanceDays: (days: number) => {
      t += days * 86_400_000;
    },
  };
}

let dbCounter = 0;
export async function freshStore(options: { now?: () => Date } = {}) {
  const factory = new IDBFactory();
  const dbName = `evidence-test-${++dbCounter}`;
  const store = await EvidenceStore.open({ indexedDB: factory, dbName, ...(options.now ? { now: options.now } : {}) });
  return { factory, dbName, store };
}

// ------------------------------------------------------------ raw access (the attacker's view)

export function openRaw(factory: IDBFactory, dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(dbName);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

export async function rawAll(factory: IDBFactory, dbName: string, storeName: string): Promise<{ key: IDBValidKey; value: unknown }[]> {
  const db = await openRaw(factory, dbName);
  try {
    const tx = db.transaction(storeName, 'readonly');
    const s = tx.objectStore(storeName);
    const keys = s.getAllKeys();
    const values = s.getAll();
    await done(tx);
    return keys.result.map((key, i) => ({ key, value: values.result[i] }));
  } finally {
    db.close();
  }
}

export async function rawWrite(factory: IDBFactory, dbName: string, storeName: string, edit: (store: IDBObjectStore) => void): Promise<void> {
  const db = await openRaw(factory, dbName);
  try {
    const tx = db.transaction(storeName, 'readwrite');
    edit(tx.objectStore(storeName));
    await done(tx);
  } finally {
    db.close();
  }
}

export async function rawEntry(factory: IDBFactory, dbName: string, seq: number): Promise<Record<string, unknown>> {
  const all = await rawAll(factory, dbName, 'entries');
  const e = all.find((x) => x.key === seq);
  if (!e) throw new Error(`no entry ${seq}`);
  return { ...(e.value as Record<string, unknown>) };
}

/** Every stored value, flattened to text: strings as they are, bytes as Latin-1 and as UTF-8. */
export function flattenStored(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) {
    out.push(String.fromCharCode(...value));
    out.push(new TextDecoder().decode(value));
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const v of value) flattenStored(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      flattenStored(v, out);
    }
  }
  return out;
}
