import { concatBytes } from '../../bytes/byte-ops';
import { ALWAYS, anyOf, type DedicatedFile, type ElementaryFile } from '../card/card-model';
import { mintJpkiAuthCertificate, mintJpkiSignCertificate, type ExtensionOverrides } from '../pki/jpki-certificates';
import { jpkiBirthDate } from '../pki/jpki-san';
import { simJpkiRoot, type SimRoot } from '../pki/sim-hierarchy';
import type { SimKeyPair } from '../pki/sim-keys';
import { textBytes, compactDate, withFiller } from './card-tlv';
import type { CardProfile } from './card-profile';
import { cardName, jpkiSexCode } from './person-text';
import { AID_BYTES, pinEf, sha256 } from './sim-common';
import type { RetryPlan } from './text-ap-files';

/** JPKI-AP file ids (spec §2.4). */
const EF = { signCert: 0x01, signCa: 0x02, token: 0x06, availability: 0x08, unknown9: 0x09, authCert: 0x0a, authCa: 0x0b };
const KEY = { authKey: 0x17, authPin: 0x18, signKey: 0x1a, signPassword: 0x1b };
/** Certificate EF size: UNCONFIRMED; certificates are 1.3–1.8 KB (spec §4.1), so 2 KB with FF filler. */
const CERT_EF_SIZE = 0x800;

export interface JpkiKeys {
  readonly signKey: SimKeyPair;
  readonly authKey: SimKeyPair;
}

export interface JpkiCertificates {
  readonly sign?: Uint8Array;
  readonly auth: Uint8Array;
  readonly signRoot: SimRoot;
  readonly authRoot: SimRoot;
}

/** JST day boundaries, as JPKI validity ends 23:59:59 JST on a birthday (spec §4.4). */
function jstStart(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+09:00`);
}
function jstEnd(isoDate: string): Date {
  return new Date(`${isoDate}T23:59:59+09:00`);
}

/** Deterministic serial from the seed: 8 bytes, positive, never zero. */
async function serialFor(seed: string, role: string): Promise<string> {
  const h = await sha256(textBytes(`${seed}/${role}/serial`));
  h[0] = (h[0]! & 0x3f) | 0x10;
  return Array.from(h.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Opaque CN in the style of real cards (e.g. `997794E9AGCIEG13221003A`, spec §4.4). */
function commonNameFor(serialHex: string, municipalityCode: string, purpose: 'S' | 'A'): string {
  return `9SIM${serialHex.slice(2, 12)}${municipalityCode}${purpose}`;
}

/** Per-certificate knobs for forged and broken cards (see forgeries.ts). */
export interface LeafOverrides extends ExtensionOverrides {
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** Certify this key instead of the card's own key (the card then signs with a key its certificate does not name). */
  readonly certifiedKey?: SimKeyPair;
  /** Personal attributes written into the sign certificate instead of the profile's. */
  readonly certificateName?: string;
}

export interface JpkiBuildOptions {
  /** Issue both certificates from these roots (e.g. the untrusted root) instead of the profile's generation. */
  readonly rootGeneration?: 'gen1' | 'gen2' | 'untrusted';
  readonly sign?: LeafOverrides;
  readonly auth?: LeafOverrides;
}

export async function mintCardCertificates(profile: CardProfile, keys: JpkiKeys, options: JpkiBuildOptions = {}): Promise<JpkiCertificates> {
  const generation = options.rootGeneration ?? (profile.jpki.rootGeneration === 2 ? 'gen2' : 'gen1');
  const signRoot = await simJpkiRoot('sign', generation);
  const authRoot = await simJpkiRoot('auth', generation);
  const municipality = { prefecture: profile.jpki.prefecture, city: profile.jpki.city };
  const validityFor = (o: LeafOverrides | undefined) => ({
    notBefore: jstStart(o?.notBefore ?? profile.jpki.notBefore),
    notAfter: jstEnd(o?.notAfter ?? profile.jpki.notAfter),
  });
  const extensionOverrides = (o: LeafOverrides | undefined): ExtensionOverrides => ({
    ...(o?.keyUsage ? { keyUsage: o.keyUsage } : {}),
    ...(o?.policies ? { policies: o.policies } : {}),
    ...(o?.omitExtensions ? { omitExtensions: o.omitExtensions } : {}),
    ...(o?.extraExtensions ? { extraExtensions: o.extraExtensions } : {}),
  });
  const urls = { ...(profile.jpki.crlUrl ? { crlUrl: profile.jpki.crlUrl } : {}), ...(profile.jpki.ocspUrl ? { ocspUrl: profile.jpki.ocspUrl } : {}) };

  const authSerial = await serialFor(profile.seed, 'jpki-auth');
  const auth = await mintJpkiAuthCertificate({
    ...validityFor(options.auth),
    ...extensionOverrides(options.auth),
    ...urls,
    serialHex: authSerial,
    issuer: { key: authRoot.key, certificate: authRoot.certificate },
    subjectKey: options.auth?.certifiedKey ?? keys.authKey,
    municipality,
    commonName: commonNameFor(authSerial, profile.card.municipalityCode, 'A'),
  });
  let sign: Uint8Array | undefined;
  if (profile.jpki.hasSignCertificate) {
    const signSerial = await serialFor(profile.seed, 'jpki-sign');
    const person = profile.person;
    sign = await mintJpkiSignCertificate({
      ...validityFor(options.sign),
      ...extensionOverrides(options.sign),
      ...urls,
      serialHex: signSerial,
      issuer: { key: signRoot.key, certificate: signRoot.certificate },
      subjectKey: options.sign?.certifiedKey ?? keys.signKey,
      municipality,
      commonName: commonNameFor(signSerial, profile.card.municipalityCode, 'S'),
      personal: {
        name: options.sign?.certificateName ?? profile.jpki.certificateName ?? cardName(person),
        ...(profile.jpki.nameSubstitutePositions ? { nameSubstitution: profile.jpki.nameSubstitutePositions } : {}),
        sex: jpkiSexCode(person.sex),
        birthDate: jpkiBirthDate(compactDate(person.birthDate)),
        address: profile.jpki.certificateAddress ?? person.address,
        ...(profile.jpki.addressSubstitutePositions ? { addressSubstitution: profile.jpki.addressSubstitutePositions } : {}),
      },
    });
  }
  return { auth, signRoot, authRoot, ...(sign ? { sign } : {}) };
}

/** EF 0006: a 160-byte PKCS#11 CK_TOKEN_INFO with the physical-card label (spec §2.4). */
export function encodeTokenInfo(serial: string): Uint8Array {
  const out = new Uint8Array(160);
  const put = (text: string, offset: number, length: number) => {
    out.fill(0x20, offset, offset + length);
    out.set(textBytes(text).subarray(0, length), offset);
  };
  put('JPKIAPICCTOKEN2', 0, 32); // label
  put('Kazasu Simulator', 32, 32); // manufacturerID
  put('SIMULATED CARD', 64, 16); // model
  put(serial.slice(-16), 80, 16); // serialNumber
  const view = new DataView(out.buffer);
  view.setUint32(96, 0x0000040d); // flags: RNG | LOGIN_REQUIRED | USER_PIN_INITIALIZED | TOKEN_INITIALIZED
  view.setUint32(112, 16); // ulMaxPinLen
  view.setUint32(116, 4); // ulMinPinLen
  return out;
}

export function buildJpkiAp(profile: CardProfile, keys: JpkiKeys, certs: JpkiCertificates, retries: RetryPlan): DedicatedFile {
  const hasSign = certs.sign !== undefined;
  const files: ElementaryFile[] = [
    { kind: 'transparent', fid: EF.signCa, content: withFiller(certs.signRoot.certificate, CERT_EF_SIZE), read: ALWAYS },
    { kind: 'transparent', fid: EF.token, content: encodeTokenInfo(profile.card.serial), read: ALWAYS },
    // 8F 8F 00 = both certificates; a first byte other than 8F = no 署名用 certificate (spec §2.4).
    { kind: 'transparent', fid: EF.availability, content: Uint8Array.of(hasSign ? 0x8f : 0x00, 0x8f, 0x00), read: ALWAYS },
    { kind: 'transparent', fid: EF.unknown9, content: new Uint8Array(16).fill(0xff), read: anyOf(KEY.signPassword) },
    { kind: 'transparent', fid: EF.authCert, content: withFiller(certs.auth, CERT_EF_SIZE), read: ALWAYS },
    { kind: 'transparent', fid: EF.authCa, content: withFiller(certs.authRoot.certificate, CERT_EF_SIZE), read: ALWAYS },
    { kind: 'private-key', fid: KEY.authKey, keyId: keys.authKey.id, use: anyOf(KEY.authPin) },
    pinEf(KEY.authPin, profile.credentials.authPin, retries.authPin),
  ];
  if (certs.sign) {
    files.push(
      { kind: 'transparent', fid: EF.signCert, content: withFiller(certs.sign, CERT_EF_SIZE), read: anyOf(KEY.signPassword) },
      { kind: 'private-key', fid: KEY.signKey, keyId: keys.signKey.id, use: anyOf(KEY.signPassword) },
      pinEf(KEY.signPassword, profile.credentials.signPassword, retries.signPassword),
    );
  }
  files.sort((a, b) => a.fid - b.fid);
  return { name: 'jpki', aid: AID_BYTES.jpki, files, signatureSchemes: 'jpki' };
}

export function encodeCommonCardInfo(profile: CardProfile): Uint8Array {
  // Record 1 of DF …0100 EF 0001: simple-TLV 01 1C + serial(15) + municipality(5) + expiry(8) (spec §2.7).
  const digits = `${profile.card.serial}${profile.card.municipalityCode}${compactDate(profile.card.expiryDate)}`;
  return concatBytes(Uint8Array.of(0x01, digits.length), textBytes(digits));
}
