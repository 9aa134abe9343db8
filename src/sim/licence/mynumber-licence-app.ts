/**
 * The licence application (免許AP, "マイナ免許証") added to a simulated My Number Card, by adding
 * one DF to the card model the My Number simulator built — src/sim/mynumber is not changed: the
 * generic SimulatedCard engine (sim/card) runs the extra DF like any other (SELECT by AID, READ
 * BINARY by SFI, VERIFY P2 80|SFI with an empty VERIFY answering the counter; security status
 * per DF).
 *
 * Layout as the simulator reads licence-facts §5 [I]/[U]: instance AID A0 00 00 02 31 06 00…,
 * IEF01 = 0006 (10 tries, `****` when not set), WEF01 001A `C1 01 xx`, WEF02 001B the licence
 * information (CIV's tag map; tags above FF written as two bytes 01 xx — [U]), WEF03 001C the
 * signature (tags 0108–010D), signed by a simulator issuer over WEF02 as stored with SHA-256.
 */
import { anyOf, ALWAYS, type CardModel, type DedicatedFile } from '../card/card-model';
import { licenceFaceJ2k } from './assets/licence-faces-data';
import { simLicenceSigner, signAsIssuer, type LicenceSignerId } from './licence-issuer';
import { SIM_CLASS_IDS, type SimClassId } from './licence-profile';
import { concat, encodeAscii, encodeJis, eraDateAscii, SimLicenceError, tlv } from './sim-text';

export const SIM_MNC_INSTANCE_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x31, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

export interface MncLicenceProfile {
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  /** The My Number simulator profile the application is added to. */
  readonly base: string;
  readonly pin: { readonly set: boolean; readonly value?: string };
  readonly triesLeft?: number;
  readonly licence: {
    readonly number: string;
    readonly expiryDate: string;
    readonly colour: '優良' | '新規' | 'その他';
    readonly conditions: readonly string[];
    readonly classes: Readonly<Partial<Record<SimClassId, string>>>;
    /** Face id for the photo (0107), or undefined for none. */
    readonly face?: string;
  };
  readonly issuer?: LicenceSignerId;
}

function earliest(classes: MncLicenceProfile['licence']['classes'], ids: readonly SimClassId[]): string | undefined {
  return ids.map((id) => classes[id]).filter((d): d is string => d !== undefined).sort()[0];
}

/** WEF02 content (no filler: the reader reads to the file's end). */
export function buildMncLicenceInfo(p: MncLicenceProfile): Uint8Array {
  const l = p.licence;
  if (l.conditions.length > 12) throw new SimLicenceError('sim-licence-bad-profile', 'at most 12 conditions');
  const conditionTags = [0xc6, 0xc7, 0xc8, 0xc9, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3];
  const none = encodeAscii('0000000');
  const faceDates = [
    earliest(l.classes, ['large-motorcycle', 'ordinary-motorcycle', 'small-special', 'moped']),
    earliest(l.classes, ['large', 'ordinary', 'large-special', 'towing', 'medium', 'semi-medium']),
    earliest(l.classes, ['large-class2', 'ordinary-class2', 'large-special-class2', 'towing-class2', 'medium-class2']),
  ];
  const photo = l.face ? licenceFaceJ2k(l.face) : undefined;
  if (l.face && !photo) throw new SimLicenceError('sim-licence-bad-profile', `no face ${l.face}`);
  return concat([
    tlv(0xc2, new Uint8Array(0)),
    tlv(0xc3, new Uint8Array(0)),
    tlv(0xc4, encodeJis(l.colour, 'current')),
    tlv(0xc5, eraDateAscii(l.expiryDate)),
    ...conditionTags.slice(0, 4).map((t, i) => tlv(t, l.conditions[i] ? encodeJis(l.conditions[i]!, 'current') : new Uint8Array(0))),
    tlv(0xca, new Uint8Array(0)),
    tlv(0xcb, new Uint8Array(0)),
    ...conditionTags.slice(4).map((t, i) => tlv(t, l.conditions[i + 4] ? encodeJis(l.conditions[i + 4]!, 'current') : new Uint8Array(0))),
    ...[0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde].map((t) => tlv(t, new Uint8Array(0))),
    tlv(0xe7, encodeAscii(l.number)),
    tlv(0xe8, new Uint8Array(0)),
    ...faceDates.map((d, i) => tlv(0xe9 + i, d ? eraDateAscii(d) : none)),
    ...SIM_CLASS_IDS.map((id, i) => tlv(0xec + i, Uint8Array.of(l.classes[id] ? 0x01 : 0x00))),
    ...(photo ? [tlv(0x0107, photo, { longForm: true })] : []),
  ]);
}

function padRight(text: string, width: number): Uint8Array {
  const out = new Uint8Array(width).fill(0x20);
  out.set(encodeAscii(text.slice(0, width)), 0);
  return out;
}

/** WEF03: the issuer's signature over WEF02 as stored (SHA-256) and the certificate's identifiers. */
export async function buildMncSignature(wef02: Uint8Array, signer: LicenceSignerId): Promise<Uint8Array> {
  const s = await simLicenceSigner(signer);
  const signature = await signAsIssuer(signer, 'SHA-256', wef02);
  return concat([
    tlv(0x0108, signature, { longForm: true }),
    tlv(0x0109, padRight(s.serialHex.padStart(16, '0'), 16)),
    tlv(0x010a, new Uint8Array(48)),
    tlv(0x010b, padRight(s.issuerCn, 80)),
    tlv(0x010c, padRight(s.subjectCn, 130)),
    tlv(0x010d, s.subjectKeyId),
  ]);
}

export interface MncBuildOptions {
  /** Replace WEF02 after signing (forgeries). */
  readonly tamperInfo?: (wef02: Uint8Array) => Uint8Array;
}

/** The licence DF for a My Number card model. */
export async function licenceApplicationDf(p: MncLicenceProfile, options: MncBuildOptions = {}): Promise<DedicatedFile> {
  const wef02 = buildMncLicenceInfo(p);
  const wef03 = await buildMncSignature(wef02, p.issuer ?? 'licence-issuer-1');
  const stored = options.tamperInfo ? options.tamperInfo(wef02) : wef02;
  return {
    name: 'licence',
    aid: SIM_MNC_INSTANCE_AID,
    files: [
      { kind: 'pin', fid: 0x06, secret: encodeAscii(p.pin.set ? (p.pin.value ?? '0000') : '****'), maxTries: 10, initialTries: p.triesLeft ?? 10 },
      { kind: 'transparent', fid: 0x1a, content: tlv(0xc1, Uint8Array.of(p.pin.set ? 0x01 : 0x00)), read: ALWAYS },
      { kind: 'transparent', fid: 0x1b, content: stored, read: anyOf(0x06) },
      { kind: 'transparent', fid: 0x1c, content: wef03, read: anyOf(0x06) },
    ],
    signatureSchemes: 'digest-info-only',
  };
}

/** A My Number card model with the licence application added (the model itself is not changed). */
export async function withLicenceApplication(model: CardModel, p: MncLicenceProfile, options: MncBuildOptions = {}): Promise<CardModel> {
  return { ...model, dfs: [...model.dfs, await licenceApplicationDf(p, options)] };
}
