/**
 * A test stand-in for the card layer's part of Active and Chip Authentication (the real one runs
 * the APDUs over secure messaging in cards/passport): it plays both the terminal and the
 * simulated chip with the chip's private keys from buildSimPassport, and reports what the card
 * layer would report. The chip side uses only sim/ code; the terminal side only @noble/curves.
 */
import { SIM_CURVES } from '../../src/sim/passport/pki/sim-passport-keys';
import { aaSignEcdsa, aaSignRsa } from '../../src/sim/passport/pki/active-auth-signer';
import { SeededRandom } from '../../src/sim/card/seeded-random';
import type { SimPassport } from '../../src/sim/passport/lds/build-passport';
import { parseDg14, parseCardSecurity } from '../../src/cards/passport/lds';
import type { ChipAuthenticationReport, PaceCamReport } from '../../src/verify/passport/chip-auth';

export function randomBytes(seed: string): (n: number) => Uint8Array {
  const r = new SeededRandom(seed);
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = r.nextU32() & 0xff;
    return out;
  };
}

/** INTERNAL AUTHENTICATE with an 8-byte challenge, answered by the chip's AA key. */
export function activeAuthentication(pp: SimPassport, seed = 'aa', opts: { alternative?: boolean } = {}): { challenge: Uint8Array; response: Uint8Array } {
  const aa = pp.chipKeys.aa;
  if (!aa) throw new Error('no AA key');
  const challenge = randomBytes(`${seed}/challenge`)(8);
  const response = aa.kind === 'rsa' ? aaSignRsa(aa.key, challenge, randomBytes(`${seed}/m1`), aa.hash, opts) : aaSignEcdsa(aa.key, challenge, aa.hash);
  return { challenge, response };
}

function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/**
 * Chip Authentication v1 (9303-11 §6.2): the terminal takes DG14's key, sends an ephemeral key;
 * both derive the shared secret; the chip's later answers verify under the new keys exactly when
 * both secrets agree — which the stand-in reports as `secureMessagingVerified`.
 */
export function chipAuthentication(pp: SimPassport, seed = 'ca'): ChipAuthenticationReport {
  const ca = pp.chipKeys.ca!;
  const dg14 = parseDg14(pp.dataGroups.get(14)!);
  const info = dg14.chipAuthenticationPublicKeys[0]!;
  const pk = info.publicKey;
  if (pk.kind !== 'ec' || !pk.curve) throw new Error('EC chip key expected');
  const curve = SIM_CURVES[pk.curve as keyof typeof SIM_CURVES].curve;
  const eph = curve.utils.randomSecretKey(randomBytes(`${seed}/eph`)(48));
  const terminalSecret = curve.getSharedSecret(eph, pk.point);
  const chipSecret = curve.getSharedSecret(ca.key.privateKey, curve.getPublicKey(eph, false));
  const agree = terminalSecret.length === chipSecret.length && terminalSecret.every((b, i) => b === chipSecret[i]);
  return {
    protocol: 'CA',
    protocolOid: ca.protocolOid,
    ...(info.keyId !== undefined ? { keyId: info.keyId } : {}),
    chipPublicKey: pk.point,
    secureMessagingVerified: agree,
    ...(agree ? {} : { failure: 'the MAC of the first answer under the new session keys did not verify' }),
  };
}

/** PACE-CAM (9303-11 §4.4.3.5): the chip returns CA_IC = SK_Map,IC · SK_IC⁻¹ mod n. */
export function paceCam(pp: SimPassport, seed = 'cam'): PaceCamReport {
  const ca = pp.chipKeys.ca!;
  const cs = parseCardSecurity(pp.mfFiles.get(0x011d)!);
  const pk = cs.securityInfos.chipAuthenticationPublicKeys[0]!.publicKey;
  if (pk.kind !== 'ec' || !pk.curve) throw new Error('EC chip key expected');
  const curve = SIM_CURVES[pk.curve as keyof typeof SIM_CURVES].curve;
  const n = curve.Point.CURVE().n;
  const skMap = curve.utils.randomSecretKey(randomBytes(`${seed}/map`)(48));
  const pkMap = curve.getPublicKey(skMap, false);
  const skIc = toBig(ca.key.privateKey);
  // Modular inverse by Fermat (n is prime).
  let inv = 1n;
  let b = skIc % n;
  for (let e = n - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) inv = (inv * b) % n;
    b = (b * b) % n;
  }
  const caIcValue = (toBig(skMap) * inv) % n;
  const len = curve.Point.Fn.BYTES;
  const caIc = new Uint8Array(len);
  for (let i = len - 1, v = caIcValue; i >= 0; i--, v >>= 8n) caIc[i] = Number(v & 0xffn);
  return { protocol: 'PACE-CAM', chipStaticPublicKey: pk.point, caIc, mappingPublicKey: pkMap };
}
