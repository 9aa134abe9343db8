/**
 * Profile (+ optional forgery) → everything a simulated passport chip holds:
 *
 *   { files, mfFiles, dataGroups, chipKeys, mrz, mrzLines, mrzKey, can, access, rfType }
 *
 *  - `files`: the LDS application's EFs by file id — EF.COM 011E, DGn 01 0n, EF.SOD 011D;
 *  - `mfFiles`: the master file's EFs — EF.CardAccess 011C (when PACE), EF.CardSecurity 011D
 *    (with PACE-CAM);
 *  - `chipKeys`: the private keys the chip proves (Active Authentication: RSA for ISO/IEC 9796-2
 *    or EC for plain ECDSA; Chip Authentication: the ECDH key whose public half is in DG14). A
 *    cloned chip holds other keys than its data names.
 * Deterministic: the same profile and forgery always give the same bytes.
 */
import { faceJp2 } from '../../assets/faces';
import { simCsca, simDsc, type SimDscId } from '../pki/hierarchy';
import { simSpki } from '../pki/certificates';
import { simEcKey, simRsaKey, type SimEcKey, type SimHash, type SimRsaKey } from '../pki/sim-passport-keys';
import { SimPassportError } from '../pki/sim-passport-error';
import { faceJpeg } from './face-jpeg-data';
import {
  encodeCardSecurity,
  encodeDg1,
  encodeDg11,
  encodeDg12,
  encodeDg14,
  encodeDg15,
  encodeDg2,
  encodeEfCom,
  encodeSecurityInfos,
  encodeSod,
  type SimCipher,
  type SimSecurityInfo,
} from './lds-encode';
import { buildMrzLines } from './mrz-build';
import { passportProfile, type PassportProfile } from './profiles';
import { PASSPORT_FORGERIES, type PassportForgery, type PassportForgeryId } from './forgeries';

export type SimAaKey = { readonly kind: 'rsa'; readonly key: SimRsaKey; readonly hash: SimHash } | { readonly kind: 'ec'; readonly key: SimEcKey; readonly hash: SimHash };

export interface SimCaKey {
  readonly kind: 'ecdh';
  readonly key: SimEcKey;
  readonly keyId?: number;
  readonly cipher: SimCipher;
  /** id-CA-ECDH-<cipher> protocol OID as announced in DG14. */
  readonly protocolOid: string;
}

export interface SimPassport {
  readonly profile: PassportProfile;
  readonly forgery?: PassportForgeryId;
  readonly files: ReadonlyMap<number, Uint8Array>;
  readonly mfFiles: ReadonlyMap<number, Uint8Array>;
  readonly dataGroups: ReadonlyMap<number, Uint8Array>;
  readonly chipKeys: { readonly aa?: SimAaKey; readonly ca?: SimCaKey };
  /** The MRZ as printed, lines separated by "\n". */
  readonly mrz: string;
  readonly mrzLines: readonly string[];
  /** BAC/PACE MRZ key material: document number + check digit + birth + cd + expiry + cd. */
  readonly mrzKey: string;
  readonly can: string;
  readonly access: PassportProfile['access'];
  readonly rfType: 'A' | 'B';
}

const FACE_SIZE = { width: 240, height: 320 };
const CIPHER_ARC: Readonly<Record<SimCipher, number>> = { '3DES': 1, 'AES-128': 2, 'AES-192': 3, 'AES-256': 4 };
const ECDSA_PLAIN: Readonly<Record<SimHash, string>> = {
  'SHA-1': '0.4.0.127.0.7.1.1.4.1.1',
  'SHA-224': '0.4.0.127.0.7.1.1.4.1.2',
  'SHA-256': '0.4.0.127.0.7.1.1.4.1.3',
  'SHA-384': '0.4.0.127.0.7.1.1.4.1.4',
  'SHA-512': '0.4.0.127.0.7.1.1.4.1.5',
};
const SIGNING_TIME = new Date('2025-06-01T00:00:00Z');

function mrzKeyOf(lines: readonly string[], format: string): string {
  if (format === 'TD1') return lines[0]!.slice(5, 15) + lines[1]!.slice(0, 7) + lines[1]!.slice(8, 15);
  return lines[1]!.slice(0, 10) + lines[1]!.slice(13, 20) + lines[1]!.slice(21, 28);
}

/** Builds the simulated passport `profileId`, optionally as forgery `forgery`. */
export async function buildSimPassport(profileId: string, forgery?: PassportForgeryId): Promise<SimPassport> {
  const profile = passportProfile(profileId);
  if (!profile) throw new SimPassportError('sim-pp-unknown-profile', `no simulated passport profile "${profileId}"`);
  const f: PassportForgery | undefined = forgery ? PASSPORT_FORGERIES.find((x) => x.id === forgery) : undefined;
  if (forgery && !f) throw new SimPassportError('sim-pp-unknown-profile', `no passport forgery "${forgery}"`);

  const mrzLines = buildMrzLines(profile.mrz);
  const dgs = new Map<number, Uint8Array>();
  dgs.set(1, encodeDg1(mrzLines));
  const image = profile.face.kind === 'jpeg' ? faceJpeg(profile.face.id) : faceJp2(profile.face.id);
  dgs.set(2, encodeDg2({ image, format: profile.face.kind === 'jpeg' ? 'jpeg' : 'jpeg2000', ...FACE_SIZE, container: profile.face.container, gender: profile.mrz.sex === 'M' ? 'M' : 'F' }));
  if (profile.dg11) dgs.set(11, encodeDg11(profile.dg11));
  if (profile.dg12) dgs.set(12, encodeDg12(profile.dg12));

  // Chip keys and DG14/DG15.
  let aa: SimAaKey | undefined;
  let ca: SimCaKey | undefined;
  const dg14: SimSecurityInfo[] = [];
  if (profile.ca) {
    const key = simEcKey(profile.ca.label, profile.ca.curve);
    ca = { kind: 'ecdh', key, ...(profile.ca.keyId !== undefined ? { keyId: profile.ca.keyId } : {}), cipher: profile.ca.cipher, protocolOid: `0.4.0.127.0.7.2.2.3.2.${CIPHER_ARC[profile.ca.cipher]}` };
    dg14.push({ type: 'ca', cipher: profile.ca.cipher, ...(profile.ca.keyId !== undefined ? { keyId: profile.ca.keyId } : {}) });
    // CA keys as real chips write them: explicit parameters (BSI TR-03105-5 DG14) for the German
    // specimen, the TR-03110 standardized-parameter form (real DE/FI EF.CardSecurity) otherwise.
    const caSpki = simSpki(key, profile.ca.encoding === 'explicit' ? { explicitParameters: true } : { standardized: true });
    dg14.push({ type: 'ca-key', spki: caSpki, ...(profile.ca.keyId !== undefined ? { keyId: profile.ca.keyId } : {}) });
  }
  if (profile.access.pace) dg14.push({ type: 'pace', ...profile.access.pace });
  if (profile.aa) {
    if (profile.aa.kind === 'rsa') {
      const key = simRsaKey(profile.aa.key);
      aa = { kind: 'rsa', key, hash: profile.aa.hash };
      dgs.set(15, encodeDg15(simSpki(key)));
    } else {
      const key = simEcKey(profile.aa.label, profile.aa.curve);
      aa = { kind: 'ec', key, hash: profile.aa.hash };
      dgs.set(15, encodeDg15(simSpki(key)));
      dg14.push({ type: 'aa', signatureAlgorithm: ECDSA_PLAIN[profile.aa.hash] });
    }
  }
  if (dg14.length > 0) dgs.set(14, encodeDg14(dg14));

  // Forgeries that change what is signed or who signs.
  let dscId: SimDscId = profile.dsc;
  if (f?.dsc) dscId = f.dsc;
  const dsc = await simDsc(dscId);
  const issuerCa = await simCsca(dsc.issuer);
  let signerKey = dsc.key;
  if (f?.id === 'sod-bad-signature') signerKey = simEcKey('dsc-impostor', 'P-256');
  const signed = new Map(dgs);
  if (f?.id === 'dg-not-in-sod') signed.delete(dgs.has(11) ? 11 : 12);
  const sod = await encodeSod({
    dataGroups: signed,
    hash: profile.sodHash,
    signer: { certificate: dsc.certificate, issuer: issuerCa.dn, serialHex: dsc.serialHex, key: signerKey, algorithm: dsc.algorithm },
    signingTime: SIGNING_TIME,
    ...(profile.ldsVersion === '0108' ? { ldsVersionInfo: { ldsVersion: '0108', unicodeVersion: '040000' } } : {}),
    ...(profile.berIndefinite ? { berIndefinite: true } : {}),
  });
  if (f?.id === 'dg-altered') {
    // After signing: the birth date in DG1 moved a year earlier (check digits recomputed, so the
    // MRZ itself is consistent — only the SOD hash can tell).
    const y = String((Number(profile.mrz.birthDate.slice(0, 2)) + 99) % 100).padStart(2, '0');
    dgs.set(1, encodeDg1(buildMrzLines({ ...profile.mrz, birthDate: `${y}${profile.mrz.birthDate.slice(2)}` })));
  }
  if (f?.id === 'clone-aa' && profile.aa) {
    aa = profile.aa.kind === 'rsa' ? { kind: 'rsa', key: simRsaKey('aa-rsa-clone'), hash: profile.aa.hash } : { kind: 'ec', key: simEcKey('aa-clone', profile.aa.curve), hash: profile.aa.hash };
  }
  if (f?.id === 'clone-ca' && ca) ca = { ...ca, key: simEcKey('ca-clone', ca.key.curve) };

  const listed = [...dgs.keys()].sort((a, b) => a - b);
  const files = new Map<number, Uint8Array>();
  files.set(0x011e, encodeEfCom(listed, profile.ldsVersion));
  for (const n of listed) files.set(0x0100 + n, dgs.get(n)!);
  files.set(0x011d, sod);

  const mfFiles = new Map<number, Uint8Array>();
  if (profile.access.pace) {
    const cardAccess: SimSecurityInfo[] = [{ type: 'pace', ...profile.access.pace }];
    mfFiles.set(0x011c, encodeSecurityInfos(cardAccess));
    if (profile.access.pace.mapping === 'ECDH-CAM' && ca) {
      const infos: SimSecurityInfo[] = [
        { type: 'pace', ...profile.access.pace },
        { type: 'ca', cipher: ca.cipher, ...(ca.keyId !== undefined ? { keyId: ca.keyId } : {}) },
        // The static key as the data names it (a CA clone keeps the issuer's public key here).
        { type: 'ca-key', spki: simSpki(simEcKey(profile.ca!.label, profile.ca!.curve), { standardized: true }), ...(ca.keyId !== undefined ? { keyId: ca.keyId } : {}) },
      ];
      const original = await simDsc(profile.dsc);
      const origCa = await simCsca(original.issuer);
      mfFiles.set(0x011d, await encodeCardSecurity(infos, { certificate: original.certificate, issuer: origCa.dn, serialHex: original.serialHex, key: original.key, algorithm: original.algorithm }, profile.sodHash));
    }
  }

  return {
    profile,
    ...(forgery ? { forgery } : {}),
    files,
    mfFiles,
    dataGroups: dgs,
    chipKeys: { ...(aa ? { aa } : {}), ...(ca ? { ca } : {}) },
    mrz: mrzLines.join('\n'),
    mrzLines,
    mrzKey: mrzKeyOf(mrzLines, profile.mrz.format),
    can: profile.can,
    access: profile.access,
    rfType: profile.rfType,
  };
}
