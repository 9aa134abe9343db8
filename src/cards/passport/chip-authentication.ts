/**
 * Chip Authentication, protocol side (9303-11 §6.2): an ephemeral key in the domain of the
 * chip's static key from DG14 (or EF.CardSecurity), sent with MSE:Set KAT (`00 22 41 A6`, 3DES
 * only, §6.2.4.1) or MSE:Set AT (`00 22 41 A4`) + GENERAL AUTHENTICATE (§6.2.4.2), both under
 * the current secure messaging; then SM restarts with keys from KA(SK_IFD, PK_IC) and SSC 0
 * (§9.8.2). A chip without the private key of PK_IC cannot compute those keys, so its next SM
 * answer fails the MAC: `confirm` sends one command and turns that failure into `ca-failed`
 * (a clone, or data that does not belong to this chip).
 */
import { concatBytes } from '../../bytes/byte-ops';
import { cipherBlockSize, icaoKdf, KDF_ENC, KDF_MAC } from '../secure-messaging/icao-kdf';
import { IcaoSecureMessaging } from '../secure-messaging/icao-secure-messaging';
import { IcaoSmError } from '../secure-messaging/icao-sm-error';
import { tlv } from '../secure-messaging/icao-sm-objects';
import { bigintToMinimalBytes } from './domain-parameters';
import { buildGaData } from './ga-data';
import { agree, baseGenerator, publicKeyOf, randomPrivateKey } from './key-agreement';
import { encodeOidValue, type CaAlgorithm } from './oids';
import type { PassportChannel } from './passport-channel';
import { PassportError } from './passport-error';
import type { RandomSource } from './random-source';
import type { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, SecurityInfo } from './security-infos';

export interface ChipAuthenticationChoice {
  readonly info: ChipAuthenticationInfo & { readonly algorithm: CaAlgorithm };
  readonly key: ChipAuthenticationPublicKeyInfo;
}

/** Picks the ChipAuthenticationInfo Kazasu supports and its public key (matched by keyId). */
export function chooseChipAuthentication(infos: readonly SecurityInfo[]): ChipAuthenticationChoice {
  const keys = infos.filter((i): i is ChipAuthenticationPublicKeyInfo => i.kind === 'ca-public-key');
  const cas = infos.filter((i): i is ChipAuthenticationInfo => i.kind === 'ca');
  for (const info of cas) {
    if (!info.algorithm || info.version !== 1) continue;
    const key = keys.find((k) => k.agreement === info.algorithm!.agreement && k.group !== undefined && (info.keyId === undefined || k.keyId === info.keyId));
    if (key) return { info: info as ChipAuthenticationChoice['info'], key };
  }
  // §9.2: a ChipAuthenticationInfo is required; some older chips list only the public key (3DES implied).
  if (cas.length === 0 && keys.length === 1 && keys[0]!.group) {
    const key = keys[0]!;
    const oid = key.agreement === 'ecdh' ? '0.4.0.127.0.7.2.2.3.2.1' : '0.4.0.127.0.7.2.2.3.1.1';
    return { info: { kind: 'ca', protocol: oid, version: 1, algorithm: { oid, agreement: key.agreement, cipher: '3des' } }, key };
  }
  throw new PassportError('ca-unsupported', 'DG14 offers no Chip Authentication Kazasu supports');
}

export interface ChipAuthenticationResult {
  readonly protocol: string;
  readonly keyId?: number;
  readonly via: 'mse-set-kat' | 'mse-set-at';
}

export async function chipAuthenticate(
  channel: PassportChannel,
  choice: ChipAuthenticationChoice,
  options: { readonly random: RandomSource; readonly useSetAt?: boolean },
): Promise<ChipAuthenticationResult> {
  if (!channel.secureMessaging) throw new PassportError('not-authenticated', 'Chip Authentication runs after BAC or PACE');
  const { info, key } = choice;
  const group = key.group!;
  const { cipher } = info.algorithm;
  const sk = randomPrivateKey(group, options.random);
  const pk = publicKeyOf(group, baseGenerator(group), sk);
  const keyRef = key.keyId !== undefined ? tlv(0x84, bigintToMinimalBytes(BigInt(key.keyId))) : new Uint8Array(0);
  const via = cipher === '3des' && !options.useSetAt ? 'mse-set-kat' : 'mse-set-at';
  if (via === 'mse-set-kat') {
    const res = await channel.send({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa6, data: concatBytes(tlv(0x91, pk), keyRef) });
    if (res.sw !== 0x9000) throw new PassportError('ca-refused', `MSE:Set KAT answered ${hex(res.sw)}`, { sw: res.sw });
  } else {
    const set = await channel.send({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: concatBytes(tlv(0x80, encodeOidValue(info.protocol)), keyRef) });
    if (set.sw !== 0x9000) throw new PassportError('ca-refused', `MSE:Set AT answered ${hex(set.sw)}`, { sw: set.sw });
    const res = await channel.send({ cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: buildGaData([[0x80, pk]]), le: 256 });
    if (res.sw !== 0x9000) throw new PassportError('ca-refused', `GENERAL AUTHENTICATE answered ${hex(res.sw)}`, { sw: res.sw });
  }
  const shared = agree(group, sk, key.publicKey, 'ca-failed');
  const ksEnc = icaoKdf(shared, KDF_ENC, cipher);
  const ksMac = icaoKdf(shared, KDF_MAC, cipher);
  channel.startSecureMessaging(new IcaoSecureMessaging({ cipher, ksEnc, ksMac, ssc: new Uint8Array(cipherBlockSize(cipher)) }));
  shared.fill(0);
  ksEnc.fill(0);
  ksMac.fill(0);
  return { protocol: info.protocol, via, ...(key.keyId !== undefined ? { keyId: key.keyId } : {}) };
}

/**
 * One command under the new keys (SELECT of the eMRTD application, which the chip has already
 * selected, so nothing changes): a chip that could not derive the keys answers with a wrong MAC
 * or without SM, which is how a cloned chip shows.
 */
export async function confirmChipAuthentication(channel: PassportChannel, aid: Uint8Array): Promise<void> {
  try {
    const res = await channel.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });
    if (res.sw !== 0x9000) throw new PassportError('ca-failed', `the chip answered ${hex(res.sw)} under the new keys`, { sw: res.sw });
  } catch (e) {
    if (e instanceof IcaoSmError) {
      throw new PassportError('ca-failed', `Chip Authentication failed: the chip's answer under the new keys did not verify (${e.code})`, { cause: e });
    }
    throw e;
  }
}

function hex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
