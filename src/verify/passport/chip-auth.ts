/**
 * Chip Authentication results (9303-11 §6.2; TR-03110-2 §3.4) and PACE with Chip Authentication
 * Mapping (9303-11 §4.4.3.5): pure checks of what the card layer reports after running the
 * protocol. The card layer does the key agreement and re-keys secure messaging; the proof that
 * the chip holds the private key is that its answers under the new session keys carry valid MACs
 * (CA), or that PK_Map,IC = CA_IC · PK_IC (CAM). Here:
 *  - the key the chip proved must be one of the chip-authentication keys of a *verified* DG14
 *    (or EF.CardSecurity for CAM) — a key the terminal took from unverified data proves nothing;
 *  - the protocol must have succeeded.
 */
import type { Dg14 } from '../../cards/passport/lds/dg14-dg15';
import type { ChipAuthenticationPublicKeyInfo } from '../../cards/passport/lds/security-infos';
import type { PublicKeyInfo } from '../../cards/passport/lds/public-key';
import { bytesToBigInt } from '../crypto/bigint-bytes';
import { constantTimeEqual } from '../crypto/constant-time';
import { nobleEcdsa } from './crypto/ecdsa';
import { ppCheck, type PassportCheck } from './passport-checks';

/** What the card layer reports after Chip Authentication (v1, with DG14's key). */
export interface ChipAuthenticationReport {
  readonly protocol: 'CA';
  /** id-CA-* protocol OID it ran. */
  readonly protocolOid: string;
  readonly keyId?: number;
  /** The chip's static public key the terminal used: an EC point (04‖X‖Y or compressed) or the DH value y. */
  readonly chipPublicKey: Uint8Array;
  /** True once at least one response under the new session keys had a valid MAC. */
  readonly secureMessagingVerified: boolean;
  /** Why it failed, when it did (card refused MSE/GENERAL AUTHENTICATE, MAC wrong after re-keying, …). */
  readonly failure?: string;
}

/** What the card layer reports after PACE-CAM (9303-11 §4.4.3.5.2). */
export interface PaceCamReport {
  readonly protocol: 'PACE-CAM';
  /** PK_IC, the chip's static key, as the terminal took it (point). */
  readonly chipStaticPublicKey: Uint8Array;
  /** CA_IC, decrypted from the chip's encrypted chip-authentication data. */
  readonly caIc: Uint8Array;
  /** PK_Map,IC, the chip's mapping public key from the PACE run (point). */
  readonly mappingPublicKey: Uint8Array;
  readonly failure?: string;
}

export type ChipAuthReport = ChipAuthenticationReport | PaceCamReport;

/** Chip-authentication keys from a container whose passive authentication passed. */
export interface VerifiedChipKeys {
  readonly keys: readonly ChipAuthenticationPublicKeyInfo[];
  /** 'DG14' or 'EF.CardSecurity'. */
  readonly source: string;
  readonly verified: boolean;
}

export function chipKeysOf(dg14: Dg14 | undefined, verified: boolean, source = 'DG14'): VerifiedChipKeys {
  return { keys: dg14?.chipAuthenticationPublicKeys ?? [], source, verified };
}

function pointOrValue(k: PublicKeyInfo): Uint8Array | undefined {
  return k.kind === 'ec' ? k.point : k.kind === 'dh' ? k.y : undefined;
}

/** Same EC point (compressed and uncompressed forms compare equal) or same DH value. */
function sameChipKey(key: ChipAuthenticationPublicKeyInfo, used: Uint8Array): boolean {
  const k = key.publicKey;
  if (k.kind === 'ec') {
    try {
      const curve = nobleEcdsa(k);
      return curve.Point.fromBytes(k.point).equals(curve.Point.fromBytes(used));
    } catch {
      return false;
    }
  }
  const mine = pointOrValue(k);
  if (!mine) return false;
  const strip = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    return b.subarray(i);
  };
  return constantTimeEqual(strip(mine), strip(used));
}

/**
 * PK_Map,IC = CA_IC · PK_IC on PK_IC's curve (9303-11 §4.4.3.5.2 "the terminal SHALL verify").
 * False for anything that is not a valid point or scalar.
 */
export function verifyPaceCamMapping(chipKey: Extract<PublicKeyInfo, { kind: 'ec' }>, caIc: Uint8Array, mappingPublicKey: Uint8Array): boolean {
  try {
    const curve = nobleEcdsa(chipKey);
    const pk = curve.Point.fromBytes(chipKey.point);
    const pkMap = curve.Point.fromBytes(mappingPublicKey);
    const ca = bytesToBigInt(caIc);
    if (ca <= 0n || ca >= chipKey.domain.n) return false;
    return pk.multiply(ca).equals(pkMap);
  } catch {
    return false;
  }
}

/** `pp.chip-auth`, from the card layer's report and the chip keys of verified data. */
export function checkChipAuthentication(report: ChipAuthReport | undefined, chipKeys: VerifiedChipKeys, now: Date): PassportCheck {
  const id = 'pp.chip-auth' as const;
  if (!report) {
    return chipKeys.keys.length === 0
      ? ppCheck(id, 'skipped', 'pp-ca-not-supported', `${chipKeys.source} holds no chip authentication key`, now)
      : ppCheck(id, 'skipped', 'not-read', 'chip authentication was not run', now);
  }
  const used = report.protocol === 'CA' ? report.chipPublicKey : report.chipStaticPublicKey;
  const candidates = report.protocol === 'CA' && report.keyId !== undefined ? chipKeys.keys.filter((k) => k.keyId === report.keyId) : chipKeys.keys;
  const key = candidates.find((k) => sameChipKey(k, used));
  if (!key) return ppCheck(id, 'fail', 'pp-ca-key-mismatch', `the chip key used is not one of the ${chipKeys.keys.length} key(s) in ${chipKeys.source}`, now);
  if (!chipKeys.verified) return ppCheck(id, 'fail', 'pp-ca-key-unverified', `${chipKeys.source} did not verify against the security object, so its key proves nothing`, now);
  if (report.protocol === 'CA') {
    if (!report.secureMessagingVerified || report.failure) {
      return ppCheck(id, 'fail', 'pp-ca-failed', report.failure ?? 'no answer under the new session keys had a valid MAC', now);
    }
    return ppCheck(id, 'pass', 'ok', `chip authentication ${key.agreement}${key.keyId !== undefined ? ` (key id ${key.keyId})` : ''}: answers under the new session keys verified`, now);
  }
  if (report.failure) return ppCheck(id, 'fail', 'pp-ca-failed', report.failure, now);
  if (key.publicKey.kind !== 'ec') return ppCheck(id, 'fail', 'pp-ca-failed', 'PACE-CAM needs an EC chip key', now);
  if (!verifyPaceCamMapping(key.publicKey, report.caIc, report.mappingPublicKey)) {
    return ppCheck(id, 'fail', 'pp-ca-failed', 'PACE-CAM: PK_Map,IC ≠ CA_IC · PK_IC (the chip does not hold its static key)', now);
  }
  return ppCheck(id, 'pass', 'ok', `PACE-CAM on ${key.publicKey.curve ?? 'an explicit curve'}: PK_Map,IC = CA_IC · PK_IC`, now);
}
