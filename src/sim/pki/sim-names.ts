/**
 * Distinguished names of the simulator's JPKI hierarchy. They copy the SHAPE of J-LIS names
 * (spec §4.4, §6.2) but can never be mistaken for them: no O=JPKI, no O=JPKI-TEST, and every
 * CA name says "Kazasu Simulator" and "not J-LIS". Encoding per spec §6.3: countryName as
 * PrintableString, every other attribute as UTF8String.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  Name,
  RelativeDistinguishedName,
} from '@peculiar/asn1-x509';

export type JpkiPurpose = 'sign' | 'auth';

const ATTRIBUTE_OIDS = {
  C: '2.5.4.6',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
} as const;

export type DnAttribute = keyof typeof ATTRIBUTE_OIDS;

/** An ordered DN, one attribute per RDN (as in every JPKI name seen). */
export type DnSpec = ReadonlyArray<readonly [DnAttribute, string]>;

export const SIM_ORGANIZATION = 'Kazasu Simulator';
export const SIM_CA_MARKER_OU = 'Kazasu Simulator CA — not J-LIS';

/** OU naming the certificate purpose, as in J-LIS names plus a "(SIMULATED)" tag. */
export const SIM_PURPOSE_OU: Readonly<Record<JpkiPurpose, string>> = {
  sign: 'JPKI for digital signature (SIMULATED)',
  auth: 'JPKI for user authentication (SIMULATED)',
};

/** Root (and ARL issuer) DN: C, O, OU purpose, OU marker (spec §6.2 shape). */
export function simRootDn(purpose: JpkiPurpose): DnSpec {
  return [
    ['C', 'JP'],
    ['O', SIM_ORGANIZATION],
    ['OU', SIM_PURPOSE_OU[purpose]],
    ['OU', SIM_CA_MARKER_OU],
  ];
}

/** Root subjectAltName / leaf issuerAltName directoryName (spec §6.3, §4.4). */
export function simServiceNameDn(): DnSpec {
  return [
    ['C', 'JP'],
    ['O', '公的個人認証サービス（シミュレータ）'],
  ];
}

export interface Municipality {
  /** Romanised prefecture, e.g. "Tokyo-to". */
  prefecture: string;
  /** Romanised city, e.g. "Kiyose-shi". */
  city: string;
}

/**
 * Per-municipality CRL distribution point name, shaped like the (UNCONFIRMED) J-LIS form
 * `C=JP, O=JPKI, OU=JPKI for …, OU=CRL Distribution Points, OU=<pref>, CN=<city> CRLDP` (§4.4).
 */
export function simCrlDpDn(purpose: JpkiPurpose, m: Municipality): DnSpec {
  return [
    ['C', 'JP'],
    ['O', SIM_ORGANIZATION],
    ['OU', SIM_PURPOSE_OU[purpose]],
    ['OU', 'CRL Distribution Points'],
    ['OU', m.prefecture],
    ['CN', `${m.city} CRLDP`],
  ];
}

/** 署名用 subject: C=JP, L=<prefecture>, L=<city>, CN=<opaque id> (spec §4.4). */
export function simSignSubjectDn(m: Municipality, commonName: string): DnSpec {
  return [
    ['C', 'JP'],
    ['L', m.prefecture],
    ['L', m.city],
    ['CN', commonName],
  ];
}

/** 利用者証明用 subject: C=JP, CN=<opaque id> (spec §4.4). */
export function simAuthSubjectDn(commonName: string): DnSpec {
  return [
    ['C', 'JP'],
    ['CN', commonName],
  ];
}

/** Delegated OCSP responder subject. */
export function simOcspResponderDn(purpose: JpkiPurpose, commonName: string): DnSpec {
  return [
    ['C', 'JP'],
    ['O', SIM_ORGANIZATION],
    ['OU', SIM_PURPOSE_OU[purpose]],
    ['CN', commonName],
  ];
}

/** Build the ASN.1 Name: C as PrintableString, the rest UTF8String (spec §6.3). */
export function buildName(spec: DnSpec): Name {
  return new Name(
    spec.map(
      ([attr, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({
            type: ATTRIBUTE_OIDS[attr],
            value: new AttributeValue(attr === 'C' ? { printableString: value } : { utf8String: value }),
          }),
        ]),
    ),
  );
}

/** DER of the Name. */
export function encodeName(spec: DnSpec): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(buildName(spec)));
}
