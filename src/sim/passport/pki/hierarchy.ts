/**
 * The simulated passport PKI: three simulator CSCAs, their document signers (including the ones
 * forgeries use), a master-list signer and a rogue CSCA — fixed keys, serials and dates, so
 * every part of Kazasu sees byte-identical certificates. Minted once per process.
 *
 * Names never collide with a real CSCA: every DN carries O=Kazasu Simulator…; the Utopia
 * specimen state (ICAO 9303's "UTO") uses XU, an ISO 3166 user-assigned code no state has. The
 * German and Japanese simulator CSCAs use DE and JP (a DSC's country must be its passport's
 * issuing state) with "not BSI"/"not MOFA" in their names and keys only the simulator knows.
 */
import { mintCertificate, type SimDn, type SimSignatureAlgorithm } from './certificates';
import { simEcKey, simRsaKey, type SimKey } from './sim-passport-keys';

export type SimCscaId = 'XU' | 'DE' | 'JP' | 'rogue';
export type SimDscId = 'xu-ec' | 'xu-pss' | 'de' | 'jp' | 'xu-expired' | 'xu-revoked' | 'xu-unknown' | 'rogue';

export interface SimCa {
  readonly id: SimCscaId;
  readonly dn: SimDn;
  readonly key: SimKey;
  readonly serialHex: string;
  /** How it signs certificates and CRLs. */
  readonly algorithm: SimSignatureAlgorithm;
  readonly certificate: Uint8Array;
}

export interface SimDsc {
  readonly id: SimDscId;
  readonly dn: SimDn;
  readonly key: SimKey;
  readonly serialHex: string;
  readonly issuer: SimCscaId;
  /** How it signs security objects. */
  readonly algorithm: SimSignatureAlgorithm;
  readonly certificate: Uint8Array;
}

const at = (s: string) => new Date(`${s}T00:00:00Z`);

interface CscaPlan {
  dn: SimDn;
  key: () => SimKey;
  serialHex: string;
  algorithm: SimSignatureAlgorithm;
  notBefore: string;
  notAfter: string;
  explicit?: boolean;
}

const CSCA_PLANS: Readonly<Record<SimCscaId, CscaPlan>> = {
  XU: {
    dn: { C: 'XU', O: 'Kazasu Simulator', OU: 'Utopia specimen state (not a real country)', CN: 'Kazasu Simulator CSCA Utopia' },
    key: () => simRsaKey('csca-xu'),
    serialHex: '5A0001',
    algorithm: { kind: 'rsa-pss', hash: 'SHA-256' },
    notBefore: '2024-01-01',
    notAfter: '2044-01-01',
  },
  DE: {
    dn: { C: 'DE', O: 'Kazasu Simulator (not BSI)', OU: 'Simulated passports', CN: 'Kazasu Simulator CSCA DE' },
    key: () => simEcKey('csca-de', 'brainpoolP256r1'),
    serialHex: '5A0002',
    algorithm: { kind: 'ecdsa', hash: 'SHA-256' },
    notBefore: '2024-01-01',
    notAfter: '2044-01-01',
    explicit: true,
  },
  JP: {
    dn: { C: 'JP', O: 'Kazasu Simulator (not MOFA)', OU: 'Simulated passports', CN: 'Kazasu Simulator CSCA JP' },
    key: () => simEcKey('csca-jp', 'P-384'),
    serialHex: '5A0003',
    algorithm: { kind: 'ecdsa', hash: 'SHA-384' },
    notBefore: '2024-01-01',
    notAfter: '2044-01-01',
  },
  rogue: {
    dn: { C: 'XU', O: 'Kazasu Simulator', OU: 'Rogue CSCA (never trusted)', CN: 'Kazasu Simulator Rogue CSCA' },
    key: () => simEcKey('csca-rogue', 'P-256'),
    serialHex: '5AFF01',
    algorithm: { kind: 'ecdsa', hash: 'SHA-256' },
    notBefore: '2024-01-01',
    notAfter: '2044-01-01',
  },
};

interface DscPlan {
  dn: SimDn;
  key: () => SimKey;
  serialHex: string;
  issuer: SimCscaId;
  /** Key that really signs the certificate, when it is not the issuer's (the "unknown DSC" forgery). */
  signedBy?: () => SimKey;
  algorithm: SimSignatureAlgorithm;
  notBefore: string;
  notAfter: string;
  explicit?: boolean;
}

const dscDn = (c: string, o: string, cn: string): SimDn => ({ C: c, O: o, OU: 'Simulated passports', CN: cn });

const DSC_PLANS: Readonly<Record<SimDscId, DscPlan>> = {
  'xu-ec': { dn: dscDn('XU', 'Kazasu Simulator', 'Kazasu Simulator DS Utopia 1'), key: () => simEcKey('dsc-xu-ec', 'P-256'), serialHex: '5D0101', issuer: 'XU', algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, notBefore: '2025-01-01', notAfter: '2037-01-01' },
  'xu-pss': { dn: dscDn('XU', 'Kazasu Simulator', 'Kazasu Simulator DS Utopia 2'), key: () => simRsaKey('dsc-xu-pss'), serialHex: '5D0102', issuer: 'XU', algorithm: { kind: 'rsa-pss', hash: 'SHA-256' }, notBefore: '2025-01-01', notAfter: '2037-01-01' },
  de: { dn: dscDn('DE', 'Kazasu Simulator (not BSI)', 'Kazasu Simulator DS DE'), key: () => simEcKey('dsc-de', 'brainpoolP256r1'), serialHex: '5D0201', issuer: 'DE', algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, notBefore: '2025-01-01', notAfter: '2037-01-01', explicit: true },
  jp: { dn: dscDn('JP', 'Kazasu Simulator (not MOFA)', 'Kazasu Simulator DS JP'), key: () => simEcKey('dsc-jp', 'P-384'), serialHex: '5D0301', issuer: 'JP', algorithm: { kind: 'ecdsa', hash: 'SHA-384' }, notBefore: '2025-01-01', notAfter: '2037-01-01' },
  'xu-expired': { dn: dscDn('XU', 'Kazasu Simulator', 'Kazasu Simulator DS Utopia (expired)'), key: () => simEcKey('dsc-xu-expired', 'P-256'), serialHex: '5D01E1', issuer: 'XU', algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, notBefore: '2013-01-01', notAfter: '2024-01-01' },
  'xu-revoked': { dn: dscDn('XU', 'Kazasu Simulator', 'Kazasu Simulator DS Utopia (revoked)'), key: () => simEcKey('dsc-xu-revoked', 'P-256'), serialHex: '5D01F1', issuer: 'XU', algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, notBefore: '2025-01-01', notAfter: '2037-01-01' },
  'xu-unknown': { dn: dscDn('XU', 'Kazasu Simulator', 'Kazasu Simulator DS Utopia (unknown)'), key: () => simEcKey('dsc-xu-unknown', 'P-256'), serialHex: '5D01D1', issuer: 'XU', signedBy: () => simEcKey('csca-rogue', 'P-256'), algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, notBefore: '2025-01-01', notAfter: '2037-01-01' },
  rogue: { dn: dscDn('XU', 'Kazasu Simulator', 'Kazasu Simulator DS under the rogue CSCA'), key: () => simEcKey('dsc-rogue', 'P-256'), serialHex: '5DFF01', issuer: 'rogue', algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, notBefore: '2025-01-01', notAfter: '2037-01-01' },
};

const ML_SIGNER_PLAN = {
  dn: { C: 'XU', O: 'Kazasu Simulator', OU: 'Utopia specimen state (not a real country)', CN: 'Kazasu Simulator Master List Signer' } as SimDn,
  serialHex: '5E0001',
  notBefore: '2025-01-01',
  notAfter: '2035-01-01',
};

const cscaCache = new Map<SimCscaId, Promise<SimCa>>();
const dscCache = new Map<SimDscId, Promise<SimDsc>>();
let mlSignerCache: Promise<SimDsc> | undefined;

export function simCsca(id: SimCscaId): Promise<SimCa> {
  let p = cscaCache.get(id);
  if (!p) {
    const plan = CSCA_PLANS[id];
    const key = plan.key();
    p = mintCertificate({
      role: 'csca',
      serialHex: plan.serialHex,
      subject: plan.dn,
      subjectKey: key,
      issuer: plan.dn,
      issuerKey: key,
      notBefore: at(plan.notBefore),
      notAfter: at(plan.notAfter),
      algorithm: plan.algorithm,
      ...(plan.explicit ? { explicitParameters: true } : {}),
    }).then((certificate) => ({ id, dn: plan.dn, key, serialHex: plan.serialHex, algorithm: plan.algorithm, certificate }));
    cscaCache.set(id, p);
  }
  return p;
}

export function simDsc(id: SimDscId): Promise<SimDsc> {
  let p = dscCache.get(id);
  if (!p) {
    const plan = DSC_PLANS[id];
    const key = plan.key();
    p = simCsca(plan.issuer).then(async (ca) => {
      const certificate = await mintCertificate({
        role: 'dsc',
        serialHex: plan.serialHex,
        subject: plan.dn,
        subjectKey: key,
        issuer: ca.dn,
        issuerKey: plan.signedBy ? plan.signedBy() : ca.key,
        notBefore: at(plan.notBefore),
        notAfter: at(plan.notAfter),
        algorithm: plan.signedBy ? { kind: 'ecdsa', hash: 'SHA-256' } : ca.algorithm,
        ...(plan.explicit ? { explicitParameters: true } : {}),
      });
      return { id, dn: plan.dn, key, serialHex: plan.serialHex, issuer: plan.issuer, algorithm: plan.algorithm, certificate };
    });
    dscCache.set(id, p);
  }
  return p;
}

/** The master-list signer, issued by the Utopia CSCA (so simulator mode pins that CSCA). */
export function simMasterListSigner(): Promise<SimDsc> {
  mlSignerCache ??= simCsca('XU').then(async (ca) => {
    const key = simEcKey('ml-signer-xu', 'P-256');
    const certificate = await mintCertificate({
      role: 'ml-signer',
      serialHex: ML_SIGNER_PLAN.serialHex,
      subject: ML_SIGNER_PLAN.dn,
      subjectKey: key,
      issuer: ca.dn,
      issuerKey: ca.key,
      notBefore: at(ML_SIGNER_PLAN.notBefore),
      notAfter: at(ML_SIGNER_PLAN.notAfter),
      algorithm: ca.algorithm,
    });
    return { id: 'xu-ec', dn: ML_SIGNER_PLAN.dn, key, serialHex: ML_SIGNER_PLAN.serialHex, issuer: 'XU', algorithm: { kind: 'ecdsa', hash: 'SHA-256' }, certificate };
  });
  return mlSignerCache;
}

/** The CSCAs simulator mode trusts (never the rogue one). */
export const SIM_TRUSTED_CSCAS: readonly SimCscaId[] = ['XU', 'DE', 'JP'];

/** Serial numbers the simulator's Utopia CRL lists. */
export const SIM_REVOKED_DSCS: readonly SimDscId[] = ['xu-revoked'];

export function dscPlanSerial(id: SimDscId): string {
  return DSC_PLANS[id].serialHex;
}
