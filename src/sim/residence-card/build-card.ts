/**
 * Profile → a complete simulated residence card of either generation and kind (file contents,
 * images, certificate, signature), deterministic for a profile: the same profile always gives
 * the same bytes. The images are drawn with the glyph source the caller gives (Node:
 * src/node/sim-font.ts), the signature made with the simulator's keys (pki/).
 */
import { p384 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { GlyphSource } from '../images/glyph-source';
import { rsaPkcs1v15SignRaw } from '../pki/rsa-raw';
import { digestInfoSha256 } from '../pki/digest-info';
import type { SimKeyPair } from '../pki/sim-keys';
import type { SimKeyId } from '../pki/sim-key-ids';
import { rcFaceJp2 } from './assets/rc-faces-data';
import { ascii, concat, dataObject, fileCapacity, padTo, type RcDf, type RcSimFile, type RcSimModel } from './card-files';
import { addressImageTiff, frontImageTiff, nameImageTiff } from './images/card-images';
import { keyIdOfSpki, mintRcCertificate, rcSimSignerDn, type RcGeneration } from './pki/rc-certificates';
import { rcSimCa, type RcCaRole } from './pki/rc-sim-hierarchy';
import { rcKey, spkiOf, type RcKey, type RcRsaKey, type RcSimKeyId } from './pki/rc-sim-keys';
import type { RcProfile } from './rc-profile';
import { RcSimError } from './rc-sim-error';

export interface RcSimAssets {
  readonly glyphs: GlyphSource;
}

/** Build-time knobs for forgeries. */
export interface RcBuildOptions {
  /** Which CA issues the card certificate (default the simulator CA of the generation). */
  readonly issuer?: RcCaRole;
  /** Sign the card data with this key instead of the certificate's (a key/certificate mismatch). */
  readonly dataSigningKey?: RcSimKeyId;
  /** Override the certificate validity (not yet valid, expired). */
  readonly certificateValidity?: { readonly notBefore: string; readonly notAfter: string };
}

export interface BuiltRcCard {
  readonly profile: RcProfile;
  readonly model: RcSimModel;
  /** The card certificate (DER) and its issuer's certificate. */
  readonly certificate: Uint8Array;
  readonly issuerCertificate: Uint8Array;
  readonly images: { readonly front?: Uint8Array; readonly name?: Uint8Array; readonly address?: Uint8Array; readonly face?: Uint8Array };
}

function iso(d: string): string {
  return d.replaceAll('-', '');
}

function file(p: RcProfile, df: RcDf, sfi: number, objects: Uint8Array[], auth: boolean, sm: boolean): RcSimFile {
  const content = padTo(concat(...objects), fileCapacity(p.generation, p.kind, df, sfi));
  return { df, sfi, content, auth, sm };
}

/** A fixed-length ASCII field, 00-padded (codes shorter than their field). */
function field(s: string, length: number): Uint8Array {
  return padTo(ascii(s), length);
}

function serialFor(p: RcProfile): string {
  let h = 0x811c9dc5;
  for (const ch of `${p.seed}/certificate`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `5C${h.toString(16).toUpperCase().padStart(8, '0')}`;
}

async function certificateFor(p: RcProfile, options: RcBuildOptions): Promise<{ certificate: Uint8Array; issuerCertificate: Uint8Array; signerKey: RcKey }> {
  const g: RcGeneration = p.generation;
  const ca = await rcSimCa(g, options.issuer ?? 'sim');
  const signerKey = rcKey(g === 1 ? 'rc1-signer' : 'rc2-signer');
  const validity = options.certificateValidity ?? { notBefore: p.signature.certificateNotBefore, notAfter: p.signature.certificateNotAfter };
  const serialHex = serialFor(p);
  const certificate = await mintRcCertificate({
    subject: rcSimSignerDn(g, serialHex),
    issuer: ca.dn,
    subjectKey: signerKey,
    issuerKey: ca.key,
    serialHex,
    notBefore: new Date(`${validity.notBefore}T00:00:00Z`),
    notAfter: new Date(`${validity.notAfter}T14:59:59Z`),
    ca: false,
    authorityKeyId: keyIdOfSpki(await spkiOf(ca.key)),
  });
  return { certificate, issuerCertificate: ca.certificate, signerKey };
}

function asSimKeyPair(k: RcRsaKey): SimKeyPair {
  return { id: k.id as unknown as SimKeyId, privateJwk: k.privateJwk, publicJwk: k.publicJwk, modulus: k.modulus, exponent: k.exponent };
}

/** Generation 1 check code: RSA-2048 over SHA-256(D0 value ‖ D1 value) (§3.4.3.1). */
function gen1CheckCode(key: RcKey, signed: Uint8Array, padding: RcProfile['signature']['padding']): Uint8Array {
  if (key.kind !== 'rsa') throw new RcSimError('sim-build-failed', 'generation 1 signs with RSA');
  const hash = sha256(signed);
  // 'bare-sha256': the figure of §3.4.3.1 — 1792 bits of PKCS#1 v1.5 padding + the 256-bit hash.
  return rsaPkcs1v15SignRaw(asSimKeyPair(key), padding === 'digest-info-sha256' ? digestInfoSha256(hash) : hash);
}

/** Generation 2 check code: ECDSA P-384 with SHA-256 over entries ‖ face ‖ name image. */
function gen2CheckCode(key: RcKey, signed: Uint8Array, encoding: RcProfile['signature']['encoding']): Uint8Array {
  if (key.kind !== 'ec') throw new RcSimError('sim-build-failed', 'generation 2 signs with ECDSA P-384');
  const compact = p384.sign(sha256(signed), key.d, { prehash: false, lowS: false });
  return encoding === 'der' ? p384.Signature.fromBytes(compact, 'compact').toBytes('der') : compact;
}

export async function buildResidenceCard(p: RcProfile, assets: RcSimAssets, options: RcBuildOptions = {}): Promise<BuiltRcCard> {
  const { certificate, issuerCertificate, signerKey } = await certificateFor(p, options);
  const dataKey = options.dataSigningKey ? rcKey(options.dataSigningKey) : signerKey;
  const face = p.under16 ? undefined : rcFaceJp2(p.card.face);
  const files: RcSimFile[] = [];
  const images: { front?: Uint8Array; name?: Uint8Array; address?: Uint8Array; face?: Uint8Array } = face ? { face } : {};
  const residence = p.kind === 'residence-card';

  if (p.generation === 1) {
    const front = frontImageTiff(p, assets.glyphs).tiff;
    images.front = front;
    const d0 = padTo(front, 7000);
    const d1 = face ? padTo(face, 3000) : undefined;
    files.push(
      file(p, 'mf', 0x0b, [dataObject(0xc0, ascii(p.specVersion))], false, false),
      file(p, 'mf', 0x0a, [dataObject(0xc1, ascii(residence ? '1' : '2'))], false, false),
      file(p, 'df1', 0x05, [dataObject(0xd0, d0)], true, true),
      file(p, 'df1', 0x06, [dataObject(0xd1, d1 ?? new Uint8Array(0))], true, true),
      file(p, 'df2', 0x01, [dataObject(0xd2, ascii(iso(p.address.writtenOn))), dataObject(0xd3, ascii(p.address.municipalityCode)), dataObject(0xd4, padTo(ascii(p.address.text), 320))], true, false),
    );
    if (residence) {
      const perm = p.permissions ?? {};
      // A permission field without content is all 00, tag and length included (§3.3.4.6–7).
      files.push(
        file(p, 'df2', 0x02, perm.comprehensive ? [dataObject(0xd5, padTo(ascii(perm.comprehensive.label), 120))] : [], true, false),
        file(p, 'df2', 0x03, perm.individual ? [dataObject(0xd6, padTo(ascii(perm.individual), 120))] : [], true, false),
        file(p, 'df2', 0x04, [dataObject(0xd7, ascii(perm.renewalApplication ? '1' : '0'))], true, false),
      );
    }
    if (d1) {
      const checkCode = gen1CheckCode(dataKey, concat(d0, d1), p.signature.padding);
      files.push(file(p, 'df3', 0x02, [dataObject(0xda, checkCode), dataObject(0xdb, padTo(certificate, 1200))], true, false));
    } else {
      files.push(file(p, 'df3', 0x02, [dataObject(0xda, new Uint8Array(0)), dataObject(0xdb, new Uint8Array(0))], true, false));
    }
  } else {
    const c = p.card;
    const name = nameImageTiff(p, assets.glyphs).tiff;
    const address = addressImageTiff(p, assets.glyphs).tiff;
    images.name = name;
    images.address = address;
    const entries: [number, Uint8Array][] = [
      [0xc5, ascii(iso(c.expiryDate))],
      [0xc6, ascii(iso(p.person.birthDate))],
      [0xc7, ascii(p.person.sex === 'male' ? '1' : '2')],
      [0xc8, ascii(p.person.nationality.code)],
      [0xc9, field(c.statusOfResidence?.code ?? '', 10)],
      [0xce, field(c.periodOfStay?.code ?? '', 4)],
    ];
    if (residence) {
      entries.push(
        [0xca, field(c.permissionType?.code ?? '', 2)],
        [0xcb, c.permissionDate ? ascii(iso(c.permissionDate)) : new Uint8Array(8)],
        [0xcc, ascii(c.workRestriction ?? '1')],
        [0xcd, c.stayExpiry ? ascii(iso(c.stayExpiry)) : new Uint8Array(8)],
      );
    }
    const d0 = padTo(name, 2500);
    const d1 = face ? padTo(face, 3000) : undefined;
    const values = padTo(concat(...entries.map(([, v]) => v)), 53);
    files.push(
      file(p, 'mf', 0x0b, [dataObject(0xc0, ascii(p.specVersion))], false, false),
      file(p, 'mf', 0x0a, [dataObject(0xc1, ascii(residence ? '05' : '06'))], false, false),
      file(p, 'df1', 0x01, [dataObject(0xc2, ascii(p.cardNumber))], true, true),
      file(p, 'df1', 0x03, entries.map(([t, v]) => dataObject(t, v)), true, true),
      file(p, 'df1', 0x04, [dataObject(0xd0, d0), dataObject(0xd1, d1 ?? new Uint8Array(0))], true, true),
      file(p, 'df1', 0x06, [dataObject(0xdfd1, padTo(address, 2500))], true, true),
    );
    if (residence) {
      const perm = p.permissions ?? {};
      files.push(
        file(p, 'df2', 0x01, [dataObject(0xd5, field(perm.comprehensive?.code ?? '0', 7)), dataObject(0xd6, perm.comprehensiveExpiry ? ascii(iso(perm.comprehensiveExpiry)) : new Uint8Array(8)), dataObject(0xd7, ascii(perm.individual ? '1' : '0'))], true, false),
        file(p, 'df2', 0x02, [dataObject(0xd8, ascii(perm.renewalApplication ? '1' : '0'))], true, false),
      );
    }
    files.push(file(p, 'df2', 0x03, [dataObject(0xd9, ascii(p.note ? '1' : '0')), dataObject(0xde, padTo(ascii(p.note ?? ''), 200))], true, false));
    if (d1) {
      const checkCode = gen2CheckCode(dataKey, concat(values, d1, d0), p.signature.encoding);
      files.push(file(p, 'df3', 0x02, [dataObject(0xdc, checkCode), dataObject(0xdd, certificate)], true, false));
    } else {
      files.push(file(p, 'df3', 0x02, [dataObject(0xdc, new Uint8Array(0)), dataObject(0xdd, new Uint8Array(0))], true, false));
    }
  }
  return { profile: p, model: { generation: p.generation, kind: p.kind, seed: p.seed, cardNumber: p.cardNumber, files }, certificate, issuerCertificate, images };
}
