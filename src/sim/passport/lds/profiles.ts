/**
 * Simulated passports — SPECIMEN HOLDERS ONLY (no real person's data):
 *  - ANNA MARIA ERIKSSON of Utopia (UTO), the ICAO 9303-3/-4/-5 specimen, passport L898902C3 and
 *    ID card D23145890; dates of expiry moved into the future so the kiosk can show them valid;
 *  - ERIKA MUSTERMANN of Germany (D), the BSI specimen (document number C01X00T47 as on the
 *    2017 specimen passport; dates moved likewise);
 *  - NIHON HANAKO, Kazasu's own Japanese specimen (not MOFA's; the real specimen's data is not
 *    used): a JPN passport with no address (no DG11), as issued since 2020-02-04;
 *  - the ICAO 9303-11 worked examples' MRZs (Appendix D: BAC; Appendix G: PACE), so the access
 *    layer can reproduce those examples byte for byte against a chip holding these files.
 *
 * A profile says what the chip holds (files, keys) and how it is reached (`access`, `rfType`);
 * the chip simulator (sim/passport/chip, another module) implements the protocols.
 */
import type { SimCurve, SimHash, SimRsaKeyId } from '../pki/sim-passport-keys';
import type { SimDscId } from '../pki/hierarchy';
import type { Dg11Spec, Dg12Spec, SimCipher, SimPaceMapping } from './lds-encode';
import type { MrzFields } from './mrz-build';

export type FaceSource = { readonly kind: 'jpeg'; readonly id: 'face-01' | 'face-02' | 'face-03' } | { readonly kind: 'jp2'; readonly id: 'face-01' | 'face-02' | 'face-03' | 'face-04' | 'face-05' | 'face-06' };

export interface PaceSetting {
  readonly mapping: SimPaceMapping;
  readonly cipher: SimCipher;
  /** Standardized domain parameters (9303-11 §9.5.1): 12 P-256, 13 brainpoolP256r1, 15 P-384, … */
  readonly parameterId: number;
}

export interface PassportProfile {
  readonly id: string;
  readonly description: string;
  readonly mrz: MrzFields;
  /** Card access number printed on the data page (6 digits). */
  readonly can: string;
  readonly access: {
    /** The chip answers BAC (MUTUAL AUTHENTICATE with MRZ keys). */
    readonly bac: boolean;
    /** PACE settings announced in EF.CardAccess (absent = no PACE, no EF.CardAccess). */
    readonly pace?: PaceSetting;
  };
  /** ISO/IEC 14443 type the chip answers on. */
  readonly rfType: 'A' | 'B';
  readonly face: FaceSource & { readonly container: 'iso19794-5' | 'iso39794-5' };
  readonly dg11?: Dg11Spec;
  readonly dg12?: Dg12Spec;
  /** Active Authentication key (DG15) and, for ECDSA, the hash DG14's ActiveAuthenticationInfo names. */
  readonly aa?: { readonly kind: 'rsa'; readonly key: SimRsaKeyId; readonly hash: SimHash } | { readonly kind: 'ec'; readonly curve: SimCurve; readonly label: string; readonly hash: SimHash };
  /** Chip Authentication key (DG14 ChipAuthenticationPublicKeyInfo, ECDH). */
  readonly ca?: { readonly curve: SimCurve; readonly label: string; readonly cipher: SimCipher; readonly keyId?: number; readonly encoding?: 'explicit' | 'standardized' };
  /** Document signer and the LDS hash. */
  readonly dsc: SimDscId;
  readonly sodHash: SimHash;
  readonly ldsVersion: '0107' | '0108';
  /** Write EF.SOD with BER indefinite lengths (as the real NZ SOD). */
  readonly berIndefinite?: boolean;
}

const ANNA_TD3: MrzFields = {
  format: 'TD3',
  documentCode: 'P',
  issuingState: 'UTO',
  primary: 'ERIKSSON',
  secondary: 'ANNA MARIA',
  documentNumber: 'L898902C3',
  nationality: 'UTO',
  birthDate: '740812',
  sex: 'F',
  expiryDate: '340415',
  optionalData: 'ZE184226B',
};

export const PASSPORT_PROFILES: readonly PassportProfile[] = [
  {
    id: 'utopia-bac',
    description: 'ICAO specimen ANNA MARIA ERIKSSON (UTO), TD3, BAC only, JPEG face (19794-5), RSA-1024 Active Authentication, ECDH P-256 Chip Authentication, SOD ECDSA P-256',
    mrz: ANNA_TD3,
    can: '123456',
    access: { bac: true },
    rfType: 'B',
    face: { kind: 'jpeg', id: 'face-02', container: 'iso19794-5' },
    dg11: { fullName: 'ERIKSSON<<ANNA MARIA', placeOfBirth: 'ZENITH<UTOPIA', address: '1 SPECIMEN STREET<ZENITH<UTOPIA', fullDateOfBirth: '19740812' },
    dg12: { issuingAuthority: 'UTOPIA (SIMULATED)', dateOfIssue: '20240416', personalizationTime: '20240416101500' },
    aa: { kind: 'rsa', key: 'aa-rsa-1024', hash: 'SHA-1' },
    ca: { curve: 'P-256', label: 'ca-utopia-bac', cipher: 'AES-128', keyId: 1 },
    dsc: 'xu-ec',
    sodHash: 'SHA-256',
    ldsVersion: '0107',
  },
  {
    id: 'germany-pace-gm',
    description: 'BSI specimen ERIKA MUSTERMANN (D), TD3, PACE-GM brainpoolP256r1 / AES-128 (MRZ or CAN), JPEG 2000 face, ECDSA brainpoolP256r1 Active Authentication, Chip Authentication, SOD ECDSA brainpoolP256r1, Type A',
    mrz: { format: 'TD3', documentCode: 'P', issuingState: 'D', primary: 'MUSTERMANN', secondary: 'ERIKA', documentNumber: 'C01X00T47', nationality: 'D', birthDate: '640812', sex: 'F', expiryDate: '331031' },
    can: '500540',
    access: { bac: true, pace: { mapping: 'ECDH-GM', cipher: 'AES-128', parameterId: 13 } },
    rfType: 'A',
    face: { kind: 'jp2', id: 'face-01', container: 'iso19794-5' },
    dg11: { fullName: 'MUSTERMANN<<ERIKA', placeOfBirth: 'BERLIN', address: 'HEIDESTRASSE 17<KÖLN', fullDateOfBirth: '19640812' },
    dg12: { issuingAuthority: 'KAZASU SIMULATOR (NOT A GERMAN AUTHORITY)', dateOfIssue: '20231101' },
    aa: { kind: 'ec', curve: 'brainpoolP256r1', label: 'aa-germany', hash: 'SHA-256' },
    ca: { curve: 'brainpoolP256r1', label: 'ca-germany', cipher: 'AES-128', keyId: 1, encoding: 'explicit' },
    dsc: 'de',
    sodHash: 'SHA-256',
    ldsVersion: '0108',
  },
  {
    id: 'japan-no-address',
    description: 'Kazasu Japanese specimen NIHON HANAKO (JPN), TD3, PACE-GM P-256 / AES-128 with BAC fallback, JPEG 2000 face, no DG11 (no address), RSA-2048 Active Authentication (SHA-256), SOD ECDSA P-384',
    mrz: { format: 'TD3', documentCode: 'P', issuingState: 'JPN', primary: 'NIHON', secondary: 'HANAKO', documentNumber: 'ZZ0000001', nationality: 'JPN', birthDate: '900101', sex: 'F', expiryDate: '350101' },
    can: '246801',
    access: { bac: true, pace: { mapping: 'ECDH-GM', cipher: 'AES-128', parameterId: 12 } },
    rfType: 'A',
    face: { kind: 'jp2', id: 'face-03', container: 'iso19794-5' },
    dg12: { issuingAuthority: 'KAZASU SIMULATOR (NOT MOFA)', dateOfIssue: '20250101' },
    aa: { kind: 'rsa', key: 'aa-rsa-2048', hash: 'SHA-256' },
    dsc: 'jp',
    sodHash: 'SHA-256',
    ldsVersion: '0107',
  },
  {
    id: 'utopia-id-pace-im',
    description: 'ICAO specimen ANNA MARIA ERIKSSON (UTO), TD1 ID card D23145890, PACE-IM P-256 / AES-256, JPEG face in an ISO/IEC 39794-5 container, SOD RSASSA-PSS with BER indefinite lengths, no AA or CA',
    mrz: { format: 'TD1', documentCode: 'I', issuingState: 'UTO', primary: 'ERIKSSON', secondary: 'ANNA MARIA', documentNumber: 'D23145890', nationality: 'UTO', birthDate: '740812', sex: 'F', expiryDate: '340415' },
    can: '654321',
    access: { bac: false, pace: { mapping: 'ECDH-IM', cipher: 'AES-256', parameterId: 12 } },
    rfType: 'B',
    face: { kind: 'jpeg', id: 'face-02', container: 'iso39794-5' },
    dsc: 'xu-pss',
    sodHash: 'SHA-256',
    ldsVersion: '0107',
    berIndefinite: true,
  },
  {
    id: 'utopia-pace-cam',
    description: 'ICAO specimen ANNA MARIA ERIKSSON (UTO), TD3, PACE-CAM brainpoolP256r1 / AES-128 with EF.CardSecurity, JPEG face, ECDSA P-256 Active Authentication, SOD SHA-512',
    mrz: { ...ANNA_TD3, documentNumber: 'L898902D5' },
    can: '112233',
    access: { bac: false, pace: { mapping: 'ECDH-CAM', cipher: 'AES-128', parameterId: 13 } },
    rfType: 'A',
    face: { kind: 'jpeg', id: 'face-03', container: 'iso19794-5' },
    dg12: { issuingAuthority: 'UTOPIA (SIMULATED)', dateOfIssue: '20250301' },
    aa: { kind: 'ec', curve: 'P-256', label: 'aa-utopia-cam', hash: 'SHA-256' },
    ca: { curve: 'brainpoolP256r1', label: 'ca-utopia-cam', cipher: 'AES-128', keyId: 1 },
    dsc: 'xu-ec',
    sodHash: 'SHA-512',
    ldsVersion: '0108',
  },
  {
    id: 'icao-appendix-d',
    description: 'ICAO 9303-11 Appendix D worked example (BAC, secure messaging): MRZ information L898902C<369080619406236 (document expired in 1994; for the worked example only)',
    mrz: { format: 'TD3', documentCode: 'P', issuingState: 'UTO', primary: 'ERIKSSON', secondary: 'ANNA MARIA', documentNumber: 'L898902C', nationality: 'UTO', birthDate: '690806', sex: 'F', expiryDate: '940623' },
    can: '000000',
    access: { bac: true },
    rfType: 'B',
    face: { kind: 'jpeg', id: 'face-01', container: 'iso19794-5' },
    dsc: 'xu-ec',
    sodHash: 'SHA-256',
    ldsVersion: '0107',
  },
  {
    id: 'icao-appendix-g',
    description: 'ICAO 9303-11 Appendix G worked example (PACE ECDH-GM brainpoolP256r1 / AES-128): MRZ information T22000129364081251010318 (ERIKA MUSTERMANN, expired 2010; for the worked example only)',
    mrz: { format: 'TD3', documentCode: 'P', issuingState: 'D', primary: 'MUSTERMANN', secondary: 'ERIKA', documentNumber: 'T22000129', nationality: 'D', birthDate: '640812', sex: 'F', expiryDate: '101031' },
    can: '123456',
    access: { bac: true, pace: { mapping: 'ECDH-GM', cipher: 'AES-128', parameterId: 13 } },
    rfType: 'B',
    face: { kind: 'jp2', id: 'face-01', container: 'iso19794-5' },
    dsc: 'de',
    sodHash: 'SHA-256',
    ldsVersion: '0107',
  },
];

export type PassportProfileId = (typeof PASSPORT_PROFILES)[number]['id'];

export function passportProfile(id: string): PassportProfile | undefined {
  return PASSPORT_PROFILES.find((p) => p.id === id);
}
