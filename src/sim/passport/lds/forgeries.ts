/**
 * Forged simulated passports (data and PKI side; the protocol-side forgeries — broken SM MACs,
 * downgrades to plain answers, a wrong MRZ — belong to the chip simulator). Each names the check
 * that must catch it and the reason code it must give; tests/passport-pa holds the verifier to it.
 * Apply to a profile with buildSimPassport(profileId, forgeryId); `baseProfile` is the one the
 * catalogue uses.
 */
import type { SimDscId } from '../pki/hierarchy';

export interface PassportForgery {
  readonly id: string;
  readonly description: string;
  readonly baseProfile: string;
  /** Sign the SOD with this document signer instead of the profile's. */
  readonly dsc?: SimDscId;
  /** The check that fails and its reason code. */
  readonly expect: { readonly check: string; readonly code: string };
  /** The simulator trust store must hold the simulator CSCA CRL for this one to be caught. */
  readonly needsCrl?: boolean;
  /** Caught only when Active or Chip Authentication runs. */
  readonly needsChipAuth?: 'aa' | 'ca';
}

export const PASSPORT_FORGERIES = [
  {
    id: 'dg-altered',
    description: 'DG1 changed after signing (birth date a year earlier, MRZ check digits recomputed)',
    baseProfile: 'utopia-bac',
    expect: { check: 'pp.passive-auth.dg-hashes', code: 'pp-dg-hash-mismatch' },
  },
  {
    id: 'dg-not-in-sod',
    description: 'DG11 on the chip but not covered by the SOD',
    baseProfile: 'utopia-bac',
    expect: { check: 'pp.passive-auth.dg-hashes', code: 'pp-dg-not-in-sod' },
  },
  {
    id: 'sod-bad-signature',
    description: 'SOD signed by another key than the embedded DSC',
    baseProfile: 'utopia-bac',
    expect: { check: 'pp.passive-auth.sod-signature', code: 'pp-sod-signature-invalid' },
  },
  {
    id: 'sod-unknown-dsc',
    description: 'SOD signed by a DSC that names the Utopia CSCA as issuer but was not issued by it',
    baseProfile: 'utopia-bac',
    dsc: 'xu-unknown',
    expect: { check: 'pp.passive-auth.dsc-chain', code: 'pp-dsc-not-issued-by-csca' },
  },
  {
    id: 'dsc-untrusted-csca',
    description: 'DSC issued by a CSCA that is not in the trust list (the rogue simulator CSCA)',
    baseProfile: 'utopia-bac',
    dsc: 'rogue',
    expect: { check: 'pp.passive-auth.dsc-chain', code: 'pp-csca-unknown' },
  },
  {
    id: 'dsc-expired',
    description: 'SOD signed by a DSC that expired on 2024-01-01',
    baseProfile: 'utopia-bac',
    dsc: 'xu-expired',
    expect: { check: 'pp.passive-auth.dsc-chain', code: 'pp-dsc-expired' },
  },
  {
    id: 'dsc-revoked',
    description: 'SOD signed by a DSC listed on the simulator CSCA CRL',
    baseProfile: 'utopia-bac',
    dsc: 'xu-revoked',
    expect: { check: 'pp.passive-auth.dsc-revocation', code: 'pp-dsc-revoked' },
    needsCrl: true,
  },
  {
    id: 'clone-aa',
    description: 'Cloned chip: the right data, but another Active Authentication key',
    baseProfile: 'utopia-bac',
    expect: { check: 'pp.chip.genuine', code: 'pp-chip-clone' },
    needsChipAuth: 'aa',
  },
  {
    id: 'clone-ca',
    description: 'Cloned chip: the right data, but another Chip Authentication key',
    baseProfile: 'utopia-bac',
    expect: { check: 'pp.chip.genuine', code: 'pp-chip-clone' },
    needsChipAuth: 'ca',
  },
] as const satisfies readonly PassportForgery[];

export type PassportForgeryId = (typeof PASSPORT_FORGERIES)[number]['id'];
