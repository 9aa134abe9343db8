/** Shared fixtures for the JPKI verifier tests: simulator roots as anchors, leaf minting. */
import { readFileSync } from 'node:fs';
import {
  mintJpkiAuthCertificate,
  mintJpkiSignCertificate,
  type MintJpkiAuthParams,
  type MintJpkiSignParams,
} from '../../src/sim/pki/jpki-certificates';
import type { JpkiPersonalAttributes } from '../../src/sim/pki/jpki-san';
import { simJpkiRoot, type SimRoot, type SimRootGeneration } from '../../src/sim/pki/sim-hierarchy';
import { cardKeyFor } from '../../src/sim/pki/sim-keys';
import type { JpkiPurpose } from '../../src/sim/pki/sim-names';
import type { TrustMode } from '../../src/verify/report';
import type { TrustStore, X509Anchor } from '../../src/verify/trust/trust-anchors';

export const NOW = new Date('2027-06-01T00:00:00Z');
export const LEAF_NOT_BEFORE = new Date('2025-10-27T00:00:00Z');
export const LEAF_NOT_AFTER = new Date('2030-01-02T14:59:59Z');

export const PERSONAL: JpkiPersonalAttributes = {
  name: '山田　太郎',
  nameSubstitution: '00100',
  sex: '1',
  birthDate: '419900102',
  address: '東京都清瀬市中里一丁目２番地３',
};

export async function root(purpose: JpkiPurpose, generation: SimRootGeneration = 'gen1'): Promise<SimRoot> {
  return simJpkiRoot(purpose, generation);
}

export function anchorOf(r: SimRoot, purpose: X509Anchor['purpose'] = r.purpose, name = `sim ${r.purpose} ${r.generation}`): X509Anchor {
  return { der: r.certificate, name, hierarchy: 'simulator', provenance: 'kazasu-simulator', purpose };
}

export function derAnchor(der: Uint8Array, name: string, purpose: X509Anchor['purpose'], hierarchy: X509Anchor['hierarchy'] = 'simulator'): X509Anchor {
  return { der, name, hierarchy, provenance: 'test', purpose };
}

export function trustOf(anchors: readonly X509Anchor[], mode: TrustMode = 'simulator'): TrustStore {
  return { mode, cvCaKeys: [], x509Anchors: anchors };
}

export async function signLeaf(over: Partial<MintJpkiSignParams> = {}): Promise<Uint8Array> {
  return mintJpkiSignCertificate({
    issuer: await root('sign'),
    subjectKey: cardKeyFor('card-A', 'jpki-sign'),
    municipality: { prefecture: 'Tokyo-to', city: 'Kiyose-shi' },
    commonName: '9SIMSIGN000113221003A',
    serialHex: '01A2B3C4',
    notBefore: LEAF_NOT_BEFORE,
    notAfter: LEAF_NOT_AFTER,
    personal: PERSONAL,
    ...over,
  });
}

export async function authLeaf(over: Partial<MintJpkiAuthParams> = {}): Promise<Uint8Array> {
  return mintJpkiAuthCertificate({
    issuer: await root('auth'),
    subjectKey: cardKeyFor('card-A', 'jpki-auth'),
    municipality: { prefecture: 'Tokyo-to', city: 'Kiyose-shi' },
    commonName: '9SIMAUTH000113221003A',
    serialHex: '01A2B3C5',
    notBefore: LEAF_NOT_BEFORE,
    notAfter: LEAF_NOT_AFTER,
    ...over,
  });
}

/** The project's committed copy of the J-LIS roots (fingerprint-checked in tests/verify-trust). */
const JLIS_ROOTS = new URL('../../src/verify/trust/data/jlis-roots.json', import.meta.url);

/** The real J-LIS roots (PEM → DER), keyed by file stem, e.g. sign_ca_2015. */
export function realJlisRoots(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const data = JSON.parse(readFileSync(JLIS_ROOTS, 'utf8')) as { roots: { file: string; pem: string }[] };
  for (const r of [...data.roots].sort((a, b) => a.file.localeCompare(b.file))) {
    const b64 = r.pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    out.set(r.file.replace(/\.pem$/, ''), new Uint8Array(Buffer.from(b64, 'base64')));
  }
  return out;
}

export const hex = (b: Uint8Array | ArrayBuffer): string =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex').toUpperCase();

/** A copy of `der` with one byte XOR-ed. */
export function flip(der: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = der.slice();
  const i = index < 0 ? out.length + index : index;
  out[i] = out[i]! ^ mask;
  return out;
}
