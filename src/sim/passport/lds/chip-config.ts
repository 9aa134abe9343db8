/**
 * A simulated passport (buildSimPassport) as the simulated chip's configuration
 * (sim/passport/chip PassportChip): the files, EF.CardAccess / EF.CardSecurity, the MRZ and CAN
 * it accepts, its PACE offers, and the Active / Chip Authentication private keys — so the real
 * card library reads a signed, specimen LDS through BAC or PACE and secure messaging.
 */
import { base64UrlToBytes } from '../../../bytes/base64';
import type { AaKey } from '../chip/chip-active-auth';
import type { PassportChipConfig, PassportChipFaults } from '../chip/passport-chip';
import type { SimCurve } from '../pki/sim-passport-keys';
import { SimPassportError } from '../pki/sim-passport-error';
import type { SimPassport } from './build-passport';
import { CIPHER_ARC, PACE_MAPPING_ARC } from './lds-encode';

/** Standardized domain parameter ids (9303-11 §9.5.1) of the simulator's curves. */
const GROUP_ID: Readonly<Record<SimCurve, number>> = { 'P-256': 12, brainpoolP256r1: 13, 'P-384': 15, brainpoolP384r1: 16, brainpoolP512r1: 17, 'P-521': 18 };

function big(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function aaKey(pp: SimPassport): AaKey | undefined {
  const aa = pp.chipKeys.aa;
  if (!aa) return undefined;
  if (aa.kind === 'rsa') {
    if (aa.hash !== 'SHA-1' && aa.hash !== 'SHA-256') throw new SimPassportError('sim-pp-bad-params', `the chip signs RSA AA with SHA-1 or SHA-256, not ${aa.hash}`);
    const j = aa.key.privateJwk;
    return { kind: 'rsa', n: big(base64UrlToBytes(j.n!)), e: big(base64UrlToBytes(j.e!)), d: big(base64UrlToBytes(j.d!)), hash: aa.hash === 'SHA-1' ? 'sha1' : 'sha256' };
  }
  const hash = ({ 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const)[aa.hash as 'SHA-256'];
  if (!hash) throw new SimPassportError('sim-pp-bad-params', `the chip signs ECDSA AA with SHA-256/384/512, not ${aa.hash}`);
  return { kind: 'ecdsa', groupId: GROUP_ID[aa.key.curve], privateKey: big(aa.key.privateKey), hash };
}

export function chipConfigFor(pp: SimPassport, opts: { seed?: string; faults?: PassportChipFaults; extendedLength?: boolean } = {}): PassportChipConfig {
  const m = pp.profile.mrz;
  const pace = pp.access.pace;
  const ca = pp.chipKeys.ca;
  const aa = aaKey(pp);
  const cardAccess = pp.mfFiles.get(0x011c);
  const cardSecurity = pp.mfFiles.get(0x011d);
  return {
    mrz: { documentNumber: m.documentNumber, birthDate: m.birthDate, expiryDate: m.expiryDate },
    can: pp.can,
    bac: pp.access.bac,
    ...(pace ? { pace: [{ oid: `0.4.0.127.0.7.2.2.4.${PACE_MAPPING_ARC[pace.mapping]}.${CIPHER_ARC[pace.cipher]}`, parameterId: pace.parameterId }] } : {}),
    ...(cardAccess ? { cardAccess } : {}),
    ...(cardSecurity ? { cardSecurity } : {}),
    files: pp.files,
    ...(ca ? { chipAuthentication: [{ oid: ca.protocolOid, groupId: GROUP_ID[ca.key.curve], privateKey: big(ca.key.privateKey), ...(ca.keyId !== undefined ? { keyId: ca.keyId } : {}) }] } : {}),
    ...(aa ? { activeAuthentication: aa } : {}),
    seed: opts.seed ?? `kazasu-sim-passport/${pp.profile.id}`,
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.extendedLength !== undefined ? { extendedLength: opts.extendedLength } : {}),
  };
}
